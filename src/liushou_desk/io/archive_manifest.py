"""档案清单 (the manifest of the archive for the principal): its parts and their limits, its
shape, the keys derived from the archive's password, and its校验码 (an HMAC-SHA256).

Everything in a manifest comes from a file someone may have crafted, so before anything uses it:

- ``check_shape``: one function says what a manifest may hold — every field of the right type,
  the parts exactly the four known ones, each with a SHA-256 and a size under its limit.
- ``archive_keys``: one Argon2id run (cost within db/kdf_limits.py) gives the snapshot's key
  (the Argon2 output itself, as in format 2) and the manifest's MAC key
  (HMAC-SHA256(Argon2 output, ``MAC_LABEL``)).
- ``verify_mac``: format 3 carries ``mac``: HMAC-SHA256 under the MAC key of ``canonical``
  (the manifest without ``mac``, as JSON with sorted keys, no spaces, ASCII only). A field
  changed and the hashes recomputed is refused. Formats 1 and 2 have no ``mac``: they still
  open, said to be unproven (``UNPROVEN``).

What the MAC proves: the manifest was written by someone who knew the archive's password. The
password is shared by phone, so it cannot tell the teacher from anyone else who has it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import re
from dataclasses import dataclass
from typing import Any

from liushou_desk.db.cipher import DataKey
from liushou_desk.db.kdf_limits import checked_params
from liushou_desk.db.keyfile import KdfParams, derive

MANIFEST = "manifest.json"
REPORT = "期末总结报告.pdf"
CARDS = "成长记录卡.pdf"
WORKBOOK = "档案.xlsx"
SNAPSHOT = "数据/档案.sqlite"
FORM1 = "登记表（附件1）.pdf"
FORM3 = "统计表（附件3）.pdf"
# the only entries ever read besides the manifest (formats 1–3: the first four)
PARTS = (REPORT, CARDS, WORKBOOK, SNAPSHOT, FORM1, FORM3)
FORMAT_1 = "liushou-desk-archive/1"  # a plain snapshot
FORMAT_2 = "liushou-desk-archive/2"  # the snapshot encrypted (an older app refuses it)
FORMAT_3 = "liushou-desk-archive/3"  # the manifest carries its MAC
FORMAT = "liushou-desk-archive/4"  # and the national forms 附件1 and 附件3
LEGACY_FORMATS = (FORMAT_1, FORMAT_2)
SEALED_FORMATS = (FORMAT_3, FORMAT)
READABLE_FORMATS = (*LEGACY_FORMATS, *SEALED_FORMATS)

MiB = 1024 * 1024
MAX_MANIFEST_BYTES = 1 * MiB  # a real one is about 2 KB
MAX_PART_BYTES = {  # a class of 60 with photos is far below these
    REPORT: 512 * MiB,
    CARDS: 512 * MiB,
    WORKBOOK: 512 * MiB,
    SNAPSHOT: 2048 * MiB,
    FORM1: 512 * MiB,
    FORM3: 64 * MiB,
}
MAX_TEXT = 200  # school, class, teacher, term: characters
MAX_COUNT = 100_000  # pupils, left-behind children, pages

SNAPSHOT_CIPHER = "sqlcipher4-raw-key"
SNAPSHOT_KDF_NAME = "argon2id"
# the snapshot's key from the zip password: fixed, so any PC opens it the same (≈0.1–0.3 s)
SNAPSHOT_KDF = KdfParams(time_cost=3, memory_kib=64 * 1024)
MAC_FIELD = "mac"
MAC_LABEL = b"liushou-desk-archive/3 manifest mac"

UNPROVEN = "旧版本导出的档案，无法证明未被改动。"
TAMPERED = "档案清单的校验码不对，档案可能被改动过，为安全起见没有打开。请向班主任核实后重新导出。"
NEWER = "这个档案由更新版本的软件导出，本版本无法读取其中的数据。请安装最新版本后再打开。"
_HEX64 = re.compile(r"[0-9a-f]{64}")


class ArchiveReadError(Exception):
    """A USB archive that cannot be opened: wrong password, damaged, or not ours."""


class WrongArchivePassword(ArchiveReadError):
    """The password does not open the archive (asking again may help)."""


def _damaged(what: str) -> ArchiveReadError:
    return ArchiveReadError(f"档案清单已损坏（{what}不对）")


def _text(manifest: dict[str, Any], field: str, limit: int = MAX_TEXT) -> None:
    value = manifest.get(field, "")
    if not isinstance(value, str) or len(value) > limit:
        raise _damaged(f"“{field}”")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate from a "\ud800" in the JSON
        raise _damaged(f"“{field}”") from None


def _count(manifest: dict[str, Any], field: str) -> None:
    value = manifest.get(field, 0)
    if type(value) is not int or not 0 <= value <= MAX_COUNT:  # not a bool or a float
        raise _damaged(f"“{field}”")


def parts_of(manifest: dict[str, Any]) -> tuple[str, ...]:
    """The parts an archive of this manifest's format holds (the forms from format 4 on)."""
    return PARTS if manifest.get("format") == FORMAT else PARTS[:4]


def check_shape(manifest: object) -> dict[str, Any]:
    """The manifest, when it has the shape this version reads; ArchiveReadError (in Chinese)
    naming the first field that is wrong. Fields not listed here (``audit_head`` …) are kept
    as they are — covered by the MAC, never shown."""
    if not isinstance(manifest, dict):
        raise ArchiveReadError("档案清单已损坏")
    fmt = manifest.get("format")
    if not isinstance(fmt, str) or fmt not in READABLE_FORMATS:
        if isinstance(fmt, str) and fmt.startswith("liushou-desk-archive/"):
            raise ArchiveReadError(NEWER)
        raise ArchiveReadError("这不是本软件导出的档案")
    for field in ("school", "class", "head_teacher", "term", "app_version"):
        _text(manifest, field)
    _text(manifest, "created", 40)
    for field in ("pupils", "left_behind", "pages", "growth_bag"):
        _count(manifest, field)
    if manifest.get("details", "least") not in ("least", "full"):
        raise _damaged("“details”")
    parts = manifest.get("parts")
    if not isinstance(parts, dict) or set(parts) != set(parts_of(manifest)):
        raise _damaged("档案的组成部分")
    for name, info in parts.items():
        if (
            not isinstance(info, dict)
            or not isinstance(info.get("sha256"), str)
            or not _HEX64.fullmatch(info["sha256"])
            or type(info.get("bytes")) is not int
            or not 0 <= info["bytes"] <= MAX_PART_BYTES[name]
        ):
            raise _damaged(f"“{name}”的校验值或大小")
    spec = manifest.get("snapshot_cipher")
    if fmt == FORMAT_1 and spec is not None:
        raise _damaged("数据副本的加密参数")
    if fmt != FORMAT_1 and (
        not isinstance(spec, dict)
        or not all(isinstance(spec.get(k), str) for k in ("name", "kdf", "salt"))
    ):
        raise _damaged("数据副本的加密参数")
    mac = manifest.get(MAC_FIELD)
    if fmt in SEALED_FORMATS and (not isinstance(mac, str) or not _HEX64.fullmatch(mac)):
        raise ArchiveReadError(TAMPERED)
    return manifest


def proven(manifest: dict[str, Any]) -> bool:
    """Whether the manifest is of a format that carries a MAC (checked by ``verify_mac``)."""
    return manifest.get("format") in SEALED_FORMATS


# --- keys and the MAC ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ArchiveKeys:
    """What the archive's password gives: the snapshot's key (None: a plain snapshot, format 1)
    and the manifest's MAC key (None: a format without a MAC)."""

    snapshot: DataKey | None
    mac: bytes | None


def derive_keys(password: str, salt: bytes, params: KdfParams) -> tuple[DataKey, bytes]:
    """The snapshot's key and the MAC key, from one Argon2id run."""
    out = derive(password, salt, params)
    return DataKey(out), hmac.new(out, MAC_LABEL, hashlib.sha256).digest()


def snapshot_kdf(spec: object) -> tuple[bytes, KdfParams]:
    """The salt and Argon2id cost of a manifest's ``snapshot_cipher``: ArchiveReadError when it
    is from a newer version, damaged or out of bounds."""
    if (
        not isinstance(spec, dict)
        or spec.get("name") != SNAPSHOT_CIPHER
        or spec.get("kdf") != SNAPSHOT_KDF_NAME
    ):
        raise ArchiveReadError(NEWER)
    try:
        salt = base64.b64decode(str(spec["salt"]), validate=True)
        if not 8 <= len(salt) <= 64:
            raise ValueError("salt")
        params = KdfParams(
            *checked_params(spec["time_cost"], spec["memory_kib"], spec.get("parallelism", 1))
        )
    except (KeyError, ValueError, binascii.Error) as exc:
        raise ArchiveReadError(f"档案清单已损坏（数据副本的加密参数不对：{exc}）") from exc
    return salt, params


def archive_keys(manifest: dict[str, Any], password: str) -> ArchiveKeys:
    """The keys for ``manifest`` (one Argon2id run, none for format 1)."""
    spec = manifest.get("snapshot_cipher")
    if spec is None:
        return ArchiveKeys(None, None)
    salt, params = snapshot_kdf(spec)
    from argon2.exceptions import HashingError

    try:
        snapshot, mac = derive_keys(password, salt, params)
    except HashingError as exc:
        raise ArchiveReadError("档案清单已损坏（数据副本的加密参数不对）") from exc
    return ArchiveKeys(snapshot, mac if proven(manifest) else None)


def snapshot_key(manifest: dict[str, Any], password: str) -> DataKey | None:
    """The key of the archive's snapshot (数据副本), derived from the archive's password as
    the manifest says; None for an archive from before the snapshot was encrypted."""
    return archive_keys(manifest, password).snapshot


def canonical(manifest: dict[str, Any]) -> bytes:
    """The bytes the MAC covers: the manifest without ``mac``, keys sorted, no spaces, ASCII."""
    rest = {k: v for k, v in manifest.items() if k != MAC_FIELD}
    return json.dumps(rest, ensure_ascii=True, sort_keys=True, separators=(",", ":")).encode()


def mac_of(manifest: dict[str, Any], mac_key: bytes) -> str:
    return hmac.new(mac_key, canonical(manifest), hashlib.sha256).hexdigest()


def sealed(manifest: dict[str, Any], mac_key: bytes) -> dict[str, Any]:
    """``manifest`` with its MAC (the export's last step before writing it)."""
    return {**manifest, MAC_FIELD: mac_of(manifest, mac_key)}


def verify_mac(manifest: dict[str, Any], keys: ArchiveKeys) -> None:
    """ArchiveReadError (``TAMPERED``) unless a format-3 manifest's MAC is right; a legacy
    manifest passes (its opener says it is unproven)."""
    if not proven(manifest):
        return
    if keys.mac is None or not hmac.compare_digest(
        str(manifest.get(MAC_FIELD)), mac_of(manifest, keys.mac)
    ):
        raise ArchiveReadError(TAMPERED)
