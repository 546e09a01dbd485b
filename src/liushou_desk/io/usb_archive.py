"""导出档案: the class archive for the principal, as one AES-256 encrypted zip on a USB stick —
the term report, the growth cards, the whole archive as .xlsx, a snapshot the app opens
read-only, and a manifest with the SHA-256 of every part. By default every part holds the least
data (masked ID numbers and phones, no health, psychological or 涉及隐私 details).

Written safely: to a temporary name, flushed, renamed, then opened again with the password and
every part checked against the manifest before the teacher is told it worked. A stick pulled
out half-way leaves only a ``.part`` file, never one that looks complete.

The snapshot (数据副本) is encrypted a second time, on its own: SQLCipher with a key derived
from the archive's password by Argon2id (salt and cost in the manifest), so the file unpacked
on the principal's PC is no more readable than the zip it came from. Archives made before this
hold a plain snapshot and still open.

``read_archive`` is the principal's side (打开档案): it checks the same hashes, unpacks the
parts into a private folder and hands the snapshot's key to ``cipher``. A proposed key
(K7QX-M3PA-ZT9H-4RWE) opens however it is typed — case, spaces and dashes do not matter: the
text as typed is tried first, then its written form, so archives made before keep opening.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import re
import secrets
import tempfile
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from liushou_desk import __version__
from liushou_desk.db import cipher
from liushou_desk.db.cipher import DataKey
from liushou_desk.db.engine import Archive
from liushou_desk.db.keyfile import KdfParams, derive
from liushou_desk.safe_files import wipe_file, wipe_tree
from liushou_desk.services.notices import Cancelled

Progress = Callable[[int, int], None]

MANIFEST = "manifest.json"
REPORT = "期末总结报告.pdf"
CARDS = "成长记录卡.pdf"
WORKBOOK = "档案.xlsx"
SNAPSHOT = "数据/档案.sqlite"
FORMAT = "liushou-desk-archive/2"  # 2: the snapshot is encrypted (an older app refuses it)
READABLE_FORMATS = ("liushou-desk-archive/1", FORMAT)
# no 0/O, 1/I/L: read aloud over the phone without mistakes
PASSWORD_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
MIN_PASSWORD = 8
SNAPSHOT_CIPHER = "sqlcipher4-raw-key"
SNAPSHOT_KDF_NAME = "argon2id"
# the snapshot's key from the zip password: fixed, so any PC opens it the same (≈0.1–0.3 s)
SNAPSHOT_KDF = KdfParams(time_cost=3, memory_kib=64 * 1024)


class ArchiveExportError(Exception):
    """The archive could not be written or did not verify; nothing usable was left."""


class ArchiveReadError(Exception):
    """A USB archive that cannot be opened: wrong password, damaged, or not ours."""


class WrongArchivePassword(ArchiveReadError):
    """The password does not open the archive (asking again may help)."""


def propose_password() -> str:
    """A strong password in four groups of four (≈79 bits), easy to read out."""
    chars = "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(16))
    return _grouped(chars)


def _grouped(chars: str) -> str:
    return "-".join(chars[i : i + 4] for i in range(0, len(chars), 4))


# what a typed key may hold between its groups (an input method turns "-" into "－" or "—")
_KEY_SEPARATORS = frozenset("-‐‑‒–—―_·.,，、")


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
    return _grouped(clean)


def password_tries(text: str) -> list[str]:
    """The passwords to try for ``text``: as typed first (an archive locked with exactly that
    text keeps opening, whatever it was made with), then its written key form."""
    key = written_key(text)
    return [text] if key is None or key == text else [text, key]


def archive_name(school: str, class_name: str, term: str) -> str:
    """学校 班级 学期 留守儿童档案.zip, without characters Windows refuses in file names."""
    text = "".join(p for p in (school, class_name, term) if p) + "留守儿童档案"
    return re.sub(r'[\\/:*?"<>|\s]+', "", text) + ".zip"


@dataclass
class ExportResult:
    path: Path
    parts: dict[str, str]  # name → sha256
    size: int
    pages: int
    missing: list[str] = field(default_factory=list)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _encrypt_snapshot(snapshot: Path, password: str) -> tuple[Path, dict[str, object]]:
    """A copy of ``snapshot`` encrypted with a key derived from ``password``, beside it, and
    the manifest's ``snapshot_cipher`` entry that derives the key again. ``snapshot`` itself
    may be encrypted with the teacher's data key: ``cipher`` holds that key for it."""
    from liushou_desk.db.encrypt import EncryptError, export_copy

    salt = secrets.token_bytes(16)
    key = DataKey(derive(password, salt, SNAPSHOT_KDF))
    target = snapshot.with_name(snapshot.stem + ".encrypted" + snapshot.suffix)
    try:
        export_copy(snapshot, target, key)
    except EncryptError as exc:
        raise ArchiveExportError(f"无法加密数据副本：{exc}") from exc
    return target, {
        "name": SNAPSHOT_CIPHER,
        "kdf": SNAPSHOT_KDF_NAME,
        "salt": base64.b64encode(salt).decode("ascii"),
        "time_cost": SNAPSHOT_KDF.time_cost,
        "memory_kib": SNAPSHOT_KDF.memory_kib,
        "parallelism": SNAPSHOT_KDF.parallelism,
    }


def snapshot_key(manifest: dict, password: str) -> DataKey | None:  # type: ignore[type-arg]
    """The key of the archive's snapshot (数据副本), derived from the archive's password as
    the manifest says; None for an archive from before the snapshot was encrypted."""
    spec = manifest.get("snapshot_cipher")
    if spec is None:
        return None
    if (
        not isinstance(spec, dict)
        or spec.get("name") != SNAPSHOT_CIPHER
        or spec.get("kdf") != SNAPSHOT_KDF_NAME
    ):
        raise ArchiveReadError(
            "这个档案由更新版本的软件导出，本版本无法读取其中的数据。请安装最新版本后再打开。"
        )
    from argon2.exceptions import HashingError

    try:
        salt = base64.b64decode(str(spec["salt"]), validate=True)
        params = KdfParams(
            int(spec["time_cost"]), int(spec["memory_kib"]), int(spec.get("parallelism", 1))
        )
        return DataKey(derive(password, salt, params))
    except (KeyError, TypeError, ValueError, binascii.Error, HashingError) as exc:
        raise ArchiveReadError("档案清单已损坏（数据副本的加密参数不对）") from exc


def export_archive(
    archive: Archive,
    out_dir: Path,
    password: str,
    today: date,
    progress: Progress | None = None,
    *,
    full_details: bool = False,
) -> ExportResult:
    """Write the principal's archive into ``out_dir``; refuses to overwrite an existing one.

    By default it holds the least data (最少数据): ID numbers and phones masked, health and
    psychological details, photos and records marked 涉及隐私 left out — in the PDFs, the
    workbook and the snapshot alike. ``full_details`` puts them in (the teacher's choice)."""
    import pyzipper

    from liushou_desk.db.backup import snapshot_verified
    from liushou_desk.io.xlsx_export import export_workbook
    from liushou_desk.pdf.kit import PrintOptions
    from liushou_desk.pdf.term_report import growth_card_pdf, term_report_pdf
    from liushou_desk.services.term_report import build_term_report
    from liushou_desk.services.terms import current_term

    # a key, however it was typed, locks the archive in its written form: every way of typing
    # it opens the archive again (read_archive); a password of the teacher's own stays exact
    password = written_key(password) or password
    if len(password) < MIN_PASSWORD:
        raise ArchiveExportError(f"密码太短：至少 {MIN_PASSWORD} 个字符")
    step = progress or (lambda done, total: None)
    term = current_term(archive, today)
    report = build_term_report(archive, term, today)
    name = archive_name(report.info.school, report.info.class_name, term.name)
    target = out_dir / name
    if target.exists():
        raise ArchiveExportError(f"“{target}”已存在，未作改动；请换一个文件夹或先移走旧文件")

    def part(start: int, span: int) -> Progress:
        return lambda done, total: step(start + done * span // max(total, 1), 100)

    step(0, 100)
    options = PrintOptions(
        mask=not full_details, include_sensitive=full_details, include_health=full_details
    )
    rendered = term_report_pdf(report, options, progress=part(0, 40))
    cards = growth_card_pdf(report, options, progress=part(40, 30))
    with tempfile.TemporaryDirectory(prefix="liushou-export-") as tmp:
        workbook = Path(tmp) / "archive.xlsx"
        export_workbook(
            archive,
            workbook,
            today,
            progress=part(70, 10),
            redacted=not full_details,
            logged=False,  # the archive as a whole is logged below
        )
        try:
            snapshot = snapshot_verified(archive.path, Path(tmp) / "snapshot.sqlite")
            if not full_details:
                from liushou_desk.io.redacted_snapshot import redact_snapshot

                redact_snapshot(snapshot)
            encrypted, snapshot_cipher = _encrypt_snapshot(snapshot, password)
            step(82, 100)
            parts = {
                REPORT: rendered.data,
                CARDS: cards.data,
                WORKBOOK: workbook.read_bytes(),
                SNAPSHOT: encrypted.read_bytes(),
            }
        finally:
            for item in Path(tmp).rglob("*"):  # the plain workbook and snapshot
                if item.is_file():
                    wipe_file(item)
    manifest = {
        "format": FORMAT,
        "app_version": __version__,
        "created": datetime.now().isoformat(timespec="seconds"),
        "school": report.info.school,
        "class": report.info.class_name,
        "head_teacher": report.info.head_teacher,
        "term": term.name,
        "pupils": report.pupils,
        "left_behind": report.left_behind_total,
        "pages": rendered.pages,
        "details": "full" if full_details else "least",
        "snapshot_cipher": snapshot_cipher,
        "parts": {n: {"sha256": _sha256(d), "bytes": len(d)} for n, d in parts.items()},
    }
    temp = target.with_name(target.name + ".part")
    try:
        with (
            open(temp, "wb") as raw,
            pyzipper.AESZipFile(
                raw, "w", compression=pyzipper.ZIP_DEFLATED, encryption=pyzipper.WZ_AES
            ) as zf,
        ):
            zf.setpassword(password.encode("utf-8"))
            zf.setencryption(pyzipper.WZ_AES, nbits=256)
            for i, (part_name, data) in enumerate(parts.items()):
                zf.writestr(part_name, data)
                step(84 + i * 2, 100)
            zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2))
            zf.close()
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(temp, target)
    except (OSError, RuntimeError) as exc:
        temp.unlink(missing_ok=True)
        raise ArchiveExportError(
            f"无法写入“{target}”：{getattr(exc, 'strerror', None) or exc}"
        ) from exc
    except Cancelled:
        temp.unlink(missing_ok=True)
        raise
    step(94, 100)
    try:
        read_back = read_manifest(target, password)
    except ArchiveReadError as exc:
        target.unlink(missing_ok=True)
        raise ArchiveExportError(f"写入后校验失败，已删除这个文件：{exc}") from exc
    if read_back.get("parts") != manifest["parts"]:
        target.unlink(missing_ok=True)
        raise ArchiveExportError("写入后校验失败（清单不一致），已删除这个文件")
    from liushou_desk.services import audit

    details = "含完整身份证号、电话和涉及隐私的内容（班主任选择）" if full_details else "最少数据"
    audit.record(archive, audit.Action.EXPORT, f"交校长档案 {target.name}", details)
    step(100, 100)
    return ExportResult(
        target,
        {n: _sha256(d) for n, d in parts.items()},
        target.stat().st_size,
        rendered.pages,
        rendered.missing.lines(),
    )


def _open_zip(path: Path, password: str):  # type: ignore[no-untyped-def]
    import pyzipper

    try:
        zf = pyzipper.AESZipFile(path)
    except (OSError, pyzipper.BadZipFile) as exc:
        raise ArchiveReadError(f"“{path.name}”不是完好的档案文件（{exc}）") from exc
    zf.setpassword(password.encode("utf-8"))
    return zf


def _read_part(zf, name: str) -> bytes:  # type: ignore[no-untyped-def]
    import zlib

    import pyzipper

    try:
        return bytes(zf.read(name))
    except KeyError as exc:
        raise ArchiveReadError(f"档案中缺少“{name}”") from exc
    except RuntimeError as exc:
        if "password" in str(exc).lower():
            raise WrongArchivePassword("密码不对，请向班主任核对密码") from exc
        raise ArchiveReadError(f"无法读取“{name}”：{exc}") from exc
    except (pyzipper.BadZipFile, zlib.error, OSError, EOFError) as exc:
        raise ArchiveReadError(f"“{name}”已损坏（{exc}）") from exc


def read_manifest(path: Path, password: str, check_parts: bool = True) -> dict:  # type: ignore[type-arg]
    """The manifest, after every part was read and matched its SHA-256; ``password`` as typed
    or in its written key form (``password_tries``)."""
    return _unlocked(path, password, check_parts)[1]


def _unlocked(path: Path, password: str, check_parts: bool) -> tuple[str, dict]:  # type: ignore[type-arg]
    """The password that opens the archive (of ``password_tries``) and its manifest. When none
    does, the reason: damage found with any of them before a wrong password."""
    failures: list[ArchiveReadError] = []
    for attempt in password_tries(password):
        try:
            return attempt, _manifest(path, attempt, check_parts)
        except ArchiveReadError as exc:
            failures.append(exc)
    raise next((e for e in failures if not isinstance(e, WrongArchivePassword)), failures[0])


def _manifest(path: Path, password: str, check_parts: bool) -> dict:  # type: ignore[type-arg]
    with _open_zip(path, password) as zf:
        try:
            manifest = json.loads(_read_part(zf, MANIFEST).decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ArchiveReadError("档案清单已损坏") from exc
        if manifest.get("format") not in READABLE_FORMATS:
            raise ArchiveReadError("这不是本软件导出的档案")
        if check_parts:
            for name, info in manifest.get("parts", {}).items():
                if _sha256(_read_part(zf, name)) != info.get("sha256"):
                    raise ArchiveReadError(f"“{name}”与清单不符，档案可能已损坏或被改动")
    return manifest  # type: ignore[no-any-return]


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

    @property
    def title(self) -> str:
        m = self.manifest
        return " ".join(
            x for x in (m.get("school", ""), m.get("class", ""), m.get("term", "")) if x
        )


def read_archive(path: Path, password: str, into: Path) -> OpenedArchive:
    """Check every part and unpack them into ``into`` (a private folder of the app); the
    snapshot's key is held by ``cipher``, so every connection to it opens it."""
    password, manifest = _unlocked(path, password, check_parts=False)
    key = snapshot_key(manifest, password)  # before unpacking: a newer format leaves nothing
    folder = into / hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:16]
    wipe_tree(folder)
    folder.mkdir(parents=True)
    files = {}
    try:
        with _open_zip(path, password) as zf:
            for name, info in manifest.get("parts", {}).items():
                data = _read_part(zf, name)
                if _sha256(data) != info.get("sha256"):
                    raise ArchiveReadError(f"“{name}”与清单不符，档案可能已损坏或被改动")
                target = folder / Path(name).name
                target.write_bytes(data)
                files[name] = target
        missing = [n for n in (REPORT, CARDS, WORKBOOK, SNAPSHOT) if n not in files]
        if missing:
            raise ArchiveReadError("档案不完整，缺少：" + "、".join(missing))
        if key is not None and not cipher.opens_with(files[SNAPSHOT], key):
            raise ArchiveReadError("数据副本无法解密，档案可能已损坏或被改动")
    except BaseException:
        wipe_tree(folder)  # nothing half-unpacked stays behind
        raise
    if key is not None:
        cipher.remember(files[SNAPSHOT], key)
    return OpenedArchive(
        path, manifest, folder, files[SNAPSHOT], files[REPORT], files[CARDS], files[WORKBOOK]
    )
