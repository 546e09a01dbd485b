"""成长记录袋 (the growth bag, issue 17): a child's attachments — scans or photos of letters to and
from the parents, certificates, work samples, a self-introduction — kept inside the archive
(encrypted with it when the archive is).

An image is reduced on the way in (at most ``MAX_SIDE`` pixels a side, JPEG) with a small
thumbnail for the card tab; a PDF is kept as it is. Refused with a message naming the file: an
empty file, one that is neither an image nor a PDF, one over ``MAX_BYTES``, a child whose bag
holds ``MAX_ITEMS`` already. Removing one moves it to the recycle bin (``deleted_at``), as
records are."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import func, select, update
from sqlalchemy.orm import undefer

from liushou_desk.db.engine import Archive
from liushou_desk.db.models import Attachment, Pupil
from liushou_desk.domain.enums import AttachmentKind
from liushou_desk.domain.form_checks import FieldError, ValidationFailed
from liushou_desk.domain.text import clean_text
from liushou_desk.services.notices import Changed

if TYPE_CHECKING:
    from liushou_desk.services.growth_card_model import CardData

MAX_BYTES = 20 * 1024 * 1024  # a file as chosen (a phone photo, a scanned PDF)
MAX_SIDE = 1600  # pixels: an image is kept at most this wide or tall
THUMB_SIDE = 160
MAX_ITEMS = 60  # a child's bag
PDF = "application/pdf"
JPEG = "image/jpeg"


@dataclass(frozen=True)
class BagItem:
    id: int
    kind: str  # AttachmentKind code
    title: str
    added_on: date
    mime: str
    size: int
    thumb: bytes | None

    @property
    def kind_word(self) -> str:
        return AttachmentKind.word_of(self.kind)

    @property
    def is_pdf(self) -> bool:
        return self.mime == PDF


def _refuse(name: str, why: str) -> ValidationFailed:
    return ValidationFailed([FieldError("file", f"“{name}”{why}")])


def prepare(name: str, data: bytes) -> tuple[str, bytes, bytes | None]:
    """(mime, the bytes to keep, a thumbnail) of a file as chosen; raises ValidationFailed."""
    if not data:
        raise _refuse(name, "是空文件")
    if len(data) > MAX_BYTES:
        raise _refuse(name, f"太大（{len(data) / 1048576:.1f} MB，最大 {MAX_BYTES // 1048576} MB）")
    if data[:5] == b"%PDF-":
        return PDF, data, None
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(BytesIO(data)) as opened:
            image = ImageOps.exif_transpose(opened).convert("RGB")  # as the phone held it
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise _refuse(name, "不是能打开的图片或 PDF（请选 JPG、PNG 或 PDF）") from None
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    kept = BytesIO()
    image.save(kept, "JPEG", quality=85)
    image.thumbnail((THUMB_SIDE, THUMB_SIDE))
    thumb = BytesIO()
    image.save(thumb, "JPEG", quality=80)
    return JPEG, kept.getvalue(), thumb.getvalue()


def add_item(
    archive: Archive, pupil_id: int, path: Path, kind: str, title: str, today: date
) -> tuple[int, Changed]:
    """Put the file at ``path`` into the child's bag; raises ValidationFailed (nothing kept)."""
    if AttachmentKind.from_code(kind) is None:
        raise ValidationFailed([FieldError("kind", "请选择材料类别")])
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise _refuse(
                path.name, f"太大（{size / 1048576:.1f} MB，最大 {MAX_BYTES // 1048576} MB）"
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise _refuse(path.name, f"无法读取（{exc.strerror or exc}）") from None
    mime, data, thumb = prepare(path.name, raw)
    title = clean_text(title) or path.stem
    if len(title) > 50:
        raise ValidationFailed([FieldError("title", "名称不能超过 50 个字")])
    with archive.transaction() as s:
        pupil = s.get(Pupil, pupil_id)
        if pupil is None or pupil.deleted_at is not None:
            raise ValidationFailed([FieldError("pupil", "没有这名学生")])
        held = s.scalar(
            select(func.count(Attachment.id)).where(
                Attachment.pupil_id == pupil_id, Attachment.deleted_at.is_(None)
            )
        )
        if (held or 0) >= MAX_ITEMS:
            raise ValidationFailed(
                [
                    FieldError(
                        "file", f"{pupil.name}的成长记录袋已有 {MAX_ITEMS} 份材料，请先移除一些"
                    )
                ]
            )
        item = Attachment(
            pupil_id=pupil_id,
            kind=kind,
            title=title,
            added_on=today,
            mime=mime,
            size=len(data),
            data=data,
            thumb=thumb,
            created_at=datetime.now(),
        )
        s.add(item)
        s.flush()
        from liushou_desk.services import audit

        audit.log(s, "成长记录袋", audit.pupil_ref(pupil_id), f"放入{AttachmentKind.word_of(kind)}")
        return item.id, Changed(
            pupil_ids=frozenset({pupil_id}), message=f"已放入成长记录袋：{title}"
        )


def list_items(archive: Archive, pupil_id: int) -> list[BagItem]:
    """The child's bag, oldest first, with thumbnails (not the files themselves)."""
    with archive.transaction() as s:
        return [
            BagItem(a.id, a.kind, a.title, a.added_on, a.mime, a.size, a.thumb)
            for a in s.scalars(
                select(Attachment)
                .options(undefer(Attachment.thumb))
                .where(Attachment.pupil_id == pupil_id, Attachment.deleted_at.is_(None))
                .order_by(Attachment.added_on, Attachment.id)
            )
        ]


def item_data(archive: Archive, item_id: int) -> tuple[str, bytes] | None:
    """(mime, bytes) of one item, to show or print."""
    with archive.transaction() as s:
        row = s.execute(
            select(Attachment.mime, Attachment.data).where(
                Attachment.id == item_id, Attachment.deleted_at.is_(None)
            )
        ).first()
    return (row[0], row[1]) if row else None


def set_removed(archive: Archive, item_id: int, removed: bool) -> Changed:
    """移出 (to the recycle bin) or put back."""
    with archive.transaction() as s:
        pid = s.scalar(select(Attachment.pupil_id).where(Attachment.id == item_id))
        s.execute(
            update(Attachment)
            .where(Attachment.id == item_id)
            .values(deleted_at=datetime.now() if removed else None)
        )
    word = "已移出成长记录袋" if removed else "已放回成长记录袋"
    return Changed(pupil_ids=frozenset({pid} if pid else set()), message=word)


def bag_of(
    archive: Archive, pupil_ids: list[int]
) -> dict[int, tuple[tuple[str, str, bytes | None], ...]]:
    """Each child's bag as a printed card appends it: (kind word, title, image bytes or None for
    a PDF), oldest first — one query for every child."""
    out: dict[int, list[tuple[str, str, bytes | None]]] = {}
    with archive.transaction() as s:
        for pid, kind, title, mime, data in s.execute(
            select(
                Attachment.pupil_id,
                Attachment.kind,
                Attachment.title,
                Attachment.mime,
                Attachment.data,
            )
            .where(Attachment.pupil_id.in_(pupil_ids), Attachment.deleted_at.is_(None))
            .order_by(Attachment.added_on, Attachment.id)
        ):
            out.setdefault(pid, []).append(
                (AttachmentKind.word_of(kind), title, None if mime == PDF else data)
            )
    return {pid: tuple(items) for pid, items in out.items()}


def with_bags(archive: Archive, cards: list[CardData]) -> list[CardData]:
    """The cards with each child's 成长记录袋, for a printout (or the principal's archive) that
    appends them."""
    from dataclasses import replace

    bags = bag_of(archive, [c.profile.pupil_id for c in cards])
    return [replace(c, bag=bags.get(c.profile.pupil_id, ())) for c in cards]
