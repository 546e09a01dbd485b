"""期末总结的统计 (issue 17) on a small archive counted by hand: the breakdowns, the child × month
coverage (who was reached by what), the unreached, 四个优先."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from liushou_desk.db.schema import open_archive
from liushou_desk.services.term_report import build_term_report
from liushou_desk.services.terms import current_term
from tests.test_due import TODAY, add_pupil, rec


@pytest.fixture
def archive(tmp_path: Path):  # type: ignore[no-untyped-def]
    arc = open_archive(tmp_path / "class.sqlite")
    yield arc
    arc.close()


def test_the_coverage_matrix_and_the_breakdowns(archive):  # type: ignore[no-untyped-def]
    from liushou_desk.domain.records import RecordValues
    from liushou_desk.services import records

    li, wang = add_pupil(archive, "李明"), add_pupil(archive, "王芳")
    rec(archive, "talk", li, "2026-09-10")
    rec(archive, "family_call", li, "2026-10-03")
    rec(archive, "home_visit", wang, "2026-10-20")
    rec(archive, "contact", wang, "2026-11-05", party="与在家监护人")
    for pid, day in ((li, "2026-10-08"), (wang, "2026-10-09")):  # one measure, said twice
        records.create_record(
            archive,
            "priorities",
            pid,
            RecordValues({"date": day, "study": "每天辅导数学。"}),
            TODAY,
        )
    report = build_term_report(archive, current_term(archive, TODAY), TODAY)
    s = report.stats
    assert [f"{m.month}月" for m in s.months] == ["9月", "10月", "11月"]  # August: holidays
    assert dict(s.matrix) == {"李明": ["谈", "电", "—"], "王芳": ["—", "监访", "监"]}
    assert s.unreached == {"9月": 1, "10月": 0, "11月": 1}
    assert dict(s.per_month)["10月"] == {"与父母通话": 1, "家访": 1, "与监护人联系": 1}
    groups = dict(s.groups)
    assert groups["留守类型"] == [("父母均外出", 2)]
    assert groups["父母外出时长"] == [("1—3年", 2)]  # both away since 2025年2月
    assert sum(n for _, n in groups["性别"]) == 2
    (study,) = [p for p in s.priorities if p[0] == "学习辅导"]
    assert study == ("学习辅导", 2, ["李明：每天辅导数学"])  # no "。；", no repeat


def test_last_terms_plans_beside_this_terms_work(archive):  # type: ignore[no-untyped-def]
    from liushou_desk.domain.terms import term_for
    from liushou_desk.services.term_summary import TermSummary, save_summary
    from liushou_desk.services.terms import ensure_term, term_of

    add_pupil(archive, "李明")
    with archive.transaction() as session:  # last term, stored as its summary was written
        ensure_term(session, term_for(date(2026, 5, 1)))
    spring = term_of(archive, term_for(date(2026, 5, 1)))
    save_summary(archive, spring, TermSummary(next_plans="下学期完成全部家访。"))
    report = build_term_report(archive, current_term(archive, TODAY), TODAY)
    assert report.last_plans == "下学期完成全部家访。"


def test_typical_cases_printed_in_full_with_the_name_masked_unless_asked(archive):  # type: ignore[no-untyped-def]
    """典型案例: a record the teacher marks goes into the report in full; the child is 李同学
    unless the print options name her; a record 涉及隐私 only when those are printed."""
    from io import BytesIO

    from pypdf import PdfReader

    from liushou_desk.domain.print_options import PrintOptions
    from liushou_desk.pdf.term_report import term_report_pdf

    li = add_pupil(archive, "李明")
    rec(
        archive,
        "talk",
        li,
        "2026-10-12",
        topic="想念妈妈",
        measures="约好每周六和妈妈视频",
        case="是",
        said="李明说晚上睡不着",
    )
    rec(archive, "talk", li, "2026-10-20", topic="不算案例")
    report = build_term_report(archive, current_term(archive, TODAY), TODAY)
    assert [v.values["topic"] for _, v in report.cases] == ["想念妈妈"]

    def text(options: PrintOptions) -> str:
        data = term_report_pdf(report, options).data
        return "".join(p.extract_text() for p in PdfReader(BytesIO(data)).pages).replace("\n", "")

    masked = text(PrintOptions())
    assert "典型案例（1 个）" in masked and "案例1：李同学" in masked
    assert "约好每周六和妈妈视频" in masked and "李同学说晚上睡不着" in masked
    named = text(PrintOptions(case_names=True))
    assert "案例1：李明" in named and "李明说晚上睡不着" in named


def test_the_left_behind_childrens_grades_against_the_class(archive):  # type: ignore[no-untyped-def]
    from liushou_desk.domain.records import RecordValues
    from liushou_desk.services import records

    li = add_pupil(archive, "李明")
    other = add_pupil(archive, "王芳", left_behind=False)

    def grade(pid: int, day: str, scores: dict[str, str]) -> None:
        records.create_record(
            archive,
            "grade",
            pid,
            RecordValues({"date": day, "exam": "期中考试"}, scores=scores),
            TODAY,
        )

    grade(li, "2026-11-10", {"语文": "60", "数学": "80"})
    grade(other, "2026-11-10", {"语文": "90"})  # sat one subject
    report = build_term_report(archive, current_term(archive, TODAY), TODAY)
    assert report.stats.grades == [("11月期中考试", {"全班": 80.0, "留守儿童": 70.0})]


def test_the_report_prints_the_parts_and_the_dates_chosen(qtbot, archive):  # type: ignore[no-untyped-def]
    """打印 → 期末总结报告: parts left out are not printed, the cards neither; 统计时段 narrows the
    report to part of the term, refused outside the term or back to front."""
    from io import BytesIO

    from pypdf import PdfReader

    from liushou_desk.ops.printing import term_report
    from liushou_desk.services.terms import list_terms
    from liushou_desk.ui.print_dialog import PrintDialog

    li = add_pupil(archive, "李明")
    rec(archive, "talk", li, "2026-09-10")
    rec(archive, "talk", li, "2026-11-10")
    term = current_term(archive, TODAY)
    dialog = PrintDialog("期末总结报告", list_terms(archive), term, False, report=True)
    qtbot.addWidget(dialog)
    dialog.parts["cards"].setChecked(False)
    dialog.parts["coverage"].setChecked(False)
    dialog.since.set_value("2026-07-01")
    dialog.accept()
    assert dialog.result() != 1 and "统计时段应在本学期之内" in dialog.since.error
    dialog.since.set_value("2026-11-01")
    dialog.until.set_value("2026-11-30")
    dialog.accept()
    assert dialog.result() == 1
    options = dialog.options()
    assert set(options.left_out) == {"cards", "coverage"}
    assert not options.full_records  # the cards' records a line each, unless ticked
    dialog.full_box.setChecked(True)
    assert dialog.options().full_records
    dialog.full_box.setChecked(False)
    span = dialog.span(term)
    assert not isinstance(span, str) and (span.start, span.end) == (
        date(2026, 11, 1),
        date(2026, 11, 30),
    )
    printout = term_report(archive, span, TODAY, options)
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(printout.data)).pages)
    assert "（11月01日—11月30日）" in text and "联系覆盖（每名" not in text
    assert printout.cards == 0 and "成长记录卡　李明" not in text
    flat = text.replace(" ", "").replace("\n", "")
    assert "谈心1谈到1/1名留守儿童" in flat  # November's talk only: September's is outside


def test_plans_opened_carried_and_ended_in_the_term(archive):  # type: ignore[no-untyped-def]
    """三、一对一帮扶 / 四、个别教育管理方案 say how many plans the term opened, carried over
    from before, and ended (结束 / 结案) — as printed in the report."""
    from io import BytesIO

    from pypdf import PdfReader

    from liushou_desk.pdf.kit import PrintOptions
    from liushou_desk.pdf.term_report import term_report_pdf
    from liushou_desk.services.term_stats import plan_flow

    li, wang = add_pupil(archive, "李明"), add_pupil(archive, "王芳")
    rec(archive, "help_plan", li, "2026-05-10")  # last term's, still running
    rec(archive, "help_plan", li, "2026-03-01", end="2026-06-30")  # over before the term
    rec(archive, "help_plan", wang, "2026-09-15", end="2026-11-10")  # opened and ended
    rec(archive, "help_plan", wang, "2026-10-15", end="2027-01-20")  # ends after today
    rec(archive, "iep", li, "2026-10-01", closed_on="2026-11-01")
    term = current_term(archive, TODAY)
    report = build_term_report(archive, term, TODAY)
    flow = plan_flow((line.plan for line in report.plans), term.start, TODAY)
    assert (flow.opened, flow.carried, flow.ended, flow.running) == (2, 1, 1, 2)
    later = plan_flow((line.plan for line in report.plans), term.start, date(2027, 1, 31))
    assert (later.ended, later.running) == (2, 1)  # at the term's end the third has ended too
    rendered = term_report_pdf(report, PrintOptions(include_sensitive=True))
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(rendered.data)).pages)
    text = "".join(text.split())
    assert "本学期共有帮扶计划3份：本学期新订2份，此前延续1份；已结束1份，仍在执行2份。" in text
    iep = "本学期共有个别教育管理方案1份：本学期新订1份，此前延续0份；已结案1份，仍在执行0份。"
    assert iep in text
