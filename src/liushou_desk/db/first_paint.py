"""首屏名册: the roster read straight from the archive file with the standard library, so the
window can show the class before SQLAlchemy has finished loading (about 0.3 s here).

Read-only and plain SQL; the rows are built by the same code as the SQLAlchemy path
(services/roster_rows.py), and a test keeps the two in step. Only for an archive already at the
newest schema (check with schema.probe_revision first).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path

from liushou_desk.db.cipher import connect_readonly
from liushou_desk.domain.eligibility import ParentFacts
from liushou_desk.domain.enums import (
    Enrolment,
    GuardianRelation,
    LeftBehindKind,
    ParentRole,
    ParentSituation,
    Sex,
)
from liushou_desk.domain.roster_facts import GuardianFacts, PupilFacts

PUPILS = (
    "SELECT id, name, search_keys, sex, birth_date, student_number, village, boarding, "
    "health_physical, health_mental, enrolment, left_on, computed_kind, override_kind "
    "FROM pupils WHERE deleted_at IS NULL"
)
PARENTS = "SELECT pupil_id, role, situation, away_since FROM parents"
GUARDIANS = "SELECT pupil_id, relation, name, phone FROM guardians ORDER BY pupil_id, position, id"


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def read_roster_facts(path: Path) -> list[PupilFacts]:
    """Every pupil's roster facts, as services.roster.list_roster reads them."""
    con = connect_readonly(path)
    try:
        parents: dict[int, list[ParentFacts]] = defaultdict(list)
        for pupil_id, role_code, situation_code, away_since in con.execute(PARENTS):
            role = ParentRole.word_of(role_code)  # the file holds codes (db.types)
            situation = ParentSituation.word_of(situation_code)
            parent_role = ParentRole.from_label(role)
            if parent_role is not None:
                parents[pupil_id].append(
                    ParentFacts(
                        ParentRole(role),
                        ParentSituation.from_label(situation),  # type: ignore[arg-type]
                        _date(away_since),
                    )
                )
        guardians: dict[int, GuardianFacts] = {}
        for pupil_id, relation, name, phone in con.execute(GUARDIANS):
            guardians.setdefault(
                pupil_id, GuardianFacts(GuardianRelation.word_of(relation), name, phone)
            )
        facts = [
            PupilFacts(
                id=r[0],
                name=r[1],
                search_keys=r[2],
                sex=Sex.word_of(r[3]),
                birth_date=_date(r[4]),
                student_number=r[5],
                village=r[6],
                boarding=bool(r[7]),
                health_physical=r[8],
                health_mental=r[9],
                enrolment=Enrolment.word_of(r[10]),
                left_on=_date(r[11]),
                computed_kind=LeftBehindKind.word_of(r[12]),
                override_kind=LeftBehindKind.word_of(r[13]) or None,
                parents=tuple(parents.get(r[0], ())),
                first_guardian=guardians.get(r[0]),
            )
            for r in con.execute(PUPILS)
        ]
    finally:
        con.close()
    return facts
