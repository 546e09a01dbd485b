"""密码强度: common and short passwords are refused for the archive, in the window and on the
command line; an archive locked earlier with a weak password still opens."""

from __future__ import annotations

from pathlib import Path

import pytest

from liushou_desk.db import cipher, keyfile
from liushou_desk.db.keyfile import KdfParams
from liushou_desk.domain.passwords import password_problem
from liushou_desk.services import protection

FAST = KdfParams(time_cost=1, memory_kib=1024)


@pytest.mark.parametrize(
    "weak",
    [
        "123456",  # short, and the commonest of all
        "password",
        "qwerty",
        "12345678",
        "qwertyui",
        "1qaz2wsx",  # a keyboard walk, common in China
        "5201314a",
        "woaini1314",
        "qq123456",
        "a1234567",
        "abc12345",
        "19850612",  # a birthday
        "aaaaaaaa",
        "11111111",
        "abcdefgh1",
    ],
)
def test_common_short_and_guessable_passwords_are_refused(weak: str) -> None:
    problem = password_problem(weak)
    assert problem is not None
    assert "密码" in problem


@pytest.mark.parametrize(
    "strong",
    ["K7QX-M3PA-ZT9H-4RWE", "班主任的密码2026", "Xg7#kq9!", "zhangwei1985", "shuxue2024"],
)
def test_reasonable_passwords_pass(strong: str) -> None:
    assert password_problem(strong) is None


def test_the_reason_is_said_in_words() -> None:
    assert "至少要有 8 个字符" in (password_problem("ab12!") or "")
    assert "常见密码" in (password_problem("password") or "")
    assert "日期" in (password_problem("19850612") or "")


def test_the_school_class_and_teacher_names_are_guessable() -> None:
    words = ("阳光小学", "三年级二班", "李老师")
    assert password_problem("阳光小学12345") is None  # without the context: just characters
    assert "学校、班级或老师" in (password_problem("阳光小学12345", words) or "")


def test_a_weak_password_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite"
    for weak in ("password", "12345678", "woaini1314"):
        with pytest.raises(protection.PasswordError):
            protection.new_protected(db, weak, weak, params=FAST)
    assert list(tmp_path.iterdir()) == []


def test_an_archive_locked_earlier_with_a_weak_password_still_opens(tmp_path: Path) -> None:
    """Only new passwords are judged: the password of an older key file keeps working."""
    db = tmp_path / "old.sqlite"
    recovery = keyfile.new_recovery_key()
    key = keyfile.data_key_from_recovery(recovery)
    keyfile.write_keyfile(db, key, "123456", FAST, recovery=recovery)
    try:
        assert protection.unlock(db, "123456") == key
    finally:
        cipher.forget_all()
    with pytest.raises(protection.PasswordError):
        protection.change_password(db, "123456", "654321", params=FAST)


def test_the_window_names_the_field_and_writes_nothing(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from liushou_desk.ui.set_password_dialog import ENCRYPT, SetPasswordDialog

    applied: list[str] = []
    dialog = SetPasswordDialog(
        ENCRYPT, lambda _old, new, _c: applied.append(new), None, ("阳光小学",)
    )
    qtbot.addWidget(dialog)
    for weak, words in (("qwerty", "至少要有 8 个字符"), ("阳光小学12345", "学校、班级或老师")):
        dialog.new.line.setText(weak)
        dialog.confirm.line.setText(weak)
        dialog.submit()
        assert words in dialog.new.error
    assert applied == [] and dialog.task is None
    from PySide6.QtWidgets import QLabel

    assert any("至少 8 个字符" in label.text() for label in dialog.findChildren(QLabel))
