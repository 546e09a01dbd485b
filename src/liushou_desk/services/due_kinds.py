"""待办的种类: the kinds of item the 待办 list knows, their labels and forms, how often each
piece of care work is expected (Cadence), and one item of the list (DueItem). The rules that
produce the items are in ``due``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

TALK = "talk"
PARENT_CONTACT = "parent_contact"
GUARDIAN_CONTACT = "guardian_contact"
HOME_VISIT = "home_visit"
PLAN_CHECK = "plan_check"
STATUS_REVIEW = "status_review"
BIRTHDAY = "birthday"
CLASS_MEETING = "class_meeting"
MENTAL_HEALTH = "mental_health"  # 每月上一节留守儿童心理健康教育课 (seed 003)
PLANNED = "planned"  # an item of the term plan, near or missed (issue 16)
# 缺口 (gaps, issue 16): children no piece of the care work has reached yet this term — named
# lists rather than deadlines: due at the term's end, never overdue
NO_PLAN = "no_plan"  # no 一对一帮扶计划 running
NO_PRIORITY = "no_priority"  # no 四个优先 measure this term
NO_ACTIVITY = "no_activity"  # took part in no activity this term
NO_VISIT = "no_visit"  # no home visit this term
RARE_CALLS = "rare_calls"  # the parents away have not called the child for N days
UNASSESSED = "unassessed"  # the family's situation still 待认定
GAP_KINDS: tuple[str, ...] = (NO_PLAN, NO_PRIORITY, NO_ACTIVITY, NO_VISIT, RARE_CALLS, UNASSESSED)
# Not a piece of care work but facts missing: pupils whose family's situation is not known
# (待认定). Always shown, never switched off in 待办设置, so not among DUE_KINDS.
FAMILY_UNKNOWN = "family_unknown"

# In the order a teacher reads them (also the tie-break of the sort).
DUE_KINDS: tuple[str, ...] = (
    TALK,
    PARENT_CONTACT,
    GUARDIAN_CONTACT,
    HOME_VISIT,
    PLAN_CHECK,
    STATUS_REVIEW,
    BIRTHDAY,
    CLASS_MEETING,
    MENTAL_HEALTH,
    PLANNED,
    *GAP_KINDS,
)
# The kinds before issue 16: a 待办设置 saved then switched on only these, so the later ones
# are on in it until the teacher switches them off (services.settings.cadence)
KINDS_BEFORE_PLAN: tuple[str, ...] = DUE_KINDS[:8]
KIND_LABELS: dict[str, str] = {
    TALK: "谈心",
    PARENT_CONTACT: "联系外出父母",
    GUARDIAN_CONTACT: "联系监护人",
    HOME_VISIT: "家访",
    PLAN_CHECK: "帮扶检查",
    STATUS_REVIEW: "核实留守状态",
    BIRTHDAY: "生日",
    CLASS_MEETING: "留守儿童月会",
    MENTAL_HEALTH: "心理健康课",
    PLANNED: "计划事项",
    NO_PLAN: "没有帮扶计划",
    NO_PRIORITY: "没有四个优先措施",
    NO_ACTIVITY: "没参加过活动",
    NO_VISIT: "本学期没家访",
    RARE_CALLS: "父母很少来电",
    UNASSESSED: "待认定",
    FAMILY_UNKNOWN: "填写父母外出情况",
}
# The record form each item opens (plan_check: "plan_check" or "iep_review", by the plan).
FORMS: dict[str, str | None] = {
    TALK: "talk",
    PARENT_CONTACT: "contact",
    GUARDIAN_CONTACT: "contact",
    HOME_VISIT: "home_visit",
    PLAN_CHECK: "plan_check",
    STATUS_REVIEW: None,
    BIRTHDAY: None,
    CLASS_MEETING: "meeting",
    MENTAL_HEALTH: "activity",
    PLANNED: None,  # the plan item's own record kind (services.care_plan.record_kind)
    NO_PLAN: "help_plan",
    NO_PRIORITY: "priorities",
    NO_ACTIVITY: None,
    NO_VISIT: "home_visit",
    RARE_CALLS: "contact",  # 督促: a word with the parents away
    UNASSESSED: None,  # opens the grid 批量填写父母外出情况
    FAMILY_UNKNOWN: None,  # opens the grid 批量填写父母外出情况
}

PLAN_KINDS = {"help_plan": "plan_check", "iep": "iep_review"}  # plan → its check's form


# A child's own cadence (重点帮扶对象: tighter than the class's): rule → days between
CHILD_CADENCE_RULES: tuple[str, ...] = (TALK, PARENT_CONTACT, GUARDIAN_CONTACT, HOME_VISIT)


@dataclass(frozen=True)
class Cadence:
    """How often each piece of care work is expected (settings; defaults from issue 3 and the
    seeds). A ``…_days`` of 0 keeps the calendar's own rhythm: monthly, or once a term."""

    talk_days: int = 0  # 0: one talk each month (每月谈心)
    parent_contact_days: int = 30  # a parent away is contacted at least every N days
    parent_contact_warn_days: int = 7  # shown this many days before it falls due
    plan_check_warn_days: int = 7  # a plan check due within N days (or overdue) is shown
    follow_up_warn_days: int = 7  # the follow-up date of a talk / next home visit, likewise
    status_review_days: int = 30  # time to check the status once an expected return passed
    guardian_contact_days: int = 0  # 0: the guardian at home each month
    home_visit_days: int = 0  # 0: once a term (本学期没家访 is then a gap); N: every N days
    meeting_days: int = 0  # 0: the 留守儿童月会 each month; N: every N days
    mental_health_days: int = 0  # 0: a 心理健康课 each month; N: every N days
    plan_check_days: int = 30  # a help plan with no check date is checked every N days
    rare_call_days: int = 28  # the parents away have not called the child for N days
    planned_warn_days: int = 7  # an item of the term plan shows this many days ahead
    holiday_months: tuple[int, ...] = (2, 7, 8)  # 寒暑假: no monthly talk / contact / meeting
    kinds: tuple[str, ...] = field(default=DUE_KINDS)  # the rules that are switched on


@dataclass(slots=True)
class DueItem:
    """One thing to do: for a pupil, or for the class (pupil None). Not frozen: a frozen
    dataclass pays for every field it sets, and a class of 2,000 makes 6,000 of these."""

    pupil_id: int | None
    pupil: str | None
    kind: str  # one of DUE_KINDS
    due: date
    overdue: bool
    detail: str  # what the teacher reads: 本月还没有谈心, 已 41 天没有与外出父母联系 …
    record_id: int | None = None  # plan_check: the plan / IEP; planned: the plan item
    form: str | None = None  # the record kind the item opens (domain/records.KINDS key)
    teachers: tuple[str, ...] = ()  # the teachers who hold the child, or the item's teacher

    @property
    def gap(self) -> bool:
        """One of the 缺口 lists (a child not reached yet) rather than a deadline."""
        return self.kind in GAP_KINDS

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]

    def to_json(self) -> dict[str, Any]:
        return {
            "pupil_id": self.pupil_id,
            "pupil": self.pupil,
            "kind": self.kind,
            "label": self.label,
            "due": self.due.isoformat(),
            "overdue": self.overdue,
            "detail": self.detail,
            "record_id": self.record_id,
            "form": self.form,
            "teachers": list(self.teachers),
        }
