"""版式: the A4 page every PDF of the app uses — a running header with school, class and term,
a footer with "第 x 页 共 y 页" and the generation date — and the build loop that reports
progress and can be cancelled.

The page total is only known at the end, so each page's drawing is kept and the footers are
drawn when the document is saved (the usual two-pass canvas).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Spacer,
)

from liushou_desk.pdf.fonts import MAIN, FontSet
from liushou_desk.pdf.text import Para
from liushou_desk.services.notices import Cancelled

__all__ = ["Cancelled", "Mark", "PageInfo", "build_pdf"]

MARGIN_X = 18 * mm
MARGIN_TOP = 20 * mm
MARGIN_BOTTOM = 18 * mm
FRAME_HEIGHT = A4[1] - MARGIN_TOP - MARGIN_BOTTOM - 12  # the frame's own padding
HEADING_ROOM = 45 * mm  # a heading with less room than this below it starts the next page
GREY = HexColor("#666666")
GREEN = HexColor("#2e7d6b")

Progress = Callable[[int, int], None]  # (done, total)


@dataclass(frozen=True)
class PageInfo:
    title: str  # printed in the running header, e.g. "期末总结报告"
    header: str  # school · class · term
    generated: str  # "生成于 2026-11-23"
    author: str = ""


def _numbered_canvas(
    info: PageInfo, fonts: FontSet, titles: list[tuple[int, str]]
) -> type[Canvas]:
    class NumberedCanvas(Canvas):
        """Keeps every page until the end, then writes "第 x 页 共 y 页" on each."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            # the page preamble names a font: ours, so no unembedded Helvetica is referenced
            kwargs["initialFontName"] = MAIN
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self._furniture(number, total)
                super().showPage()
            super().save()

        def _furniture(self, number: int, total: int) -> None:
            width, height = A4
            self.saveState()
            self.setStrokeColor(GREY)
            self.setLineWidth(0.4)
            top = height - MARGIN_TOP + 5 * mm
            self.line(MARGIN_X, top, width - MARGIN_X, top)
            _draw(self, fonts, MARGIN_X, top + 1.6 * mm, info.header, 8)
            # a section's own title from its first page on (the last one started by then)
            title = next((t for start, t in reversed(titles) if start < number), info.title)
            _draw(self, fonts, width - MARGIN_X, top + 1.6 * mm, title, 8, "right")
            bottom = MARGIN_BOTTOM - 7 * mm
            _draw(self, fonts, width / 2, bottom, f"第 {number} 页 共 {total} 页", 8.5, "center")
            _draw(self, fonts, width - MARGIN_X, bottom, info.generated, 7.5, "right")
            self.restoreState()

    return NumberedCanvas


def _draw(
    canvas: Canvas, fonts: FontSet, x: float, y: float, text: str, size: float, align: str = "left"
) -> None:
    width = fonts.text_width(text, size)
    if align == "right":
        x -= width
    elif align == "center":
        x -= width / 2
    canvas.setFillColor(GREY)
    line = canvas.beginText(x, y)
    for face, piece in fonts.runs(text):
        line.setFont(face, size)
        line.textOut(piece)
    canvas.drawText(line)


@dataclass(frozen=True)
class Mark:
    """A bookmark of the finished PDF: its title, level, and the page it is on (from 0)."""

    title: str
    level: int
    page: int


class _Document(BaseDocTemplate):
    def __init__(self, target: Any, info: PageInfo, progress: Progress | None, **kw: Any) -> None:
        super().__init__(
            target,
            pagesize=A4,
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            title=info.title,
            author=info.author,
            creator="留守儿童关爱档案 liushou-desk",
            **kw,
        )
        frame = Frame(
            MARGIN_X, MARGIN_BOTTOM, A4[0] - 2 * MARGIN_X, A4[1] - MARGIN_TOP - MARGIN_BOTTOM
        )
        self.addPageTemplates([PageTemplate(id="page", frames=[frame])])
        self._progress = progress
        self._total = 0
        self._done = 0
        self.marks: list[Mark] = []
        self.titles: list[tuple[int, str]] = []  # (first page from 0, the header's title)

    def handle_keepWithNext(self, flowables: list[Flowable]) -> None:
        """A heading (``heading`` set, keepWithNext) goes over with what follows it only when
        the page has too little room left: HEADING_ROOM before a table or a chart (with more,
        a long table starts right under it and runs on — ReportLab's own grouping moved the
        whole table on), or just the height of a few lines of text that follow it."""
        super().handle_keepWithNext(flowables)
        group = flowables[0] if flowables else None
        content = getattr(group, "_content", None)
        if isinstance(group, KeepTogether) and content and getattr(content[0], "heading", False):
            for f in content:  # grouped once: never again (a group of one kept it set)
                f.__dict__["keepWithNext"] = 0
            flowables[0:1] = [CondPageBreak(self._room_for(content)), *content]

    def _room_for(self, content: list[Flowable]) -> float:
        """The room a heading and the text after it need (HEADING_ROOM at most, and for
        anything but plain text)."""
        width = self.frame._getAvailableWidth()
        needed = 0.0
        for f in content:
            if not isinstance(f, Para | Spacer):
                return HEADING_ROOM
            needed += f.wrap(width, FRAME_HEIGHT)[1] + f.getSpaceBefore() + f.getSpaceAfter()
            if needed >= HEADING_ROOM:
                return HEADING_ROOM
        return needed

    def afterFlowable(self, flowable: Flowable) -> None:
        outline = getattr(flowable, "outline", None)
        if outline:
            key = f"o{self._done}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(outline[0], key, level=outline[1], closed=outline[1] > 0)
            self.marks.append(Mark(outline[0], outline[1], self.page - 1))
        running_title = getattr(flowable, "running_title", None)
        if running_title:  # this page and those after it name their section in the header
            self.titles.append((self.page - 1, running_title))
        self._done += 1
        if self._progress is not None and self._done % 20 == 0:
            self._progress(self._done, self._total)


def build_pdf(
    story: list[Flowable],
    info: PageInfo,
    fonts: FontSet,
    out: Path | None = None,
    progress: Progress | None = None,
    marks: list[Mark] | None = None,
) -> tuple[bytes, int]:
    """Lay out ``story`` on A4 pages; return the PDF and its page count. With ``out``, also
    write it there (to a temporary name first, so a failed or cancelled build never leaves a
    partial file); with ``marks``, the bookmarks are added to it with their pages."""
    buffer = BytesIO()
    doc = _Document(buffer, info, progress)
    doc._total = len(story)
    doc.build(story, canvasmaker=_numbered_canvas(info, fonts, doc.titles))
    if marks is not None:
        marks += doc.marks
    data = buffer.getvalue()
    if out is not None:
        from liushou_desk.safe_files import write_bytes_safely

        write_bytes_safely(out, data)
    return data, len(doc.canv._pages)
