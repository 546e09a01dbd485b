"""导出档案: the class archive for the principal, as one AES-256 encrypted zip on a USB stick —
the term report, the growth cards, 登记表（附件1） and 统计表（附件3）, the whole archive as .xlsx,
a snapshot the app opens
read-only, and a manifest with the SHA-256 and size of every part, sealed with an HMAC
(io/archive_manifest.py). By default every part holds the least data (masked ID numbers and
phones, no health, psychological or 涉及隐私 details).

Written safely: to a temporary name, flushed, renamed, then opened again with the password and
every part checked against the manifest before the teacher is told it worked. Whatever stops
it — a stick pulled out, a full disk, a cancel — the ``.part`` file is removed, and nothing
that looks complete is left.

The snapshot (数据副本) is encrypted a second time, on its own: SQLCipher with a key derived
from the archive's password by Argon2id (salt and cost in the manifest), so the file unpacked
on the principal's PC is no more readable than the zip it came from; the same Argon2id run gives
the manifest's MAC key.

The principal's side (打开档案) is io/usb_archive_read.py; its names are found here too.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import re
import secrets
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from liushou_desk import __version__
from liushou_desk.db.engine import Archive
from liushou_desk.io.archive_manifest import (
    CARDS,
    FORM1,
    FORM3,
    FORMAT,
    MANIFEST,
    MAX_PART_BYTES,
    READABLE_FORMATS,
    REPORT,
    SNAPSHOT,
    SNAPSHOT_CIPHER,
    SNAPSHOT_KDF,
    SNAPSHOT_KDF_NAME,
    WORKBOOK,
    ArchiveReadError,
    WrongArchivePassword,
    derive_keys,
    sealed,
    snapshot_key,
)
from liushou_desk.io.usb_archive_read import (
    PASSWORD_ALPHABET,
    OpenedArchive,
    grouped,
    password_tries,
    read_archive,
    read_manifest,
    written_key,
)
from liushou_desk.safe_files import wipe_file

if TYPE_CHECKING:
    from liushou_desk.pdf.term_report import Rendered
    from liushou_desk.services.term_report import TermReport

__all__ = [  # the reading side moved out; its names are still found here
    "CARDS",
    "FORMAT",
    "MANIFEST",
    "READABLE_FORMATS",
    "REPORT",
    "SNAPSHOT",
    "WORKBOOK",
    "ArchiveExportError",
    "ArchiveReadError",
    "OpenedArchive",
    "WrongArchivePassword",
    "export_archive",
    "password_tries",
    "propose_password",
    "read_archive",
    "read_manifest",
    "snapshot_key",
    "written_key",
]
Progress = Callable[[int, int], None]


class ArchiveExportError(Exception):
    """The archive could not be written or did not verify; nothing usable was left."""


def propose_password() -> str:
    """A strong password in four groups of four (≈79 bits), easy to read out."""
    return grouped("".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(16)))


def archive_name(school: str, class_name: str, term: str) -> str:
    """学校 班级 学期 留守儿童档案.zip, without characters Windows refuses in file names."""
    text = "".join(p for p in (school, class_name, term) if p) + "留守儿童档案"
    return re.sub(r'[\\/:*?"<>|\s]+', "", text) + ".zip"


@dataclass
class ExportResult:
    path: Path
    parts: dict[str, str]  # name → sha256
    size: int
    pages: int  # the term report's
    missing: list[str] = field(default_factory=list)
    form_pages: int = 0  # 登记表（附件1） and 统计表（附件3）
    bag_items: int = 0  # the 成长记录袋's items carried


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _encrypt_snapshot(snapshot: Path, password: str) -> tuple[Path, dict[str, object], bytes]:
    """A copy of ``snapshot`` encrypted with a key derived from ``password``, beside it, the
    manifest's ``snapshot_cipher`` entry that derives the key again, and the manifest's MAC
    key (the same Argon2id run). ``snapshot`` itself may be encrypted with the teacher's data
    key: ``cipher`` holds that key for it."""
    import base64

    from liushou_desk.db.encrypt import EncryptError, export_copy

    salt = secrets.token_bytes(16)
    key, mac_key = derive_keys(password, salt, SNAPSHOT_KDF)
    target = snapshot.with_name(snapshot.stem + ".encrypted" + snapshot.suffix)
    try:
        export_copy(snapshot, target, key)
    except EncryptError as exc:
        raise ArchiveExportError(f"无法加密数据副本：{exc}") from exc
    return (
        target,
        {
            "name": SNAPSHOT_CIPHER,
            "kdf": SNAPSHOT_KDF_NAME,
            "salt": base64.b64encode(salt).decode("ascii"),
            "time_cost": SNAPSHOT_KDF.time_cost,
            "memory_kib": SNAPSHOT_KDF.memory_kib,
            "parallelism": SNAPSHOT_KDF.parallelism,
        },
        mac_key,
    )


def _write_zip(
    target: Path,
    parts: dict[str, bytes],
    manifest: dict[str, Any],
    password: str,
    step: Progress,
) -> None:
    """The zip written to ``target`` through ``target.part``: flushed, then renamed. The
    ``.part`` is removed whatever stops it (an OSError of any kind, a cancel, anything)."""
    import pyzipper

    temp = target.with_name(target.name + ".part")
    done = False
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
                # the workbook is a zip already, the snapshot encrypted: deflate gains nothing
                stored = part_name in (WORKBOOK, SNAPSHOT)
                zf.writestr(part_name, data, pyzipper.ZIP_STORED if stored else None)
                step(84 + i * 2, 100)
            zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2))
            zf.close()
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(temp, target)
        done = True
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
            raise ArchiveExportError(
                f"磁盘已满，“{target}”没有写成，未写完的文件已删除；班级档案未受影响。"
                "请腾出空间或换一个 U 盘后再试。"
            ) from exc
        raise ArchiveExportError(f"无法写入“{target}”：{exc.strerror or exc}") from exc
    except RuntimeError as exc:
        raise ArchiveExportError(f"无法写入“{target}”：{exc}") from exc
    finally:
        if not done:
            with contextlib.suppress(OSError):  # a stick pulled out: nothing left to remove
                temp.unlink(missing_ok=True)


@dataclass
class _Parts:
    """What goes into the zip, made in the export's private folder."""

    target: Path
    report: TermReport
    rendered: Rendered
    form_pages: int
    missing: list[str]
    parts: dict[str, bytes]
    bag_items: int
    snapshot_cipher: dict[str, object]
    audit_head: object
    mac_key: bytes


def _made_parts(
    archive: Archive,
    out_dir: Path,
    today: date,
    password: str,
    step: Progress,
    workbook: Path,
    full_details: bool,
    growth_bag: bool,
) -> _Parts:
    """Every part of the archive, in memory: the term report and its cards drawn here, the
    snapshot redacted and encrypted beside them, while a second process writes the workbook
    to ``workbook`` and renders the national forms (made here when it could not). The caller
    wipes that folder whatever happens."""
    from liushou_desk.db.backup import snapshot_verified
    from liushou_desk.io.export_process import ExportProcess, national_forms
    from liushou_desk.io.redacted_snapshot import redact_snapshot, strip_bag
    from liushou_desk.io.xlsx_export import export_workbook
    from liushou_desk.pdf.kit import PrintOptions
    from liushou_desk.pdf.term_report import report_and_cards
    from liushou_desk.services import audit
    from liushou_desk.services.archive_info import get_info
    from liushou_desk.services.term_report import build_term_report
    from liushou_desk.services.terms import current_term

    term, info = current_term(archive, today), get_info(archive)
    target = out_dir / archive_name(info.school, info.class_name, term.name)
    if target.exists():  # before any work
        raise ArchiveExportError(f"“{target}”已存在，未作改动；请换一个文件夹或先移走旧文件")
    options = PrintOptions(
        mask=not full_details,
        include_sensitive=full_details,
        include_health=full_details,
        bag=growth_bag,
    )

    def part(start: int, span: int) -> Progress:
        return lambda done, total: step(start + done * span // max(total, 1), 100)

    # the workbook and the national forms: made by a second process meanwhile
    job = ExportProcess(archive.path, workbook, today, options, full=full_details)
    try:
        report = build_term_report(archive, term, today)
        bag_items = 0
        if growth_bag:
            from dataclasses import replace

            from liushou_desk.services.growth_bag import with_bags

            report = replace(report, cards=with_bags(archive, list(report.cards)))
            bag_items = sum(len(c.bag) for c in report.cards)
        rendered, cards = report_and_cards(report, options, progress=part(0, 56))  # cards once
        snapshot = snapshot_verified(archive.path, workbook.parent / "snapshot.sqlite")
        if not full_details:
            redact_snapshot(snapshot, bag=growth_bag)
        else:
            strip_bag(snapshot, bag=growth_bag)
        audit_head = audit.head_record(snapshot)  # the principal checks the copy's log
        encrypted, snapshot_cipher, mac_key = _encrypt_snapshot(snapshot, password)
        step(60, 100)
        made = job.wait(part(60, 20))
        if not made.workbook:  # the second process could not: written here
            export_workbook(
                archive,
                workbook,
                today,
                progress=part(80, 1),
                redacted=not full_details,
                logged=False,  # the archive as a whole is logged by the caller
            )
        form1, form3 = made.forms or national_forms(
            archive, today, options, full_details, part(81, 1)
        )
    finally:
        job.cancel()
    step(82, 100)
    return _Parts(
        target=target,
        report=report,
        rendered=rendered,
        form_pages=form1.pages + form3.pages,
        missing=rendered.missing.lines() + form1.missing.lines(),
        parts={
            REPORT: rendered.data,
            CARDS: cards.data,
            WORKBOOK: workbook.read_bytes(),
            SNAPSHOT: encrypted.read_bytes(),
            FORM1: form1.data,
            FORM3: form3.data,
        },
        bag_items=bag_items,
        snapshot_cipher=snapshot_cipher,
        audit_head=audit_head,
        mac_key=mac_key,
    )


def export_archive(
    archive: Archive,
    out_dir: Path,
    password: str,
    today: date,
    progress: Progress | None = None,
    *,
    full_details: bool = False,
    growth_bag: bool = False,
) -> ExportResult:
    """Write the principal's archive into ``out_dir``; refuses to overwrite an existing one.

    By default it holds the least data (最少数据): ID numbers and phones masked, health and
    psychological details, photos and records marked 涉及隐私 left out — in the PDFs, the
    workbook and the snapshot alike. ``full_details`` puts them in (the teacher's choice).
    The 成长记录袋 goes only with ``growth_bag`` (her choice too): in the snapshot, and after
    each child's card."""
    # a key, however it was typed, locks the archive in its written form: every way of typing
    # it opens the archive again (read_archive); a password of the teacher's own stays exact
    password = written_key(password) or password
    from liushou_desk.domain.passwords import password_problem
    from liushou_desk.services import audit
    from liushou_desk.services.archive_info import get_info

    weak = password_problem(password, get_info(archive).guessable_words)
    if weak:  # the zip and the snapshot are only as safe as this password
        raise ArchiveExportError(weak)
    step = progress or (lambda done, total: None)
    step(0, 100)
    with tempfile.TemporaryDirectory(prefix="liushou-export-") as tmp:
        try:
            made = _made_parts(
                archive,
                out_dir,
                today,
                password,
                step,
                Path(tmp) / "archive.xlsx",
                full_details,
                growth_bag,
            )
        finally:
            for item in Path(tmp).rglob("*"):  # the plain workbook and snapshot
                if item.is_file():
                    wipe_file(item)
    target, report, rendered, parts = made.target, made.report, made.rendered, made.parts
    bag_items = made.bag_items
    for part_name, data in parts.items():  # what the principal's app would refuse
        if len(data) > MAX_PART_BYTES[part_name]:
            raise ArchiveExportError(
                f"“{part_name}”太大（{len(data) / 2**20:.0f} MiB），无法导出；请减少照片后再试"
            )
    manifest: dict[str, Any] = {  # a dict: a later field (audit_head …) is one more line
        "format": FORMAT,
        "app_version": __version__,
        "created": datetime.now().isoformat(timespec="seconds"),
        "school": report.info.school,
        "class": report.info.class_name,
        "head_teacher": report.info.head_teacher,
        "term": report.term.name,
        "pupils": report.pupils,
        "left_behind": report.left_behind_total,
        "pages": rendered.pages,
        "details": "full" if full_details else "least",
        "growth_bag": bag_items,  # the 成长记录袋's items carried (0: the teacher left it out)
        "snapshot_cipher": made.snapshot_cipher,
        "audit_head": made.audit_head,
        "parts": {n: {"sha256": _sha256(d), "bytes": len(d)} for n, d in parts.items()},
    }
    _write_zip(target, parts, sealed(manifest, made.mac_key), password, step)
    step(94, 100)
    try:
        read_back = read_manifest(target, password)
    except ArchiveReadError as exc:
        target.unlink(missing_ok=True)
        raise ArchiveExportError(f"写入后校验失败，已删除这个文件：{exc}") from exc
    if read_back.get("parts") != manifest["parts"]:
        target.unlink(missing_ok=True)
        raise ArchiveExportError("写入后校验失败（清单不一致），已删除这个文件")
    details = "含完整身份证号、电话和涉及隐私的内容（班主任选择）" if full_details else "最少数据"
    if bag_items:
        details += f"；附成长记录袋 {bag_items} 份"
    audit.record(archive, audit.Action.EXPORT, f"交校长档案 {target.name}", details)
    step(100, 100)
    return ExportResult(
        target,
        {n: _sha256(d) for n, d in parts.items()},
        target.stat().st_size,
        rendered.pages,
        made.missing,
        made.form_pages,
        bag_items,
    )
