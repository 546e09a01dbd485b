"""Issue 16 in the 待办 rules: the term plan's items, the gaps (缺口), the class's and a child's
own cadence, 心理健康课, and ``due --teacher`` — each on dates at month, term and holiday edges."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from liushou_desk.cli import main
from liushou_desk.db.engine import Archive
from liushou_desk.db.schema import open_archive
from liushou_desk.domain.profile import ProfileDraft
from liushou_desk.services import care_plan, focus, roster, teachers
from liushou_desk.services.care_plan import PlanDraft
from liushou_desk.services.due import DUE_KINDS, Cadence, DueItem, due_items
from liushou_desk.services.due_kinds import GAP_KINDS
from tests.test_due import TODAY, add_pupil, rec

TERM_END = date(2027, 1, 31)


@pytest.fixture
def archive(tmp_path: Path):
    arc = open_archive(tmp_path / "class.sqlite")
    yield arc
    arc.close()


def items(archive: Archive, today: date = TODAY, **cadence: object) -> list[DueItem]:
    return due_items(archive, today, Cadence(**cadence))  # type: ignore[arg-type]


def kinds_of(archive: Archive, pid: int | None, today: date = TODAY, **cadence: object) -> set:
    return {i.kind for i in items(archive, today, **cadence) if i.pupil_id == pid}


def the(archive: Archive, pid: int | None, kind: str, today: date = TODAY, **cadence: object):
    (found,) = [i for i in items(archive, today, **cadence) if i.pupil_id == pid and i.kind == kind]
    return found


# --- gaps -------------------------------------------------------------------------------------


def test_a_new_child_is_in_every_gap_list_until_the_care_work_reaches_her(archive: Archive):
    pid = add_pupil(archive, "李明")
    gaps = {i.kind: i for i in items(archive) if i.pupil_id == pid and i.gap}
    assert set(gaps) == {"no_plan", "no_priority", "no_activity", "no_visit", "rare_calls"}
    assert all(not i.overdue for i in gaps.values())
    assert {i.due for k, i in gaps.items() if k != "rare_calls"} == {TERM_END}
    assert gaps["no_plan"].detail == "还没有一对一帮扶计划"
    assert gaps["no_plan"].form == "help_plan" and gaps["no_priority"].form == "priorities"

    rec(archive, "help_plan", pid, "2026-09-01")
    archive_priorities(archive, pid, "2026-10-08")
    rec(archive, "activity", None, "2026-11-02", participants=(pid,))
    rec(archive, "home_visit", pid, "2026-10-20")
    rec(archive, "family_call", pid, "2026-11-10")
    assert not {i.kind for i in items(archive) if i.pupil_id == pid and i.gap}


def archive_priorities(archive: Archive, pid: int, day: str) -> None:
    from liushou_desk.domain.records import RecordValues
    from liushou_desk.services import records

    records.create_record(
        archive, "priorities", pid, RecordValues({"date": day, "safety": "上下学结伴"}), TODAY
    )


def test_gaps_count_this_term_only(archive: Archive):
    """Work of last term does not close this term's gaps; the term's first day does."""
    pid = add_pupil(archive, "李明")
    archive_priorities(archive, pid, "2026-07-31")  # last day of the spring term
    rec(archive, "activity", None, "2026-07-20", participants=(pid,))
    assert {"no_priority", "no_activity"} <= kinds_of(archive, pid)
    archive_priorities(archive, pid, "2026-08-01")  # the autumn term's first day
    assert "no_priority" not in kinds_of(archive, pid)
    assert "no_activity" in kinds_of(archive, pid)


def test_a_plan_that_ended_or_was_closed_leaves_the_child_without_one(archive: Archive):
    pid = add_pupil(archive, "李明")
    rec(archive, "help_plan", pid, "2026-09-01", end="2026-11-22")
    assert "no_plan" in kinds_of(archive, pid)
    rec(archive, "help_plan", pid, "2026-09-01", end="2026-11-23")  # ends today: still running
    assert "no_plan" not in kinds_of(archive, pid)


def test_rare_calls_on_the_day_the_silence_reaches_the_limit(archive: Archive):
    pid = add_pupil(archive, "李明")
    rec(archive, "family_call", pid, "2026-10-26")  # 28 days before TODAY
    item = the(archive, pid, "rare_calls")
    assert (item.due, item.overdue) == (TODAY, False)
    assert item.detail == "父母已 28 天没给孩子打电话（上次：10月26日），请督促"
    assert "rare_calls" not in kinds_of(archive, pid, TODAY - timedelta(days=1))
    assert "rare_calls" not in kinds_of(archive, pid, rare_call_days=29)
    assert "rare_calls" not in kinds_of(archive, pid, rare_call_days=0)  # switched off


def test_rare_calls_counts_from_the_term_start_when_the_parents_never_called(archive: Archive):
    pid = add_pupil(archive, "李明")
    # the child's archive was opened on 1 September, after the term began: counted from then
    assert "rare_calls" not in kinds_of(archive, pid, date(2026, 9, 28))  # 27 days in
    item = the(archive, pid, "rare_calls", date(2026, 9, 29))
    assert item.due == date(2026, 9, 29)
    assert item.detail == "本学期还没有父母打来的亲情电话记录，请督促"


def test_a_home_visit_interval_replaces_the_once_a_term_gap(archive: Archive):
    pid = add_pupil(archive, "李明")
    rec(archive, "home_visit", pid, "2026-09-20")
    assert "no_visit" not in kinds_of(archive, pid)
    item = the(archive, pid, "home_visit", home_visit_days=60)
    assert (item.due, item.overdue) == (date(2026, 11, 19), True)
    assert item.detail == "已 64 天没有家访（每 60 天一次）"
    # a new term: not visited in it yet → the gap, due at its end
    spring = date(2027, 3, 2)
    gap = the(archive, pid, "no_visit", spring)
    assert gap.due == date(2027, 7, 31)


def test_children_still_to_be_assessed_are_named(archive: Archive):
    pid, _ = roster.add_pupil(archive, ProfileDraft(name="赵磊"), TODAY)
    item = the(archive, pid, "unassessed")
    assert item.detail == "父母外出情况还没填，是否留守待认定" and not item.overdue
    assert kinds_of(archive, pid) == {"unassessed"}  # no care work asked of her yet


# --- cadence ----------------------------------------------------------------------------------


def test_a_childs_own_tighter_cadence_for_talks(archive: Archive):
    fast = add_pupil(archive, "李明")
    usual = add_pupil(archive, "王芳")
    for pid in (fast, usual):
        rec(archive, "talk", pid, "2026-11-05")
    focus.set_focus(archive, fast, "监护人年老体弱", {"talk": 14}, TODAY)
    item = the(archive, fast, "talk")
    assert (item.due, item.overdue) == (date(2026, 11, 19), True)
    assert item.detail == "已 18 天没有谈心（每 14 天一次）"
    assert "talk" not in kinds_of(archive, usual)  # talked this month: done for November
    # the class's interval, when tighter, wins over the child's
    assert the(archive, fast, "talk", talk_days=10).due == date(2026, 11, 15)
    focus.clear_focus(archive, fast)
    assert "talk" not in kinds_of(archive, fast)


def test_interval_rules_rest_in_the_holidays(archive: Archive):
    pid = add_pupil(archive, "李明")
    rec(archive, "talk", pid, "2026-07-01")
    assert "talk" not in kinds_of(archive, pid, date(2026, 8, 10), talk_days=14)
    assert the(archive, pid, "talk", date(2026, 9, 1), talk_days=14).overdue


def test_the_mental_health_lesson_each_month(archive: Archive):
    pid = add_pupil(archive, "李明")
    item = the(archive, None, "mental_health")
    assert (item.due, item.overdue) == (date(2026, 10, 31), True)  # October went without
    assert item.detail == "上月和本月都没有上心理健康课"
    rec(
        archive, "activity", None, "2026-11-03", participants=(pid,),
        activity_kind="心理健康课", title="说说心里话",
    )  # fmt: skip
    assert "mental_health" not in kinds_of(archive, None)
    # every 21 days instead: due three weeks after the lesson
    assert the(archive, None, "mental_health", date(2026, 11, 28), mental_health_days=21).due == (
        date(2026, 11, 24)
    )


def test_a_help_plan_with_no_check_date_is_checked_every_n_days(archive: Archive):
    pid = add_pupil(archive, "李明")
    plan = rec(archive, "help_plan", pid, "2026-10-20")
    item = the(archive, pid, "plan_check")
    assert (item.due, item.overdue, item.record_id) == (date(2026, 11, 19), True, plan)
    rec(archive, "plan_check", pid, "2026-11-20", parent_id=plan)
    assert "plan_check" not in kinds_of(archive, pid)
    assert "plan_check" not in kinds_of(archive, pid, date(2026, 10, 25), plan_check_days=0)


# --- the term plan ----------------------------------------------------------------------------


def test_a_planned_item_shows_a_week_ahead_and_is_overdue_the_day_after(archive: Archive):
    pid = add_pupil(archive, "李明")
    (item_id,), _ = care_plan.add_items(
        archive,
        PlanDraft(kind="home_visit", planned_on="2026-11-30", pupil_ids=[pid]),
        TERM_END,
    )
    assert "planned" not in kinds_of(archive, pid, date(2026, 11, 22))
    soon = the(archive, pid, "planned", date(2026, 11, 23))
    assert (soon.due, soon.overdue, soon.record_id) == (date(2026, 11, 30), False, item_id)
    assert soon.detail == "计划的家访"
    assert the(archive, pid, "planned", date(2026, 11, 30)).detail == "计划的家访，就在今天"
    late = the(archive, pid, "planned", date(2026, 12, 1))
    assert late.overdue and late.detail == "计划的家访，已过 1 天还没记为完成"
    visit = rec(archive, "home_visit", pid, "2026-11-23")  # done a week early
    care_plan.mark_done(archive, item_id, visit)
    assert "planned" not in kinds_of(archive, pid, date(2026, 12, 1))


def test_a_planned_item_of_last_term_is_not_carried_into_this_one(archive: Archive):
    add_pupil(archive, "李明")
    care_plan.add_items(
        archive, PlanDraft(kind="monthly_meeting", planned_on="2026-07-10"), TERM_END
    )
    assert "planned" in kinds_of(archive, None, date(2026, 7, 31))
    assert "planned" not in kinds_of(archive, None, date(2026, 8, 1))


def test_a_weekly_item_is_made_once_and_kept_per_date(archive: Archive):
    teacher, _ = teachers.save_teacher(archive, None, "周建华", "数学", "13812345678")
    made, changed = care_plan.add_items(
        archive,
        PlanDraft(
            kind="class_meeting",
            title="安全教育",
            planned_on="2026-11-02",
            repeat="weekly",
            teacher_id=teacher,
        ),
        TERM_END,
    )
    assert len(made) == 13 and changed.message == "已添加 13 项计划：安全教育"
    entries = care_plan.list_plan(archive, date(2026, 11, 1), TERM_END)
    assert [e.planned_on for e in entries][:3] == [
        date(2026, 11, 2),
        date(2026, 11, 9),
        date(2026, 11, 16),
    ]
    assert entries[-1].planned_on == date(2027, 1, 25)
    assert {e.series for e in entries} == {made[0]} and entries[0].teacher == "周建华"
    # dropping the 16th and after leaves the first two
    care_plan.delete_items(archive, made[2], following=True)
    assert len(care_plan.list_plan(archive, date(2026, 11, 1), TERM_END)) == 2


def test_monthly_items_keep_to_the_month_on_the_31st(archive: Archive):
    care_plan.add_items(
        archive,
        PlanDraft(kind="monthly_meeting", planned_on="2026-10-31", repeat="monthly"),
        TERM_END,
    )
    days = [e.planned_on for e in care_plan.list_plan(archive, date(2026, 10, 1), TERM_END)]
    assert days == [date(2026, 10, 31), date(2026, 11, 30), date(2026, 12, 31), date(2027, 1, 31)]


def test_plan_items_refused_with_the_field_named(archive: Archive):
    from liushou_desk.domain.form_checks import ValidationFailed

    cases = [
        (PlanDraft(kind="home_visit", planned_on="2026-12-01"), "pupils", "请选择家访的学生"),
        (PlanDraft(kind="activity", planned_on=""), "planned_on", "请填写日期"),
        (PlanDraft(kind="activity", planned_on="2026-13-45"), "planned_on", ""),
        (
            PlanDraft(
                kind="activity", planned_on="2026-12-01", repeat="weekly", until="2026-11-01"
            ),
            "until",
            "重复到的日期不能早于第一次的日期",
        ),
        (PlanDraft(kind="nonsense", planned_on="2026-12-01"), "kind", "请选择事项类型"),
    ]
    for draft, field, words in cases:
        with pytest.raises(ValidationFailed) as refused:
            care_plan.add_items(archive, draft, TERM_END)
        assert refused.value.errors[0].field == field
        assert words in refused.value.errors[0].message
    assert care_plan.list_plan(archive, date(2026, 1, 1), date(2028, 1, 1)) == []


def test_what_a_planned_item_becomes(archive: Archive):
    pid = add_pupil(archive, "李明")
    tid, _ = teachers.save_teacher(archive, None, "周建华")
    care_plan.add_items(
        archive,
        PlanDraft(kind="home_visit", planned_on="2026-12-05", pupil_ids=[pid], teacher_id=tid),
        TERM_END,
    )
    care_plan.add_items(
        archive,
        PlanDraft(
            kind="mental_health", title="说说心里话", planned_on="2026-11-20", pupil_ids=[pid]
        ),
        TERM_END,
    )
    visit, lesson = sorted(
        care_plan.list_plan(archive, date(2026, 11, 1), TERM_END), key=lambda e: e.kind
    )
    kind, pupil, values = care_plan.record_for(visit, TODAY)
    assert (kind, pupil) == ("home_visit", pid)
    assert values.values == {"date": "2026-11-23", "visitors": "周建华"}  # ahead: today
    kind, pupil, values = care_plan.record_for(lesson, TODAY)
    assert (kind, pupil, values.participants) == ("activity", None, [pid])
    assert values.values == {
        "date": "2026-11-20",
        "activity_kind": "心理健康课",
        "title": "说说心里话",
    }


# --- teachers ---------------------------------------------------------------------------------


def test_due_for_one_teacher(archive: Archive, tmp_path: Path, capsys):
    li, wang = add_pupil(archive, "李明"), add_pupil(archive, "王芳")
    zhou, _ = teachers.save_teacher(archive, None, "周建华", "数学")
    teachers.save_teacher(archive, None, "吴敏", "英语")
    teachers.assign_many(archive, [(li, "proxy_parent", zhou)])
    mine = [i for i in items(archive) if "周建华" in i.teachers]
    assert mine and {i.pupil_id for i in mine} == {li}
    assert {i.pupil_id for i in items(archive) if i.pupil_id} == {li, wang}
    archive.close()
    path = tmp_path / "class.sqlite"
    assert (
        main(["due", "--db", str(path), "--today", "2026-11-23", "--json", "--teacher", "周建华"])
        == 0
    )
    out = json.loads(capsys.readouterr().out)
    assert {e["pupil"] for e in out} == {"李明"} and all("周建华" in e["teachers"] for e in out)
    assert {e["kind"] for e in out} <= set(DUE_KINDS)
    assert {"no_plan", "no_visit"} <= {e["kind"] for e in out} and set(GAP_KINDS) >= {"no_plan"}
    assert main(["due", "--db", str(path), "--today", "2026-11-23", "--teacher", "马老师"]) == 2
    err = capsys.readouterr().err
    assert "本班没有叫“马老师”的教师（本班教师：周建华、吴敏）" in err


def test_teachers_checked_assigned_and_retired(archive: Archive):
    from liushou_desk.domain.form_checks import ValidationFailed
    from liushou_desk.services.changes import list_changes

    li = add_pupil(archive, "李明")
    zhou, _ = teachers.save_teacher(archive, None, " 周　建华 ", "数学", "138 1234 5678")
    (row,) = teachers.list_teachers(archive)
    assert (row.name, row.subject, row.phone, row.title) == (
        "周建华",
        "数学",
        "13812345678",
        "周建华（数学）",
    )
    with pytest.raises(ValidationFailed) as refused:
        teachers.save_teacher(archive, None, "周建华", phone="12345")
    assert {e.field for e in refused.value.errors} == {"name", "phone"}
    changed = teachers.assign_many(archive, [(li, "helper", zhou), (li, "talk", zhou)])
    assert changed.pupil_ids == {li}
    (duty,) = teachers.duties_of(archive, zhou)
    assert (duty.name, duty.role_words) == ("李明", "帮扶教师、谈心教师")
    teachers.retire_teacher(archive, zhou)
    assert teachers.list_teachers(archive) == [] and teachers.assignments(archive) == {}
    history = [(c.label, c.old_value, c.new_value) for c in list_changes(archive, li)]
    assert ("帮扶教师", "", "周建华") in history and ("帮扶教师", "周建华", "") in history


def test_share_out_gives_each_teacher_about_two(archive: Archive):
    kids = [add_pupil(archive, n) for n in ("安琪", "李明", "王芳", "张伟", "赵磊")]
    ids = [teachers.save_teacher(archive, None, n)[0] for n in ("周建华", "吴敏")]
    teachers.assign_many(archive, [(kids[0], "proxy_parent", ids[0])])
    proposal = teachers.share_out(archive, "proxy_parent")
    assert [p for p, _ in proposal] == kids[1:]  # by pinyin, the one held left alone
    totals = {tid: 1 if tid == ids[0] else 0 for tid in ids}
    for _, tid in proposal:
        totals[tid] += 1
    assert sorted(totals.values()) == [2, 3]  # five children, two teachers: 2 and 3
    assert teachers.share_out(archive, "helper") and not teachers.assignments(archive).get(kids[1])


# --- 重点帮扶对象 -------------------------------------------------------------------------------


def test_focus_suggested_with_its_reasons_and_confirmed_by_the_teacher(archive: Archive):
    from liushou_desk.services import profile

    quiet = add_pupil(archive, "李明")
    poor = add_pupil(archive, "王芳")
    falling = add_pupil(archive, "张伟")
    fine = add_pupil(archive, "赵磊")
    for pid in (poor, falling, fine):
        rec(archive, "talk", pid, "2026-11-10")
    from liushou_desk.domain.profile import GuardianDraft

    draft = profile.load_profile(archive, poor, TODAY).draft
    draft.guardians = [GuardianDraft(name="王奶奶", relation="祖母", capacity="差")]
    profile.save_profile(archive, poor, draft, TODAY)
    _grade(archive, falling, "2026-09-20", {"语文": "90", "数学": "92"})
    _grade(archive, falling, "2026-11-10", {"语文": "70", "数学": "75", "英语": "60"})
    _grade(archive, fine, "2026-09-20", {"语文": "90"})
    _grade(archive, fine, "2026-11-10", {"语文": "80"})
    found = {s.pupil_id: s.reasons for s in focus.suggest(archive, TODAY)}
    assert found == {
        quiet: ("还没有任何联系记录",),
        poor: ("监护人王奶奶监护能力为“差”",),
        falling: ("成绩下降明显（平均下降 18 分）",),
    }
    focus.set_focus(archive, poor, found[poor][0], {"talk": 14, "home_visit": 60}, TODAY)
    view = focus.focus_of(archive, poor)
    assert (view.since, view.cadence) == (TODAY, {"talk": 14, "home_visit": 60})
    assert poor not in {s.pupil_id for s in focus.suggest(archive, TODAY)}  # already flagged


def _grade(archive: Archive, pid: int, day: str, scores: dict[str, str]) -> None:
    from liushou_desk.domain.records import RecordValues
    from liushou_desk.services import records

    records.create_record(
        archive, "grade", pid, RecordValues({"date": day, "exam": "月考"}, scores=scores), TODAY
    )


def test_a_lesson_saved_before_its_rule_existed_counts_by_its_word(archive: Archive):
    from sqlalchemy import text

    pid = add_pupil(archive, "李明")
    rid = rec(
        archive, "activity", None, "2026-11-03", participants=(pid,),
        activity_kind="心理健康课", title="说说心里话",
    )  # fmt: skip
    with archive.transaction() as s:
        s.execute(
            text("UPDATE records SET data = json_remove(data, '$.rule') WHERE id = :i"), {"i": rid}
        )
    assert "mental_health" not in kinds_of(archive, None)


def test_settings_saved_before_the_new_rules_switch_them_on(archive: Archive):
    """待办设置 saved by an earlier version lists the rules it offered: the new ones are on."""
    import json as js
    from datetime import datetime

    from liushou_desk.db.models import Setting
    from liushou_desk.services import settings
    from liushou_desk.services.due_kinds import KINDS_BEFORE_PLAN

    old = {"kinds": [k for k in KINDS_BEFORE_PLAN if k != "birthday"], "parent_contact_days": 21}
    with archive.transaction() as s:
        s.add(Setting(key="cadence", value=js.dumps(old), updated_at=datetime.now()))
    now = settings.cadence(archive)
    assert "birthday" not in now.kinds and {"no_plan", "planned", "mental_health"} <= set(now.kinds)
    assert now.parent_contact_days == 21 and now.talk_days == 0
    settings.set_cadence(archive, Cadence(kinds=("talk",), talk_days=14))
    again = settings.cadence(archive)
    assert again.kinds == ("talk",) and again.talk_days == 14  # what she switched off stays off


def test_the_term_report_names_the_gaps_the_due_list_shows(archive: Archive):
    """期末总结报告's 还没覆盖到的孩子 and 待办's gaps agree, child for child."""
    from liushou_desk.services.term_report import build_term_report
    from liushou_desk.services.terms import current_term

    kids = [add_pupil(archive, n) for n in ("安琪", "李明", "王芳", "张伟")]
    rec(archive, "help_plan", kids[0], "2026-09-01")
    archive_priorities(archive, kids[1], "2026-10-08")
    rec(archive, "activity", None, "2026-11-02", participants=(kids[0], kids[2]))
    rec(archive, "home_visit", kids[3], "2026-10-20")
    rec(archive, "family_call", kids[2], "2026-11-10")
    roster.add_pupil(archive, ProfileDraft(name="赵磊"), TODAY)  # 待认定
    due = {}
    for item in items(archive):
        if item.gap:
            due.setdefault(item.kind, set()).add(item.pupil)
    report = build_term_report(archive, current_term(archive, TODAY), TODAY)
    assert {k: set(v) for k, v in report.gaps.items() if v} == due
    assert due["no_plan"] == {"李明", "王芳", "张伟"} and due["unassessed"] == {"赵磊"}


def test_an_item_for_a_child_who_left_is_no_longer_due(archive: Archive):
    pid = add_pupil(archive, "李明")
    (item,), _ = care_plan.add_items(
        archive, PlanDraft(kind="home_visit", planned_on="2026-11-25", pupil_ids=[pid]), TERM_END
    )
    assert "planned" in kinds_of(archive, pid)
    roster.delete_pupil(archive, pid, "重复录入")
    assert "planned" not in {i.kind for i in items(archive)}
    entry = care_plan.get_entry(archive, item)
    assert entry is not None and entry.for_whom == "（学生已不在名册上）"
