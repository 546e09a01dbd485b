"""成长记录卡 as HTML: the card's view model (``services.growth_card``) drawn for QTextBrowser —
the same sections, order and words as the PDF. The last section, 本学期关爱记录, is the
timeline table under the card (``GrowthCardTab``), where records are filtered and edited.

Links in the card (``record:edit:12`` …) let the tab act on a record; they are the screen's
own (nothing to print).
"""

from __future__ import annotations

from html import escape

from liushou_desk.services.growth_card_model import (
    EMPTY,
    Block,
    GradeChart,
    GrowthCardView,
    Note,
    Pairs,
    Section,
    Table,
    Text,
)

CHART_URL = "chart://grades"
IN_TIMELINE = "records"  # the section the timeline table below the card shows

# pre-wrap: Qt's HTML would fold the ideographic space (　) the card's words use into a plain one
CSS = """
h2, p, td, div { white-space: pre-wrap; }
h2 { margin: 0 0 2px 0; }
.sub { color: #555; }
table { border-collapse: collapse; margin: 2px 0 6px 0; }
td, th { border: 1px solid #999; padding: 3px 6px; vertical-align: top; }
th { background: #eef3f1; font-weight: normal; white-space: nowrap; }
h3 { margin: 10px 0 2px 0; color: #2e7d6b; }
.empty { color: #888; }
.acts { margin: 0 0 4px 0; }
a { color: #1565c0; text-decoration: none; }
"""


def _cell(value: str) -> str:
    if value == EMPTY:
        return f"<span class='empty'>{EMPTY}</span>"
    return escape(value).replace("\n", "<br>")


def render_card(card: GrowthCardView) -> str:
    """The card as HTML, every section but the timeline's."""
    html = [f"<style>{CSS}</style>"]
    html.append(f"<h2>{escape(card.title)}</h2>")
    html.append(f"<div class='sub'>{escape(card.subtitle)}</div>")
    for section in card.sections:
        if section.key == IN_TIMELINE:  # its table is the timeline below; its totals here
            totals = [b for b in section.blocks if isinstance(b, Text)]
            if totals:
                html.append(f"<h3>{escape(section.title)}</h3>")
                html += [_block(b) for b in totals]
            continue
        html.append(f"<h3>{escape(section.title)}</h3>")
        html += [_block(b) for b in section.blocks]
        html.append(_actions(card, section))
    return "".join(html)


def _block(block: Block) -> str:
    if isinstance(block, Note):
        return f"<p class='empty'>{escape(block.text)}</p>"
    if isinstance(block, Text):
        return f"<p>{_cell(block.text)}</p>"
    if isinstance(block, GradeChart):
        return f"<p><img src='{CHART_URL}'></p>"
    if isinstance(block, Table):
        return _table(block)
    return _pairs(block)


def _pairs(block: Pairs) -> str:
    rows = []
    row: list[str] = []
    per_row = max(block.columns, 1)
    value = f"{(100 - 10 * per_row) // per_row}%"  # the PDF's label / value proportions
    for pair in block.pairs:
        th = f"<th width='10%'>{escape(pair.label)}</th>"
        if pair.wide or per_row == 1:
            if row:
                rows.append("".join(row))
                row = []
            span = 2 * per_row - 1
            rows.append(f"{th}<td colspan='{span}'>{_cell(pair.value)}</td>")
            continue
        row.append(f"{th}<td width='{value}'>{_cell(pair.value)}</td>")
        if len(row) == per_row:
            rows.append("".join(row))
            row = []
    if row:
        last = row[-1].replace("<td ", f"<td colspan='{2 * (per_row - len(row)) + 1}' ", 1)
        rows.append("".join([*row[:-1], last]))
    return "<table width='99%'>" + "".join(f"<tr>{r}</tr>" for r in rows) + "</table>"


def _table(block: Table) -> str:
    total = sum(block.widths) or 1
    head = "".join(
        f"<th width='{w * 100 / total:.0f}%'>{escape(h)}</th>"
        for h, w in zip(block.header, block.widths, strict=True)
    )
    rows = []
    for i, cells in enumerate(block.rows):
        record = block.records[i] if i < len(block.records) else 0
        out = []
        for c, value in enumerate(cells):
            text = _cell(value)
            if c == 0 and record:
                text = f"<a href='record:edit:{record}'>{text}</a>"
            tag = "th" if c == 0 and block.label_column else "td"
            out.append(f"<{tag}>{text}</{tag}>")
        rows.append("<tr>" + "".join(out) + "</tr>")
    return f"<table width='99%'><tr>{head}</tr>" + "".join(rows) + "</table>"


def _actions(card: GrowthCardView, section: Section) -> str:
    """The screen's links under a section: add or change the records it shows."""
    links: list[tuple[str, str]] = []
    if section.key == "plan":
        if card.plan_id is None:
            links.append(("record:add:help_plan", "制定帮扶计划"))
        else:
            links.append((f"record:add:plan_check:{card.plan_id}", "添加阶段检查"))
            links.append((f"record:edit:{card.plan_id}", "修改帮扶计划"))
    elif section.key == "grades":
        links.append(("record:add:grade", "新增成绩"))
    elif section.key == "comment":
        if card.comment_id is None:
            links.append(("record:add:term_comment", "填写期末评语"))
        else:
            links.append((f"record:edit:{card.comment_id}", "修改期末评语"))
    if not links:
        return ""
    shown = "　".join(f"<a href='{href}'>{escape(text)}</a>" for href, text in links)
    return f"<p class='acts'>{shown}</p>"
