"""成长记录卡 as HTML: the profile summary, the pairing and help plan, the term's records as a
timeline (sensitive ones folded until revealed), the grade chart and the history of changes.

Links in the card (``record:edit:12`` …) let the tab act on a record.
"""

from __future__ import annotations

from html import escape

from liushou_desk.services.growth_card import GrowthCard
from liushou_desk.services.records import RecordView

RECENT_EXAMS = 8  # the grade table and chart show the latest exams

CSS = """
h2 { margin: 0 0 4px 0; }
.sub { color: #555; }
table { border-collapse: collapse; margin: 4px 0 10px 0; }
td, th { border: 1px solid #999; padding: 3px 6px; vertical-align: top; }
th { background: #eef3f1; font-weight: normal; white-space: nowrap; }
h3 { margin: 10px 0 2px 0; color: #2e7d6b; }
.empty { color: #888; }
.when { color: #555; white-space: nowrap; }
.kind { color: #2e7d6b; font-weight: bold; white-space: nowrap; }
.meta { color: #888; font-size: small; }
a { color: #1565c0; text-decoration: none; }
"""


def _cell(value: str) -> str:
    return escape(value).replace("\n", "<br>") if value else "<span class='empty'>未填</span>"


def render_card(card: GrowthCard) -> str:
    """The card as HTML for QTextBrowser (the records' timeline is a table view below it)."""
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
    html.append(_plan_section(card))
    html.append("<h3>成绩</h3>")
    if card.grades:
        html.append("<p><img src='chart://grades'></p>" if len(card.grades) > 1 else "")
        recent = card.grades[-RECENT_EXAMS:]
        if len(card.grades) > len(recent):
            html.append(
                f"<p class='empty'>最近 {len(recent)} 次考试（共 {len(card.grades)} 次）</p>"
            )
        html.append(_grades_table(recent))
    else:
        html.append("<p class='empty'>还没有成绩记录。</p>")
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


def _plan_section(card: GrowthCard) -> str:
    plans = [r for r in card.plans if r.kind == "help_plan"]
    out = ["<h3>一对一帮扶</h3>"]
    if not plans:
        out.append(
            "<p class='empty'>还没有帮扶计划。<a href='record:add:help_plan'>制定帮扶计划</a></p>"
        )
        return "".join(out)
    plan = plans[0]
    v = plan.values
    checks = [r for r in card.plans if r.kind == "plan_check" and r.parent_id == plan.id]
    out.append("<table width='99%'>")
    out.append(
        f"<tr><th width='80'>帮扶教师</th><td>{_cell(v.get('teacher', ''))}</td>"
        f"<th width='80'>学习小帮手</th><td>{_cell(v.get('peer', ''))}</td></tr>"
    )
    period = f"{v.get('date', '')} 至 {v.get('end') or '—'}"
    out.append(
        f"<tr><th>帮扶期</th><td>{escape(period)}</td><th>下次检查</th>"
        f"<td>{_cell(plan.due_on.isoformat() if plan.due_on else '')}</td></tr>"
    )
    out.append(f"<tr><th>帮扶内容</th><td colspan='3'>{_cell(v.get('content', ''))}</td></tr>")
    out.append(f"<tr><th>阶段目标</th><td colspan='3'>{_cell(v.get('goals', ''))}</td></tr>")
    for c in sorted(checks, key=lambda r: r.occurred_on):
        out.append(
            f"<tr><th>检查 {c.occurred_on:%m-%d}</th>"
            f"<td colspan='3'>{_cell(c.values.get('effect', ''))}</td></tr>"
        )
    out.append("</table>")
    out.append(
        f"<p><a href='record:add:plan_check:{plan.id}'>添加阶段检查</a>　"
        f"<a href='record:edit:{plan.id}'>修改帮扶计划</a></p>"
    )
    return "".join(out)


def _grades_table(grades: list[RecordView]) -> str:
    subjects = list(dict.fromkeys(s for g in grades for s in g.scores))
    head = "".join(f"<th>{escape(s)}</th>" for s in subjects)
    rows = []
    for g in grades:
        cells = "".join(f"<td>{escape(g.scores.get(s, ''))}</td>" for s in subjects)
        rows.append(
            f"<tr><td class='when'>{g.occurred_on:%Y-%m-%d}</td>"
            f"<td>{escape(g.values.get('exam', ''))}</td>{cells}</tr>"
        )
    return (
        f"<table width='99%'><tr><th>日期</th><th>考试</th>{head}</tr>" + "".join(rows) + "</table>"
    )
