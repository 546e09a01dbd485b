"""名册的读法: the roster's facts in plain SQL — straight from a file with the standard library
(``read_roster_facts``: the principal's snapshot, a snapshot's check) or through the open
archive's connection (``roster_facts``: services.roster) — a 2,000-pupil class in about 50 ms,
a quarter of what loading the ORM's pupils, parents and guardians takes.

Read-only; the rows are built by services/roster_rows.py, and a test keeps this reading in step
with the ORM's. The window reads the class (在读) when the roster is first shown: an archive
kept for years holds many more pupils who left (7,000 beside 600 after ten years), shown only
under 显示：已离班 / 全部 or when a picker lists everyone — read when first asked for
(``roster_facts(…, LEFT)``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from liushou_desk.db.cipher import connect_readonly
from liushou_desk.domain.eligibility import ParentFacts
from liushou_desk.domain.enums import (
    Enrolment,
    GuardianRelation,
    LabelledEnum,
    LeftBehindKind,
    ParentRole,
    ParentSituation,
    Sex,
)
from liushou_desk.domain.roster_facts import GuardianFacts, PupilFacts

PUPILS = (
    "SELECT id, name, search_keys, sex, birth_date, student_number, village, boarding, "
    "health_physical, health_mental, enrolment, left_on, computed_kind, override_kind, "
    "focus_since FROM pupils WHERE deleted_at IS NULL"
)
PARENTS = "SELECT pupil_id, role, situation, away_since FROM parents"
GUARDIANS = "SELECT pupil_id, relation, name, phone FROM guardians"
GUARDIANS_ORDER = " ORDER BY pupil_id, position, id"

# Which pupils: all of them, the class (在读), or those who left it (转出, 毕业, 休学). The code
# is the one the file holds for 在读 (db.types.EnumCode).
ALL, IN_CLASS, LEFT = "all", "in_class", "left"
_ACTIVE = f"'{Enrolment.ACTIVE.code}'"
_WHICH = {
    ALL: "",
    IN_CLASS: f" AND enrolment = {_ACTIVE}",
    LEFT: f" AND enrolment != {_ACTIVE}",
}
Execute = Callable[[str], Iterable[Sequence[Any]]]


def _words(vocabulary: type[LabelledEnum]) -> dict[str | None, str]:
    """Code → word for one vocabulary (what ``word_of`` does, looked up once per code)."""
    return {m.code: m.value for m in vocabulary}


def read_roster_facts(path: Path, which: str = ALL) -> list[PupilFacts]:
    """The roster facts of ``which`` pupils (all of them by default), read from the file at
    ``path`` as services.roster.list_roster reads them."""
    con = connect_readonly(path)
    try:
        return roster_facts(con.execute, which)
    finally:
        con.close()


def roster_facts(execute: Execute, which: str = ALL) -> list[PupilFacts]:
    """The roster facts of ``which`` pupils through ``execute`` (a connection's: the file's
    own at the first step, the open archive's afterwards).

    The codes are turned into words through one table per vocabulary (a code the table does
    not know — free text typed where the list is offered — is shown as it is, as
    ``LabelledEnum.word_of`` shows it): a 2,000-pupil class is read in a few tens of ms."""
    pupils = list(execute(PUPILS + _WHICH[which]))
    # the parents and guardians of those pupils, found through their index by id (a subquery
    # would scan every pupil of the archive's years once more for each table)
    ids = ",".join(str(int(r[0])) for r in pupils)
    of_chosen = "" if which == ALL else f" WHERE pupil_id IN ({ids or 'NULL'})"
    roles = {**{m.value: m for m in ParentRole}, **{m.code: m for m in ParentRole}}
    situations: dict[str | None, ParentSituation] = {
        **{m.value: m for m in ParentSituation},  # a word stored as typed reads as that word
        **{m.code: m for m in ParentSituation},
    }
    sexes, relations = _words(Sex), _words(GuardianRelation)
    enrolments, kinds = _words(Enrolment), _words(LeftBehindKind)
    parents: dict[int, list[ParentFacts]] = defaultdict(list)
    for pupil_id, role_code, situation_code, away_since in execute(PARENTS + of_chosen):
        role = roles.get(role_code)  # the file holds codes (db.types)
        if role is not None:
            parents[pupil_id].append(
                ParentFacts(
                    role,
                    situations.get(situation_code),
                    date.fromisoformat(away_since) if away_since else None,
                )
            )
    guardians: dict[int, GuardianFacts] = {}
    for pupil_id, relation, name, phone in execute(GUARDIANS + of_chosen + GUARDIANS_ORDER):
        if pupil_id not in guardians:
            word = relations.get(relation) or relation or ""
            guardians[pupil_id] = GuardianFacts(word, name, phone)
    no_parents: tuple[ParentFacts, ...] = ()
    return [
        PupilFacts(
            id=r[0],
            name=r[1],
            search_keys=r[2],
            sex=sexes.get(r[3]) or r[3] or "",
            birth_date=date.fromisoformat(r[4]) if r[4] else None,
            student_number=r[5],
            village=r[6],
            boarding=bool(r[7]),
            health_physical=r[8],
            health_mental=r[9],
            enrolment=enrolments.get(r[10]) or r[10] or "",
            left_on=date.fromisoformat(r[11]) if r[11] else None,
            computed_kind=kinds.get(r[12]) or r[12] or "",
            override_kind=kinds.get(r[13]) or r[13] or None,
            parents=tuple(parents[r[0]]) if r[0] in parents else no_parents,
            first_guardian=guardians.get(r[0]),
            focus=r[14] is not None,
        )
        for r in pupils
    ]
