"""档案 (the archive) as the window holds it: the open archive handle the use cases and
services take. The window names the type from here, never from the database layer."""

from __future__ import annotations

from liushou_desk.db.engine import Archive

__all__ = ["Archive"]
