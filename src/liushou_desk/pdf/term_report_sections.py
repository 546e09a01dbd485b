"""期末总结报告's sections added for the bureau (issues 16 and 17): 留守儿童的构成 with its charts,
每月的联系 and 联系覆盖, 成绩 of the left-behind children against the class, 四个优先, 还没覆盖到的
孩子 and 典型案例 — each a list of flowables, empty when there is nothing to show."""

from __future__ import annotations

from reportlab.platypus import Flowable

from liushou_desk.pdf.card import WIDTH
from liushou_desk.pdf.charts import bar_chart, grouped_chart
from liushou_desk.pdf.kit import BODY, SMALL_MUTED, Kit
from liushou_desk.services.term_report import TermReport


def gaps_section(kit: Kit, r: TermReport) -> list[Flowable]:
    """还没覆盖到的孩子: each gap with its children, or that there is none."""
    from liushou_desk.services.term_gaps import gap_label

    found = [(kind, names) for kind, names in r.gaps.items() if names]
    heading = kit.h3("还没覆盖到的孩子")
    heading.keepWithNext = True
    if not r.gaps:
        return []
    if not found:
        return [heading, kit.p("本学期每名留守儿童都有帮扶计划、四个优先措施、活动和家访。", BODY)]
    rows = [["缺口", "人数", "学生"]]
    rows += [[gap_label(kind), str(len(names)), "、".join(names)] for kind, names in found]
    return [heading, kit.table(rows, (32, 14, WIDTH - 46), where="还没覆盖到的孩子")]


def statistics_section(kit: Kit, r: TermReport) -> list[Flowable]:
    """留守儿童的构成: each breakdown a bureau asks for, as a line of counts, and 留守类型 and the
    parents' provinces as charts."""
    groups = r.stats.groups
    if not groups or not r.left_behind_total:
        return []
    rows = [["项目", "留守儿童人数"]]
    rows += [[name, "，".join(f"{w} {n} 人" for w, n in pairs) or "—"] for name, pairs in groups]
    out: list[Flowable] = [
        kit.h3("留守儿童的构成"),
        kit.table(rows, (30, WIDTH - 30), where="班级概况"),
    ]
    by_name = dict(groups)
    kinds = by_name.get("留守类型", [])
    if len(kinds) > 1:
        out += [kit.gap(2), bar_chart("留守类型（人）", kinds, WIDTH)]
    provinces = by_name.get("父母务工省份", [])
    if len(provinces) > 1:
        out += [
            kit.gap(2),
            bar_chart("父母务工省份（人，父母在不同省份的各算一次）", provinces, WIDTH),
        ]
    return out


def coverage_matrix_section(kit: Kit, r: TermReport) -> list[Flowable]:
    """联系覆盖: a row a child, a column a month — who was reached, and who was not."""
    from liushou_desk.services.term_stats import REACH_WORDS

    s = r.stats
    if not s.matrix or not s.months:
        return []
    series = list(REACH_WORDS.values())
    out: list[Flowable] = [
        kit.gap(2),
        grouped_chart("每月的联系（次）", s.per_month, series, WIDTH),
        kit.h3("联系覆盖（每名留守儿童、每个月）"),
        kit.p(
            "谈＝谈心，电＝与外出父母通话，监＝与在家监护人联系，访＝家访；“—”＝这个月没有联系。"
            + "　没联系到的人数："
            + "，".join(f"{m} {n} 人" for m, n in s.unreached.items()),
            SMALL_MUTED,
        ),
    ]
    months = [f"{m.month}月" for m in s.months]
    width = (WIDTH - 26) / max(len(months), 1)
    rows = [["学生", *months]] + [[name, *cells] for name, cells in s.matrix]
    out.append(kit.table(rows, (26, *([width] * len(months))), where="联系覆盖"))
    return out


def grades_section(kit: Kit, r: TermReport) -> list[Flowable]:
    """成绩: the left-behind children's mean against the class's, exam by exam."""
    found = r.stats.grades
    if not found:
        return []
    rows = [["考试", "全班平均", "留守儿童平均", "差"]]
    for exam, means in found:
        whole, mine = means.get("全班"), means.get("留守儿童")
        gap = f"{mine - whole:+.1f}" if whole is not None and mine is not None else "—"
        rows.append(
            [
                exam,
                f"{whole:.1f}" if whole is not None else "—",
                f"{mine:.1f}" if mine is not None else "—",
                gap,
            ]
        )
    series = ["全班", "留守儿童"]
    chart = grouped_chart(
        "留守儿童与全班的平均成绩（每名学生各科平均后再平均）",
        [(exam, {k: round(v) for k, v in means.items()}) for exam, means in found],
        series,
        WIDTH,
    )
    return [kit.h3("成绩：留守儿童与全班"), chart, kit.table(rows, (60, 38, 38, WIDTH - 136))]


def priorities_section(kit: Kit, r: TermReport) -> list[Flowable]:
    """四个优先: the children with a measure in each priority, and examples."""
    found = r.stats.priorities
    if not found:
        return []
    rows = [["优先", "有措施的儿童", "举例"]]
    rows += [
        [name, f"{n} / {r.left_behind_total} 人", "；".join(examples) or "—"]
        for name, n, examples in found
    ]
    return [kit.h3("四个优先"), kit.table(rows, (30, 26, WIDTH - 56), where="四个优先")]


def cases_section(kit: Kit, r: TermReport) -> list[Flowable]:
    """典型案例: the records the teacher marked, each in full; the child named only when the
    print options say so (邓同学 otherwise), records 涉及隐私 only when they are printed."""
    from liushou_desk.domain.records import BOOL, KINDS

    shown = [(n, v) for n, v in r.cases if kit.options.include_sensitive or not v.sensitive]
    if not shown:
        return []
    out: list[Flowable] = [kit.h3(f"典型案例（{len(shown)} 个）")]
    for number, (name, v) in enumerate(shown, start=1):
        who = name if kit.options.case_names else (name[:1] + "同学" if name else "一名学生")
        rows = [
            [spec.label, v.values.get(spec.name, "")]
            for spec in KINDS[v.kind].fields
            if spec.type != BOOL and spec.name != "participants" and v.values.get(spec.name)
        ]
        if not kit.options.case_names and name:  # the name inside the texts too
            rows = [[label, text.replace(name, who)] for label, text in rows]
        out.append(kit.p(f"案例{number}：{who}　{v.label}　{v.occurred_on:%Y-%m-%d}", BODY))
        out.append(
            kit.table(rows, (30, WIDTH - 30), header=False, where="典型案例", label_columns=(0,))
        )
        out.append(kit.gap(2))
    return out
