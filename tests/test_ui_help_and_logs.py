"""帮助, 操作日志 and the quieter corners of the window: the principal's key opens however it
is typed and a cancelled password says so; a wrong lock-screen password is no error in the log;
快速上手 and 快捷键 (read from the real menus); the teacher's name as the 操作人; 历史版本
showing a change the summary leaves out; an empty search that says so; 打开文件夹."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QDialog, QMenu, QPushButton

from liushou_desk.db import cipher
from liushou_desk.db.keyfile import KdfParams, new_recovery_key
from liushou_desk.db.schema import open_archive
from liushou_desk.domain.records import RecordValues
from liushou_desk.io.usb_archive import (
    WrongArchivePassword,
    read_archive,
    read_manifest,
    written_key,
)
from liushou_desk.services import audit, protection, records
from liushou_desk.services.archive_info import ClassInfo, get_info, set_info
from liushou_desk.ui.prompts import Prompts

from .conftest import EXPORT_PASSWORD, TODAY, copy_exported
from .ui_helpers import ScriptedPrompts, add_known_pupil, open_window

FAST = KdfParams(1, 1024)
TYPED = [
    "k7qx-m3pa-zt9h-4rwe",  # lower case
    "K7QX M3PA ZT9H 4RWE",  # spaces for dashes
    "k7qxm3pazt9h4rwe",  # run together
    " k7qx  m3pa-zt9h 4rwe ",  # a bit of everything
    "ｋ７ｑｘ－ｍ３ｐａ－ｚｔ９ｈ－４ｒｗｅ",  # full-width, from a Chinese input method
    "K7QX—M3PA—ZT9H—4RWE",  # an input method's long dash
]


# -- the principal's password --------------------------------------------------------------------
def test_the_key_is_read_however_it_is_typed() -> None:
    for text in TYPED:
        assert written_key(text) == EXPORT_PASSWORD, text
    assert written_key("my-own-secret-1") is None  # a password of her own: exactly as typed
    assert written_key("K7QX-M3PA-ZT9H-4RW") is None  # one character short
    assert written_key("K7QX-M3PA-ZT9H-4RW0") is None  # 0 is never in a key


def test_the_principal_opens_the_archive_with_the_key_typed_any_way(
    exported_template, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    _db, result = copy_exported(exported_template, tmp_path)
    for text in TYPED:
        assert read_manifest(result.path, text, check_parts=False)["class"] == "五年级（2）班"
    opened = read_archive(result.path, "k7qx m3pa zt9h 4rwe", tmp_path / "open")
    assert opened.snapshot.exists()  # the snapshot's key derived from the written form
    assert cipher.key_for(opened.snapshot) is not None
    with pytest.raises(WrongArchivePassword):
        read_manifest(result.path, "k7qx m3pa zt9h 4rwf")


def test_an_archive_locked_with_the_text_as_typed_still_opens(
    exported_template, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """Made before keys were normalised (a password file in lower case): as typed, first."""
    import json

    import pyzipper

    _db, result = copy_exported(exported_template, tmp_path)
    typed = "k7qx m3pa zt9h 4rwe"
    old = tmp_path / "old.zip"
    with pyzipper.AESZipFile(result.path) as source:
        source.setpassword(EXPORT_PASSWORD.encode())
        parts = {name: source.read(name) for name in source.namelist()}
    manifest = json.loads(parts["manifest.json"])  # as that version wrote it: format 2, no MAC
    manifest["format"] = "liushou-desk-archive/2"
    del manifest["mac"]
    for form in ("登记表（附件1）.pdf", "统计表（附件3）.pdf"):  # the forms came with format 4
        del parts[form], manifest["parts"][form]
    parts["manifest.json"] = json.dumps(manifest).encode()
    with pyzipper.AESZipFile(old, "w", encryption=pyzipper.WZ_AES) as target:
        target.setpassword(typed.encode())
        for name, data in parts.items():
            target.writestr(name, data)
    assert read_manifest(old, typed)["class"] == "五年级（2）班"
    with pytest.raises(WrongArchivePassword):
        read_manifest(old, EXPORT_PASSWORD)


def test_the_principal_window_takes_the_key_typed_another_way_and_says_when_cancelled(
    qtbot, exported_template, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from liushou_desk.ui.principal_window import PrincipalWindow

    _db, result = copy_exported(exported_template, tmp_path)
    prompts = ScriptedPrompts()
    answers: list[str | None] = [None, "k7qxm3pazt9h4rwe"]
    prompts.archive_password = lambda parent, name: answers.pop(0)  # type: ignore[method-assign]
    window = PrincipalWindow(tmp_path / "opened", prompts)
    qtbot.addWidget(window)
    assert not window.open_file(result.path)  # cancelled: said, not a silent quit
    assert prompts.infos == [f"没有输入密码，未打开“{result.path.name}”。"]
    assert window.open_file(result.path)
    assert prompts.errors == [] and window.overview.rowCount() == 1
    window.close()


# -- the lock screen's log ------------------------------------------------------------------------
def _encrypted(tmp_path: Path) -> tuple[Path, str]:
    db = tmp_path / "class.sqlite"
    recovery = protection.new_protected(db, "我的密码2026", params=FAST)
    archive = open_archive(db)
    add_known_pupil(archive, "赵玥")
    archive.close()
    cipher.forget_all()
    return db, recovery


def test_a_wrong_lock_password_is_no_error_in_the_log(qtbot, tmp_path, caplog) -> None:  # type: ignore[no-untyped-def]
    from liushou_desk.ui.unlock_dialog import UnlockDialog

    db, _recovery = _encrypted(tmp_path)
    dialog = UnlockDialog(db, protection.FailedUnlocks(), locked=True, new_password_params=FAST)
    qtbot.addWidget(dialog)
    caplog.set_level(logging.DEBUG)
    dialog.password.setText("错的密码-secret")
    dialog.unlock_button.click()
    qtbot.waitUntil(lambda: dialog.task is None, timeout=10000)
    assert dialog.message.text() == "密码不对（已连续输错 1 次）。"
    other = new_recovery_key()
    dialog.show_page(1)  # a recovery key of another archive
    dialog.recovery.setText(other)
    dialog.new_password.setText("新的密码2027年")
    dialog.confirm.setText("新的密码2027年")
    dialog.recover_button.click()
    qtbot.waitUntil(lambda: dialog.task is None, timeout=10000)
    assert "不属于这份档案" in dialog.message.text()
    assert [r.levelname for r in caplog.records] == ["INFO", "INFO"]
    for record in caplog.records:
        assert record.exc_info is None  # no traceback
        text = record.getMessage()
        assert "secret" not in text and other[:9] not in text and "赵玥" not in text
    assert "后台任务失败" not in caplog.text


def test_a_recovery_unlock_shows_that_it_is_working_then_opening(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from liushou_desk.ui.unlock_dialog import UnlockDialog

    db, recovery = _encrypted(tmp_path)
    dialog = UnlockDialog(db, protection.FailedUnlocks(), new_password_params=FAST)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.show_page(1)
    dialog.recovery.setText(recovery.lower().replace("-", " "))
    dialog.new_password.setText("新的密码2027年")
    dialog.confirm.setText("新的密码2027年")
    dialog.recover_button.click()
    assert dialog.busy_bar.isVisible()  # a moving bar, the inputs off, words saying what
    assert "正在核对恢复密钥" in dialog.message.text()
    assert not dialog.recovery.isEnabled()
    qtbot.waitUntil(lambda: dialog.task is None, timeout=10000)
    assert dialog.result() == 1 and dialog.key is not None
    assert dialog.message.text() == "正在打开档案…"
    assert not dialog.busy_bar.isVisible()
    assert QApplication.overrideCursor() is None  # the wait cursor is given back


# -- 帮助 -----------------------------------------------------------------------------------------
def _menu_actions(window) -> list[QAction]:  # type: ignore[no-untyped-def]
    found: list[QAction] = []

    def walk(menu: QMenu) -> None:
        for action in menu.actions():
            sub = action.menu()
            if isinstance(sub, QMenu):
                walk(sub)
            elif not action.isSeparator():
                found.append(action)

    for top in window.menuBar().actions():
        walk(top.menu())
    return found


def _kept(shown: list) -> Callable[[QDialog], bool]:  # type: ignore[type-arg]
    """An ``exec_dialog`` that keeps the dialog for the test and runs nothing."""

    def keep(dialog: QDialog) -> bool:
        shown.append(dialog)
        return False

    return keep


def test_help_lists_every_shortcut_the_menus_have(qtbot, demo_db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from liushou_desk.ui.help_dialog import (
        FORM_SHORTCUTS,
        HelpDialog,
        guide_references,
        menu_entries,
    )

    window, _archive = open_window(qtbot, demo_db)
    shown: list[HelpDialog] = []
    window.exec_dialog = _kept(shown)
    actions = {a.text(): a for a in _menu_actions(window)}
    assert actions["快速上手…"].shortcut() == QKeySequence(QKeySequence.StandardKey.HelpContents)
    actions["快捷键…"].trigger()
    (dialog,) = shown
    assert dialog.pages.currentWidget() is dialog.keys
    texts = dialog.shortcut_texts()
    with_keys = [a for a in actions.values() if not a.shortcut().isEmpty()]
    assert len(with_keys) >= 10  # 新增学生, 记谈心 … 记家访, 打印, 锁定, 撤销, 重做, 快速上手 …
    for action in with_keys:
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        word = action.text().split("\t")[0].replace("&", "")
        assert any(word in t and keys in t for t in texts), (word, keys)
    for text in ("记谈心… Ctrl+T", "记亲情电话… Ctrl+J", "锁定档案 Ctrl+L"):
        assert any(text in t for t in texts), text
    # the pages' own shortcuts are really there (the roster's here; the forms' by their code)
    roster_keys = [s.key() for s in window.roster_tab.findChildren(QShortcut)]
    assert FORM_SHORTCUTS[0][2] in roster_keys
    # every menu item 快速上手 names is a real one
    entries = {(e.menu, e.text) for e in menu_entries(window)}
    assert guide_references() and set(guide_references()) <= entries
    actions["快速上手…"].trigger()
    guide = shown[-1]
    assert guide.pages.currentWidget() is guide.guide
    text = guide.guide.toPlainText()
    for step in ("导入名册", "五个清楚", "每周的记录", "期末打印", "交给校长的档案"):
        assert step in text
    assert "Ctrl+T 记谈心" in text
    for i, d in enumerate(shown):
        d.resize(d.size())
        assert d.width() <= 1366 and d.height() <= 768 - 60
        d.grab().save(str(tmp_path / f"help-{i}.png"))


# -- 操作日志 -------------------------------------------------------------------------------------
def test_the_log_names_the_teacher_and_stays_intact(tmp_path: Path, demo_db: Path) -> None:
    import getpass

    archive = open_archive(demo_db)
    try:
        before = audit.entries(archive)
        info = get_info(archive)
        set_info(archive, ClassInfo(info.school, info.class_name, ""))
        add_known_pupil(archive, "周燊")
        assert audit.entries(archive)[0].actor == getpass.getuser()  # no name: the account
        set_info(archive, ClassInfo(info.school, info.class_name, "李秀英"))
        add_known_pupil(archive, "钱淏")
        newest = audit.entries(archive)
        assert newest[0].actor == "李秀英"  # the last step of adding her (留守认定)
        assert any(e.action == audit.Action.CLASS_INFO and e.actor == "李秀英" for e in newest)
        assert {(e.id, e.actor) for e in before} <= {(e.id, e.actor) for e in newest}
        assert audit.verify(archive).ok  # only new entries carry the name
    finally:
        archive.close()


# -- 历史版本 -------------------------------------------------------------------------------------
def test_history_shows_a_change_the_summary_leaves_out(qtbot, demo_db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from liushou_desk.ui.record_history_dialog import RecordHistoryDialog

    archive = open_archive(demo_db)
    pid = add_known_pupil(archive, "周燊")
    values = {"date": "2026-11-18", "teacher": "王老师", "topic": "学习压力大", "mood": "焦虑"}
    rid, _ = records.create_record(archive, "talk", pid, RecordValues(dict(values)), TODAY)
    records.update_record(
        archive, rid, RecordValues({**values, "effect": "谈完后情绪好多了"}), TODAY
    )
    archive.close()
    window, archive = open_window(qtbot, demo_db)
    (old,) = records.record_history(archive, rid)
    current = records.get_record(archive, rid)
    assert old.summary == current.summary  # what the old history box compared
    shown: list[RecordHistoryDialog] = []
    window.exec_dialog = _kept(shown)
    window.records.show_record_history(rid)
    (dialog,) = shown
    assert dialog.windowTitle() == "周燊的谈心记录 · 历史版本"
    assert dialog.changed_labels(1) == ["效果"]
    assert dialog.text_at("效果", 0) == "—" and dialog.text_at("效果", 1) == "谈完后情绪好多了"
    assert dialog.text_at("谈心主题", 0) == dialog.text_at("谈心主题", 1) == "学习压力大"
    assert "第 2 版改了：效果" in dialog.changes_label.text()
    dialog.only_changed.setChecked(True)  # only what changed
    shown_rows = [
        dialog.rows[r][0] for r in range(len(dialog.rows)) if not dialog.table.isRowHidden(r)
    ]
    assert shown_rows == ["效果"]
    dialog.only_changed.setChecked(False)
    assert dialog.width() <= 1366 and dialog.height() <= 768 - 60
    dialog.grab().save(str(tmp_path / "history.png"))


# -- the roster and the success messages -------------------------------------------------------
def test_an_empty_search_says_nothing_was_found(qtbot, demo_db) -> None:  # type: ignore[no-untyped-def]
    window, _archive = open_window(qtbot, demo_db)
    tab = window.roster_tab
    window.tabs.setCurrentWidget(tab)
    assert not tab.empty_hint.isVisibleTo(tab)
    tab.search.setText("qqqxyz")
    assert tab.visible_names() == []
    assert tab.empty_hint.isVisibleTo(tab)
    assert tab.empty_hint.text().startswith("没有找到“qqqxyz”。")
    tab.search.clear()
    assert not tab.empty_hint.isVisibleTo(tab)


def test_saved_files_are_offered_with_their_folder(qtbot, demo_db, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    prompts = ScriptedPrompts()
    window, _archive = open_window(qtbot, demo_db, prompts)
    out = tmp_path / "名册模板.xlsx"
    prompts.save_xlsx = lambda parent, suggested: out  # type: ignore[method-assign]
    window.files.save_roster_template()
    assert prompts.saved_shown == [out]

    opened: list[Path] = []
    monkeypatch.setattr(Prompts, "open_folder", lambda self, saved: opened.append(saved))
    seen: list[str] = []

    def click_open_folder() -> None:
        box = QApplication.activeModalWidget()
        assert box is not None
        buttons = {b.text(): b for b in box.findChildren(QPushButton)}
        seen.extend(buttons)
        buttons["打开文件夹"].click()

    QTimer.singleShot(0, click_open_folder)
    Prompts().info(window, "名册模板已保存。", str(out), saved=out)
    assert {"确定", "打开文件夹"} <= set(seen)
    assert opened == [out]
