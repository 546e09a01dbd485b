"""打开档案 (the principal's side of the archive, usb_archive.py writes it): the password, the
manifest checked (io/archive_manifest.py: its shape, its MAC), then the four known parts — and
only those — streamed out of the zip into a private folder, each under its size limit and
hashed on the way, then the snapshot checked before anything reads it (io/snapshot_check.py).
Whatever fails, the folder is wiped; every refusal is an ``ArchiveReadError`` in Chinese.

Memory stays small whatever the archive holds: a part is never read whole, but in chunks of
``CHUNK`` bytes, and no more than the manifest says it has (a zip bomb stops there).

A proposed key (K7QX-M3PA-ZT9H-4RWE) opens however it is typed — case, spaces and dashes do
not matter: the text as typed is tried first, then its written form, so archives made before
keep opening.
"""

from __future__ import annotations

import hashlib
import io
import json
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from liushou_desk.db import cipher
from liushou_desk.io.archive_manifest import (
    CARDS,
    FORM1,
    FORM3,
    LEGACY_FORMATS,
    MANIFEST,
    MAX_MANIFEST_BYTES,
    REPORT,
    SNAPSHOT,
    UNPROVEN,
    WORKBOOK,
    ArchiveKeys,
    ArchiveReadError,
    WrongArchivePassword,
    archive_keys,
    check_shape,
    parts_of,
    verify_mac,
)
from liushou_desk.safe_files import wipe_tree

CHUNK = 1024 * 1024
# no 0/O, 1/I/L: read aloud over the phone without mistakes
PASSWORD_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
# what a typed key may hold between its groups (an input method turns "-" into "－" or "—")
_KEY_SEPARATORS = frozenset("-‐‑‒–—―_·.,，、")
# where each part is unpacked: fixed names, never a name from the zip
UNPACKED = {
    REPORT: "期末总结报告.pdf",
    CARDS: "成长记录卡.pdf",
    WORKBOOK: "档案.xlsx",
    SNAPSHOT: "档案.sqlite",
    FORM1: "登记表（附件1）.pdf",
    FORM3: "统计表（附件3）.pdf",
}


def grouped(chars: str) -> str:
    return "-".join(chars[i : i + 4] for i in range(0, len(chars), 4))


def written_key(text: str) -> str | None:
    """A typed archive key in the form it was proposed and written (K7QX-M3PA-ZT9H-4RWE):
    case, spaces and dashes do not matter, as the recovery key screen says, and full-width
    letters from a Chinese input method read as plain ones. None when ``text`` is not such a
    key (a password of the teacher's own is used exactly as typed)."""
    clean = "".join(
        ch
        for ch in unicodedata.normalize("NFKC", text).upper()
        if not ch.isspace() and ch not in _KEY_SEPARATORS
    )
    if len(clean) != 16 or any(ch not in PASSWORD_ALPHABET for ch in clean):
        return None
    return grouped(clean)


def password_tries(text: str) -> list[str]:
    """The passwords to try for ``text``: as typed first (an archive locked with exactly that
    text keeps opening, whatever it was made with), then its written key form."""
    key = written_key(text)
    return [text] if key is None or key == text else [text, key]


class _Unpacking(Exception):
    """An OSError writing an unpacked part (kept apart from one reading the zip)."""

    def __init__(self, error: OSError) -> None:
        super().__init__(str(error))
        self.error = error


# --- the zip ------------------------------------------------------------------------------------


def _open_zip(path: Path, password: str):  # type: ignore[no-untyped-def]
    import pyzipper

    try:
        zf = pyzipper.AESZipFile(path)
    except (OSError, pyzipper.BadZipFile, ValueError, EOFError) as exc:
        raise ArchiveReadError(f"“{path.name}”不是完好的档案文件（{exc}）") from exc
    zf.setpassword(password.encode("utf-8"))
    return zf


def _stream(zf, name: str, limit: int, sink: IO[bytes] | None) -> tuple[str, int]:  # type: ignore[no-untyped-def]
    """The SHA-256 and size of the entry ``name``, read in chunks into ``sink`` (or nowhere);
    ArchiveReadError as soon as it holds more than ``limit`` bytes."""
    import zlib

    import pyzipper

    digest, size = hashlib.sha256(), 0
    try:
        info = zf.getinfo(name)
        if info.file_size > limit:  # what the zip itself says: refused before unpacking
            raise ArchiveReadError(f"“{name}”比清单所写的大，档案可能已损坏或被改动")
        with zf.open(info) as part:
            while chunk := part.read(CHUNK):
                size += len(chunk)
                if size > limit:
                    raise ArchiveReadError(f"“{name}”比清单所写的大，档案可能已损坏或被改动")
                digest.update(chunk)
                if sink is not None:
                    try:
                        sink.write(chunk)
                    except OSError as exc:  # the PC's disk, not the archive: said by the caller
                        raise _Unpacking(exc) from exc
    except _Unpacking as exc:
        raise exc.error from None
    except OSError as exc:  # reading the zip (a stick pulled out)
        raise ArchiveReadError(f"无法读取“{name}”：{exc.strerror or exc}") from exc
    except KeyError as exc:
        raise ArchiveReadError(f"档案中缺少“{name}”") from exc
    except RuntimeError as exc:
        if "password" in str(exc).lower():
            raise WrongArchivePassword("密码不对，请向班主任核对密码") from exc
        raise ArchiveReadError(f"无法读取“{name}”：{exc}") from exc
    except (pyzipper.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError) as exc:
        raise ArchiveReadError(f"“{name}”已损坏（{exc}）") from exc
    return digest.hexdigest(), size


def _checked_part(zf, name: str, info: dict[str, Any], sink: IO[bytes] | None) -> None:  # type: ignore[no-untyped-def]
    digest, size = _stream(zf, name, info["bytes"], sink)
    if size != info["bytes"] or digest != info["sha256"]:
        raise ArchiveReadError(f"“{name}”与清单不符，档案可能已损坏或被改动")


def _manifest(path: Path, password: str) -> dict[str, Any]:
    """The manifest of the zip, its shape checked (not yet its MAC)."""
    with _open_zip(path, password) as zf:
        data = io.BytesIO()
        _stream(zf, MANIFEST, MAX_MANIFEST_BYTES, data)
    try:
        manifest = json.loads(data.getvalue().decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise ArchiveReadError("档案清单已损坏") from exc
    return check_shape(manifest)


def _unlocked(path: Path, password: str) -> tuple[str, dict[str, Any]]:
    """The password that opens the archive (of ``password_tries``) and its manifest. When none
    does, the reason: damage found with any of them before a wrong password."""
    failures: list[ArchiveReadError] = []
    for attempt in password_tries(password):
        try:
            return attempt, _manifest(path, attempt)
        except ArchiveReadError as exc:
            failures.append(exc)
    raise next((e for e in failures if not isinstance(e, WrongArchivePassword)), failures[0])


def _opened(path: Path, password: str) -> tuple[str, dict[str, Any], ArchiveKeys]:
    """Password, manifest (shape and MAC checked) and the keys: one Argon2id run."""
    password, manifest = _unlocked(path, password)
    keys = archive_keys(manifest, password)
    verify_mac(manifest, keys)
    return password, manifest, keys


def read_manifest(path: Path, password: str, check_parts: bool = True) -> dict[str, Any]:
    """The manifest, its shape and MAC checked, and — ``check_parts`` — every part streamed
    and matched against its size and SHA-256 (nothing written anywhere); ``password`` as typed
    or in its written key form (``password_tries``)."""
    password, manifest, _keys = _opened(path, password)
    if check_parts:
        with _open_zip(path, password) as zf:
            for name in parts_of(manifest):
                _checked_part(zf, name, manifest["parts"][name], None)
    return manifest


@dataclass
class OpenedArchive:
    """An archive opened read-only by the principal: its facts and its parts."""

    path: Path
    manifest: dict  # type: ignore[type-arg]
    folder: Path  # private, unpacked: the snapshot and the PDFs
    snapshot: Path
    report: Path
    cards: Path
    workbook: Path
    form1: Path | None = None  # 登记表（附件1）, from format 4 on
    form3: Path | None = None  # 统计表（附件3）
    log_problem: str | None = None  # the snapshot's 操作日志 does not end where the export said

    @property
    def title(self) -> str:
        m = self.manifest
        return " ".join(
            x for x in (m.get("school", ""), m.get("class", ""), m.get("term", "")) if x
        )

    @property
    def warning(self) -> str | None:
        """What the principal must be told before reading it (an archive of an older format
        cannot be proven unaltered; a snapshot whose 操作日志 is not the one exported), or None."""
        said = [UNPROVEN] if self.manifest.get("format") in LEGACY_FORMATS else []
        if self.log_problem:
            said.append(self.log_problem)
        return "；".join(said) or None


def read_archive(path: Path, password: str, into: Path) -> OpenedArchive:
    """Check the manifest, unpack its parts into ``into`` (a private folder of the app)
    checking each, and check the snapshot; the snapshot's key is held by ``cipher``, so every
    connection to it opens it. Any failure wipes what was unpacked."""
    from liushou_desk.io.snapshot_check import check_snapshot

    password, manifest, keys = _opened(path, password)  # before unpacking anything
    folder = into / hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:16]
    files = {name: folder / UNPACKED[name] for name in parts_of(manifest)}
    try:
        wipe_tree(folder)
        folder.mkdir(parents=True)
        with _open_zip(path, password) as zf:
            for name in files:
                with open(files[name], "wb") as sink:
                    _checked_part(zf, name, manifest["parts"][name], sink)
        check_snapshot(files[SNAPSHOT], keys.snapshot)
    except OSError as exc:  # the PC's own disk (full, no permission): not the archive's fault
        wipe_tree(folder)
        raise ArchiveReadError(
            f"无法把档案解开到“{into}”：{exc.strerror or exc}。档案文件未受影响。"
        ) from exc
    except BaseException:
        wipe_tree(folder)  # nothing half-unpacked stays behind, whatever went wrong
        raise
    if keys.snapshot is not None:
        cipher.remember(files[SNAPSHOT], keys.snapshot)
    opened = OpenedArchive(
        path, manifest, folder, files[SNAPSHOT], files[REPORT], files[CARDS], files[WORKBOOK],
        files.get(FORM1), files.get(FORM3),
    )  # fmt: skip
    opened.log_problem = _log_problem(files[SNAPSHOT], manifest.get("audit_head"))
    return opened


def _log_problem(snapshot: Path, head: object) -> str | None:
    """Whether the snapshot's 操作日志 ends where the teacher's archive did at export (the
    head in the sealed manifest); None when it does or the archive predates the head."""
    if not isinstance(head, dict):
        return None
    from liushou_desk.services import audit

    try:
        verdict = audit.verify_copy(snapshot, head)
    except Exception as exc:  # a log that cannot be read is a problem to tell, not a crash
        return f"数据副本中的操作日志无法核对（{type(exc).__name__}）"
    return None if verdict.ok else f"数据副本中的操作日志与导出时不符：{verdict.message}"
