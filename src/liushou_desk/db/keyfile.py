"""密钥文件与恢复密钥: the archive's data key, wrapped by the teacher's password, and the
recovery key (恢复密钥) printed at setup for the school's safe.

- The data key is derived from the recovery key (HMAC-SHA256), so the sheet alone opens the
  archive — even when the key file beside it is lost — and a new password can then be set.
- The key file (``班级档案.sqlite.key``, JSON) holds the data key encrypted (AES-256-GCM) with a
  key derived from the password by Argon2id. Changing the password rewrites only this small
  file; the archive is not re-encrypted. A wrong password fails the GCM tag: it never yields
  a wrong key.
- Argon2id's cost is measured on the PC at setup so that unlocking takes at least about half a
  second; the parameters are stored in the file, so a faster or slower PC opens it the same.
- The 操作日志's head (how many entries, the last seal) is kept in the key file too
  (``audit_head``, see services/audit_chain.py); a new password keeps it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import math
import secrets
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from liushou_desk.db.cipher import DataKey
from liushou_desk.db.errors import ArchiveOpenError
from liushou_desk.db.kdf_limits import checked_params
from liushou_desk.safe_files import write_bytes_safely

FORMAT = "liushou-desk-key"
VERSION = 1
AAD = b"liushou-desk data key v1"
DATA_KEY_LABEL = b"liushou-desk data key v1"
# Crockford's base32: no I, L, O or U, so a handwritten or printed key reads back unambiguously.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
SECRET_CHARS = 28  # 140 bits
GROUP = 4
TARGET_SECONDS = 0.6  # unlocking costs about this on the PC that set the password (not less)
MEMORY_KIB = 128 * 1024
AUDIT_HEAD = "audit_head"  # the 操作日志's head, kept here too (services/audit_chain.py)
_rewriting = threading.Lock()  # one read-modify-write of a key file at a time


class KeyFileError(ArchiveOpenError):
    """The key file is missing or unreadable; the message says what to do, in Chinese."""


class WrongPasswordError(Exception):
    """密码不对."""


class RecoveryKeyError(ValueError):
    """The recovery key as typed is malformed or wrong; the message says how, in Chinese."""


@dataclass(frozen=True)
class KdfParams:
    """Argon2id's cost: passes over ``memory_kib`` KiB of memory."""

    time_cost: int
    memory_kib: int
    parallelism: int = 1


def keyfile_path(db: Path) -> Path:
    return db.with_name(db.name + ".key")


def derive(password: str, salt: bytes, params: KdfParams) -> bytes:
    """The 32-byte key-encryption key for ``password`` (Argon2id)."""
    from argon2.low_level import Type, hash_secret_raw

    return hash_secret_raw(
        password.encode("utf-8"),
        salt,
        time_cost=params.time_cost,
        memory_cost=params.memory_kib,
        parallelism=params.parallelism,
        hash_len=32,
        type=Type.ID,
    )


def calibrate(target: float = TARGET_SECONDS, memory_kib: int = MEMORY_KIB) -> KdfParams:
    """Argon2id parameters that take about ``target`` seconds (at least 3 passes) here."""

    def timed(passes: int) -> float:
        started = time.perf_counter()
        derive("calibrate", b"\0" * 16, KdfParams(passes, memory_kib))
        return max(time.perf_counter() - started, 1e-3)

    passes = min(max(3, math.ceil(target / timed(1))), 24)
    took = timed(passes)  # the first pass also pays for the memory: check the guess
    if took < target * 0.9:
        passes = min(math.ceil(passes * target / took), 24)
    return KdfParams(passes, memory_kib)


# --- the recovery key ---------------------------------------------------------------------------


def _checksum(body: str) -> str:
    value = int.from_bytes(hashlib.sha256(body.encode("ascii")).digest()[:3], "big") >> 4
    return "".join(ALPHABET[(value >> (5 * i)) & 31] for i in reversed(range(GROUP)))


def format_recovery_key(body: str) -> str:
    """``ABCD-EFGH-…``: the 28 characters in groups of four, then four check characters."""
    text = body + _checksum(body)
    return "-".join(text[i : i + GROUP] for i in range(0, len(text), GROUP))


def new_recovery_key() -> str:
    """A fresh recovery key (140 random bits), formatted for printing."""
    return format_recovery_key("".join(secrets.choice(ALPHABET) for _ in range(SECRET_CHARS)))


_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})


def parse_recovery_key(text: str) -> str:
    """The 28 secret characters of a typed recovery key: case, spaces and dashes do not
    matter, and O/I/L read as 0/1/1. Raises RecoveryKeyError naming what is wrong."""
    clean = "".join(ch for ch in text.upper() if not ch.isspace() and ch not in "-—_·.")
    clean = clean.translate(_LOOKALIKES)
    bad = sorted({ch for ch in clean if ch not in ALPHABET})
    if bad:
        raise RecoveryKeyError(f"恢复密钥中有不该出现的字符：{'、'.join(bad)}")
    expected = SECRET_CHARS + GROUP
    if len(clean) != expected:
        groups = expected // GROUP
        raise RecoveryKeyError(
            f"恢复密钥应是 {groups} 组、每组 4 个字符（共 {expected} 个），现在是 {len(clean)} 个。"
        )
    body, check = clean[:SECRET_CHARS], clean[SECRET_CHARS:]
    if not hmac.compare_digest(_checksum(body), check):
        raise RecoveryKeyError("恢复密钥有误（校验不通过），请逐组核对，注意不要抄错字符。")
    return body


def data_key_from_recovery(text: str) -> DataKey:
    """The archive's data key, from its recovery key as typed."""
    body = parse_recovery_key(text)
    return DataKey(hmac.new(body.encode("ascii"), DATA_KEY_LABEL, hashlib.sha256).digest())


# --- the key file -------------------------------------------------------------------------------


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _seal(secret: bytes, data: bytes) -> tuple[bytes, bytes]:
    """AES-256-GCM: (nonce, ciphertext with its tag)."""
    from Cryptodome.Cipher import AES

    nonce = secrets.token_bytes(12)
    cipher = AES.new(secret, AES.MODE_GCM, nonce=nonce)
    cipher.update(AAD)
    sealed, tag = cipher.encrypt_and_digest(data)
    return nonce, sealed + tag


def _open_sealed(secret: bytes, nonce: bytes, sealed: bytes) -> bytes:
    """The data sealed by ``_seal``; ValueError when ``secret`` is not the one."""
    from Cryptodome.Cipher import AES

    cipher = AES.new(secret, AES.MODE_GCM, nonce=nonce)
    cipher.update(AAD)
    return bytes(cipher.decrypt_and_verify(sealed[:-16], sealed[-16:]))


def write_keyfile(
    db: Path,
    key: DataKey,
    password: str,
    params: KdfParams | None = None,
    recovery: str | None = None,
) -> None:
    """Wrap ``key`` with ``password`` into the key file beside ``db`` (written safely).

    The recovery key is kept in the file too, sealed with the data key itself, so an unlocked
    archive can print its recovery sheet again; without ``recovery`` the one already in the
    file is carried over."""
    params = params or calibrate()
    if recovery is None:
        recovery = recovery_of(db, key)
    salt = secrets.token_bytes(16)
    nonce, wrapped = _seal(derive(password, salt, params), key.raw)
    document = {
        "format": FORMAT,
        "version": VERSION,
        "cipher": "sqlcipher4-raw-key",
        "kdf": {
            "name": "argon2id",
            "salt": _b64(salt),
            "time_cost": params.time_cost,
            "memory_kib": params.memory_kib,
            "parallelism": params.parallelism,
        },
        "wrap": {"name": "aes-256-gcm", "nonce": _b64(nonce), "data": _b64(wrapped)},
        "written": datetime.now().isoformat(timespec="seconds"),
    }
    if recovery is not None:
        sealed_nonce, sealed = _seal(key.raw, recovery.encode("ascii"))
        document["recovery"] = {"nonce": _b64(sealed_nonce), "data": _b64(sealed)}
    with _rewriting:
        head = _audit_head_for(db, key)
        if head is not None:
            document[AUDIT_HEAD] = head
        _write_document(db, document)


def _write_document(db: Path, document: dict[str, object]) -> None:
    text = json.dumps(document, ensure_ascii=False, indent=1) + "\n"
    write_bytes_safely(keyfile_path(db), text.encode("utf-8"))


def _read_document(db: Path) -> dict[str, object] | None:
    try:
        document = json.loads(keyfile_path(db).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return document if isinstance(document, dict) and document.get("format") == FORMAT else None


def _audit_head_for(db: Path, key: DataKey) -> object:
    """The 操作日志 head in the key file now beside ``db``, when that file wraps ``key`` too
    (a new password for the same archive keeps it; a new archive's key file starts without)."""
    document = _read_document(db)
    if document is None or AUDIT_HEAD not in document:
        return None
    try:
        sealed = document["recovery"]
        nonce, data = base64.b64decode(sealed["nonce"]), base64.b64decode(sealed["data"])  # type: ignore[index]
        _open_sealed(key.raw, nonce, data)
    except (ValueError, KeyError, TypeError):
        return None
    return document[AUDIT_HEAD]


def read_audit_head(db: Path) -> dict[str, object] | None:
    """The 操作日志 head kept in the key file beside ``db``, if any."""
    document = _read_document(db)
    head = document.get(AUDIT_HEAD) if document is not None else None
    return head if isinstance(head, dict) else None


def write_audit_head(db: Path, head: dict[str, object]) -> bool:
    """Keep the 操作日志 head ``head`` in the key file beside ``db`` (the file rewritten safely,
    everything else in it as it was). False: there is no key file of ours to keep it in."""
    with _rewriting:
        document = _read_document(db)
        if document is None:
            return False
        document[AUDIT_HEAD] = head
        _write_document(db, document)
    return True


@dataclass(frozen=True)
class KeyFile:
    salt: bytes
    params: KdfParams
    nonce: bytes
    wrapped: bytes


def read_keyfile(db: Path) -> KeyFile:
    """The key file beside ``db``; KeyFileError when it is missing or damaged."""
    path = keyfile_path(db)
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise KeyFileError(
            f"档案“{db.name}”已加密，但旁边找不到密钥文件“{path.name}”。"
            "复制档案时请连同密钥文件一起复制；没有它时，可以用恢复密钥解锁。"
        ) from exc
    except (OSError, ValueError) as exc:
        raise KeyFileError(f"密钥文件“{path.name}”无法读取或已损坏，可以用恢复密钥解锁。") from exc
    try:
        if document["format"] != FORMAT or int(document["version"]) > VERSION:
            raise KeyFileError(f"“{path.name}”不是本软件能读的密钥文件，可以用恢复密钥解锁。")
        kdf, wrap = document["kdf"], document["wrap"]
        return KeyFile(
            salt=base64.b64decode(kdf["salt"]),
            params=KdfParams(  # within bounds: a crafted file neither hangs nor crashes
                *checked_params(kdf["time_cost"], kdf["memory_kib"], kdf["parallelism"])
            ),
            nonce=base64.b64decode(wrap["nonce"]),
            wrapped=base64.b64decode(wrap["data"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise KeyFileError(f"密钥文件“{path.name}”已损坏，可以用恢复密钥解锁。") from exc


def unwrap(keyfile: KeyFile, password: str) -> DataKey:
    """The data key, or WrongPasswordError (the GCM tag does not verify)."""
    kek = derive(password, keyfile.salt, keyfile.params)
    try:
        return DataKey(_open_sealed(kek, keyfile.nonce, keyfile.wrapped))
    except ValueError as exc:
        raise WrongPasswordError("密码不对。") from exc


def recovery_of(db: Path, key: DataKey) -> str | None:
    """The recovery key kept in the key file (for printing the sheet again), if any."""
    try:
        document = json.loads(keyfile_path(db).read_text(encoding="utf-8"))
        sealed = document["recovery"]
        text = _open_sealed(
            key.raw, base64.b64decode(sealed["nonce"]), base64.b64decode(sealed["data"])
        ).decode("ascii")
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return text


def unlock_with_password(db: Path, password: str) -> DataKey:
    """The data key of the archive at ``db`` (about half a second of key derivation)."""
    return unwrap(read_keyfile(db), password)
