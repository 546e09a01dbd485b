"""期末的缺口 (the term's gaps, issue 16): the left-behind children the term's care work did not
reach, named for the term report — the same gaps the 待办 list shows during the term, counted
over the term's own records: no help plan running in it, no 四个优先 measure, no activity taken
part in, no home visit, no call from the parents in the term's last ``rare_call_days`` (up to
today for the current term), and the families still 待认定."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from liushou_desk.services.due_kinds import (
    GAP_KINDS,
    KIND_LABELS,
    NO_ACTIVITY,
    NO_PLAN,
    NO_PRIORITY,
    NO_VISIT,
    RARE_CALLS,
    UNASSESSED,
)
from liushou_desk.services.records import RecordView
from liushou_desk.services.terms import TermView

Gaps = dict[str, list[str]]  # gap kind → the children's names, in the class's order


def gap_label(kind: str) -> str:
    return KIND_LABELS[kind]


def term_gaps(
    views: Iterable[RecordView],
    left_behind: Sequence[tuple[int, str]],
    unassessed: Sequence[tuple[int, str]],
    term: TermView,
    today: date,
    rare_call_days: int = 28,
) -> Gaps:
    """Each gap with the children in it (``left_behind``: (id, name) in the class's order)."""
    last = min(term.end, today)
    planned: set[int] = set()
    measures: set[int] = set()
    joined: set[int] = set()
    visited: set[int] = set()
    called: set[int] = set()
    quiet_from = last - timedelta(days=rare_call_days)
    for v in views:
        pid = v.pupil_id
        if v.kind == "help_plan" and pid is not None:
            ended = v.values.get("end") or v.values.get("closed_on") or ""
            if v.occurred_on <= last and not (ended and ended < term.start.isoformat()):
                planned.add(pid)
        if not term.start <= v.occurred_on <= last:
            continue
        if v.kind == "priorities" and pid is not None:
            measures.add(pid)
        elif v.kind == "activity":
            joined.update(v.participants)
        elif v.kind == "home_visit" and pid is not None:
            visited.add(pid)
        elif v.kind == "family_call" and pid is not None and v.occurred_on > quiet_from:
            called.add(pid)
    gaps: Gaps = {kind: [] for kind in GAP_KINDS}
    for pid, name in left_behind:
        for kind, done in (
            (NO_PLAN, planned),
            (NO_PRIORITY, measures),
            (NO_ACTIVITY, joined),
            (NO_VISIT, visited),
            (RARE_CALLS, called),
        ):
            if pid not in done and (kind != RARE_CALLS or rare_call_days):
                gaps[kind].append(name)
    gaps[UNASSESSED] = [name for _pid, name in unassessed]
    return gaps
