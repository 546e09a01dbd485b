"""Canary test (金丝雀): a scripted session in the real window enters canary values — a name,
an ID number, a phone and a sensitive note — into a new encrypted archive, then works as a
teacher does: backups, a PDF opened in the system reader, the principal's archive on a "USB
stick", the app's log, closing (with the close backup). Afterwards a byte scan of the whole
data folder, the archive's folder, the stick and the temp folder finds no canary in plain text
(UTF-8, UTF-16 or GB18030)."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from liushou_desk import paths
from liushou_desk.db import cipher, keyfile
from liushou_desk.db.keyfile import KdfParams
from liushou_desk.domain.idcard import check_digit
from liushou_desk.domain.profile import ProfileDraft
from liushou_desk.domain.records import RecordValues
from liushou_desk.services import profile, records, roster
from liushou_desk.services.notices import Changed
from liushou_desk.ui.app import DeskApp

from .conftest import TODAY
from .ui_helpers import ScriptedPrompts, password_then_sheet

NAME = "鑫淼燚"  # three rare characters: no other text in the app has them together
ID17 = "51172520150307418"  # the 17th digit even: a girl
ID_NUMBER = ID17 + check_digit(ID17)
PHONE = "13987654321"
NOTE = "金丝雀隐私记录青鸾"


def _needles() -> dict[str, list[bytes]]:
    found: dict[str, list[bytes]] = {}
    for label, text in (("name", NAME), ("id", ID_NUMBER), ("phone", PHONE), ("note", NOTE)):
        found[label] = sorted(
            {text.encode(enc) for enc in ("utf-8", "utf-16-le", "utf-16-be", "gb18030")}
        )
    return found


def _scan(folders: list[Path]) -> list[str]:
    hits = []
    needles = _needles()
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if not path.is_file() or path.is_symlink():
                continue
            data = path.read_bytes()
            for label, encodings in needles.items():
                if any(n in data for n in encodings):
                    hits.append(f"{label} in {path}")
    return hits


@pytest.fixture
def session(qtbot, tmp_path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    from liushou_desk.ui.main_window import MainWindow

    monkeypatch.setattr(keyfile, "calibrate", lambda *a, **k: KdfParams(1, 1024))
    monkeypatch.setattr(MainWindow, "edit_class_info", lambda self: None)
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))  # the app's temporary files land here
    logs = paths.logs_dir()
    logs.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(logs / "liushou-desk.log", encoding="utf-8")
    logging.getLogger().addHandler(handler)
    old_level = logging.getLogger().level
    logging.getLogger().setLevel(logging.DEBUG)
    yield temp
    logging.getLogger().removeHandler(handler)
    logging.getLogger().setLevel(old_level)
    handler.close()


def test_no_canary_in_plain_text_anywhere(qtbot, tmp_path, session, liushou_home) -> None:  # type: ignore[no-untyped-def]
    archive_folder = tmp_path / "我的档案"
    archive_folder.mkdir()
    db = archive_folder / "三年级二班.sqlite"
    stick = tmp_path / "U盘"
    stick.mkdir()

    desk = DeskApp(QApplication.instance(), db, exit_after_startup=False)
    desk.prompts = ScriptedPrompts()
    desk.prompts.folder = stick

    desk.exec_dialog = password_then_sheet(qtbot, "canary-pass-1")
    assert desk.start()
    qtbot.waitUntil(lambda: desk.window.archive is not None, timeout=10000)
    window = desk.window
    archive = window.archive

    # the canary child, entered through the services the window uses
    pid, _ = roster.add_pupil(
        archive, ProfileDraft(name=NAME, sex="女", birth_date="2015-03-07"), TODAY
    )
    draft = profile.load_profile(archive, pid, TODAY).draft
    draft.id_number = ID_NUMBER
    draft.father.situation = "外出务工"
    draft.father.away_since = "2023-02-01"
    draft.father.phone = PHONE
    draft.mother.situation = "外出务工"
    draft.mother.away_since = "2023-02-01"
    draft.health_mental = NOTE
    profile.save_profile(archive, pid, draft, TODAY)
    records.create_record(
        archive,
        "talk",
        pid,
        RecordValues(
            {"date": "2026-11-02", "teacher": "张老师", "topic": "想念父母", "problems": NOTE}
        ),
        TODAY,
        sensitive=True,
    )
    window.events.announce(Changed(frozenset({pid}), roster=True))
    logging.getLogger("liushou_desk.test").info("会话中的日志行")
    wal = Path(f"{db}-wal")
    assert wal.is_file() and wal.stat().st_size > 0  # the write-ahead log, while open
    assert _scan([archive_folder]) == []

    # a backup now, a growth card opened in the system's PDF reader, the principal's archive
    from liushou_desk.services.backups import take_backup

    take_backup(db, tag="manual")
    from liushou_desk.ops.printing import growth_card
    from liushou_desk.pdf.kit import PrintOptions
    from liushou_desk.services.terms import current_term

    options = PrintOptions(mask=False, include_sensitive=True)
    card = growth_card(archive, pid, current_term(archive, TODAY), TODAY, options)
    window.printing.open_pdf(card)
    assert desk.prompts.opened
    window.today = lambda: TODAY
    shown: list[str] = []
    desk.prompts.archive_password_shown = lambda parent, path, pw: shown.append(pw)  # type: ignore[method-assign]
    window.files.export_usb_archive()
    qtbot.waitUntil(lambda: bool(shown), timeout=30000)

    window.close()
    desk.finish()  # the close backup; the print folder is wiped
    cipher.forget_all()

    scanned = [liushou_home, archive_folder, stick, session]
    files = [p for f in scanned for p in f.rglob("*") if p.is_file()]
    names = {p.name for p in files}
    assert db.name in names and f"{db.name}.key" in names
    assert any(p.suffix == ".zip" for p in files)  # the principal's archive was scanned
    assert any(p.name.endswith("-manual.sqlite") for p in files)
    assert any(p.name.endswith("-close.sqlite") for p in files)
    assert any(p.name == "liushou-desk.log" for p in files)
    assert _scan(scanned) == []


def test_the_scan_finds_a_canary_in_a_plain_archive(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The scan itself works: a plain archive shows every canary."""
    from liushou_desk.db.schema import open_archive

    db = tmp_path / "plain.sqlite"
    archive = open_archive(db)
    pid, _ = roster.add_pupil(
        archive, ProfileDraft(name=NAME, sex="女", birth_date="2015-03-07"), TODAY
    )
    draft = profile.load_profile(archive, pid, TODAY).draft
    draft.id_number = ID_NUMBER
    draft.father.phone = PHONE
    draft.health_mental = NOTE
    profile.save_profile(archive, pid, draft, TODAY)
    archive.close()
    hits = _scan([tmp_path])
    assert {h.split(" ")[0] for h in hits} == {"name", "id", "phone", "note"}
