"""附页: the last pages of a finished PDF as a document of their own, with their bookmarks — the
principal's 成长记录卡.pdf is the term report's card pages, not a second rendering of them.

Pages are copied as they are (fonts, text and drawings shared, not drawn again) with pypdf.
"""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO

from liushou_desk.pdf.document import Mark


def pages_from(data: bytes, first: int, marks: Sequence[Mark], title: str) -> bytes:
    """The pages of ``data`` from ``first`` (counted from 0) to the end. The bookmarks one level
    below the one on page ``first`` (each child's card under 附：成长记录卡) become the new
    document's bookmarks; its title is ``title``, its author and creator those of ``data``."""
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(BytesIO(data))
    writer = PdfWriter()
    for page in reader.pages[first:]:
        writer.add_page(page)
    section = next((m.level for m in marks if m.page == first), 0)
    for mark in marks:
        if mark.page >= first and mark.level == section + 1:
            writer.add_outline_item(title=mark.title, page_number=mark.page - first)
    source = reader.metadata
    kept = ("/Author", "/Creator", "/Producer")
    carried = {k: str(source[k]) for k in kept if source is not None and k in source}
    writer.add_metadata({"/Title": title, **carried})
    out = BytesIO()
    writer.write(out)
    return out.getvalue()
