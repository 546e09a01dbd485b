"""列对应 in the core: the file's header columns listed with what each was recognised as, the
teacher's mapping applied to columns the header words miss, and a clear message when two columns
are mapped to one field, a column is not in the file, or no column holds the names."""

from __future__ import annotations

import pytest

from liushou_desk.cli import main
from liushou_desk.db.schema import open_archive
from liushou_desk.io.roster_columns import (
    MappingError,
    NoNameColumn,
    check_mapping,
    column_label,
    read_headers,
)
from liushou_desk.io.roster_import import ImportError_, plan_import

from .conftest import TODAY

ROSTER = (
    "序号,姓名,性别,出生日期,家长名字,联系方式,家庭住址\n"
    "1,张冬月,女,2015-03-08,张德明,138 1234 8000,青山镇石桥村3组\n"
    "2,王喆,男,2014-09-11,李秀英,12345,\n"
)


@pytest.fixture
def archive(tmp_path):
    a = open_archive(tmp_path / "class.sqlite")
    yield a
    a.close()


def csv_file(tmp_path, text=ROSTER, name="名单.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_headers_are_listed_with_what_they_were_recognised_as(tmp_path):
    header = read_headers(csv_file(tmp_path))
    assert header.sheet_row == 1
    assert [(c.letter, c.text, c.recognised, c.sample) for c in header.columns] == [
        ("A", "序号", "", "1"),
        ("B", "姓名", "name", "张冬月"),
        ("C", "性别", "sex", "女"),
        ("D", "出生日期", "birth_date", "2015-03-08"),
        ("E", "家长名字", "", "张德明"),
        ("F", "联系方式", "", "138 1234 8000"),
        ("G", "家庭住址", "address", "青山镇石桥村3组"),
    ]
    assert header.unknown == ["家长名字", "联系方式"]  # 序号 is known not to be kept
    assert column_label("name") == "学生姓名" and column_label("father.phone") == "父亲电话"
    assert column_label("") == "不导入"


def test_a_mapping_imports_the_unrecognised_columns(tmp_path, archive):
    source = csv_file(tmp_path)
    plain = plan_import(archive, source, TODAY)
    assert plain.unknown_columns == ["家长名字", "联系方式"]
    assert plain.added[0].draft.father.phone == ""

    mapping = {"家长名字": "father.name", "联系方式": "father.phone", "家庭住址": ""}
    plan = plan_import(archive, source, TODAY, mapping)
    assert plan.unknown_columns == []  # the columns the teacher decided on are not listed
    assert [i.draft.name for i in plan.added] == ["张冬月"]
    draft = plan.added[0].draft
    assert (draft.father.name, draft.father.phone) == ("张德明", "13812348000")
    assert draft.address == ""  # 家庭住址 → 不导入
    # a problem names the column by the file's own header
    assert [(p.row, p.column) for p in plan.problems] == [(3, "联系方式")]
    assert plan.problems[0].message.startswith("父亲电话：")


def test_two_columns_on_one_field_name_both_headers(tmp_path, archive):
    source = csv_file(tmp_path, "姓名,父亲姓名,家长名字\n张冬月,张德明,张德明\n")
    with pytest.raises(MappingError) as caught:
        plan_import(archive, source, TODAY, {"家长名字": "father.name"})
    assert str(caught.value) == (
        "“父亲姓名”（B列）和“家长名字”（C列）都对应到了“父亲姓名”。"
        "一个项目只能对应一列，请把其中一列改为“不导入”。"
    )
    assert isinstance(caught.value, ImportError_)  # the CLI reports it like any bad roster
    plan = plan_import(archive, source, TODAY, {"家长名字": "father.name", "父亲姓名": ""})
    assert plan.added[0].draft.father.name == "张德明"


def test_a_mapping_that_does_not_fit_the_file(tmp_path, archive):
    source = csv_file(tmp_path)
    with pytest.raises(MappingError, match="第 1 行的表头里没有“监护人电话”这一列"):
        plan_import(archive, source, TODAY, {"监护人电话": "guardian.phone"})
    with pytest.raises(MappingError, match="“联系方式”（F列）不能导入为“photo”"):
        plan_import(archive, source, TODAY, {"联系方式": "photo"})
    header = read_headers(source)
    with pytest.raises(MappingError, match="还没有指定哪一列是“学生姓名”"):
        check_mapping(header, {"姓名": ""}, require_name=True)


def test_without_a_name_column_the_message_is_clear_and_a_mapping_helps(tmp_path, archive):
    source = csv_file(tmp_path, "孩子名字,性别,出生日期\n张冬月,女,2015-03-08\n")
    with pytest.raises(NoNameColumn) as caught:
        plan_import(archive, source, TODAY)
    message = str(caught.value)
    assert message.startswith("没有找到“姓名”列：第 1 行的表头（孩子名字、性别、出生日期）")
    assert [c.key for c in caught.value.header.columns] == ["孩子名字", "性别", "出生日期"]
    plan = plan_import(archive, source, TODAY, {"孩子名字": "name"})
    assert [i.draft.name for i in plan.added] == ["张冬月"]
    assert main(["import", str(source), "--db", str(tmp_path / "c.sqlite")]) == 1


def test_a_repeated_header_is_told_apart_by_its_column(tmp_path, archive):
    source = csv_file(tmp_path, "姓名,性别,姓名,电话\n张冬月,女,张德明,13812348000\n")
    header = read_headers(source)
    assert [(c.key, c.field) for c in header.columns] == [
        ("姓名（A列）", "name"),
        ("性别", "sex"),
        ("姓名（C列）", ""),  # the same header word again: only the first is imported
        ("电话", ""),
    ]
    plan = plan_import(
        archive, source, TODAY, {"姓名（C列）": "father.name", "电话": "father.phone"}
    )
    draft = plan.added[0].draft
    assert (draft.name, draft.father.name, draft.father.phone) == (
        "张冬月",
        "张德明",
        "13812348000",
    )


def test_a_two_row_header_is_read_as_one(tmp_path, archive):
    source = csv_file(
        tmp_path,
        "学生花名册,,,,,\n"
        "姓名,性别,父亲,,母亲,\n"
        ",,姓名,电话,姓名,联系方式\n"
        "张冬月,女,张德明,13812348000,李梅,13912345678\n",
    )
    header = read_headers(source)
    assert (header.sheet_row, header.height) == (2, 2)
    assert [c.text for c in header.columns] == [
        "姓名",
        "性别",
        "父亲姓名",
        "父亲电话",
        "母亲姓名",
        "母亲联系方式",
    ]
    plan = plan_import(archive, source, TODAY, {"母亲联系方式": "mother.phone"})
    draft = plan.added[0].draft
    assert (draft.father.phone, draft.mother.name, draft.mother.phone) == (
        "13812348000",
        "李梅",
        "13912345678",
    )
    assert [i.row for i in plan.added] == [4]
