"""命令的档案 (the archive for one command): opened through ``ops.commands`` exactly as the
window opens it — unlocked with LIUSHOU_PASSWORD, the writer's lock taken by every command that
writes (the archive or its 操作日志), read-only commands never upgrading the file — and a
refusal turned into its message and exit code."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from liushou_desk.cli.common import fail

if TYPE_CHECKING:
    from liushou_desk.ops.archive import Archive


def with_archive(
    db: Path,
    body: Callable[[Archive], int],
    *,
    writes: bool,
    create: bool = False,
    upgrade: bool = True,
) -> int:
    """``body(archive)``'s exit code, the archive closed and the lock released afterwards; or
    1 after saying why the archive could not be opened (missing, locked, open elsewhere,
    damaged, from a newer version …)."""
    from liushou_desk.ops.commands import archive_for_command
    from liushou_desk.ops.questions import OpenRefused

    try:
        with archive_for_command(db, writes=writes, create=create, upgrade=upgrade) as archive:
            return body(archive)
    except OpenRefused as exc:
        return fail(str(exc))


def refused(call: Callable[[], int]) -> int:
    """``call()``'s exit code, or 1 after saying why ops refused (a lock, a password)."""
    from liushou_desk.ops.questions import OpenRefused

    try:
        return call()
    except OpenRefused as exc:
        return fail(str(exc))
