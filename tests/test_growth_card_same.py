"""成长记录卡: one card, on screen and on paper — the tab and the PDF say the same things (every
section title and value, the 留守认定 and its reason, the village, the 期末评语, the 档案变动) in
the same order, and printing one child's card reads that child's rows alone."""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import event

from liushou_desk.db.models import ArchiveChange, CareRecord, Guardian, Parent, Pupil
from liushou_desk.db.schema import open_archive
from liushou_desk.domain.print_options import PrintOptions
from liushou_desk.domain.records import RecordValues
from liushou_desk.ops import printing
from liushou_desk.services import term_report
from liushou_desk.services.growth_card import growth_card
from liushou_desk.services.growth_card_model import (
    GrowthCardView,
    Note,
    Pairs,
    Table,
    Text,
)
from liushou_desk.services.records import create_record, list_records
from liushou_desk.services.roster import list_roster
from liushou_desk.services.terms import current_term

from .conftest import TODAY

# on screen the teacher sees everything but the records marked 涉及隐私 (until revealed)
# the records in full on paper too (by default each takes one line there)
SAME = PrintOptions(mask=False, include_sensitive=False, include_health=True, full_records=True)
COMMENT = "本学期进步明显，能主动帮助同学；希望继续坚持每天读书半小时。"


def _flat(text: str) -> str:
    """Whitespace out: the PDF wraps long values inside their cells."""
    return re.sub(r"\s+", "", text)


def _words(card: GrowthCardView) -> list[str]:
    """Every title and value the card holds (the chart's points are checked apart)."""
    words = [card.title, card.subtitle]
    for section in card.sections:
        words.append(section.title)
        for block in section.blocks:
            if isinstance(block, Pairs):
                words += [w for p in block.pairs for w in (p.label, p.value)]
            elif isinstance(block, Table):
                words += [h for h in block.header if h]
                words += [cell for row in block.rows for cell in row]
            elif isinstance(block, Note | Text):
                words.append(block.text)
    return words


def _pdf_text(data: bytes) -> str:
    """The PDF's text without the running header and the page footer."""
    lines = []
    for page in PdfReader(BytesIO(data)).pages:
        for line in page.extract_text().splitlines():
            if re.search(r"第 ?\d+ ?页 ?共 ?\d+ ?页|生成于", line):
                continue
            lines.append(line)
    return "\n".join(lines)


@pytest.fixture
def child(demo_db: Path):  # type: ignore[no-untyped-def]
    """A left-behind child of the demo class with a manual 留守认定, a help plan, grades, a
    change of the archive this term, and a 期末评语 written for the test."""
    archive = open_archive(demo_db)
    term = current_term(archive, TODAY)
    pupil = next(r for r in list_roster(archive, TODAY) if r.name == "郭梓睿")
    create_record(
        archive,
        "term_comment",
        pupil.id,
        RecordValues({"date": TODAY.isoformat(), "content": COMMENT}),
        TODAY,
    )
    yield archive, term, pupil.id
    archive.close()


def test_the_tab_and_the_pdf_show_the_same_card(qtbot, child, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from liushou_desk.ui.growth_card_tab import GrowthCardTab

    archive, term, pid = child
    card = growth_card(archive, pid, term, TODAY, SAME)
    assert card.left_behind.endswith("（人工认定）") and card.left_behind_reason
    assert card.village and card.comment == COMMENT and card.changes and card.chart

    tab = GrowthCardTab(archive, lambda: TODAY)
    qtbot.addWidget(tab)
    tab.resize(1300, 700)
    tab.set_pupil(pid)
    tab.refresh()
    screen = "\n".join(
        [
            tab.browser.toPlainText(),
            tab.timeline_title.text(),
            tab.sensitive_label.text(),
            *tab.timeline_texts(),
        ]
    )
    printout = printing.growth_card(archive, pid, term, TODAY, SAME)
    paper = _pdf_text(printout.data)
    (tmp_path / "card.pdf").write_bytes(printout.data)

    flat_screen, flat_paper = _flat(screen), _flat(paper)
    # on paper the class's activities take a line a month (issue 17); on screen one a record
    on_screen = growth_card(archive, pid, term, TODAY)
    for word in _words(on_screen):
        assert _flat(word) in flat_screen, f"not on screen: {word}"
    for word in _words(card):
        assert _flat(word) in flat_paper, f"not in the PDF: {word}"
    monthly = [c for c in card.section("records").blocks if isinstance(c, Table)]
    assert any(row[1].startswith("活动会议 ") for table in monthly for row in table.rows)
    assert len(monthly) >= 2  # grouped by 三沟通 party on paper
    # what the two cards used to differ in
    for word in (card.left_behind_reason, card.village, COMMENT, "认定理由", "档案变动"):
        assert _flat(word) in flat_screen and _flat(word) in flat_paper, word
    for change in card.changes:
        for value in (change.label, change.new_value, f"{change.changed_at:%Y-%m-%d}"):
            assert _flat(value) in flat_screen and _flat(value) in flat_paper, value
    # the same sections in the same order
    titles = [_flat(s.title) for s in card.sections]
    assert [flat_screen.index(t) for t in titles] == sorted(flat_screen.index(t) for t in titles)
    assert [flat_paper.index(t) for t in titles] == sorted(flat_paper.index(t) for t in titles)
    # the records listed on screen are the ones printed, row for row
    listed = [c for c in card.records if c.listed and not c.record.sensitive]
    assert len(tab.timeline_texts()) == len(listed) > 0
    # the chart on screen is drawn from the same points as the PDF's
    subjects = [line.subject for line in card.chart.lines]
    assert all(s in paper for s in subjects)
    assert "chart://grades" in tab.browser.toHtml()


def test_masked_print_masks_the_changes_too(child) -> None:  # type: ignore[no-untyped-def]
    archive, term, pid = child
    from liushou_desk.services.profile import load_profile, save_profile

    draft = load_profile(archive, pid, TODAY).draft
    draft.guardians[0].phone = "13912345678"
    save_profile(archive, pid, draft, TODAY)
    full = growth_card(archive, pid, term, TODAY, SAME)
    assert any("13912345678" in c.new_value for c in full.changes)
    data = printing.growth_card(archive, pid, term, TODAY).data  # masked by default
    text = _flat(_pdf_text(data))
    assert "13912345678" not in text and "139****5678" in text


def test_one_card_reads_one_child(child, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    archive, term, pid = child
    mine = {r.id for r in list_records(archive, pid)}

    def whole_class(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("the whole class was read for one card")

    monkeypatch.setattr(term_report, "build_term_report", whole_class)
    loaded: dict[str, set[int]] = {"pupil": set(), "record": set(), "change": set()}

    def seen(kind: str, of):  # type: ignore[no-untyped-def]
        return lambda target, context: loaded[kind].add(of(target))

    hooks = [
        (Pupil, seen("pupil", lambda p: p.id)),
        (Parent, seen("pupil", lambda p: p.pupil_id)),
        (Guardian, seen("pupil", lambda g: g.pupil_id)),
        (CareRecord, seen("record", lambda r: r.id)),
        (ArchiveChange, seen("change", lambda c: c.pupil_id)),
    ]
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        statements.append(statement)

    for model, hook in hooks:
        event.listen(model, "load", hook)
    event.listen(archive.engine, "before_cursor_execute", count)
    try:
        printout = printing.growth_card(archive, pid, term, TODAY)
    finally:
        for model, hook in hooks:
            event.remove(model, "load", hook)
        event.remove(archive.engine, "before_cursor_execute", count)
    assert printout.cards == 1 and printout.pages >= 1
    assert loaded["pupil"] == {pid}
    assert loaded["change"] <= {pid}
    assert loaded["record"] <= mine
    assert len(statements) < 16, statements  # a few reads, whatever the size of the class


def test_a_vocabulary_value_is_shown_in_its_chinese_word() -> None:
    from enum import Enum

    from liushou_desk.services.growth_card_view import word_of

    class Kind(str, Enum):  # a stored code with its word, as the vocabularies may have
        BOTH = "both_away"

        @property
        def label(self) -> str:
            return "父母均外出"

    assert word_of(Kind, "both_away") == "父母均外出"
    assert word_of(Kind, "自由填写的文字") == "自由填写的文字"  # not in the vocabulary: as it is


def test_on_paper_each_record_takes_one_line_unless_asked_in_full(child) -> None:  # type: ignore[no-untyped-def]
    """Issue 17: a typical card shorter on paper — each 关爱记录 cut to its first words on one
    line ("…" where cut); 印全文 prints them whole. The screen always shows them whole."""
    from liushou_desk.services.growth_card_paper import LINE

    archive, term, pid = child
    digest = growth_card(archive, pid, term, TODAY, PrintOptions(mask=False))
    full = growth_card(archive, pid, term, TODAY, SAME)

    def contents(card) -> list[str]:  # type: ignore[no-untyped-def]
        tables = [b for b in card.section("records").blocks if isinstance(b, Table)]
        return [row[2] for table in tables for row in table.rows]

    short, whole = contents(digest), contents(full)
    assert len(short) == len(whole) and any(len(w) > LINE for w in whole)
    for cut, text in zip(short, whole, strict=True):
        assert len(cut) <= LINE
        flat = " ".join(text.split())
        assert cut == flat or (cut.endswith("…") and flat.startswith(cut[:-1]))
