"""导出档案 and the 成长记录袋 (issue 17): the bag goes to the principal only when the teacher
ticks it — in the snapshot and after each card — never what is in its recycle bin; the least-data
copy also masks the teachers' phones and drops the letters as she edited them."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from liushou_desk.db.schema import open_archive
from liushou_desk.io.usb_archive import export_archive, read_archive
from liushou_desk.io.usb_archive_read import OpenedArchive
from liushou_desk.services import family_print, growth_bag, teachers
from liushou_desk.services.roster import list_roster
from liushou_desk.services.terms import current_term

from .conftest import EXPORT_PASSWORD, TODAY

LETTER_WORDS = "奶奶说孩子夜里常咳嗽"  # the teacher's own words in a letter: health


def _snapshot_rows(opened: OpenedArchive, sql: str) -> list[tuple]:  # type: ignore[type-arg]
    from liushou_desk.io.snapshot_check import open_checked

    snap = open_checked(opened.snapshot)
    try:
        with snap.engine.connect() as con:
            from sqlalchemy import text

            return [tuple(r) for r in con.execute(text(sql))]
    finally:
        snap.close()


@pytest.fixture
def class_with_bag(demo_db: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    archive = open_archive(demo_db)
    pupil = next(r for r in list_roster(archive, TODAY) if r.is_left_behind)
    photo = tmp_path / "妈妈的来信.png"
    Image.new("RGB", (1200, 900), (200, 120, 90)).save(photo, "PNG")
    growth_bag.add_item(archive, pupil.id, photo, "letter", "", TODAY)
    removed, _ = growth_bag.add_item(archive, pupil.id, photo, "work", "撕掉的画", TODAY)
    growth_bag.set_removed(archive, removed, True)
    term = current_term(archive, TODAY)
    family_print.save_letter(archive, term, pupil.id, {"health": LETTER_WORDS})
    yield archive, pupil
    archive.close()


def test_least_data_carries_no_bag_no_teacher_phone_no_letter(class_with_bag, tmp_path):  # type: ignore[no-untyped-def]
    archive, _pupil = class_with_bag
    phones = [t.phone for t in teachers.list_teachers(archive) if len(t.phone) == 11]
    assert phones  # the demo's teachers have phones
    result = export_archive(archive, tmp_path, EXPORT_PASSWORD, TODAY)
    opened = read_archive(result.path, EXPORT_PASSWORD, tmp_path / "open")
    assert opened.manifest["growth_bag"] == 0
    assert _snapshot_rows(opened, "SELECT count(*) FROM attachments") == [(0,)]
    kept = {p for (p,) in _snapshot_rows(opened, "SELECT phone FROM teachers")}
    assert kept and not kept & set(phones) and all("****" in p for p in kept if p)
    assert _snapshot_rows(opened, "SELECT key FROM settings WHERE key LIKE 'letter:%'") == []
    assert LETTER_WORDS.encode() not in opened.snapshot.read_bytes()
    cards = "".join(p.extract_text() for p in PdfReader(opened.cards).pages)
    assert "成长记录袋" not in cards


def test_the_bag_goes_when_she_ticks_it(qtbot, class_with_bag, tmp_path):  # type: ignore[no-untyped-def]
    from liushou_desk.ops import principal
    from liushou_desk.ui.principal_window import PrincipalWindow

    archive, pupil = class_with_bag
    result = export_archive(archive, tmp_path, EXPORT_PASSWORD, TODAY, growth_bag=True)
    opened = read_archive(result.path, EXPORT_PASSWORD, tmp_path / "open")
    assert opened.manifest["growth_bag"] == 1 and opened.manifest["details"] == "least"
    assert _snapshot_rows(opened, "SELECT title, deleted_at FROM attachments") == [
        ("妈妈的来信", None)  # the one in the recycle bin stays home
    ]
    cards = PdfReader(opened.cards)
    text = "".join(p.extract_text() for p in cards.pages)
    assert f"附：{pupil.name}的成长记录袋（1 份）" in text and "撕掉的画" not in text
    images = sum(len(p.images) for p in cards.pages)
    assert images >= 1
    from .ui_helpers import ScriptedPrompts

    window = PrincipalWindow(tmp_path / "principal", ScriptedPrompts())
    qtbot.addWidget(window)
    window.prompts.archive_password = lambda parent, name: EXPORT_PASSWORD  # type: ignore[method-assign]
    assert window.open_file(result.path)
    panel = window.tabs.widget(1)
    assert "（最少数据，附成长记录袋 1 份）" in panel.facts.text()  # what she chose, said
    # the roster's 上次谈心 / 通话 / 家访, from the snapshot, as the teacher's roster shows them
    assert any(days[0] is not None for days in panel.roster.model.contacts.values())
    card = principal.class_card(opened, pupil.id, TODAY)  # the principal's own card shows it
    shown = "".join(p.extract_text() for p in PdfReader(BytesIO(card.data)).pages)
    assert "妈妈的来信" in shown
    assert any("附成长记录袋 1 份" in line for line in archive_log(archive))


def test_full_details_without_the_bag_leave_it_home(class_with_bag, tmp_path):  # type: ignore[no-untyped-def]
    archive, _pupil = class_with_bag
    result = export_archive(archive, tmp_path, EXPORT_PASSWORD, TODAY, full_details=True)
    opened = read_archive(result.path, EXPORT_PASSWORD, tmp_path / "open")
    assert opened.manifest["growth_bag"] == 0 and opened.manifest["details"] == "full"
    assert _snapshot_rows(opened, "SELECT count(*) FROM attachments") == [(0,)]


def test_the_command_carries_the_bag_when_asked(class_with_bag, tmp_path, capsys):  # type: ignore[no-untyped-def]
    from liushou_desk.cli import main
    from liushou_desk.io.usb_archive import read_manifest

    archive, _pupil = class_with_bag
    db = archive.path
    archive.close()
    secret = tmp_path / "密码.txt"
    secret.write_text(EXPORT_PASSWORD + "\n", encoding="utf-8")
    for flags, carried in (([], 0), (["--growth-bag"], 1)):
        out = tmp_path / f"out{carried}"
        out.mkdir()
        command = ["export-archive", "--db", str(db), "--out", str(out), "--password-file"]
        assert main([*command, str(secret), *flags]) == 0
        said = capsys.readouterr().out
        assert ("附成长记录袋 1 份" in said) is bool(carried)
        manifest = read_manifest(next(out.glob("*.zip")), EXPORT_PASSWORD)
        assert manifest["growth_bag"] == carried


def archive_log(archive) -> list[str]:  # type: ignore[no-untyped-def]
    from liushou_desk.services import audit

    return [f"{e.target} {e.detail}" for e in audit.entries(archive)]


def test_the_export_dialog_asks_both_least_by_default(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QDialogButtonBox

    from liushou_desk.ui.archive_details_dialog import ArchiveDetailsDialog

    dialog = ArchiveDetailsDialog()
    qtbot.addWidget(dialog)
    assert not dialog.full.isChecked() and not dialog.bag.isChecked()
    assert "成长记录袋" in dialog.bag.text() and "也不含成长记录袋" in dialog.hint.text()
    dialog.bag.setChecked(True)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert dialog.chosen == (False, True)
    dialog = ArchiveDetailsDialog()
    qtbot.addWidget(dialog)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    assert dialog.chosen is None
