"""监护类型 suggested (附件1 ④): which of the form's five options the archive's facts point to —
the teacher confirms it (or picks another) before it is printed as confirmed.

The form's own words: 监护情况 较好 (duties fulfilled; life, study and health well assured) /
一般 (basic duties met, latent risk) / 差 (no guardian or a guardian without capacity). From
the archive:

- no adult at home to look after the child (no guardian listed, neither parent at home) →
  无人监护;
- a parent at home who cannot be guardian (无监护能力) while the other is away →
  父或母无监护能力;
- the first at-home guardian's 监护能力 差 → 受委托监护人监护能力不足; 一般 → 监护情况一般;
  较好 → 监护情况较好; not assessed → no suggestion (the teacher is asked).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from liushou_desk.domain.enums import Capacity, GuardianshipType, ParentSituation

if TYPE_CHECKING:
    from liushou_desk.domain.profile import ProfileDraft


@dataclass(frozen=True)
class Suggestion:
    """A suggested 监护类型 (its word) and why; ``kind`` empty: the archive cannot tell."""

    kind: str
    reason: str


def suggest_guardianship(draft: ProfileDraft) -> Suggestion:
    """The 监护类型 the archive's facts point to (see the module's text)."""
    situations = (draft.father.situation, draft.mother.situation)
    at_home = ParentSituation.AT_HOME.value in situations
    incapable = ParentSituation.INCAPABLE.value in situations
    away = ParentSituation.AWAY.value in situations
    guardians = [g for g in draft.guardians if g.name]
    if incapable and away:
        who = "父亲" if draft.father.situation == ParentSituation.INCAPABLE.value else "母亲"
        return Suggestion(GuardianshipType.PARENT_INCAPABLE.value, f"{who}无监护能力，另一方外出")
    if not guardians and not at_home:
        return Suggestion(GuardianshipType.NONE.value, "没有在家监护人，父母都不在家")
    if not guardians:
        return Suggestion("", "在家的是父亲或母亲，请按实际情况选择")
    first = guardians[0]
    capacity = first.capacity
    who = f"{first.relation}{first.name}"
    if capacity == Capacity.POOR.value:
        return Suggestion(
            GuardianshipType.ENTRUSTED_INSUFFICIENT.value, f"监护人{who}监护能力为“差”"
        )
    if capacity == Capacity.FAIR.value:
        return Suggestion(GuardianshipType.FAIR.value, f"监护人{who}监护能力为“一般”")
    if capacity == Capacity.GOOD.value:
        return Suggestion(GuardianshipType.GOOD.value, f"监护人{who}监护能力为“较好”")
    return Suggestion("", f"监护人{who}的监护能力还没有评估")
