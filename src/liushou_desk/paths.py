"""Where the app keeps its files (数据目录).

Everything the app writes lives under one folder: the platform's user data folder, or
``LIUSHOU_HOME`` when set (tests and benchmarks rely on it).
"""

from __future__ import annotations

import os
from pathlib import Path

from liushou_desk import APP_NAME

HOME_ENV = "LIUSHOU_HOME"


def data_home() -> Path:
    override = os.environ.get(HOME_ENV)
    if override:
        return Path(override)
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False, roaming=False)


def default_db_path() -> Path:
    return data_home() / "archive.sqlite"


def demo_db_path() -> Path:
    return data_home() / "demo" / "demo-class.sqlite"


def backups_dir() -> Path:
    return data_home() / "backups"


def logs_dir() -> Path:
    return data_home() / "logs"
