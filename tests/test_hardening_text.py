"""Pasted control characters and bidi overrides never reach the archive or an export, and a
database error never carries a child's details into a log (issue 19, first steps)."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from liushou_desk.db.engine import make_engine
from liushou_desk.db.models import Pupil
from liushou_desk.db.schema import open_archive
from liushou_desk.domain.text import clean_name, clean_text
from liushou_desk.io.xlsx_export import export_workbook

from .conftest import TODAY


def test_control_characters_and_bidi_overrides_are_not_kept() -> None:
    assert clean_name("张\x07三\u202e") == "张三"
    assert clean_name("\x00王\x1b芳") == "王芳"
    assert clean_text("想念\t妈妈\x1b\n晚上哭") == "想念 妈妈\n晚上哭"


def test_an_old_name_with_a_bell_does_not_fail_the_class_export(tmp_path: Path) -> None:
    archive = open_archive(tmp_path / "class.sqlite")
    try:
        from liushou_desk.domain.profile import ProfileDraft
        from liushou_desk.services import roster

        pid, _ = roster.add_pupil(archive, ProfileDraft(name="张三"), TODAY)
        with archive.transaction() as s:  # stored by an earlier version, before the cleaning
            pupil = s.get(Pupil, pid)
            assert pupil is not None
            pupil.address = "石桥村\x07\u202e3组"
        out = export_workbook(archive, tmp_path / "x.xlsx", TODAY).path
    finally:
        archive.close()
    cells = [c for row in load_workbook(out)["学生名册"].iter_rows(values_only=True) for c in row]
    assert "石桥村3组" in cells


def test_sql_errors_carry_no_parameters(tmp_path: Path) -> None:
    engine = make_engine(tmp_path / "x.sqlite")
    try:
        assert engine.hide_parameters
    finally:
        engine.dispose()
