"""名册写明的留守状态 (the left-behind status a roster states): carried into the child's draft
as the parents' situations where the file gives them, else as a 人工认定 whose reason names the
file and row; against a pupil already in the archive, differences are shown in the preview and
the archive's own facts kept — never silently resolved."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from liushou_desk.domain.enums import LeftBehindKind, ParentSituation
from liushou_desk.domain.profile import ProfileDraft
from liushou_desk.io.roster_values import FileStatus
from liushou_desk.services.status import assess_draft

if TYPE_CHECKING:
    from liushou_desk.db.models import Pupil
    from liushou_desk.domain.eligibility import Assessment
    from liushou_desk.io.roster_plan import ImportRow


def apply_file_status(draft: ProfileDraft, status: FileStatus | None) -> None:
    """The parents' situations the file states, where the row does not say otherwise."""
    if status is None:
        return
    for attr, situation in (("father", status.father), ("mother", status.mother)):
        parent = getattr(draft, attr)
        if situation is not None and not parent.situation:
            parent.situation = situation.value
    if status.left_behind and status.kind is None and status.father is None:
        # 是 without saying more: both parents away, unless the row says who is away
        away = [p for p in (draft.father, draft.mother) if p.situation]
        if not away and "单亲" not in status.words:
            draft.father.situation = draft.mother.situation = ParentSituation.AWAY.value


def file_verdict(item: ImportRow, status: FileStatus | None, today: date, source: str) -> None:
    """The file's status as a 人工认定 where needed (``_verdict``), and the kind the child will
    have, for the preview."""
    result = assess_draft(item.draft, today)  # once a row: the draft does not change here
    _verdict(item, status, result, source)
    item.kind = item.override[0] if item.override else result.kind.value


def _verdict(item: ImportRow, status: FileStatus | None, result: Assessment, source: str) -> None:
    """When the parents' situations do not give the status the file states (``result``: the
    rule's verdict on the row), the file's status becomes a 人工认定 whose reason names the file
    and row; the preview says so."""
    if status is None:
        return
    draft = item.draft
    reason = f"名册《{source}》第 {item.row} 行：{status.words}"
    wanted = status.kind
    if wanted is None and "单亲" in status.words:
        away = [
            p.role
            for p in (draft.father, draft.mother)
            if p.situation == ParentSituation.AWAY.value
        ]
        if len(away) == 1:
            wanted = LeftBehindKind.FATHER_AWAY if away[0] == "父亲" else LeftBehindKind.MOTHER_AWAY
        else:
            item.notes.append(
                f"名册写“{status.words}”，但没写是父亲还是母亲外出：导入后为待认定，请补填父母外出情况"
            )
            return
    if wanted is None or result.kind is wanted:
        if result.kind is LeftBehindKind.UNKNOWN:
            item.notes.append("名册没写父母外出情况：导入后为待认定")
        return
    if result.is_left_behind and wanted is LeftBehindKind.NOT:
        item.conflicts.append(
            f"名册写“{status.words}”，但父母外出情况符合{result.kind.value}：按父母情况认定"
        )
        return
    item.override = (wanted.value, reason)
    item.notes.append(f"按名册认定为{wanted.value}（人工认定）")


def status_against(pupil: Pupil, item: ImportRow) -> None:
    """A matched pupil: the file's status against what the archive holds — shown, never
    silently resolved; the archive's own parents' situations are kept."""
    known = {p.role: p.situation for p in pupil.parents if p.situation}
    for attr, role in (("father", "父亲"), ("mother", "母亲")):
        mine = getattr(item.draft, attr).situation
        theirs = known.get(role)
        if mine and theirs and mine != theirs:
            item.conflicts.append(f"{role}：档案中为“{theirs}”，名册为“{mine}”——保留档案中的")
    if (
        item.override is not None
        and pupil.override_kind
        and pupil.override_kind != item.override[0]
    ):
        item.conflicts.append(
            f"人工认定：档案中为“{pupil.override_kind}”，名册为“{item.override[0]}”——保留档案中的"
        )
        item.override = None
    if item.override is not None and known:
        item.override = None  # the archive knows the parents: its own rule stands
    if item.override is not None and pupil.override_kind == item.override[0]:
        item.override = None
    if item.override is not None:
        item.changes.append("override")
