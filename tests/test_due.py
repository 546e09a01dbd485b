"""待办: the reminder rules with a fixed clock, on small archives built through the services,
and the ``liushou-desk due`` command line contract."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import event, func, select, update

from liushou_desk.cli import main
from liushou_desk.db.engine import Archive
from liushou_desk.db.models import Pupil, Term
from liushou_desk.db.schema import open_archive
from liushou_desk.domain.profile import ProfileDraft
from liushou_desk.domain.records import RecordValues
from liushou_desk.services import profile, records, roster, status
from liushou_desk.services.due import (
    DUE_KINDS,
    Cadence,
    DueItem,
    due_items,
    expected_return_date,
)
from liushou_desk.services.due_kinds import FAMILY_UNKNOWN, KINDS_BEFORE_PLAN

TODAY = date(2026, 11, 23)  # a Monday in the first term (2026-08-01 … 2027-01-31)
OPENED = datetime(2026, 9, 1, 8, 0)  # when the test pupils' archives were started
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def archive(tmp_path: Path) -> Iterator[Archive]:
    arc = open_archive(tmp_path / "class.sqlite")
    yield arc
    arc.close()


def add_pupil(
    archive: Archive,
    name: str,
    *,
    left_behind: bool = True,
    birth: str = "2015-03-05",
    father_return: str = "",
    mother_return: str = "",
    opened: datetime = OPENED,
) -> int:
    """A pupil; left behind (both parents away since 2025年2月) unless told otherwise."""
    pid, _ = roster.add_pupil(archive, ProfileDraft(name=name, birth_date=birth), TODAY)
    if left_behind:
        draft = profile.load_profile(archive, pid, TODAY).draft
        for parent, back in ((draft.father, father_return), (draft.mother, mother_return)):
            parent.situation = "外出务工"
            parent.away_since = "2025年2月"
            parent.expected_return = back
        profile.save_profile(archive, pid, draft, TODAY)
    with archive.transaction() as s:
        s.execute(update(Pupil).where(Pupil.id == pid).values(created_at=opened))
    return pid


REQUIRED = {
    "talk": {"teacher": "王老师", "topic": "想念父母"},
    "contact": {"party": "与外出父母", "channel": "电话", "content": "说了孩子的近况"},
    "family_call": {"parent": "父亲"},
    "home_visit": {"visitors": "王老师"},
    "help_plan": {"teacher": "王老师", "content": "数学辅导"},
    "plan_check": {"effect": "有进步"},
    "iep": {"category": "心理障碍", "problem": "不愿说话", "plan": "每周谈心", "responsible": "王"},
    "iep_review": {"content": "好转"},
    "activity": {"activity_kind": "集体生日", "title": "十一月集体生日"},
    "meeting": {"meeting_kind": "留守儿童月会", "title": "十一月月会"},
}


def rec(
    archive: Archive,
    kind: str,
    pupil_id: int | None,
    day: str,
    *,
    parent_id: int | None = None,
    participants: tuple[int, ...] = (),
    sensitive: bool | None = None,
    **values: str,
) -> int:
    fields = {**REQUIRED[kind], "date": day, **values}
    rid, _ = records.create_record(
        archive,
        kind,
        pupil_id,
        RecordValues(values=fields, participants=list(participants)),
        TODAY,
        parent_id=parent_id,
        sensitive=sensitive,
    )
    return rid


def items(archive: Archive, today: date = TODAY, **cadence: object) -> list[DueItem]:
    """The items of the rules of issue 3 (unless ``kinds`` says others): the term plan's and
    the gaps' rules are tested in test_due_plan.py."""
    cadence.setdefault("kinds", KINDS_BEFORE_PLAN)
    return due_items(archive, today, Cadence(**cadence))  # type: ignore[arg-type]


def of(archive: Archive, pupil_id: int | None, kind: str, today: date = TODAY) -> list[DueItem]:
    return [i for i in items(archive, today) if i.pupil_id == pupil_id and i.kind == kind]


def one(archive: Archive, pupil_id: int | None, kind: str, today: date = TODAY) -> DueItem:
    (found,) = of(archive, pupil_id, kind, today)
    return found


def none(archive: Archive, pupil_id: int | None, kind: str, today: date = TODAY) -> bool:
    return not of(archive, pupil_id, kind, today)


# --- talk -------------------------------------------------------------------------------------


def test_talk_due_at_month_end_until_a_talk_this_month(archive: Archive) -> None:
    pid = add_pupil(archive, "李明")
    rec(archive, "talk", pid, "2026-10-31")  # last month's talk does not count for this month
    item = one(archive, pid, "talk")
    assert (item.due, item.overdue, item.detail) == (date(2026, 11, 30), False, "本月还没有谈心")
    assert (item.pupil, item.form, item.record_id) == ("李明", "talk", None)
    rec(archive, "talk", pid, "2026-11-02")
    assert none(archive, pid, "talk")


def test_talk_missed_last_month_too_is_overdue(archive: Archive) -> None:
    pid = add_pupil(archive, "李明")
    item = one(archive, pid, "talk")
    assert (item.due, item.overdue, item.detail) == (
        date(2026, 10, 31),
        True,
        "上月和本月都没有谈心",
    )
    rec(archive, "talk", pid, "2026-09-20")
    assert one(archive, pid, "talk").detail == "上月和本月都没有谈心（上次：9月20日）"


def test_no_overdue_talk_for_a_month_before_the_pupils_archive_existed(archive: Archive) -> None:
    pid = add_pupil(archive, "李明", opened=datetime(2026, 10, 12, 9, 0))
    item = one(archive, pid, "talk")
    assert (item.due, item.overdue) == (date(2026, 11, 30), False)
    rec(archive, "contact", pid, "2026-09-20", party="与在家监护人")  # back-filled: kept since
    item = one(archive, pid, "talk")
    assert (item.due, item.overdue) == (date(2026, 10, 31), True)


def test_a_contact_with_the_child_counts_as_the_talk(archive: Archive) -> None:
    pid = add_pupil(archive, "李明")
    rec(archive, "contact", pid, "2026-11-10", party="与孩子", channel="面谈")
    assert none(archive, pid, "talk")


def test_a_deleted_talk_does_not_count(archive: Archive) -> None:
    pid = add_pupil(archive, "李明")
    talk = rec(archive, "talk", pid, "2026-11-05")
    assert none(archive, pid, "talk")
    records.set_deleted(archive, talk, True)
    assert one(archive, pid, "talk").detail.startswith("上月和本月")
    records.set_deleted(archive, talk, False)
    assert none(archive, pid, "talk")


def test_the_follow_up_agreed_at_the_last_talk(archive: Archive) -> None:
    pid = add_pupil(archive, "李明")
    rec(archive, "talk", pid, "2026-11-02", follow_up="2026-11-20")
    item = one(archive, pid, "talk")
    assert (item.due, item.overdue) == (date(2026, 11, 20), True)
    assert item.detail == "约定的跟进谈心已过期 3 天（11月20日）"
    rec(archive, "talk", pid, "2026-11-21", follow_up="2026-12-18")  # the newest talk counts
    assert none(archive, pid, "talk")
    rec(archive, "talk", pid, "2026-11-22", follow_up="2026-11-26")
    item = one(archive, pid, "talk")
    assert (item.due, item.overdue, item.detail) == (
        date(2026, 11, 26),
        False,
        "11月26日约定跟进谈心",
    )


# --- parents away -----------------------------------------------------------------------------


def test_parent_contact_within_30_days(archive: Archive) -> None:
    pid = add_pupil(archive, "李明")
    rec(archive, "contact", pid, "2026-10-13")
    item = one(archive, pid, "parent_contact")
    assert (item.due, item.overdue) == (date(2026, 11, 12), True)
    assert (item.detail, item.form) == ("已 41 天没有与外出父母联系", "contact")
    rec(archive, "contact", pid, "2026-10-26")  # due on 25 November: shown a week ahead
    item = one(archive, pid, "parent_contact")
    assert (item.due, item.overdue) == (date(2026, 11, 25), False)
    assert item.detail == "已 28 天没有与外出父母联系，请在11月25日前联系"
    rec(archive, "contact", pid, "2026-11-02")
    assert none(archive, pid, "parent_contact")


def test_a_family_call_counts_as_contact_with_the_parents(archive: Archive) -> None:
    pid = add_pupil(archive, "李明")
    rec(archive, "contact", pid, "2026-11-20", party="与在家监护人")  # not a parent
    item = one(archive, pid, "parent_contact")
    assert item.detail == "还没有与外出父母联系的记录"
    assert (item.due, item.overdue) == (date(2026, 10, 1), True)  # 30 days after 1 September
    rec(archive, "family_call", pid, "2026-11-15")
    assert none(archive, pid, "parent_contact")


def test_parent_contact_days_is_a_setting(archive: Archive) -> None:
    pid = add_pupil(archive, "李明")
    rec(archive, "family_call", pid, "2026-10-13")
    assert not [i for i in items(archive, parent_contact_days=60) if i.kind == "parent_contact"]
    assert [i.pupil_id for i in items(archive) if i.kind == "parent_contact"] == [pid]


# --- guardian at home -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "how",
    [
        ("contact", {"party": "与在家监护人", "channel": "微信"}),
        ("home_visit", {}),
        ("meeting", {"meeting_kind": "监护人会"}),
    ],
    ids=["contact", "home_visit", "guardian_meeting"],
)
def test_guardian_contact_this_month(archive: Archive, how: tuple[str, dict[str, str]]) -> None:
    pid = add_pupil(archive, "李明")
    rec(archive, "home_visit", pid, "2026-10-09")
    item = one(archive, pid, "guardian_contact")
    assert (item.due, item.overdue, item.form) == (date(2026, 11, 30), False, "contact")
    assert item.detail == "本月还没有与在家监护人联系"
    kind, values = how
    if kind == "meeting":
        rec(archive, kind, None, "2026-11-06", participants=(pid,), **values)
    else:
        rec(archive, kind, pid, "2026-11-06", **values)
    assert none(archive, pid, "guardian_contact")


def test_a_monthly_meeting_is_not_contact_with_the_guardian(archive: Archive) -> None:
    pid = add_pupil(archive, "李明")
    rec(archive, "meeting", None, "2026-11-06", participants=(pid,))
    assert one(archive, pid, "guardian_contact").overdue


# --- home visit -------------------------------------------------------------------------------


def test_home_visit_once_a_term(archive: Archive) -> None:
    """Once a term (the default) a child not visited yet is the gap 本学期没家访, not a deadline."""
    pid = add_pupil(archive, "李明")
    rec(archive, "home_visit", pid, "2026-06-20")  # last term
    assert none(archive, pid, "home_visit")
    (item,) = [i for i in items(archive, kinds=DUE_KINDS) if i.kind == "no_visit"]
    assert (item.due, item.overdue, item.form) == (date(2027, 1, 31), False, "home_visit")
    assert item.detail == "本学期还没有家访" and item.gap
    rec(archive, "home_visit", pid, "2026-09-15")
    assert not [i for i in items(archive, kinds=DUE_KINDS) if i.kind == "no_visit"]


def test_the_next_home_visit_agreed_at_the_last_one(archive: Archive) -> None:
    pid = add_pupil(archive, "李明")
    rec(archive, "home_visit", pid, "2026-09-15", next_visit="2026-11-13")
    item = one(archive, pid, "home_visit")
    assert (item.due, item.overdue) == (date(2026, 11, 13), True)
    assert item.detail == "约定的下次家访已过期 10 天（11月13日）"


def test_home_visit_follows_a_stored_term(archive: Archive) -> None:
    with archive.transaction() as s:
        s.add(
            Term(
                school_year=2026,
                number=1,
                name="x",
                start_date=date(2026, 11, 1),
                end_date=date(2027, 1, 20),
            )
        )
    pid = add_pupil(archive, "李明")
    rec(archive, "home_visit", pid, "2026-10-15")  # before this (short) term began
    (gap,) = [i for i in items(archive, kinds=DUE_KINDS) if i.kind == "no_visit"]
    assert gap.due == date(2027, 1, 20)


# --- help plans and IEPs ----------------------------------------------------------------------


def test_help_plan_check_due_within_a_week_or_overdue(archive: Archive) -> None:
    pid = add_pupil(archive, "李明")
    plan = rec(archive, "help_plan", pid, "2026-09-01", next_check="2026-11-20")
    item = one(archive, pid, "plan_check")
    assert (item.due, item.overdue, item.record_id, item.form) == (
        date(2026, 11, 20),
        True,
        plan,
        "plan_check",
    )
    assert item.detail == "帮扶计划检查已过期 3 天"
    rec(archive, "plan_check", pid, "2026-11-21", parent_id=plan, next_check="2026-11-27")
    item = one(archive, pid, "plan_check")
    assert (item.due, item.overdue, item.record_id) == (date(2026, 11, 27), False, plan)
    assert item.detail == "帮扶计划检查11月27日到期（还有 4 天）"
    rec(archive, "plan_check", pid, "2026-11-22", parent_id=plan, next_check="2026-12-20")
    assert none(archive, pid, "plan_check")


def test_only_the_newest_check_of_a_plan_counts(archive: Archive) -> None:
    pid = add_pupil(archive, "李明")
    plan = rec(archive, "help_plan", pid, "2026-09-01", next_check="2026-10-01")
    rec(archive, "plan_check", pid, "2026-10-01", parent_id=plan, next_check="2026-11-01")
    newest = rec(archive, "plan_check", pid, "2026-11-01", parent_id=plan)  # no next date
    assert none(archive, pid, "plan_check")
    records.set_deleted(archive, newest, True)  # the older check is the newest again
    assert one(archive, pid, "plan_check").due == date(2026, 11, 1)


def test_an_ended_or_deleted_plan_asks_for_nothing(archive: Archive) -> None:
    pid = add_pupil(archive, "李明")
    rec(archive, "help_plan", pid, "2026-09-01", end="2026-11-01", next_check="2026-11-10")
    assert none(archive, pid, "plan_check")
    plan = rec(archive, "help_plan", pid, "2026-09-02", next_check="2026-11-10")
    rec(archive, "plan_check", pid, "2026-09-30", parent_id=plan, next_check="2026-11-20")
    assert one(archive, pid, "plan_check").record_id == plan
    records.set_deleted(archive, plan, True)  # its checks go with it
    assert none(archive, pid, "plan_check")


def test_iep_review_and_closure(archive: Archive) -> None:
    pid = add_pupil(archive, "李明")
    iep = rec(archive, "iep", pid, "2026-09-01", next_review="2026-10-01")
    review = rec(archive, "iep_review", pid, "2026-10-01", parent_id=iep, next_review="2026-11-25")
    item = one(archive, pid, "plan_check")
    assert (item.due, item.overdue, item.record_id, item.form) == (
        date(2026, 11, 25),
        False,
        iep,
        "iep_review",
    )
    # sensitive by default: the start page does not say what the plan is about
    assert item.detail == "敏感记录的回访11月25日到期（还有 2 天）"
    values = records.get_record(archive, iep).values | {"closed_on": "2026-11-22"}
    records.update_record(archive, iep, RecordValues(values=values), TODAY)
    assert none(archive, pid, "plan_check")
    assert records.get_record(archive, review).due_on == date(2026, 11, 25)  # still there


def test_a_plain_iep_says_what_is_due(archive: Archive) -> None:
    pid = add_pupil(archive, "李明")
    rec(archive, "iep", pid, "2026-09-01", next_review="2026-11-13", sensitive=False)
    assert one(archive, pid, "plan_check").detail == "个别教育方案回访已过期 10 天"


# --- status review ----------------------------------------------------------------------------


def test_status_review_once_the_expected_return_has_passed(archive: Archive) -> None:
    pid = add_pupil(archive, "李明", father_return="2026年暑假", mother_return="2027年春节")
    item = one(archive, pid, "status_review")
    assert item.detail == "父亲预计返乡时间已过（2026年暑假），请核实留守状态"
    assert (item.due, item.overdue, item.form) == (date(2026, 8, 14), True, None)
    both = add_pupil(archive, "王芳", father_return="2026年春节", mother_return="2026年春节")
    assert one(archive, both, "status_review").detail == (
        "父亲、母亲预计返乡时间已过（2026年春节），请核实留守状态"
    )
    for pupil in (add_pupil(archive, "张伟", father_return="不确定"), add_pupil(archive, "赵磊")):
        assert none(archive, pupil, "status_review")


def test_a_parent_back_home_needs_no_review(archive: Archive) -> None:
    pid = add_pupil(archive, "李明", father_return="2026年10月")
    assert one(archive, pid, "status_review").due == date(2026, 11, 30)  # 31 Oct + 30 days
    draft = profile.load_profile(archive, pid, TODAY).draft
    draft.father.situation, draft.father.away_since = "在家", ""
    profile.save_profile(archive, pid, draft, TODAY)
    status.set_override(archive, pid, "母亲外出", "父亲在家但长期生病")
    assert none(archive, pid, "status_review")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026年春节", date(2026, 2, 17)),
        ("2027年春节前后", date(2027, 2, 6)),
        ("2026年暑假", date(2026, 7, 15)),
        ("2026年10月", date(2026, 10, 31)),
        ("2026年十月", date(2026, 10, 31)),
        ("2026年10月5日", date(2026, 10, 5)),
        ("2026-10", date(2026, 10, 31)),
        ("２０２６年９月初", date(2026, 9, 10)),
        ("2026年国庆", date(2026, 10, 1)),
        ("2026年底", date(2026, 12, 31)),
        ("2026年", date(2026, 12, 31)),
        ("预计2026年寒假回来", date(2026, 1, 31)),
        ("不确定", None),
        ("明年春节", None),
        ("", None),
    ],
)
def test_expected_return_in_free_text(text: str, expected: date | None) -> None:
    assert expected_return_date(text) == expected


# --- birthday ---------------------------------------------------------------------------------


def test_birthday_this_month_until_the_collective_birthday(archive: Archive) -> None:
    pid = add_pupil(archive, "李明", birth="2015-11-18")
    later = add_pupil(archive, "王芳", birth="2016-12-01")
    item = one(archive, pid, "birthday")
    assert (item.due, item.overdue, item.detail, item.form) == (
        date(2026, 11, 18),
        False,
        "本月生日（11月18日）",
        None,
    )
    assert none(archive, later, "birthday")
    rec(archive, "activity", None, "2026-10-28", participants=(pid,))  # last month's party
    assert not none(archive, pid, "birthday")
    rec(archive, "activity", None, "2026-11-20", participants=(pid,))
    assert none(archive, pid, "birthday")


def test_a_29_february_birthday_in_a_common_year(archive: Archive) -> None:
    pid = add_pupil(archive, "李明", birth="2016-02-29")
    assert one(archive, pid, "birthday", date(2027, 2, 10)).due == date(2027, 2, 28)


# --- the class meeting ------------------------------------------------------------------------


def test_the_monthly_meeting_of_the_class(archive: Archive) -> None:
    pid = add_pupil(archive, "李明")
    item = one(archive, None, "class_meeting")
    assert (item.pupil, item.due, item.overdue, item.form) == (
        None,
        date(2026, 10, 31),
        True,
        "meeting",
    )
    assert item.detail == "上月和本月都没有开留守儿童月会"
    rec(archive, "meeting", None, "2026-10-20", participants=(pid,))
    item = one(archive, None, "class_meeting")
    assert (item.due, item.overdue, item.detail) == (
        date(2026, 11, 30),
        False,
        "本月留守儿童月会还没开",
    )
    rec(archive, "meeting", None, "2026-11-10", participants=(pid,), meeting_kind="监护人会")
    assert not none(archive, None, "class_meeting")
    meeting = rec(archive, "meeting", None, "2026-11-16", participants=(pid,))
    assert none(archive, None, "class_meeting")
    records.set_deleted(archive, meeting, True)
    assert not none(archive, None, "class_meeting")


# --- who is in scope --------------------------------------------------------------------------


def test_only_left_behind_pupils_in_class_get_items(archive: Archive) -> None:
    kept = add_pupil(archive, "李明", birth="2015-11-02")
    add_pupil(archive, "王芳", left_behind=False, birth="2015-11-03")
    moved = add_pupil(archive, "张伟", birth="2015-11-04")
    roster.set_enrolment(archive, moved, "转出", "2026-11-01", "随父母到广东", TODAY)
    deleted = add_pupil(archive, "赵磊", birth="2015-11-05")
    roster.delete_pupil(archive, deleted)
    overridden = add_pupil(archive, "孙丽", birth="2015-11-06")
    status.set_override(archive, overridden, "非留守", "母亲已回家照顾")
    found = items(archive)
    assert {i.pupil_id for i in found} == {kept, None}
    assert {i.kind for i in found if i.pupil_id == kept} == set(KINDS_BEFORE_PLAN) - {
        "plan_check",
        "status_review",
        "class_meeting",
        "home_visit",  # once a term: the gap 本学期没家访
    }


def test_no_left_behind_pupils_means_nothing_is_due(archive: Archive) -> None:
    assert items(archive) == []
    add_pupil(archive, "王芳", left_behind=False)
    assert items(archive) == []


def test_holiday_months_ask_for_no_monthly_work(archive: Archive) -> None:
    pid = add_pupil(archive, "李明", opened=datetime(2026, 6, 1, 8, 0))
    august, september = date(2026, 8, 20), date(2026, 9, 10)
    assert {i.kind for i in items(archive, august)} == set()
    assert "no_visit" in {i.kind for i in items(archive, august, kinds=DUE_KINDS)}
    assert {"talk", "guardian_contact", "class_meeting"} <= {
        i.kind for i in items(archive, august, holiday_months=())
    }
    # September: August was a holiday, so a missed August is not overdue
    assert one(archive, pid, "talk", september).overdue is False
    (talk,) = [i for i in items(archive, september, holiday_months=()) if i.kind == "talk"]
    assert (talk.due, talk.overdue) == (date(2026, 8, 31), True)


def test_rules_can_be_switched_off(archive: Archive) -> None:
    add_pupil(archive, "李明")
    assert {i.kind for i in items(archive, kinds=("talk", "class_meeting"))} == {
        "talk",
        "class_meeting",
    }


def test_records_after_the_day_asked_about_do_not_count(archive: Archive) -> None:
    pid = add_pupil(archive, "李明")
    rec(archive, "talk", pid, "2026-11-20")
    assert none(archive, pid, "talk")
    assert not none(archive, pid, "talk", date(2026, 11, 19))


# --- order, JSON, queries ---------------------------------------------------------------------


def test_overdue_first_then_by_due_date_then_by_pinyin(archive: Archive) -> None:
    wang = add_pupil(archive, "王芳")
    li = add_pupil(archive, "李明")
    an = add_pupil(archive, "安琪")
    for pid in (wang, li, an):
        rec(archive, "talk", pid, "2026-10-10")
        rec(archive, "family_call", pid, "2026-11-01")
        rec(archive, "home_visit", pid, "2026-11-01")
    rec(archive, "meeting", None, "2026-10-20", participants=(wang,))
    rec(archive, "help_plan", wang, "2026-09-01", next_check="2026-11-26")
    rec(archive, "help_plan", li, "2026-09-01", next_check="2026-11-21")
    found = items(archive)
    assert [(i.pupil, i.kind) for i in found] == [
        ("李明", "plan_check"),  # the only overdue item
        ("王芳", "plan_check"),
        (None, "class_meeting"),
        ("安琪", "talk"),
        ("李明", "talk"),
        ("王芳", "talk"),
    ]
    assert [i.overdue for i in found] == [True] + [False] * 5


def test_to_json(archive: Archive) -> None:
    pid = add_pupil(archive, "李明")
    plan = rec(archive, "help_plan", pid, "2026-09-01", next_check="2026-11-20")
    item = one(archive, pid, "plan_check")
    assert item.to_json() == {
        "pupil_id": pid,
        "pupil": "李明",
        "kind": "plan_check",
        "label": "帮扶检查",
        "due": "2026-11-20",
        "overdue": True,
        "detail": "帮扶计划检查已过期 3 天",
        "record_id": plan,
        "form": "plan_check",
        "teachers": [],
    }
    assert one(archive, None, "class_meeting").to_json()["pupil"] is None


def test_a_handful_of_queries_whatever_the_class_size_and_nothing_written(
    archive: Archive,
) -> None:
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    def queries() -> int:
        statements.clear()
        event.listen(archive.engine, "before_cursor_execute", count)
        try:
            due_items(archive, TODAY)
        finally:
            event.remove(archive.engine, "before_cursor_execute", count)
        return len(statements)

    first = add_pupil(archive, "李明", father_return="2026年春节")
    rec(archive, "help_plan", first, "2026-09-01", next_check="2026-11-20")
    small = queries()
    for n in range(12):
        pid = add_pupil(archive, f"学生{n}", father_return="2026年暑假")
        rec(archive, "talk", pid, "2026-11-01")
        plan = rec(archive, "help_plan", pid, "2026-09-01", next_check="2026-11-20")
        rec(archive, "plan_check", pid, "2026-10-01", parent_id=plan, next_check="2026-11-21")
    assert queries() == small <= 14
    assert not any(
        s.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")) for s in statements
    )
    with archive.transaction() as s:
        assert s.scalar(select(func.count(Term.id))) == 0  # the term is looked up, not created


# --- command line -----------------------------------------------------------------------------


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def class_file(tmp_path: Path) -> Path:
    """A small archive on disk, closed, with a few overdue items."""
    path = tmp_path / "cli.sqlite"
    arc = open_archive(path)
    try:
        pid = add_pupil(arc, "李明", birth="2015-11-18", father_return="2026年暑假")
        rec(arc, "help_plan", pid, "2026-09-01", next_check="2026-11-20")
        rec(arc, "talk", pid, "2026-11-03")
        add_pupil(arc, "王芳", left_behind=False)
    finally:
        arc.close()
    return path


def test_cli_json(class_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = sha(class_file)
    assert main(["due", "--db", str(class_file), "--today", "2026-11-23", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert isinstance(out, list) and out
    for entry in out:
        assert {"pupil", "kind", "due", "overdue", "detail"} <= set(entry)
        assert entry["kind"] in (*DUE_KINDS, FAMILY_UNKNOWN)  # and the class's families to fill in
        assert date.fromisoformat(entry["due"]).isoformat() == entry["due"]
        assert isinstance(entry["overdue"], bool)
    by_kind = {e["kind"]: e for e in out}
    assert by_kind["class_meeting"]["pupil"] is None
    assert (
        by_kind["plan_check"] | {"pupil": "李明", "due": "2026-11-20", "overdue": True}
        == (by_kind["plan_check"])
    )
    assert "talk" not in by_kind
    assert {e["pupil"] for e in out} == {"李明", "王芳", None}
    assert {e["kind"] for e in out if e["pupil"] == "王芳"} == {"unassessed"}  # 待认定
    assert out[0]["overdue"] is True and out[-1]["overdue"] is False
    assert sha(class_file) == before


def test_cli_today_changes_the_list(class_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["due", "--db", str(class_file), "--today", "2026-12-05", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    talk = next(e for e in out if e["kind"] == "talk")
    assert (talk["pupil"], talk["due"], talk["overdue"]) == ("李明", "2026-12-31", False)
    assert "birthday" not in {e["kind"] for e in out}


def test_cli_readable_list(class_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["due", "--db", str(class_file), "--today", "2026-11-23"]) == 0
    out = capsys.readouterr().out
    assert "待办（2026-11-23）" in out
    assert "！过期 2026-11-20  李明  帮扶检查：帮扶计划检查已过期 3 天" in out
    assert "全班  留守儿童月会" in out


def test_cli_bad_today(class_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["due", "--db", str(class_file), "--today", "2026-02-30"]) == 2
    assert "日期格式不对" in capsys.readouterr().err


def test_cli_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nowhere.sqlite"
    assert main(["due", "--db", str(missing)]) == 1
    assert "找不到档案文件" in capsys.readouterr().err
    assert not missing.exists()


def test_cli_newer_version_untouched(class_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    con = sqlite3.connect(class_file)
    con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.commit()
    con.close()
    folder = class_file.parent
    before = {p.name: sha(p) for p in folder.iterdir()}  # the archive and its log's head
    assert main(["due", "--db", str(class_file), "--json"]) == 1
    assert "更新版本" in capsys.readouterr().err
    assert {p.name: sha(p) for p in folder.iterdir()} == before  # nothing new, nothing changed


def test_cli_older_version_is_not_upgraded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = tmp_path / "old.sqlite"
    shutil.copyfile(FIXTURES / "archive-0002.sqlite", old)
    before = sha(old)
    assert main(["due", "--db", str(old)]) == 1
    assert "较旧" in capsys.readouterr().err
    assert sha(old) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.sqlite"]  # no upgrade backup


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"teacher's notes", "不是档案数据库文件"), (b"", "不是档案数据库文件")],
    ids=["text", "empty"],
)
def test_cli_not_an_archive(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, message: str
) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_bytes(content)
    assert main(["due", "--db", str(path)]) == 1
    assert message in capsys.readouterr().err
    assert path.read_bytes() == content


def test_cli_damaged_file_untouched(class_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = class_file.read_bytes()
    page = int.from_bytes(data[16:18], "big")
    class_file.write_bytes(data[: page * 3])
    before = sha(class_file)
    assert main(["due", "--db", str(class_file)]) == 1
    assert "损坏" in capsys.readouterr().err
    assert sha(class_file) == before
