"""The demo class is lived in for 附件1 too: its left-behind children have 户籍, 身体情况,
就学情况, grandparents, parents' birth dates and ID numbers, 委托监护, 监护类型, 经济来源 —
each as the 五个清楚 form checks it — with a few cells left for the teacher to fill."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from liushou_desk.db.schema import open_archive
from liushou_desk.domain.profile import validate_profile
from liushou_desk.services import profile
from liushou_desk.services.form1 import load_forms, missing_cells
from liushou_desk.services.form3 import check, class_form3

from .conftest import TODAY


def test_the_demo_fills_form1_and_leaves_a_little_to_do(demo_db: Path) -> None:
    archive = open_archive(demo_db)
    forms = load_forms(archive, TODAY).forms
    drafts = [profile.load_profile(archive, f.pupil_id, TODAY).draft for f in forms]
    form3 = class_form3(archive, TODAY)
    archive.close()
    for d in drafts:  # every value as the form would take it
        assert validate_profile(d, TODAY)[1] == [], d.name
    n = len(forms)
    assert sum(1 for f in forms if f.hukou_place) == n
    assert sum(1 for f in forms if f.schooling == "小学") == n
    assert Counter(f.body_condition for f in forms)["健康"] >= n * 0.7
    assert sum(1 for f in forms if f.father.id_number or f.mother.id_number) >= n * 0.8
    grandparents = [g for f in forms for g in f.grandparents]
    assert any(g.name == "—" for g in grandparents) and sum(g.name != "—" for g in grandparents) > n
    assert sum(1 for f in forms if f.guardianship_type) >= n * 0.7
    assert all(f.income_sources for f in forms)
    empty = missing_cells(forms)
    assert 0 < len({c.pupil_id for c in empty}) < n  # a little left to fill, not everything
    assert all(t == form3.total for _, t in [(k, sum(v.values())) for k, v in form3.breakdowns()])
    assert not [p for p in check(form3) if "未填" in p and "就学" in p]
