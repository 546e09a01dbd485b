"""Bundled files (资源): icons and, later, fonts — found inside the installed package, or in
the repository's top-level ``resources/`` folder when running from a checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGED = Path(__file__).with_name("resources")
_CHECKOUT = Path(__file__).resolve().parents[2] / "resources"


def resource_path(relative: str) -> Path:
    for base in (_PACKAGED, _CHECKOUT):
        candidate = base / relative
        if candidate.exists():
            return candidate
    return _PACKAGED / relative
