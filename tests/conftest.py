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
    from liushou_desk.services.demo import make_demo

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    make_demo(path, pupils=45, seed=7, today=TODAY)
    return path


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path) -> Path:
    """A private copy of the demo class for one test."""
    target = tmp_path / "class.sqlite"
    shutil.copyfile(demo_template, target)
    return target
