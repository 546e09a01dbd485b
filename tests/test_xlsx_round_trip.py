"""Round trip: the archive exported to Excel, then imported into an empty archive, gives the same
five-things-known profiles — basics, traits, health, both parents, every guardian — and so the
same 留守认定."""

from __future__ import annotations

from dataclasses import asdict, replace
from pathlib import Path

from liushou_desk.db.schema import open_archive
from liushou_desk.io.xlsx_export import export_workbook
from liushou_desk.ops import importing
from liushou_desk.services.profile import load_profile
from liushou_desk.services.roster import list_roster

from .conftest import TODAY


def profiles(archive) -> dict[str, dict]:  # type: ignore[no-untyped-def]
    out = {}
    for row in list_roster(archive, TODAY):
        view = load_profile(archive, row.id, TODAY)
        draft = replace(
            view.draft, photo=None, guardians=[replace(g, id=None) for g in view.draft.guardians]
        )
        out[draft.name] = {"draft": asdict(draft), "computed": view.computed_kind}
    return out


def test_export_then_import_into_an_empty_archive_gives_the_same_profiles(
    demo_db: Path, tmp_path: Path
) -> None:
    source = open_archive(demo_db)
    workbook = tmp_path / "档案.xlsx"
    export_workbook(source, workbook, TODAY)
    target = open_archive(tmp_path / "new.sqlite")
    plan = importing.plan(target, workbook, TODAY)
    assert plan.problems == []
    assert importing.apply(target, plan, TODAY).value.written == len(plan.added) >= 45
    before, after = profiles(source), profiles(target)
    assert set(before) == set(after)
    for name in before:
        assert after[name]["draft"] == before[name]["draft"], name
        assert after[name]["computed"] == before[name]["computed"], name
    # and importing the same workbook again changes nothing
    again = importing.plan(target, workbook, TODAY)
    assert (len(again.added), len(again.updated)) == (0, 0)
    source.close()
    target.close()
