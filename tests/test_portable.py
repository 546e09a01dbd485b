"""绿色版: a portable copy keeps its data beside the program, except on a USB stick, where the
live data stays on the computer and the stick gets verified copies."""

from __future__ import annotations

import sys

from liushou_desk import paths


def _frozen(monkeypatch, folder, *, marker: bool, removable: bool) -> None:
    monkeypatch.delenv("LIUSHOU_HOME", raising=False)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(folder / "liushou-desk.exe"))
    if marker:
        (folder / "portable.txt").write_text("", encoding="utf-8")
    monkeypatch.setattr(paths, "_on_removable_drive", lambda _f: removable)


def test_installed_build_uses_the_user_data_folder(tmp_path, monkeypatch):
    _frozen(monkeypatch, tmp_path, marker=False, removable=False)
    assert paths.portable_data() is None
    assert paths.data_home() != tmp_path / "数据"
    assert paths.stick_copies_dir() is None


def test_portable_build_keeps_data_beside_the_program(tmp_path, monkeypatch):
    _frozen(monkeypatch, tmp_path, marker=True, removable=False)
    assert paths.data_home() == tmp_path / "数据"
    assert paths.default_db_path() == tmp_path / "数据" / "archive.sqlite"
    assert paths.stick_copies_dir() is None


def test_portable_build_on_a_usb_stick_keeps_live_data_on_the_computer(tmp_path, monkeypatch):
    _frozen(monkeypatch, tmp_path, marker=True, removable=True)
    assert paths.data_home() != tmp_path / "数据"
    assert paths.stick_copies_dir() == tmp_path / "数据" / "备份"


def test_running_from_python_is_never_portable(tmp_path, monkeypatch):
    monkeypatch.delenv("LIUSHOU_HOME", raising=False)
    monkeypatch.setattr(sys, "frozen", False, raising=False)
    assert paths.program_dir() is None and paths.portable_data() is None
