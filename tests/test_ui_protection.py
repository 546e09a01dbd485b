"""The window and encryption: a password at first start with the recovery sheet, unlocking at
start (wrong tries logged, increasing delay), the app lock (Ctrl+L and idle) hiding every
window, encrypting an archive made before, and changing the password — real widgets."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QApplication

from liushou_desk.db import cipher, keyfile
from liushou_desk.db.keyfile import KdfParams
from liushou_desk.db.schema import SQLITE_MAGIC, open_archive
from liushou_desk.services import audit, backups, protection
from liushou_desk.ui.app import DeskApp
from liushou_desk.ui.recovery_sheet_dialog import RecoverySheetDialog
from liushou_desk.ui.set_password_dialog import SetPasswordDialog
from liushou_desk.ui.unlock_dialog import UnlockDialog

from .ui_helpers import ScriptedPrompts, add_known_pupil, password_then_sheet, submit_password

PASSWORD = "我的密码2026"


@pytest.fixture(autouse=True)
def fast_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    from liushou_desk.ui.main_window import MainWindow

    monkeypatch.setattr(keyfile, "calibrate", lambda *a, **k: KdfParams(1, 1024))
    monkeypatch.setattr(MainWindow, "edit_class_info", lambda self: None)  # asked when empty


def _encrypted(tmp_path: Path, name: str = "赵玥") -> Path:
    db = tmp_path / "class.sqlite"
    protection.new_protected(db, PASSWORD, params=KdfParams(1, 1024))
    archive = open_archive(db)
    add_known_pupil(archive, name)
    archive.close()
    cipher.forget_all()
    return db


def _started(qtbot, db: Path) -> DeskApp:  # type: ignore[no-untyped-def]
    """The app on an archive whose key is held: started, the archive open in the window."""
    desk = DeskApp(QApplication.instance(), db, exit_after_startup=False)
    desk.prompts = ScriptedPrompts()
    assert desk.start()
    qtbot.waitUntil(lambda: desk.window.archive is not None, timeout=10000)
    return desk


def _unlock(qtbot, dialog: UnlockDialog, password: str) -> None:  # type: ignore[no-untyped-def]
    dialog.password.setText(password)
    dialog.unlock_button.click()
    qtbot.waitUntil(lambda: dialog.task is None, timeout=10000)


def _close(desk: DeskApp) -> None:
    assert desk.window is not None
    desk.window.close()
    desk.finish()


def test_first_start_sets_a_password_and_shows_the_recovery_sheet(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "新班级.sqlite"
    desk = DeskApp(QApplication.instance(), db, exit_after_startup=False)
    desk.prompts = ScriptedPrompts()
    desk.prompts.pdf_path = tmp_path / "恢复密钥单.pdf"
    shown: list[str] = []

    def drive(dialog) -> bool:  # type: ignore[no-untyped-def]
        if isinstance(dialog, SetPasswordDialog):
            dialog.new.line.setText("12345")
            dialog.confirm.line.setText("12345")
            dialog.submit()
            assert "至少" in dialog.new.error_label.text()  # stays open, says why
            return submit_password(qtbot, dialog, PASSWORD)
        assert isinstance(dialog, RecoverySheetDialog)
        shown.append(dialog.key_label.text())
        assert not dialog.ok.isEnabled()  # not before it is saved or printed
        dialog.save()
        dialog.done_check.setChecked(True)
        assert dialog.ok.isEnabled()
        dialog.accept()
        return True

    desk.exec_dialog = drive
    assert desk.start()
    qtbot.waitUntil(lambda: desk.window.archive is not None, timeout=10000)
    desk.window.edit_class_info = lambda: None
    assert db.read_bytes()[:16] != SQLITE_MAGIC
    recovery = protection.recovery_key(db)
    assert recovery is not None
    assert shown and shown[0].replace("\n", "  ").split("  ") == recovery.split("-")
    text = PdfReader(tmp_path / "恢复密钥单.pdf").pages[0].extract_text()
    assert recovery.split("-")[0] in text and "恢复密钥单" in text
    assert desk.window.security.lock_action.isEnabled()
    _close(desk)


def test_cancelling_the_first_password_creates_nothing(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "new.sqlite"
    desk = DeskApp(QApplication.instance(), db, exit_after_startup=False)
    desk.prompts = ScriptedPrompts()
    desk.exec_dialog = lambda dialog: False
    assert not desk.start()
    assert not db.exists() and not keyfile.keyfile_path(db).exists()
    desk.finish()


def test_unlock_at_start_logs_the_wrong_tries(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = _encrypted(tmp_path)
    desk = DeskApp(QApplication.instance(), db, exit_after_startup=False)
    desk.prompts = ScriptedPrompts()
    messages: list[str] = []

    def drive(dialog) -> bool:  # type: ignore[no-untyped-def]
        assert isinstance(dialog, UnlockDialog)
        _unlock(qtbot, dialog, "wrong-one")
        messages.append(dialog.message.text())
        assert dialog.key is None and dialog.result() == 0
        _unlock(qtbot, dialog, PASSWORD)
        return dialog.result() == 1

    desk.exec_dialog = drive
    assert desk.start()
    qtbot.waitUntil(lambda: desk.window.archive is not None, timeout=10000)
    desk.window.edit_class_info = lambda: None
    assert messages == ["密码不对（已连续输错 1 次）。"]
    assert desk.window.roster_tab.visible_names() == ["赵玥"]
    failed = [e for e in audit.entries(desk.window.archive) if e.action == "解锁失败"]
    assert len(failed) == 1 and "密码错误" in failed[0].detail
    _close(desk)


def test_cancelling_the_unlock_opens_nothing(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = _encrypted(tmp_path)
    desk = DeskApp(QApplication.instance(), db, exit_after_startup=False)
    desk.prompts = ScriptedPrompts()
    desk.exec_dialog = lambda dialog: False
    assert not desk.start()
    assert desk.window is None
    desk.finish()


def test_the_third_wrong_password_makes_the_next_try_wait(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = _encrypted(tmp_path)
    dialog = UnlockDialog(db, protection.FailedUnlocks())
    qtbot.addWidget(dialog)
    for _ in range(3):
        _unlock(qtbot, dialog, "nope-nope")
    assert "请等 5 秒后再试" in dialog.message.text()
    assert not dialog.password.isEnabled() and not dialog.unlock_button.isEnabled()
    dialog.password.setText(PASSWORD)
    dialog.try_password()  # refused while waiting
    assert dialog.task is None and dialog.key is None
    for _ in range(5):
        dialog._tick()
    assert dialog.password.isEnabled()
    _unlock(qtbot, dialog, PASSWORD)
    assert dialog.result() == 1


def test_the_recovery_key_in_the_unlock_dialog(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "class.sqlite"
    recovery = protection.new_protected(db, PASSWORD, params=KdfParams(1, 1024))
    open_archive(db).close()
    keyfile.keyfile_path(db).unlink()  # the key file is lost
    cipher.forget_all()
    dialog = UnlockDialog(db, protection.FailedUnlocks(), new_password_params=KdfParams(1, 1024))
    qtbot.addWidget(dialog)
    _unlock(qtbot, dialog, PASSWORD)
    assert dialog.pages.currentIndex() == 1  # sent to the recovery key
    assert "找不到密钥文件" in dialog.message.text()
    dialog.recovery.setText(recovery.replace("-", " ").lower())
    dialog.new_password.setText("新的密码abc2027")
    dialog.confirm.setText("新的密码abc2027")
    dialog.recover_button.click()
    qtbot.waitUntil(lambda: dialog.task is None, timeout=10000)
    assert dialog.result() == 1
    cipher.forget_all()
    protection.unlock(db, "新的密码abc2027")


def test_the_app_lock_hides_every_window(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = _encrypted(tmp_path, "钱多多")
    protection.unlock(db, PASSWORD)
    desk = _started(qtbot, db)
    window = desk.window
    window.edit_class_info = lambda: None
    assert desk.app_lock is not None and desk.app_lock.minutes == 10
    window.security.lock_action.trigger()  # Ctrl+L
    lock = desk.app_lock
    assert lock.locked
    curtain = lock.curtains[0]
    assert curtain.parentWidget() is window and curtain.isVisible()
    assert curtain.geometry() == window.rect()
    dialog = lock.dialog
    assert isinstance(dialog, UnlockDialog) and dialog.isVisible()
    dialog.reject()  # cannot be closed away
    assert dialog.isVisible()
    from PySide6.QtWidgets import QDialog

    late = QDialog(window)  # e.g. a preview when long work ends while locked
    late.show()
    assert any(c.parentWidget() is late and c.isVisible() for c in lock.curtains)
    late.close()
    _unlock(qtbot, dialog, "wrong-again")
    assert lock.locked
    _unlock(qtbot, dialog, PASSWORD)
    qtbot.waitUntil(lambda: not lock.locked, timeout=5000)
    assert not any(c.isVisible() for c in window.findChildren(type(curtain)))
    failed = [e for e in audit.entries(window.archive) if e.action == "解锁失败"]
    assert len(failed) == 1
    # idle: nothing typed or clicked for the set time
    desk.prompts.minutes = 3
    window.security.edit_lock_minutes()
    assert lock.minutes == 3
    lock.last_input -= 3 * 60
    lock._check_idle()
    assert lock.locked
    _unlock(qtbot, lock.dialog, PASSWORD)
    qtbot.waitUntil(lambda: not lock.locked, timeout=5000)
    _close(desk)


def test_a_plain_archive_is_encrypted_from_the_window(qtbot, demo_db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    backups.take_backup(demo_db, tag="manual")
    desk = DeskApp(QApplication.instance(), demo_db, exit_after_startup=False)
    desk.prompts = ScriptedPrompts()
    recovery_shown: list[str] = []
    desk.exec_dialog = password_then_sheet(qtbot, PASSWORD, recovery_shown)
    assert desk.start()
    qtbot.waitUntil(lambda: desk.window.archive is not None, timeout=10000)
    old = desk.window
    old.edit_class_info = lambda: None
    qtbot.waitUntil(lambda: any(a.startswith("加密") for a in desk.prompts.asked), timeout=5000)
    assert not old.security.lock_action.isEnabled()
    names = sorted(old.roster_tab.visible_names())
    old.encrypt_requested.emit()
    qtbot.waitUntil(
        lambda: desk.window is not old and desk.window.archive is not None, timeout=20000
    )
    desk.window.edit_class_info = lambda: None
    assert demo_db.read_bytes()[:16] != SQLITE_MAGIC
    assert sorted(desk.window.roster_tab.visible_names()) == names
    assert recovery_shown and protection.recovery_key(demo_db) == recovery_shown[0]
    for b in backups.list_backups(demo_db):
        assert b.path.read_bytes()[:16] != SQLITE_MAGIC
    assert desk.window.security.lock_action.isEnabled() and desk.app_lock is not None
    logged = [e.detail for e in audit.entries(desk.window.archive) if e.action == "加密与密码"]
    assert logged == ["加密档案（设置密码）"]
    _close(desk)


def test_changing_the_password_in_the_window(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = _encrypted(tmp_path)
    protection.unlock(db, PASSWORD)
    desk = _started(qtbot, db)
    window = desk.window
    window.edit_class_info = lambda: None
    errors: list[str] = []

    def drive(dialog) -> bool:  # type: ignore[no-untyped-def]
        assert not submit_password(qtbot, dialog, "新的密码123abc", old="not-the-old-one")
        errors.append(dialog.old.error_label.text())
        return submit_password(qtbot, dialog, "新的密码123abc", old=PASSWORD)

    window.exec_dialog = drive
    assert window.security.change_password()
    assert errors == ["现在的密码不对。"]
    assert desk.prompts.infos[-1].startswith("密码已修改。")
    _close(desk)
    cipher.forget_all()
    with pytest.raises(protection.WrongPasswordError):
        protection.unlock(db, PASSWORD)
    protection.unlock(db, "新的密码123abc")


def test_a_password_from_the_command_line_is_not_asked_again(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "scripted.sqlite"
    protection.new_protected(db, PASSWORD, params=KdfParams(1, 1024))  # as LIUSHOU_PASSWORD does
    desk = DeskApp(QApplication.instance(), db, exit_after_startup=False)
    desk.prompts = ScriptedPrompts()
    asked: list[object] = []
    desk.exec_dialog = lambda dialog: asked.append(dialog) or False
    assert desk.start()
    qtbot.waitUntil(lambda: desk.window.archive is not None, timeout=10000)
    assert asked == []
    assert db.read_bytes()[:16] != SQLITE_MAGIC
    _close(desk)


def test_an_encryption_cut_off_between_the_renames_is_put_back_at_start(qtbot, demo_db) -> None:  # type: ignore[no-untyped-def]
    old = demo_db.with_name(demo_db.name + ".plain-old")
    demo_db.rename(old)  # the power went between the two renames
    desk = DeskApp(QApplication.instance(), demo_db, exit_after_startup=False)
    desk.prompts = ScriptedPrompts()
    asked: list[object] = []
    desk.exec_dialog = lambda dialog: asked.append(dialog) or False
    assert desk.start()
    qtbot.waitUntil(lambda: desk.window.archive is not None, timeout=10000)
    assert asked == [] and not old.exists()
    assert len(desk.window.roster_rows()) == 45  # the class, and those who left
    _close(desk)


def test_a_second_window_says_so_before_asking_for_the_password(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from liushou_desk.db.lock import ArchiveLock

    db = _encrypted(tmp_path)
    first = ArchiveLock(db).acquire()
    try:
        desk = DeskApp(QApplication.instance(), db, exit_after_startup=False)
        desk.prompts = ScriptedPrompts()
        asked: list[object] = []
        failed: list[str] = []
        desk.exec_dialog = lambda dialog: asked.append(dialog) or False
        desk.fail = lambda message: failed.append(message) or 1
        assert not desk.start()
        assert asked == [] and "已在另一个窗口中打开" in failed[0]
        desk.finish()
    finally:
        first.release()
