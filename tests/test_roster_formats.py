# ruff: noqa: RUF005 — rows written as the sheet shows them, group by group
"""导入名册 from the spreadsheets schools really have (ROSTERS.md): the 学籍系统 export (.xls), the
county 留守儿童 statistics sheet (two header rows, 留守类型, "—"), a contact list with one parent
per row, and a WPS CSV (GB18030, year-month births, "奶奶 王桂英"). Every child comes in with
the name as written, the status the file states is carried, the unknown is 待认定, bad rows are
named with the child, rows under the table are ignored, and a second import changes nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from liushou_desk.cli import main
from liushou_desk.db.schema import open_archive
from liushou_desk.domain.idcard import check_digit
from liushou_desk.ops import importing
from liushou_desk.services import profile, roster
from liushou_desk.services.changes import list_changes

TODAY = date(2026, 12, 3)


def _id(birth: str, seq: str = "122") -> str:
    first = "511725" + birth + seq
    return first + check_digit(first)


def county_sheet(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(["青山镇农村留守儿童基本情况统计表"])
    ws.merge_cells("A1:P1")
    ws.append(["填报单位：青山镇中心小学", None, None, None, None, "填报时间：2026年9月"])
    ws.append(
        ["序号", "基本信息", None, None, None, None, "留守类型"]
        + ["父亲", None, None, "母亲", None, None, "监护人", None, None]
    )
    ws.append(
        [None, "姓名", "性别", "出生日期", "公民身份证号码", "家庭住址", None]
        + ["姓名", "务工地点", "联系电话"] * 2
        + ["姓名", "关系", "联系电话"]
    )
    for cells in ("A3:A4", "B3:F3", "G3:G4", "H3:J3", "K3:M3", "N3:P3"):
        ws.merge_cells(cells)
    ws.append(
        [1, "张冬月", "女", "2015-03-08", _id("20150308"), "石桥村3组", "父母均外出"]
        + ["张大山", "广东东莞", "13812348000", "李秀", "广东东莞", "13912345678"]
        + ["张德明", "祖父", "13512345678"]
    )
    ws.append(
        [2, "王𬌗", "男", "2014-09-11", _id("20140911", "133"), "新华村", "父亲外出母亲已故"]
        + ["王强", "浙江宁波", "13812340001", "刘芳", "—", "—"]
        + ["王桂英", "舅妈", "13512340002"]
    )
    ws.append(
        [3, "欧阳䶮", "男", "2016-02-29", _id("20160229", "151"), "白果村"]
        + ["母亲外出父亲无监护能力", "欧阳军", "/", "13812340003", "陈丽", "福建厦门"]
        + ["13912340004", "奶奶 欧阳秀", None, "13512340005"]
    )
    bad = _id("20150707", "144")[:-1] + ("0" if _id("20150707", "144")[-1] != "0" else "1")
    ws.append([4, "孙悦", "女", "2015-07-07", bad, "白果村", "父母均外出"])
    ws.append(["注：留守类型按民政部定义填写。"])
    ws.append(["单位负责人：", None, "复核人：", None, "填表人（签名）："])
    wb.save(path)
    return path


def one_parent_per_row(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(["五年级（2）班家长联系表"])
    ws.append(
        ["序号", "姓名", "性别", "身份证号", "家长姓名", "关系", "联系电话", "务工地点", "备注"]
    )
    ws.append(
        [1, "张冬月", "女", _id("20150308"), "张大山", "父亲", "13812348000", "广东东莞", "爱画画"]
    )
    ws.append([None, None, None, None, "李秀", "母亲", "13912345678", "广东东莞", None])
    ws.append(
        [2, "王喆", "男", _id("20140911", "133"), "王强", "爸爸", "13812340001", "在家", None]
    )
    ws.append([None, None, None, None, "刘芳", "妈妈", "13812340002", "浙江宁波", None])
    for cells in ("A3:A4", "B3:B4", "C3:C4", "D3:D4", "I3:I4", "A5:A6", "B5:B6", "C5:C6", "D5:D6"):
        ws.merge_cells(cells)
    wb.save(path)
    return path


def wps_csv(path: Path) -> Path:
    rows = [
        "五年级二班学生名单,,,,,,,",
        "姓名,性别,出生年月,身份证号,是否留守,监护人,监护人电话,备注",
        f"李小雨,女,2015.03,{_id('20150308')},是,奶奶 王桂英,13512345678,父亲在广东打工",
        f"赵子轩,男,2014.09,{_id('20140911', '133')},否,舅舅 赵大海,13512345679,",
        "钱多多,男,2016.02,,是,婶婶 钱红,13512345670,",
        "周𠇔,女,2015-06-01,,,,,",
        "班主任：张海燕,,,,,,,",
    ]
    path.write_bytes(("\r\n".join(rows) + "\r\n").encode("gb18030"))
    return path


def xueji_xls(path: Path) -> Path:
    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet("学生基础信息")
    header = [
        "姓名", "性别", "出生日期", "民族", "身份证件类型", "身份证件号", "个人标识码", "现住址",
        "是否留守儿童", "成员1姓名", "成员1关系", "成员1联系电话", "成员1是否监护人",
        "成员2姓名", "成员2关系", "成员2联系电话", "成员2是否监护人",
    ]  # fmt: skip
    rows = [
        ["吴𬌗", "男", "20150308", "汉族", "居民身份证", _id("20150308", "131"), "P001", "石桥村"]
        + ["双亲留守儿童", "吴军", "父亲", "13812348000", "否", "吴奶奶", "祖母", "13512345678"]
        + ["是"],
        ["郑小雪", "女", "20140911", "汉族", "居民身份证", _id("20140911", "142"), "P002"]
        + ["新华村", "单亲留守儿童", "郑强", "父亲", "13812340001", "是", "刘芳", "母亲"]
        + ["13812340002", "否"],
        ["冯晨", "男", "20160229", "汉族", "居民身份证", _id("20160229", "151"), "P003"]
        + ["白果村", "非留守儿童", "冯军", "父亲", "13812340003", "是", "", "", "", ""],
    ]
    for c, text in enumerate(header):
        ws.write(0, c, text)
    for r, row in enumerate(rows, start=1):
        for c, text in enumerate(row):
            ws.write(r, c, text)
    book.save(str(path))
    return path


def _import(tmp_path: Path, source: Path):  # type: ignore[no-untyped-def]
    archive = open_archive(tmp_path / "class.sqlite")
    plan = importing.plan(archive, source, TODAY)
    importing.apply(archive, plan, TODAY)
    return archive, plan


def _children(archive) -> dict:  # type: ignore[no-untyped-def]
    rows = roster.list_roster(archive, TODAY)
    return {r.name: (r, profile.load_profile(archive, r.id, TODAY)) for r in rows}


def test_the_county_statistics_sheet(tmp_path: Path) -> None:
    archive, plan = _import(tmp_path, county_sheet(tmp_path / "统计表.xlsx"))
    try:
        assert plan.header is not None and plan.header.height == 2
        kids = _children(archive)
        assert set(kids) == {"张冬月", "王𬌗", "欧阳䶮"}  # rare characters as written
        assert kids["张冬月"][0].kind == "父母均外出"
        wang = kids["王𬌗"][1].draft
        assert (wang.father.situation, wang.mother.situation) == ("外出务工", "已故")
        assert wang.mother.phone == ""  # "—": does not apply
        assert kids["王𬌗"][0].kind == "父亲外出"
        assert [(g.relation, g.name, g.note) for g in wang.guardians] == [
            ("其他亲属", "王桂英", "舅妈")
        ]
        ouyang = kids["欧阳䶮"][1].draft
        assert ouyang.father.situation == "无监护能力" and ouyang.father.work_city == ""
        assert [(g.relation, g.name) for g in ouyang.guardians] == [("祖母", "欧阳秀")]
        assert kids["欧阳䶮"][0].kind == "母亲外出"
        [bad] = plan.problems  # the signature row and the 注 line are not children
        assert bad.row == 8 and bad.name == "孙悦" and "校验位" in bad.message
        again = importing.plan(archive, tmp_path / "统计表.xlsx", TODAY)
        assert again.added == [] and again.updated == [] and len(again.unchanged) == 3
    finally:
        archive.close()


def test_one_parent_per_row_is_one_child_with_two_parents(tmp_path: Path) -> None:
    archive, plan = _import(tmp_path, one_parent_per_row(tmp_path / "联系表.xlsx"))
    try:
        assert plan.problems == []  # the second parent's row is not a duplicate
        kids = _children(archive)
        zhang = kids["张冬月"][1].draft
        assert (zhang.father.name, zhang.father.phone) == ("张大山", "13812348000")
        assert (zhang.mother.name, zhang.mother.work_city) == ("李秀", "广东东莞")
        assert kids["张冬月"][0].kind == "父母均外出"
        wang = kids["王喆"][1].draft
        assert wang.father.situation == "在家"  # 务工地点 “在家”: at home, not a place
        assert kids["王喆"][0].kind == "非留守"
        notes = [c.note for c in list_changes(archive, kids["张冬月"][0].id)]
        assert "从名册导入（第 3、4 行）；备注：爱画画" in notes  # 备注 kept
    finally:
        archive.close()


def test_a_wps_csv(tmp_path: Path) -> None:
    archive, plan = _import(tmp_path, wps_csv(tmp_path / "名单.csv"))
    try:
        kids = _children(archive)
        assert set(kids) == {"李小雨", "赵子轩", "周𠇔"}
        li = kids["李小雨"][1].draft
        assert li.birth_date == "2015-03-08"  # 2015.03 completed from the ID number
        assert [(g.relation, g.name) for g in li.guardians] == [("祖母", "王桂英")]
        assert kids["李小雨"][0].is_left_behind  # 是否留守 = 是
        zhao = kids["赵子轩"]
        assert zhao[0].kind == "非留守" and zhao[1].override_kind == "非留守"
        assert "名册《名单.csv》第 4 行：否" in zhao[1].override_reason
        assert [(g.relation, g.note) for g in zhao[1].draft.guardians] == [("其他亲属", "舅舅")]
        assert kids["周𠇔"][0].kind == "待认定"  # nothing said about the family
        [bad] = plan.problems
        assert (bad.row, bad.name) == (5, "钱多多") and "只写到月" in bad.message
    finally:
        archive.close()


def test_the_xueji_export(tmp_path: Path) -> None:
    archive, plan = _import(tmp_path, xueji_xls(tmp_path / "学生基础信息.xls"))
    try:
        assert plan.problems == []
        kids = _children(archive)
        wu = kids["吴𬌗"]
        assert wu[0].kind == "父母均外出" and wu[1].draft.birth_date == "2015-03-08"
        assert (wu[1].draft.father.name, wu[1].draft.father.phone) == ("吴军", "13812348000")
        assert [(g.relation, g.name) for g in wu[1].draft.guardians] == [("祖母", "吴奶奶")]
        assert (wu[1].draft.mother.name, wu[1].draft.mother.situation) == ("", "外出务工")
        zheng = kids["郑小雪"]
        assert zheng[0].kind == "待认定"  # 单亲: which parent is away is not said
        feng = kids["冯晨"]
        assert feng[0].kind == "非留守" and "非留守儿童" in feng[1].override_reason
    finally:
        archive.close()
    item = next(i for i in plan.added if i.draft.name == "郑小雪")
    assert any("没写是父亲还是母亲外出" in n for n in item.notes)


def test_a_recognised_file_without_children_says_so(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "空表.csv"
    source.write_text("姓名,性别,身份证号\n班主任：张海燕,,\n", encoding="utf-8")
    assert main(["import", str(source), "--db", str(tmp_path / "c.sqlite")]) == 1
    assert "表头下面没有学生" in capsys.readouterr().err


def test_the_command_line_maps_a_column_and_names_the_child(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    import json

    source = tmp_path / "名单.csv"
    source.write_text("孩子名字,性别,出生日期\n张冬月,女,2015-03-08\n王喆,男,2030-01-01\n", "utf-8")
    db = str(tmp_path / "c.sqlite")
    assert main(["import", str(source), "--db", db, "--map", "孩子名字=学生姓名", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["imported"] == 1
    assert result["problems"][0]["name"] == "王喆" and result["problems"][0]["row"] == 3
    assert main(["import", str(source), "--db", db, "--map", "孩子名字=班长"]) == 2
    assert "没有“班长”这一项" in capsys.readouterr().err


def test_the_due_list_counts_the_families_to_fill_in(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    archive, _plan = _import(tmp_path, wps_csv(tmp_path / "名单.csv"))
    archive.close()
    assert main(["due", "--db", str(tmp_path / "class.sqlite"), "--today", "2026-12-03"]) == 0
    assert "全班  填写父母外出情况：1 名学生还没填父母外出情况" in capsys.readouterr().out


def test_the_same_id_number_under_another_name_is_never_merged(tmp_path: Path) -> None:
    archive, _ = _import(tmp_path, county_sheet(tmp_path / "统计表.xlsx"))
    try:
        plan = importing.plan(archive, wps_csv(tmp_path / "名单.csv"), TODAY)
        clash = [p for p in plan.problems if p.name == "李小雨"]
        assert clash and "与档案中的“张冬月”相同" in clash[0].message
        assert all(i.draft.name != "李小雨" for i in (*plan.added, *plan.updated))
    finally:
        archive.close()


def test_checking_a_file_writes_nothing_at_all(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "class.sqlite"
    source = wps_csv(tmp_path / "名单.csv")
    assert main(["import", str(source), "--db", str(db), "--dry-run"]) == 0
    assert "将新增 3 人" in capsys.readouterr().out
    assert not db.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["名单.csv"]
    bad = tmp_path / "坏.csv"
    bad.write_bytes(b"\x00\x01garbage")
    assert main(["import", str(bad), "--db", str(db), "--dry-run"]) == 1
    assert not db.exists()
