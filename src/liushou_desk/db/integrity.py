"""完整性检查 (integrity checks): what SQLite itself says of an archive file or a backup, read
without writing — used before opening, after a backup and before a restore."""

from __future__ import annotations

from pathlib import Path

from liushou_desk.db import cipher


def sqlite_check(path: Path, pragma: str = "quick_check") -> str:
    """``ok``, or what SQLite's ``quick_check`` / ``integrity_check`` found wrong."""
    try:
        con = cipher.connect_readonly(path)
        try:
            rows = con.execute(f"PRAGMA {pragma}").fetchall()
        finally:
            con.close()
    except cipher.DatabaseError as exc:
        return str(exc)
    return "; ".join(r[0] for r in rows)[:500]
