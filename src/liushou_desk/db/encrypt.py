"""加密现有档案: turning a plain archive (or a backup of it) into an encrypted one, safely.

The plain file is exported page for page into a new encrypted file beside it
(``sqlcipher_export``); the new file is checked — integrity, and every table's row count
against the original — and flushed to the disk before it takes the archive's name. Only then
is the plain file overwritten and deleted. A failure at any point leaves the plain archive as
it was.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from liushou_desk.db import cipher
from liushou_desk.db.cipher import DataKey
from liushou_desk.db.errors import ArchiveOpenError
from liushou_desk.safe_files import fsync_dir, wipe_file


class EncryptError(ArchiveOpenError):
    """The encrypted copy could not be made or did not verify; nothing was changed."""


def _counts(con: cipher.Connection, schema: str = "main") -> dict[str, int]:
    tables = [
        r[0]
        for r in con.execute(
            f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    return {t: con.execute(f'SELECT count(*) FROM {schema}."{t}"').fetchone()[0] for t in tables}


def export_copy(
    source: Path, target: Path, key: DataKey | None, *, source_key: DataKey | None = None
) -> None:
    """Write the archive at ``source`` into the new file ``target``, encrypted with ``key``
    (or plain when ``key`` is None), and verify it; ``target`` must not exist."""
    if target.exists():
        raise EncryptError(f"文件已存在：{target}")
    try:
        con = cipher.connect(source, key=source_key)
        try:
            con.execute("BEGIN")  # one consistent state of the source
            expected = _counts(con)
            con.execute(
                "ATTACH DATABASE ? AS copy KEY ?",
                (str(target), f"x'{key.raw.hex()}'" if key else ""),
            )
            con.execute("SELECT sqlcipher_export('copy')")
            version = con.execute("PRAGMA main.user_version").fetchone()[0]
            con.execute(f"PRAGMA copy.user_version = {int(version)}")
            con.execute("COMMIT")
            con.execute("DETACH DATABASE copy")
        finally:
            con.close()
        check = cipher.connect_readonly(target, key=key)
        try:
            result = check.execute("PRAGMA integrity_check").fetchone()[0]
            found = _counts(check)
        finally:
            check.close()
    except cipher.Error as exc:
        _discard(target)
        raise EncryptError(f"无法为“{source.name}”制作加密副本：{exc}") from exc
    except BaseException:
        _discard(target)
        raise
    if result != "ok" or found != expected:
        _discard(target)
        raise EncryptError(f"“{source.name}”的加密副本校验未通过，原文件没有改动。")
    with open(target, "rb+") as fh:
        os.fsync(fh.fileno())


def _discard(path: Path) -> None:
    for item in (path, Path(f"{path}-journal"), Path(f"{path}-wal"), Path(f"{path}-shm")):
        with contextlib.suppress(OSError):
            item.unlink(missing_ok=True)


def encrypt_in_place(path: Path, key: DataKey) -> None:
    """Replace the plain archive at ``path`` by an encrypted, verified copy of it.

    No connection to ``path`` may be open (the app closes its archive first; it holds the
    writer's lock). The key file must already be written, so the encrypted file is never
    without a way in.
    """
    if not cipher.is_plain(path) or not path.exists():
        raise EncryptError(f"“{path.name}”不是未加密的档案文件。")
    temp = path.with_name(path.name + ".encrypting")
    _discard(temp)
    export_copy(path, temp, key)
    wal, shm = Path(f"{path}-wal"), Path(f"{path}-shm")
    if wal.exists() and wal.stat().st_size > 0:
        _discard(temp)
        raise EncryptError(f"档案“{path.name}”正被另一个程序使用，没有加密。请关闭其他窗口后再试。")
    for side in (wal, shm):
        side.unlink(missing_ok=True)
    _swap(path, temp)
    cipher.remember(path, key)


def _swap(path: Path, temp: Path) -> None:
    """``temp`` takes ``path``'s name; the plain original is then overwritten and deleted."""
    old = path.with_name(path.name + ".plain-old")
    os.replace(path, old)
    os.replace(temp, path)
    fsync_dir(path.parent)
    wipe_file(old)


def finish_interrupted(path: Path) -> None:
    """Tidy what an encryption cut off by a power cut left: the plain original is wiped only
    once the encrypted archive is in place; an unfinished copy is dropped."""
    old = path.with_name(path.name + ".plain-old")
    if old.exists():
        if path.exists() and not cipher.is_plain(path):
            wipe_file(old)
        elif not path.exists():
            os.replace(old, path)  # cut off between the two renames: the plain file goes back
    _discard(path.with_name(path.name + ".encrypting"))


def encrypt_backups(folder: Path, key: DataKey) -> int:
    """Encrypt every plain backup (``*.sqlite``) in ``folder``, each verified; how many."""
    done = 0
    if not folder.is_dir():
        return 0
    for backup in sorted(folder.glob("*.sqlite")):
        if backup.stat().st_size == 0 or not cipher.is_plain(backup):
            continue
        temp = backup.with_name(backup.name + ".encrypting")
        _discard(temp)
        export_copy(backup, temp, key)
        _swap(backup, temp)
        done += 1
    return done
