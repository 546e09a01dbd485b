"""The core (domain, db, services, io, pdf, the use cases in ops, the demo class, the command
line) must run without Qt, and the modules needed to show the roster must not pull in the
heavy libraries that are only needed later (start-up time)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"

IMPORT_ALL_CORE = """
import importlib, json, pkgutil, sys
imported = []
CORE = (
    "liushou_desk.domain",
    "liushou_desk.db",
    "liushou_desk.services",
    "liushou_desk.io",
    "liushou_desk.pdf",
    "liushou_desk.ops",
    "liushou_desk.demo",
    "liushou_desk.cli",
)
for package in CORE:
    pkg = importlib.import_module(package)
    imported.append(package)
    for info in pkgutil.walk_packages(pkg.__path__, package + "."):
        # Alembic's env.py and revision scripts run only inside Alembic, not on import.
        if info.name.startswith("liushou_desk.db.migrations."):
            continue
        importlib.import_module(info.name)
        imported.append(info.name)
print(json.dumps({"imported": imported, "modules": sorted(sys.modules)}))
"""

STARTUP = """
import json, sys
import liushou_desk.db.schema, liushou_desk.services.roster, liushou_desk.services.profile
print(json.dumps({"modules": sorted(sys.modules)}))
"""


def run(code: str) -> dict[str, list[str]]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(SRC), env.get("PYTHONPATH", "")) if p)
    env.pop("QT_API", None)
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def top_level(modules: list[str]) -> set[str]:
    return {m.split(".")[0] for m in modules}


@pytest.fixture(scope="module")
def core() -> dict[str, list[str]]:
    return run(IMPORT_ALL_CORE)


def test_every_core_module_was_imported(core: dict[str, list[str]]) -> None:
    imported = set(core["imported"])
    # The walk really found the modules (it is not an empty loop).
    for name in (
        "liushou_desk.domain.idcard",
        "liushou_desk.domain.eligibility",
        "liushou_desk.domain.profile",
        "liushou_desk.db.schema",
        "liushou_desk.db.models",
        "liushou_desk.db.migrate",
        "liushou_desk.services.roster",
        "liushou_desk.services.profile",
        "liushou_desk.services.check",
        "liushou_desk.io",
        "liushou_desk.pdf.term_report",
        "liushou_desk.pdf.fonts",
    ):
        assert name in imported, name
    assert len(imported) >= 20


def test_core_does_not_import_qt(core: dict[str, list[str]]) -> None:
    loaded = top_level(core["modules"])
    assert "PySide6" not in loaded
    assert "shiboken6" not in loaded
    assert "liushou_desk.ui" not in core["modules"]


@pytest.fixture(scope="module")
def startup() -> dict[str, list[str]]:
    return run(STARTUP)


def test_core_never_loads_pythons_own_sqlite(core: dict[str, list[str]]) -> None:
    """Every connection goes through SQLCipher (db/cipher.py): a file opened with Python's own
    sqlite3 would miss the key, and the bundle leaves that module out."""
    loaded = top_level(core["modules"])
    assert "sqlcipher3" in loaded
    assert "sqlite3" not in loaded and "_sqlite3" not in loaded


@pytest.mark.parametrize(
    "heavy",
    ["alembic", "pypinyin", "phonenumbers", "reportlab", "openpyxl", "argon2", "Cryptodome"],
)
def test_startup_modules_leave_heavy_libraries_unloaded(
    startup: dict[str, list[str]], heavy: str
) -> None:
    loaded = top_level(startup["modules"])
    assert "liushou_desk.services.roster" in startup["modules"]  # the imports did happen
    assert heavy not in loaded
    assert "PySide6" not in loaded
