"""附件1's fields through the roster import, the Excel export and the principal's least data:
a county 排查 sheet with 户籍所在地, 身体情况, 就学情况, 监护类型, 经济来源, the grandparents and
the parents' ID numbers is imported into every field (a wrong ID named by row, column and
child, an unknown word a named problem, never a crash); the principal's copies mask the
adults' numbers and leave the health cells out."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from liushou_desk.db.schema import open_archive
from liushou_desk.domain.idcard import check_digit, mask_id_number
from liushou_desk.ops import importing
from liushou_desk.services import profile
from liushou_desk.services.roster import list_roster

from .conftest import TODAY

HEAD = (
    "序号", "姓名", "性别", "出生日期", "身份证号", "户籍所在地", "现住址", "身体情况",
    "患病类型", "就学情况", "父亲姓名", "父亲身份证号", "父亲出生日期", "母亲姓名",
    "母亲身份证号", "监护人姓名", "与学生关系", "监护人身份证号", "监护人住址",
    "有无委托监护人", "监护类型", "家庭经济来源", "救助帮扶情况", "祖父姓名", "祖母姓名",
    "祖母出生日期",
)  # fmt: skip


def _id(body: str) -> str:
    return body + check_digit(body)


CHILD = _id("51172520150608002")
FATHER = _id("51172519850203001")
MOTHER = _id("51172519870910002")
GUARDIAN = _id("51172519580101002")


def _sheet(path: Path, *rows: tuple[object, ...]) -> Path:
    book = Workbook()
    ws = book.active
    ws.append(["渠县青山镇农村留守儿童排查表"])
    ws.append(list(HEAD))
    for row in rows:
        ws.append(list(row))
    book.save(path)
    return path


GOOD = (
    1, "向𬌗", "女", "2015-06-08", CHILD, "四川省达州市渠县青山镇石桥村", "石桥村3组", "患病",
    "白血病", "小学", "向国强", FATHER, "", "田春梅", MOTHER, "向王氏", "奶奶", GUARDIAN,
    "石桥村3组", "有", "监护情况一般", "打工收入，种养殖业", "享受低保", "已故", "王秀英",
    "1958-01-01",
)  # fmt: skip


def test_a_county_sheet_fills_every_form1_field(tmp_path: Path) -> None:
    path = _sheet(tmp_path / "排查表.xlsx", GOOD)
    archive = open_archive(tmp_path / "a.sqlite")
    plan = importing.plan(archive, path, TODAY)
    assert plan.problems == []
    importing.apply(archive, plan, TODAY)
    (row,) = list_roster(archive, TODAY)
    d = profile.load_profile(archive, row.id, TODAY).draft
    archive.close()
    assert (d.hukou_place, d.body_condition, d.illness) == (
        "四川省达州市渠县青山镇石桥村", "患病", "白血病",
    )  # fmt: skip
    assert d.schooling == "小学" and d.guardian_entrusted == "是"
    assert d.guardianship_type == "监护情况一般"
    assert d.income_sources == "打工收入、种养殖业" and d.aid == "享受低保"
    assert (d.father.id_number, d.father.birth_date) == (FATHER, "1985-02-03")  # from the ID
    assert d.mother.id_number == MOTHER
    g = d.guardians[0]
    assert (g.name, g.relation, g.id_number, g.address) == ("向王氏", "祖母", GUARDIAN, "石桥村3组")
    by_role = {gp.role: gp for gp in d.grandparents}
    assert by_role["祖父"].deceased
    assert (by_role["祖母"].name, by_role["祖母"].birth_date) == ("王秀英", "1958-01-01")


def test_a_wrong_parent_id_and_an_unknown_word_are_named(tmp_path: Path) -> None:
    wrong = list(GOOD)
    wrong[11] = FATHER[:-1] + ("0" if FATHER[-1] != "0" else "1")  # a bad check digit
    wrong[20] = "很好"  # not one of the five
    path = _sheet(tmp_path / "bad.xlsx", tuple(wrong))
    archive = open_archive(tmp_path / "b.sqlite")
    plan = importing.plan(archive, path, TODAY)
    archive.close()
    said = {(p.column, p.name) for p in plan.problems}
    assert ("父亲身份证号", "向𬌗") in said and ("监护类型", "向𬌗") in said
    assert all(p.row == 3 for p in plan.problems)  # the sheet's own row number
    assert not plan.added


def test_the_principals_copies_mask_the_adults_numbers_and_leave_health_out(
    tmp_path: Path,
) -> None:
    from liushou_desk.db.backup import snapshot_verified
    from liushou_desk.io.redacted_snapshot import redact_snapshot
    from liushou_desk.io.xlsx_export import collect, redact

    path = _sheet(tmp_path / "排查表.xlsx", GOOD)
    archive = open_archive(tmp_path / "a.sqlite")
    importing.apply(archive, importing.plan(archive, path, TODAY), TODAY)
    sheets = {s.title: s for s in collect(archive, TODAY)}
    copy = snapshot_verified(archive.path, tmp_path / "copy.sqlite")
    archive.close()
    redact(list(sheets.values()))
    parents = sheets["父母"]
    ids = parents.keys.index("id_number")
    assert {r[ids] for r in parents.rows} == {mask_id_number(FATHER), mask_id_number(MOTHER)}
    pupils = sheets["学生名册"]
    for key in ("body_condition", "illness"):
        assert {r[pupils.keys.index(key)] for r in pupils.rows} == {""}
    redact_snapshot(copy)
    snapshot = open_archive(copy, create=False)
    try:
        (row,) = list_roster(snapshot, TODAY)
        d = profile.load_profile(snapshot, row.id, TODAY).draft
    finally:
        snapshot.close()
    assert (d.body_condition, d.illness) == ("", "")
    assert d.father.id_number == mask_id_number(FATHER)
    assert d.guardians[0].id_number == mask_id_number(GUARDIAN)
    assert d.schooling == "小学" and d.guardianship_type == "监护情况一般"  # what 附件3 counts
