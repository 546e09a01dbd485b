"""Helpers for the window tests: open the real main window on a real archive file."""

from __future__ import annotations

from pathlib import Path

from liushou_desk.db.engine import Archive
from liushou_desk.db.schema import open_archive
from liushou_desk.domain.profile import GuardianDraft, ProfileDraft
from liushou_desk.services import profile, roster
from liushou_desk.ui.prompts import Prompts, SaveChoice

from .conftest import TODAY


class ScriptedPrompts(Prompts):
    """Answers the app's questions as a test says, and remembers what was asked."""

    def __init__(self) -> None:
        self.save_choice = SaveChoice.CANCEL
        self.asked: list[str] = []
        self.errors: list[str] = []
        self.photo: Path | None = None
        self.confirm_answer = True
        self.confirmed: list[str] = []
        self.infos: list[str] = []
        self.saved_shown: list[Path] = []
        self.folder: Path | None = None
        self.backup_file: Path | None = None
        self.pdf_path: Path | None = None
        self.printer = None  # a QPrinter the test set up (e.g. printing to a PDF file)
        self.opened: list[Path] = []
        self.archive_choice: tuple[bool, bool] | None = (False, False)  # full details, bag
        self.encrypt_answer = False
        self.minutes: int | None = None
        self.choice: int | None = 0  # the option picked when asked to choose
        self.choices: list[str] = []

    def offer_encryption(self, parent, name):  # type: ignore[no-untyped-def]
        self.asked.append(f"加密 {name}")
        return self.encrypt_answer

    def lock_minutes(self, parent, current):  # type: ignore[no-untyped-def]
        return self.minutes

    def unsaved_changes(self, parent, name):  # type: ignore[no-untyped-def]
        self.asked.append(name)
        return self.save_choice

    def error(self, parent, text, detail=""):  # type: ignore[no-untyped-def]
        self.errors.append(text)

    def choose_photo(self, parent):  # type: ignore[no-untyped-def]
        return self.photo

    def choose_attachment(self, parent):  # type: ignore[no-untyped-def]
        return self.photo

    def confirm(self, parent, text, detail=""):  # type: ignore[no-untyped-def]
        self.confirmed.append(text)
        return self.confirm_answer

    def choose(self, parent, text, detail, options):  # type: ignore[no-untyped-def]
        self.choices.append(text)
        return self.choice

    def info(self, parent, text, detail="", *, saved=None):  # type: ignore[no-untyped-def]
        self.infos.append(f"{text} {detail}".strip())
        if saved is not None:  # offered with 打开文件夹
            self.saved_shown.append(saved)

    def choose_folder(self, parent, title):  # type: ignore[no-untyped-def]
        return self.folder

    def choose_backup_file(self, parent):  # type: ignore[no-untyped-def]
        return self.backup_file

    def save_pdf(self, parent, suggested):  # type: ignore[no-untyped-def]
        self.asked.append(suggested)
        return self.pdf_path

    def archive_details(self, parent):  # type: ignore[no-untyped-def]
        return self.archive_choice

    def choose_printer(self, parent):  # type: ignore[no-untyped-def]
        return self.printer

    def open_file(self, path):  # type: ignore[no-untyped-def]
        self.opened.append(path)
        return True


def add_known_pupil(archive: Archive, name: str, *, left_behind: bool = True) -> int:
    """A pupil with known facts, added through the services like the teacher would."""
    pid, _ = roster.add_pupil(
        archive, ProfileDraft(name=name, sex="女", birth_date="2015-06-01"), TODAY
    )
    draft = profile.load_profile(archive, pid, TODAY).draft
    draft.father.situation = "外出务工"
    draft.father.away_since = "2023-02-01"
    draft.mother.situation = "外出务工" if left_behind else "在家"
    draft.mother.away_since = "2023-02-01" if left_behind else ""
    draft.guardians = [
        GuardianDraft(
            name="张桂兰", relation="祖母", age="66", phone="13987654321", capacity="一般"
        )
    ]
    profile.save_profile(archive, pid, draft, TODAY)
    return pid


def open_window(qtbot, db: Path, prompts: Prompts | None = None):  # type: ignore[no-untyped-def]
    from liushou_desk.ui.main_window import MainWindow

    archive = open_archive(db)
    window = MainWindow(archive, today=lambda: TODAY, prompts=prompts or ScriptedPrompts())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.runner.wait_idle()  # the start-up work (statuses, the 待办 list) is done
    window.roster_tab.read_now()  # as when she first looks at the roster (read when shown)
    window.runner.wait_idle()  # and its last contacts, read off the GUI thread
    return window, archive


def submit_password(qtbot, dialog, new: str, old: str = "") -> bool:  # type: ignore[no-untyped-def]
    """Fill a SetPasswordDialog, submit it and wait for the key derivation; True if accepted."""
    dialog.old.line.setText(old)
    dialog.new.line.setText(new)
    dialog.confirm.line.setText(new)
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.task is None, timeout=10000)
    return dialog.result() == 1


def password_then_sheet(qtbot, password: str, shown: list[str] | None = None):  # type: ignore[no-untyped-def]
    """An ``exec_dialog`` for setting a password: the password dialog is filled in, the
    recovery sheet (its key noted in ``shown``) confirmed as kept and closed."""
    from liushou_desk.ui.recovery_sheet_dialog import RecoverySheetDialog
    from liushou_desk.ui.set_password_dialog import SetPasswordDialog

    def drive(dialog) -> bool:  # type: ignore[no-untyped-def]
        if isinstance(dialog, SetPasswordDialog):
            return submit_password(qtbot, dialog, password)
        assert isinstance(dialog, RecoverySheetDialog)
        if shown is not None:
            shown.append(dialog.recovery)
        dialog.done_check.setChecked(True)
        dialog.accept()
        return True

    return drive
