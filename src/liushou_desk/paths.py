"""Where the app keeps its files (数据目录).

Everything the app writes lives under one folder: ``LIUSHOU_HOME`` when set (tests and
benchmarks rely on it); in the portable build (绿色版: a ``portable.txt`` beside the program) the
``数据`` folder beside the program; otherwise the platform's user data folder. A portable copy
on a USB stick keeps its live data on the computer (SQLite is not safe on a stick) and writes
verified copies to the stick instead (``stick_copies_dir``).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from liushou_desk import APP_NAME

HOME_ENV = "LIUSHOU_HOME"
PORTABLE_MARKER = "portable.txt"
PORTABLE_DATA = "数据"


def program_dir() -> Path | None:
    """The folder of the bundled program (None when running from Python)."""
    return Path(sys.executable).parent if getattr(sys, "frozen", False) else None


def portable_data() -> Path | None:
    """The 数据 folder of a portable copy, or None when this is not one."""
    folder = program_dir()
    if folder is None or not (folder / PORTABLE_MARKER).exists():
        return None
    return folder / PORTABLE_DATA


def _on_removable_drive(folder: Path) -> bool:
    from liushou_desk.db.location import storage_problem

    return storage_problem(folder) is not None


def data_home() -> Path:
    override = os.environ.get(HOME_ENV)
    if override:
        return Path(override)
    portable = portable_data()
    if portable is not None and not _on_removable_drive(portable.parent):
        return portable
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False, roaming=False)


def stick_copies_dir() -> Path | None:
    """Where a portable copy running from a USB stick puts its verified backups."""
    portable = portable_data()
    if portable is None or not _on_removable_drive(portable.parent):
        return None
    return portable / "备份"


def default_db_path() -> Path:
    return data_home() / "archive.sqlite"


def demo_db_path() -> Path:
    return data_home() / "demo" / "demo-class.sqlite"


def backups_dir() -> Path:
    return data_home() / "backups"


def logs_dir() -> Path:
    return data_home() / "logs"


def print_temp_dir() -> Path:
    """Where a PDF opened in the system viewer is written; emptied at every start, since the
    files hold children's details."""
    return data_home() / "打印临时文件"


def opened_archives_dir() -> Path:
    """Where the principal's window unpacks the archives it opens; removed when it closes."""
    return data_home() / "打开的档案"
