"""安全写文件: a file is written under a temporary name, flushed to the disk and only then
given its name, so a crash, a full disk or a USB stick pulled out never leaves a file that
looks complete but is not."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (Windows cannot open a folder; rename is durable)."""
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_bytes_safely(out: Path, data: bytes) -> None:
    """Write ``data`` to ``out`` through ``out.part``: flushed, fsynced, renamed."""
    out.parent.mkdir(parents=True, exist_ok=True)
    temp = out.with_name(out.name + ".part")
    try:
        with open(temp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, out)
    finally:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)
    fsync_dir(out.parent)


def wipe_file(path: Path) -> None:
    """Overwrite a file with zeros, flush it to the disk, then delete it: its old contents do
    not stay readable in the freed space (on a hard disk; an SSD may keep old blocks)."""
    try:
        size = path.stat().st_size
        with open(path, "r+b") as handle:
            chunk = b"\0" * (1 << 20)
            left = size
            while left > 0:
                handle.write(chunk[: min(left, len(chunk))])
                left -= len(chunk)
            handle.flush()
            os.fsync(handle.fileno())
    except FileNotFoundError:
        return
    except OSError:
        pass  # read-only or locked: deleting it is still better than leaving it
    path.unlink(missing_ok=True)


def wipe_tree(folder: Path) -> None:
    """Wipe every file under ``folder``, then remove the folders."""
    import shutil

    if not folder.exists():
        return
    for item in sorted(folder.rglob("*"), reverse=True):
        with contextlib.suppress(OSError):
            if item.is_file() and not item.is_symlink():
                wipe_file(item)
    shutil.rmtree(folder, ignore_errors=True)
