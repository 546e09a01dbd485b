"""The window's shape: MainWindow is small, no ui module imports another in a circle (the
mixins that shared ``self`` are gone), and the controllers never reach back to the window."""

from __future__ import annotations

from .test_architecture import PACKAGE, _circles, _graph


def test_main_window_module_is_under_300_lines() -> None:
    lines = (PACKAGE / "ui" / "main_window.py").read_text(encoding="utf-8").splitlines()
    assert len(lines) < 300


def test_no_ui_module_imports_another_in_a_circle() -> None:
    graph = _graph()
    ui = {m: {t for t in ts if t.startswith("liushou_desk.ui")} for m, ts in graph.items()}
    ui = {m: ts for m, ts in ui.items() if m.startswith("liushou_desk.ui")}
    assert _circles(ui) == []


def test_controllers_do_not_import_the_window() -> None:
    graph = _graph()
    reaching_back = {
        m
        for m, targets in graph.items()
        if m.startswith("liushou_desk.ui.controllers") and "liushou_desk.ui.main_window" in targets
    }
    assert reaching_back == set()
