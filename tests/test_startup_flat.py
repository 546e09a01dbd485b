"""Start-up flat in class size and in years (issue 20): the first step reads the roster through
one table per vocabulary and loads no SQLAlchemy; SQLite's quick_check (it reads the whole
file) runs once per opening; the window's tabs are built when first shown."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from liushou_desk.db import cipher, schema
from liushou_desk.db.first_paint import read_roster_facts
from liushou_desk.db.schema import open_archive
from liushou_desk.ops.opening import Opening, prepare
from liushou_desk.ops.questions import OpenRefused, Questions
from liushou_desk.services import roster
from liushou_desk.services.roster_rows import build_rows

from .conftest import TODAY
from .test_first_paint import orm_roster
from .ui_helpers import add_known_pupil


class NoQuestions(Questions):
    """Nothing may be asked of the person at the computer."""

    def __getattribute__(self, name: str):  # type: ignore[no-untyped-def]
        if name in ("unlock", "protect_new", "copy_here", "restore"):
            raise AssertionError(f"asked: {name}")
        return object.__getattribute__(self, name)

    def log_altered(self, message: str) -> None:
        raise AssertionError(message)

    def numbers_shared(self, lines: list[str]) -> None:
        raise AssertionError(lines)


def test_the_first_step_reads_what_the_full_roster_shows_also_for_odd_stored_values(
    demo_db: Path,
) -> None:
    archive = open_archive(demo_db)
    pid = add_known_pupil(archive, "吴𬌗")
    archive.close()
    con = cipher.connect(demo_db, isolation_level=None)
    # as typed where the list is offered, or written by an older version: words, free text
    con.execute("UPDATE guardians SET relation = '干妈' WHERE pupil_id = ?", (pid,))
    con.execute(
        "UPDATE parents SET situation = '外出务工' WHERE pupil_id = ? AND role = 'father'", (pid,)
    )
    con.execute("UPDATE parents SET role = '母亲' WHERE pupil_id = ? AND role = 'mother'", (pid,))
    con.execute("UPDATE pupils SET sex = '不详', village = '' WHERE id = ?", (pid,))
    con.close()
    quick = build_rows(read_roster_facts(demo_db), TODAY)
    archive = open_archive(demo_db)
    full = orm_roster(archive, TODAY)  # as the ORM reads the odd values
    assert roster.list_roster(archive, TODAY) == full
    archive.close()
    assert quick == full
    row = next(r for r in quick if r.id == pid)
    assert row.guardian.startswith("干妈") and row.sex == "不详"


def test_the_first_step_loads_no_sqlalchemy(demo_db: Path) -> None:
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from liushou_desk.ops.opening import prepare\n"
        "from liushou_desk.ops.questions import CommandAnswers as Q\n"
        f"opening = prepare(Path({str(demo_db)!r}), Q())\n"
        "print(opening.readable, opening.check_deferred, "
        "[m for m in ('sqlalchemy', 'alembic', 'reportlab') if m in sys.modules])\n"
        "opening.release()\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split(maxsplit=2) == ["True", "False", "[]\n"]  # checked, nothing heavy


def test_quick_check_reads_the_file_once_per_opening(
    demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked: list[Path] = []
    real = schema.quick_check
    monkeypatch.setattr(schema, "quick_check", lambda path: checked.append(path) or real(path))
    opening = prepare(demo_db, NoQuestions(), ask_password=False)
    assert opening.readable and checked == [demo_db]
    archive = opening.open()
    assert checked == [demo_db]  # not a second time through SQLAlchemy
    archive.close()
    opening.readable = False  # the first step could not check the file: the opening does
    archive = opening.open()
    assert checked == [demo_db, demo_db]
    archive.close()
    opening.release()


def test_a_damaged_file_is_still_refused_before_anything_is_shown(
    demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from liushou_desk.ops.questions import OpenRefused

    def damaged(path: Path) -> None:
        raise schema.ArchiveCorruptError("档案文件已损坏")

    monkeypatch.setattr(schema, "quick_check", damaged)
    with pytest.raises(OpenRefused):
        prepare(demo_db, NoQuestions.__new__(NoQuestions), ask_password=False)


def test_the_roster_reads_the_class_and_those_who_left_when_asked(demo_db: Path) -> None:
    archive = open_archive(demo_db)
    full = roster.list_roster(archive, TODAY)
    assert any(not r.is_active for r in full), "the demo class has pupils who left"
    rows, whole = roster.class_rows(archive, TODAY)
    assert rows == [r for r in full if r.is_active] and not whole
    assert roster.left_rows(archive, TODAY) == [r for r in full if not r.is_active]
    archive.close()


def test_an_archive_with_no_one_in_class_is_read_whole(tmp_path: Path) -> None:
    from liushou_desk.domain.profile import ProfileDraft
    from liushou_desk.services.roster import add_pupil, set_enrolment

    db = tmp_path / "graduated.sqlite"
    archive = open_archive(db)
    pid, _ = add_pupil(archive, ProfileDraft(name="周周"), TODAY)
    set_enrolment(archive, pid, "毕业", TODAY.isoformat(), "", TODAY)
    rows, whole = roster.class_rows(archive, TODAY)
    assert [r.id for r in rows] == [pid] and whole
    archive.close()


def test_the_window_reads_those_who_left_the_first_time_it_needs_them(
    qtbot, demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    from liushou_desk.ui.app import DeskApp
    from liushou_desk.ui.main_window import MainWindow
    from liushou_desk.ui.roster_model import RosterFilter

    from .ui_helpers import ScriptedPrompts

    archive = open_archive(demo_db)
    full = roster.list_roster(archive, TODAY)
    archive.close()
    gone = next(r for r in full if not r.is_active)
    monkeypatch.setattr(MainWindow, "edit_class_info", lambda self: None)
    desk = DeskApp(QApplication.instance(), demo_db, exit_after_startup=False)
    desk.prompts = ScriptedPrompts()
    assert desk.start()
    window = desk.window
    assert window is not None
    tab = window.roster_tab
    assert window.tabs.currentWidget() is window.due_slot  # the window opens on 待办
    qtbot.waitUntil(lambda: window.archive is not None, timeout=10000)
    assert tab.waiting() and not tab.model.all_rows  # nothing read for a tab not shown
    window.tabs.setCurrentWidget(tab)
    assert {r.id for r in tab.model.all_rows} == {r.id for r in full if r.is_active}
    tab.filter.setCurrentIndex(list(RosterFilter).index(RosterFilter.LEFT_CLASS))
    assert gone.name in tab.visible_names()
    assert {r.id for r in window.roster_rows()} == {r.id for r in full}
    tab.filter.setCurrentIndex(list(RosterFilter).index(RosterFilter.ACTIVE))
    window.close()
    desk.finish()

    desk = DeskApp(QApplication.instance(), demo_db, exit_after_startup=False)
    desk.prompts = ScriptedPrompts()
    assert desk.start()
    window = desk.window
    assert window is not None
    qtbot.waitUntil(lambda: window.archive is not None, timeout=10000)
    found = window.find_pupil(gone.id)  # a child who left, asked for by id (成长记录卡, 回收站…)
    assert found is not None and found.name == gone.name
    window.select_pupil(gone.id)
    assert window.current_pupil == gone.id
    window.close()
    desk.finish()


class Told(NoQuestions):
    """Remembers a damaged file told after the first paint."""

    def __init__(self) -> None:
        self.damaged: list[str] = []

    def file_damaged(self, message: str) -> None:
        self.damaged.append(message)


def _open_and_close(db: Path, questions: Questions) -> Opening:
    from liushou_desk.ops.closing import close

    opening = prepare(db, questions, ask_password=False)
    archive = opening.open()
    message = opening.check_whole_log(archive)
    opening.tell_log(message)
    close(opening, archive, backup=False)
    return opening


def test_a_file_left_as_the_app_closed_it_is_checked_after_the_first_paint(
    demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """quick_check reads the whole file (it grows with the years): an archive exactly as the
    app closed it after a check passed is shown first and checked off the GUI thread."""
    checked: list[Path] = []
    real = schema.quick_check
    monkeypatch.setattr(schema, "quick_check", lambda path: checked.append(path) or real(path))
    first = _open_and_close(demo_db, Told())
    assert checked == [demo_db] and first.file_checked and not first.check_deferred
    second = prepare(demo_db, Told(), ask_password=False)
    assert second.readable and checked == [demo_db]  # shown without the check
    assert second.check_deferred
    archive = second.open()
    assert second.check_whole_log(archive) == "" and second.file_checked
    from liushou_desk.ops.closing import close

    close(second, archive, backup=False)
    os.utime(demo_db, ns=(1_000_000_000, 1_000_000_000))  # another program touched it
    third = prepare(demo_db, Told(), ask_password=False)
    assert checked == [demo_db, demo_db] and not third.check_deferred  # checked first again
    third.release()


def test_damage_behind_an_unchanged_stamp_is_told_after_the_first_paint(demo_db: Path) -> None:
    _open_and_close(demo_db, Told())
    stat = demo_db.stat()
    with open(demo_db, "r+b") as f:  # a page of the file damaged, its size and time kept
        f.seek(stat.st_size - 4096 * 3)
        f.write(b"\xff" * 4096)
    os.utime(demo_db, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    told = Told()
    opening = prepare(demo_db, told, ask_password=False)
    assert opening.check_deferred
    archive = opening.open()
    opening.tell_log(opening.check_whole_log(archive))
    archive.close()
    opening.release()
    assert told.damaged and "损坏" in told.damaged[0]
    with pytest.raises(OpenRefused):  # not taken on trust again: refused before it is shown
        prepare(demo_db, Told(), ask_password=False)
