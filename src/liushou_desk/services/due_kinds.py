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
)
KIND_LABELS: dict[str, str] = {
    TALK: "谈心",
    PARENT_CONTACT: "联系外出父母",
    GUARDIAN_CONTACT: "联系监护人",
    HOME_VISIT: "家访",
    PLAN_CHECK: "帮扶检查",
    STATUS_REVIEW: "核实留守状态",
    BIRTHDAY: "生日",
    CLASS_MEETING: "留守儿童月会",
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
    FAMILY_UNKNOWN: None,  # opens the grid 批量填写父母外出情况
}

PLAN_KINDS = {"help_plan": "plan_check", "iep": "iep_review"}  # plan → its check's form


@dataclass(frozen=True)
class Cadence:
    """How often each piece of care work is expected (settings; defaults from issue 3)."""

    parent_contact_days: int = 30  # a parent away is contacted at least every N days
    parent_contact_warn_days: int = 7  # shown this many days before it falls due
    plan_check_warn_days: int = 7  # a plan check due within N days (or overdue) is shown
    follow_up_warn_days: int = 7  # the follow-up date of a talk / next home visit, likewise
    status_review_days: int = 30  # time to check the status once an expected return passed
    holiday_months: tuple[int, ...] = (2, 7, 8)  # 寒暑假: no monthly talk / contact / meeting
    kinds: tuple[str, ...] = field(default=DUE_KINDS)  # the rules that are switched on


@dataclass(frozen=True)
class DueItem:
    """One thing to do: for a pupil, or for the class (pupil None)."""

    pupil_id: int | None
    pupil: str | None
    kind: str  # one of DUE_KINDS
    due: date
    overdue: bool
    detail: str  # what the teacher reads: 本月还没有谈心, 已 41 天没有与外出父母联系 …
    record_id: int | None = None  # plan_check: the help plan / IEP the check belongs to
    form: str | None = None  # the record kind the item opens (domain/records.KINDS key)

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
        }
