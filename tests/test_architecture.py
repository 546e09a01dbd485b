"""The package's shape: no import circles, small modules, a small main window, and the window
reaching the archive only through the use cases (ops), the services, the domain and io."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "liushou_desk"
ALLOWED_FOR_UI = ("ops", "services", "domain", "io", "ui")
TOP_LEVEL_HELPERS = {
    "liushou_desk",
    "liushou_desk.paths",
    "liushou_desk.resources",
    "liushou_desk.safe_files",
}  # the app's name, its folders, safe writes


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _imports(path: Path, known: dict[str, Path]) -> set[str]:
    """Every liushou_desk module ``path`` imports — at the top, in functions, or for typing."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names: list[str] = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        found.update(n for n in names if n in known)
    return found


def _graph() -> dict[str, set[str]]:
    known = _modules()
    return {name: _imports(path, known) - {name} for name, path in known.items()}


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for v in graph:
        if v not in index:
            visit(v)
    return groups


def test_the_circle_finder_finds_a_circle() -> None:
    assert _circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _circles({"a": {"b"}, "b": set()}) == []


def test_no_import_circles() -> None:
    assert _circles(_graph()) == []


def test_no_module_over_500_lines() -> None:
    long = {
        str(p.relative_to(PACKAGE)): n
        for p in PACKAGE.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 500
    }
    assert long == {}


def test_main_window_under_300_lines() -> None:
    lines = (PACKAGE / "ui" / "main_window.py").read_text(encoding="utf-8").splitlines()
    assert len(lines) < 300


def test_ui_reaches_the_archive_only_through_use_cases_and_services() -> None:
    graph = _graph()
    wrong = defaultdict(set)
    for module, targets in graph.items():
        if not module.startswith("liushou_desk.ui"):
            continue
        for target in targets:
            layer = target.split(".")[1] if target.count(".") else ""
            if target not in TOP_LEVEL_HELPERS and layer not in ALLOWED_FOR_UI:
                wrong[module].add(target)
    assert dict(wrong) == {}


def test_only_ui_imports_qt() -> None:
    qt_outside = set()
    for path in PACKAGE.rglob("*.py"):
        if path.relative_to(PACKAGE).parts[0] == "ui":
            continue
        text = path.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("PySide6"):
                qt_outside.add(str(path.relative_to(PACKAGE)))
            if isinstance(node, ast.Import) and any(
                a.name.startswith("PySide6") for a in node.names
            ):
                qt_outside.add(str(path.relative_to(PACKAGE)))
    # the command line starts the window (cli/window) and checks the platform via ui modules only
    assert qt_outside == set()
