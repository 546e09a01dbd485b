"""Every file of the roster corpus (tests/roster_corpus.py — the 学籍系统 .xls, the county sheet,
the class contact list, one parent per row, WPS CSVs) imported as it comes: every child the
file holds, with the facts and status it states; every bad row named with its child and reason;
nothing else refused; a second import changes nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from liushou_desk.db.schema import open_archive
from liushou_desk.ops import importing
from liushou_desk.services import profile, roster

from .roster_corpus import FORMATS

TODAY = date(2026, 12, 3)


def _got(row, view) -> dict[str, str | None]:  # type: ignore[no-untyped-def]
    d = view.draft
    g = d.guardians[0] if d.guardians else None
    return {
        "id_number": d.id_number,
        "sex": d.sex,
        "birth_date": d.birth_date,
        "kind": row.kind,
        "father_situation": d.father.situation,
        "mother_situation": d.mother.situation,
        "father_name": d.father.name,
        "father_phone": d.father.phone,
        "father_work": d.father.work_city,
        "mother_name": d.mother.name,
        "mother_phone": d.mother.phone,
        "mother_work": d.mother.work_city,
        "guardian_relation": g.relation if g else "",
        "guardian_name": g.name if g else "",
        "guardian_phone": g.phone if g else "",
        "student_number": d.student_number,
    }


@pytest.mark.parametrize("key", sorted(FORMATS))
def test_every_corpus_file_imports_as_it_comes(key: str, tmp_path: Path) -> None:
    sample = FORMATS[key](tmp_path)
    archive = open_archive(tmp_path / "class.sqlite")
    try:
        plan = importing.plan(archive, sample.path, TODAY)
        importing.apply(archive, plan, TODAY)
        rows = roster.list_roster(archive, TODAY)
        kids = {r.name: (r, profile.load_profile(archive, r.id, TODAY)) for r in rows}
        expected = {c.name: c for c in sample.children}
        assert sorted(kids) == sorted(expected)  # every child, the name exactly as written
        wrong = []
        for name, child in expected.items():
            got = _got(*kids[name])
            for field_name, value in got.items():
                want = getattr(child, field_name)
                if want is not None and want != value:
                    wrong.append((name, field_name, want, value))
            if child.guardian_word:
                notes = [g.note for g in kids[name][1].draft.guardians]
                if child.guardian_word not in notes:
                    wrong.append((name, "guardian_word", child.guardian_word, notes))
        assert wrong == []
        found = [(p.row, p.name, p.message) for p in plan.problems]
        for p in sample.problems:
            hits = [f for f in found if f[0] == p.row and p.reason in f[2]]
            assert hits, f"row {p.row} ({p.name}): expected “{p.reason}”, got {found}"
            if p.name:
                assert any(h[1] == p.name for h in hits), f"row {p.row} does not name {p.name}"
        assert {f[0] for f in found} == {p.row for p in sample.problems}  # nothing else refused
        again = importing.plan(archive, sample.path, TODAY)
        assert again.added == [] and again.updated == []
        assert len(again.unchanged) == len(expected)
    finally:
        archive.close()
