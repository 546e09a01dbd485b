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


def test_a_database_error_on_an_encrypted_archive_leaves_no_child_data_in_the_log(
    qtbot,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    """A write that SQLite refuses, run by the window's background runner, is logged with its
    type and SQL only: the child's name, address and notes it carried never reach the file."""
    import logging

    from PySide6.QtWidgets import QWidget
    from sqlalchemy import insert

    from liushou_desk.db.keyfile import KdfParams
    from liushou_desk.db.models import Pupil
    from liushou_desk.db.schema import open_archive
    from liushou_desk.ops.undo import UndoHistory
    from liushou_desk.services import protection
    from liushou_desk.ui.runner import Runner

    from .ui_helpers import add_known_pupil

    canary_name, canary_note = "金丝雀杳杳", "住在金丝雀村七组，父亲酗酒"
    db = tmp_path / "加密.sqlite"
    protection.new_protected(db, "班主任的密码2026", params=KdfParams(1, 1024))
    archive = open_archive(db)
    log_file = tmp_path / "liushou-desk.log"
    handler = logging.FileHandler(log_file, encoding="utf-8")
    logging.getLogger().addHandler(handler)
    failed: list[Exception] = []
    try:
        pid = add_known_pupil(archive, "甲")

        def clash(_progress):  # type: ignore[no-untyped-def]
            with archive.transaction() as s:  # the same id again: IntegrityError
                s.execute(
                    insert(Pupil).values(
                        id=pid, name=canary_name, address=canary_note, health_mental=canary_note
                    )
                )

        parent = QWidget()
        qtbot.addWidget(parent)
        runner = Runner(parent, lambda _c: None, UndoHistory(), lambda _t, _d: None)
        runner.run("保存", clash, lambda _v: None, failed.append, writes=True, quiet=True)
        qtbot.waitUntil(lambda: bool(failed), timeout=10000)
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()
        archive.close()
    text = log_file.read_text(encoding="utf-8")
    assert "IntegrityError" in text  # the error is logged …
    assert canary_name not in text and canary_note not in text  # … without the child's data
    assert canary_name not in str(failed[0])
