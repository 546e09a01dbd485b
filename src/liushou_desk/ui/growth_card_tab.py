"""成长记录卡 tab: the selected pupil's card for a term, as the teacher would print it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QTextBrowser, QVBoxLayout, QWidget

from liushou_desk.db.engine import Archive
from liushou_desk.services.growth_card import GrowthCard, growth_card
from liushou_desk.services.terms import TermView, current_term, list_terms

CSS = """
h2 { margin: 0 0 4px 0; }
.sub { color: #555; }
table { border-collapse: collapse; margin: 4px 0 10px 0; }
td, th { border: 1px solid #999; padding: 3px 6px; vertical-align: top; }
th { background: #eef3f1; font-weight: normal; white-space: nowrap; }
h3 { margin: 10px 0 2px 0; color: #2e7d6b; }
.empty { color: #888; }
"""


def _cell(value: str) -> str:
    return escape(value).replace("\n", "<br>") if value else "<span class='empty'>未填</span>"


def render_card(card: GrowthCard) -> str:
    """The card as HTML for QTextBrowser."""
    p = card.profile
    d = p.draft
    kind = p.kind + ("（人工认定）" if p.override_kind else "")
    rows = [
        ("姓名", d.name, "性别", d.sex),
        ("出生日期", d.birth_date, "年龄", "" if card.age is None else f"{card.age}岁"),
        ("民族", d.ethnicity, "学籍号", d.student_number),
        ("身份证号", d.id_number, "寄宿", "是" if d.boarding else "否"),
        ("家庭住址", d.address, "留守类型", kind),
    ]
    html = [f"<style>{CSS}</style>"]
    school = escape(card.info.title) or "（未填写学校与班级）"
    html.append(f"<h2>成长记录卡 · {escape(d.name)}</h2>")
    html.append(f"<div class='sub'>{school}　{escape(card.term.name)}</div>")
    html.append("<h3>基本信息</h3><table width='99%'>")
    for a, av, b, bv in rows:
        html.append(
            f"<tr><th width='80'>{a}</th><td>{_cell(av)}</td>"
            f"<th width='80'>{b}</th><td>{_cell(bv)}</td></tr>"
        )
    if p.enrolment != "在读":
        when = p.left_on.isoformat() if p.left_on else ""
        html.append(
            f"<tr><th>在读状态</th><td colspan='3'>{escape(p.enrolment)} {when} "
            f"{escape(p.leave_note)}</td></tr>"
        )
    html.append("</table>")
    html.append("<h3>性格、兴趣与健康</h3><table width='99%'>")
    for label, value in (
        ("性格特征", d.personality),
        ("兴趣爱好", d.interests),
        ("特长", d.strengths),
        ("身体健康", d.health_physical),
        ("心理健康", d.health_mental),
    ):
        html.append(f"<tr><th width='80'>{label}</th><td>{_cell(value)}</td></tr>")
    html.append("</table>")
    html.append(
        "<h3>父母及监护人</h3><table width='99%'><tr><th></th><th>姓名</th><th>现状</th>"
        "<th>务工地</th><th>外出时间</th><th>预计返乡</th><th>电话</th></tr>"
    )
    for pd in (d.father, d.mother):
        place = " ".join(x for x in (pd.work_province, pd.work_city, pd.work_unit) if x)
        html.append(
            f"<tr><th>{pd.role}</th><td>{_cell(pd.name)}</td><td>{_cell(pd.situation)}</td>"
            f"<td>{_cell(place)}</td><td>{_cell(pd.away_since)}</td>"
            f"<td>{_cell(pd.expected_return)}</td><td>{_cell(pd.phone)}</td></tr>"
        )
    html.append("</table>")
    if d.guardians:
        html.append(
            "<table width='99%'><tr><th>在家监护人</th><th>关系</th><th>年龄</th>"
            "<th>电话</th><th>健康</th><th>文化程度</th><th>监护能力</th></tr>"
        )
        for g in d.guardians:
            html.append(
                f"<tr><td>{_cell(g.name)}</td><td>{_cell(g.relation)}</td><td>{_cell(g.age)}</td>"
                f"<td>{_cell(g.phone)}</td><td>{_cell(g.health)}</td><td>{_cell(g.literacy)}</td>"
                f"<td>{_cell(g.capacity)}</td></tr>"
            )
        html.append("</table>")
    else:
        html.append("<p class='empty'>尚未登记在家监护人。</p>")
    html.append(f"<h3>本学期档案变动（{len(card.changes)} 条）</h3>")
    if card.changes:
        html.append(
            "<table width='99%'><tr><th>日期</th><th>类别</th><th>项目</th>"
            "<th>原内容</th><th>新内容</th><th>说明</th></tr>"
        )
        for c in card.changes:
            html.append(
                f"<tr><td>{c.changed_at:%Y-%m-%d}</td><td>{escape(c.kind)}</td>"
                f"<td>{escape(c.label)}</td><td>{escape(c.old_value)}</td>"
                f"<td>{escape(c.new_value)}</td><td>{escape(c.note)}</td></tr>"
            )
        html.append("</table>")
    else:
        html.append("<p class='empty'>本学期档案没有变动。</p>")
    return "".join(html)


class GrowthCardTab(QWidget):
    """Shows the card of the selected pupil for the chosen term."""

    def __init__(
        self, archive: Archive, today: Callable[[], date], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.archive = archive
        self.today = today
        self.pupil_id = 0
        self.term_combo = QComboBox()
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("学期："))
        bar.addWidget(self.term_combo)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.browser, 1)
        self.term_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self._stale = True

    def reload_terms(self) -> None:
        current = current_term(self.archive, self.today())
        self.term_combo.blockSignals(True)
        self.term_combo.clear()
        for t in list_terms(self.archive):
            self.term_combo.addItem(t.name, t)
        i = self.term_combo.findText(current.name, Qt.MatchFlag.MatchExactly)
        self.term_combo.setCurrentIndex(max(i, 0))
        self.term_combo.blockSignals(False)

    def set_pupil(self, pupil_id: int) -> None:
        self.pupil_id = pupil_id
        self._stale = True
        if self.isVisible():
            self.refresh()

    def mark_stale(self) -> None:
        self._stale = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        self._stale = False
        if self.term_combo.count() == 0:
            self.reload_terms()
        term: TermView | None = self.term_combo.currentData()
        if not self.pupil_id or term is None:
            self.browser.setHtml("<p style='color:#888'>请先在“班级名册”中选择一名学生。</p>")
            return
        try:
            card = growth_card(self.archive, self.pupil_id, term, self.today())
        except LookupError:
            self.browser.setHtml("<p>这名学生的档案已不存在。</p>")
            return
        self.browser.setHtml(render_card(card))
