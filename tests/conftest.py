"""Shared fixtures: offscreen Qt, a private data folder per test, and a demo class on disk."""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TODAY = date(2026, 11, 23)


@pytest.fixture(autouse=True)
def liushou_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Everything the app writes during a test goes under this folder (LIUSHOU_HOME)."""
    home = tmp_path / "home"
    monkeypatch.setenv("LIUSHOU_HOME", str(home))
    monkeypatch.delenv("LIUSHOU_PASSWORD", raising=False)
    return home


@pytest.fixture(autouse=True)
def no_keys_held() -> object:
    """No test sees the data keys another test unlocked."""
    from liushou_desk.db import cipher

    cipher.forget_all()
    yield
    cipher.forget_all()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One 45-pupil demo class per test session, copied by ``demo_db`` for each test."""
    from liushou_desk.demo import make_demo

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    make_demo(path, pupils=45, seed=7, today=TODAY)
    return path


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path) -> Path:
    """A private copy of the demo class for one test."""
    target = tmp_path / "class.sqlite"
    shutil.copyfile(demo_template, target)
    return target


EXPORT_PASSWORD = "K7QX-M3PA-ZT9H-4RWE"


@pytest.fixture(scope="session")
def exported_template(demo_template: Path, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The demo class exported once per test session for the principal (导出档案): the class
    file after the export and the zip, copied by each test that reads or damages them."""
    from liushou_desk.db.schema import open_archive
    from liushou_desk.io.usb_archive import export_archive

    folder = tmp_path_factory.mktemp("exported")
    db = folder / "class.sqlite"
    shutil.copyfile(demo_template, db)
    stick = folder / "U盘"
    stick.mkdir()
    archive = open_archive(db)
    try:
        result = export_archive(archive, stick, EXPORT_PASSWORD, TODAY)
    finally:
        archive.close()
    return db, result


def copy_exported(template, tmp_path: Path):  # type: ignore[no-untyped-def]
    """A private copy of the exported class and its zip: (class file, ExportResult)."""
    import dataclasses

    db, result = template
    target = tmp_path / "class.sqlite"
    shutil.copyfile(db, target)
    stick = tmp_path / "U盘"
    stick.mkdir()
    zip_copy = stick / result.path.name
    shutil.copyfile(result.path, zip_copy)
    return target, dataclasses.replace(result, path=zip_copy)
