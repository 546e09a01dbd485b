"""打印 (printing): every printout the app makes — one child's growth card (成长记录卡), the
term report (期末总结报告) — built the same way for the window, the command line and the
principal's window, and logged in one wording when it leaves the app (printed, saved, opened
in another program, written by a command).

A printout names a child in the 操作日志 by number (学生#12), never by name.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from liushou_desk.services.audit import pupil_ref

if TYPE_CHECKING:
    from liushou_desk.db.engine import Archive
    from liushou_desk.domain.print_options import PrintOptions
    from liushou_desk.pdf.document import PageInfo
    from liushou_desk.pdf.text import Missing
    from liushou_desk.services.terms import TermView

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]  # (done, total); raises Cancelled when the teacher stops


@dataclass(frozen=True)
class Printout:
    """一份打印件: the PDF's bytes and pages, what it is, and what could not be printed."""

    kind: str  # "card" or "report"
    title: str  # 成长记录卡-张三-2026-2027学年第一学期: the preview's title and file name
    what: str  # for the 操作日志: 成长记录卡 学生#12（…）
    data: bytes
    pages: int
    options: PrintOptions
    missing: list[str] = field(default_factory=list)  # child · field: characters with no font
    cards: int = 0
    term_name: str = ""

    @property
    def file_name(self) -> str:
        return safe_file_name(self.title) + ".pdf"

    @classmethod
    def of(
        cls,
        rendered: RenderedPdf,
        *,
        kind: str,
        title: str,
        what: str,
        options: PrintOptions,
        cards: int = 0,
        term_name: str = "",
    ) -> Printout:
        """A printout of a finished PDF (its bytes, pages and the characters no font had)."""
        missing = rendered.missing.lines()
        return cls(
            kind, title, what, rendered.data, rendered.pages, options, missing, cards, term_name
        )


class RenderedPdf(Protocol):
    """What every PDF maker returns (pdf.term_report.Rendered, pdf.form1.RenderedForms …)."""

    @property
    def data(self) -> bytes: ...
    @property
    def pages(self) -> int: ...
    @property
    def missing(self) -> Missing: ...


def class_page(archive: Archive, today: date, title: str) -> tuple[PageInfo, TermView]:
    """The running header of a class printout of the current term (school, class, term,
    the date), and that term."""
    from liushou_desk.pdf.term_report import page_info
    from liushou_desk.services.archive_info import get_info
    from liushou_desk.services.terms import current_term

    term = current_term(archive, today)
    return page_info(get_info(archive), term.name, today, title), term


def safe_file_name(text: str) -> str:
    """A file name Windows accepts, from a title with names and a term in it."""
    return re.sub(r'[\\/:*?"<>|\s]+', "", text) or "打印"


def term_named(archive: Archive, name: str | None, today: date) -> TermView:
    """The term called ``name`` (like 2026-2027-1), or the current one; raises
    ``TermFormatError`` (a ValueError) with a Chinese message for a malformed name."""
    from liushou_desk.domain.terms import parse_term, term_for
    from liushou_desk.services.terms import term_of

    spec = parse_term(name) if name else term_for(today)
    return term_of(archive, spec)


def growth_card(
    archive: Archive,
    pupil_id: int,
    term: TermView,
    today: date,
    options: PrintOptions | None = None,
    *,
    out: Path | None = None,
    progress: Progress | None = None,
) -> Printout:
    """One child's 成长记录卡 for ``term``, read from that child's rows alone (the same card the
    window shows); written to ``out`` too when given."""
    from liushou_desk.domain.print_options import PrintOptions
    from liushou_desk.pdf.term_report import cards_pdf
    from liushou_desk.services.growth_card import load_card

    options = options or PrintOptions()
    try:
        card = load_card(archive, pupil_id, term, today)
    except LookupError:
        raise LookupError(f"档案中没有这名学生（{pupil_ref(pupil_id)}）") from None
    if options.bag:
        from liushou_desk.services.growth_bag import with_bags

        card = with_bags(archive, [card])[0]
    rendered = cards_pdf([card], options, out, progress)
    name = card.profile.draft.name
    return Printout.of(
        rendered,
        kind="card",
        title=f"成长记录卡-{name}-{term.name}",
        what=f"成长记录卡 {pupil_ref(pupil_id)}（{term.name}）",
        options=options,
        cards=1,
        term_name=term.name,
    )


def term_report(
    archive: Archive,
    term: TermView,
    today: date,
    options: PrintOptions | None = None,
    *,
    out: Path | None = None,
    progress: Progress | None = None,
    pupil_ids: list[int] | None = None,
) -> Printout:
    """The class's 期末总结报告 for ``term`` with every left-behind child's growth card (or
    the cards of ``pupil_ids`` only)."""
    from liushou_desk.domain.print_options import PrintOptions
    from liushou_desk.pdf.term_report import term_report_pdf
    from liushou_desk.services.term_report import build_term_report

    options = options or PrintOptions()
    if not options.shows("cards"):  # the report alone: no card read
        pupil_ids = []
    report = build_term_report(archive, term, today, pupil_ids)
    rendered = term_report_pdf(report, options, out, progress)
    return Printout.of(
        rendered,
        kind="report",
        title=f"期末总结报告-{report.info.title}-{term.name}",
        what=f"期末总结报告（{term.name}）",
        options=options,
        cards=len(report.cards),
        term_name=term.name,
    )


def growth_cards(
    archive: Archive,
    pupil_ids: list[int],
    term: TermView,
    today: date,
    options: PrintOptions | None = None,
    *,
    out: Path | None = None,
    progress: Progress | None = None,
) -> Printout:
    """Several children's 成长记录卡 in one PDF, each starting on a new page, in that order."""
    from liushou_desk.domain.print_options import PrintOptions
    from liushou_desk.pdf.term_report import cards_pdf
    from liushou_desk.services.growth_card import load_cards

    if len(pupil_ids) == 1:
        return growth_card(archive, pupil_ids[0], term, today, options, out=out, progress=progress)
    options = options or PrintOptions()
    cards = load_cards(archive, pupil_ids, term, today)
    if options.bag:
        from liushou_desk.services.growth_bag import with_bags

        cards = with_bags(archive, cards)
    order = {pid: i for i, pid in enumerate(pupil_ids)}
    cards.sort(key=lambda c: order.get(c.profile.pupil_id, len(order)))
    rendered = cards_pdf(cards, options, out, progress)
    return Printout.of(
        rendered,
        kind="card",
        title=f"成长记录卡-{len(cards)}名学生-{term.name}",
        what=f"成长记录卡 {len(cards)} 份（{term.name}）",
        options=options,
        cards=len(cards),
        term_name=term.name,
    )


def how_detail(printout: Printout, how: str) -> str:
    """The 操作日志 detail of a printout leaving the app: how, and what it showed."""
    full = "号码已遮盖" if printout.options.mask else "完整号码"
    private = "含涉及隐私的记录" if printout.options.include_sensitive else ""
    return "；".join(x for x in (how, full, private) if x)


def delivered(archive: Archive | None, printout: Printout, how: str) -> None:
    """操作日志: a printout left the app — 送打印机 N 页, 另存为 …, 用系统 PDF 阅读器打开,
    命令行写出 ….

    ``archive`` None: the principal's read-only copy — the entry goes to the app's log file,
    by number only."""
    detail = how_detail(printout, how)
    if archive is None:
        log.info("校长查看：%s：%s", printout.what, detail)
        return
    from liushou_desk.services import audit

    audit.record(archive, audit.Action.PRINT, printout.what, detail)


def recovery_sheet(recovery: str, archive_name: str, folder: str, today: date) -> bytes:
    """恢复密钥单: the one page the teacher keeps in a drawer (not logged: it names no child)."""
    from liushou_desk.pdf.recovery_sheet import recovery_sheet_pdf

    return recovery_sheet_pdf(recovery, archive_name, folder, today)
