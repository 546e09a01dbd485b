"""附件1 登记表 from the archive: a child filled in completely prints every value on its own
page (parents' and guardians' ID numbers masked unless chosen, a rare character exact), the
Excel has a row per child in the form's column order, the empty cells are named, and the
``form1`` command makes both, or refuses with ``--strict``."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from liushou_desk.cli import main
from liushou_desk.db.models import Pupil
from liushou_desk.db.schema import open_archive
from liushou_desk.domain.form1_fields import GrandparentDraft
from liushou_desk.domain.idcard import check_digit, mask_id_number
from liushou_desk.domain.profile import GuardianDraft
from liushou_desk.io.form1_xlsx import HEADERS
from liushou_desk.ops import form1
from liushou_desk.services import profile
from liushou_desk.services.form1 import load_forms, missing_cells

from .conftest import TODAY

NAME = "龚𬌗燚"  # 𬌗: Ext E, printed from a fallback face


def _id(first17: str) -> str:
    return first17 + check_digit(first17)


FATHER_ID = _id("51172519860412003")  # 3: a man
MOTHER_ID = _id("51172519880720004")  # 4: a woman
GUARDIAN_ID = _id("51172519580203002")


@pytest.fixture
def filled(demo_db: Path) -> tuple[Path, int]:
    """The demo class with one left-behind child whose 附件1 is filled in completely."""
    archive = open_archive(demo_db)
    try:
        pid = load_forms(archive, TODAY).forms[0].pupil_id
        draft = profile.load_profile(archive, pid, TODAY).draft
        draft.name = NAME
        sex_digit = "2" if draft.sex == "女" else "1"
        draft.id_number = _id("511725" + draft.birth_date.replace("-", "") + "00" + sex_digit)
        draft.ethnicity = "土家族"
        draft.hukou_registered, draft.hukou_place = "是", "四川省达州市渠县青山镇石桥村"
        draft.address = "四川省达州市渠县青山镇石桥村3组"
        draft.body_condition, draft.disability = "残疾", "肢体残疾三级"
        draft.schooling = "小学"
        draft.father.name, draft.father.situation = "龚建国", "外出务工"
        draft.father.birth_date, draft.father.id_number = "1986-04-12", FATHER_ID
        draft.father.work_province, draft.father.work_city = "广东省", "东莞市"
        draft.father.phone = "13800138000"
        draft.mother.name, draft.mother.situation = "向春梅", "外出务工"
        draft.mother.birth_date, draft.mother.id_number = "1988-07-20", MOTHER_ID
        draft.mother.work_province, draft.mother.work_city = "浙江省", "宁波市"
        draft.mother.phone = "13900139000"
        draft.guardian_entrusted = "是"
        draft.guardians = [
            GuardianDraft(
                name="龚桂兰", relation="祖母", age="68", phone="13512345678", capacity="一般",
                id_number=GUARDIAN_ID, address="青山镇石桥村3组",
            )
        ]  # fmt: skip
        draft.grandparents = [
            GrandparentDraft("祖父", deceased=True),
            GrandparentDraft("祖母", "龚桂兰", "1958-02-03"),
            GrandparentDraft("外祖父", "向明德", "1960-09-09"),
            GrandparentDraft("外祖母", "田秀英", "1962-11-30"),
        ]
        draft.guardianship_type = "监护情况一般"
        draft.income_sources, draft.aid = "打工收入、种养殖业", "享受低保"
        profile.save_profile(archive, pid, draft, TODAY)
        other = load_forms(archive, TODAY).forms[1].pupil_id  # one still to choose
        with archive.transaction() as s:
            s.get(Pupil, other).guardianship_type = ""
    finally:
        archive.close()
    return demo_db, pid


def _page_of(pdf: Path | bytes, name: str) -> str:
    import io

    reader = PdfReader(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf)
    pages = [p.extract_text() for p in reader.pages]
    found = [t for t in pages if name in t]
    assert len(found) == 1, f"{name} on {len(found)} pages"
    return found[0]


def test_a_filled_child_has_every_value_on_its_one_page(filled) -> None:
    db, pid = filled
    archive = open_archive(db)
    forms = load_forms(archive, TODAY)
    printout = form1.form1_pdf(archive, TODAY)
    assert printout.pages == len(forms.forms) > 1  # a page per left-behind child
    text = _page_of(printout.data, NAME)
    for value in (
        "农村留守儿童基本情况登记表", "填报单位（盖章）", "填报日期", "土家族",
        "四川省达州市渠县青山镇石桥村", "四川省达州市渠县青山镇石桥村3组", "☑残疾",
        "肢体残疾三级", "小学", "龚桂兰", "1958-02-03", "向明德", "田秀英", "龚建国",
        "1986-04-12", "广东省东莞市", "13800138000", "向春梅", "浙江省宁波市",
        "青山镇石桥村3组", "祖母", "☑监护情况一般", "☐监护情况较好", "☑打工收入",
        "☑种养殖业", "☐政府救助", "☑享受低保", "单位负责人（签名）", "复核人（签名）",
        "填表人（签名）",
    ):  # fmt: skip
        assert value in text, value
    child = next(f for f in forms.forms if f.pupil_id == pid)
    assert child.id_number in text  # the child's own number is the form's key
    assert child.grandparents[0].name == "—"  # 祖父 已故
    for full in (FATHER_ID, MOTHER_ID, GUARDIAN_ID):
        assert full not in text and mask_id_number(full) in text
    assert not printout.missing  # every character has a font, 𬌗 included
    reader = PdfReader(__import__("io").BytesIO(printout.data))
    assert [o.title for o in reader.outline] == [f.name for f in forms.forms]
    archive.close()


def test_full_ids_when_chosen_and_one_child_alone(filled) -> None:
    db, pid = filled
    archive = open_archive(db)
    printout = form1.form1_pdf(archive, TODAY, [pid], full_ids=True)
    assert printout.pages == 1 and printout.title.startswith(f"登记表（附件1）-{NAME}")
    text = PdfReader(__import__("io").BytesIO(printout.data)).pages[0].extract_text()
    for full in (FATHER_ID, MOTHER_ID, GUARDIAN_ID):
        assert full in text
    archive.close()


def test_the_excel_has_a_row_per_child_in_the_forms_order(filled, tmp_path: Path) -> None:
    db, pid = filled
    archive = open_archive(db)
    out = tmp_path / "登记表.xlsx"
    count = form1.form1_xlsx(archive, TODAY, out)
    forms = load_forms(archive, TODAY).forms
    archive.close()
    sheet = load_workbook(out).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0] == HEADERS and len(rows) == count + 1 == len(forms) + 1
    assert HEADERS[:5] == ["姓名", "性别", "民族", "出生日期", "公民身份证号码"]
    assert HEADERS[-3:] == ["监护类型", "家庭经济来源", "救助帮扶情况"]
    row = dict(zip(HEADERS, next(r for r in rows if r[0] == NAME), strict=True))
    child = next(f for f in forms if f.pupil_id == pid)
    assert row["公民身份证号码"] == child.id_number  # text, 18 characters, not a number
    assert row["祖父姓名"] == "—" and row["祖母出生日期"] == "1958-02-03"
    assert row["父亲当前务工地点"] == "广东省东莞市"
    assert row["父亲公民身份证号码"] == mask_id_number(FATHER_ID)
    assert row["家庭经济来源"] == "打工收入、种养殖业"
    assert row["委托监护人居住地地址"] == "青山镇石桥村3组"


def test_the_empty_cells_are_named_child_by_child(filled) -> None:
    db, pid = filled
    archive = open_archive(db)
    forms = load_forms(archive, TODAY).forms
    archive.close()
    empty = missing_cells(forms)
    assert not [c for c in empty if c.pupil_id == pid]  # filled in completely
    others = [f for f in forms if f.pupil_id != pid]
    assert others and {(c.name, c.field) for c in empty} >= {
        (f.name, "监护类型") for f in others if not f.guardianship_type
    }


def test_form1_command_pdf_xlsx_pupil_and_strict(filled, tmp_path: Path, capsys) -> None:
    db, _ = filled
    out = tmp_path / "附件1.pdf"
    assert main(["form1", "--db", str(db), "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert " · 监护类型" in err  # the demo's other children are not filled in yet
    assert NAME in _page_of(out, NAME)

    one = tmp_path / "one.xlsx"
    assert main(["form1", "--db", str(db), "--out", str(one), "--pupil", NAME]) == 0
    rows = list(load_workbook(one).active.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][0] == NAME
    assert " · " not in capsys.readouterr().err  # she is complete: nothing to name

    strict = tmp_path / "strict.pdf"
    assert main(["form1", "--db", str(db), "--out", str(strict), "--strict"]) == 1
    err = capsys.readouterr().err
    assert " · 监护类型" in err and "未生成文件" in err
    assert not strict.exists()
    bad = tmp_path / "x.docx"
    assert main(["form1", "--db", str(db), "--out", str(bad)]) == 2


def test_form1_is_written_in_the_audit_log(filled, tmp_path: Path) -> None:
    from liushou_desk.services import audit

    db, pid = filled
    archive = open_archive(db)
    form1.form1_pdf(archive, TODAY, [pid])  # made, not yet delivered
    form1.form1_xlsx(archive, TODAY, tmp_path / "a.xlsx", [pid], full_ids=True)
    entries = audit.entries(archive)
    archive.close()
    assert any(
        "登记表（附件1）所选儿童 1 人" in e.target and "完整号码" in e.detail for e in entries
    )
    assert all(NAME not in e.target + e.detail for e in entries)  # by count, never by name


def test_the_date_printed_is_the_day_given(filled) -> None:
    db, pid = filled
    archive = open_archive(db)
    printout = form1.form1_pdf(archive, date(2027, 3, 1), [pid])
    archive.close()
    assert (
        "填报日期：2027年3月1日"
        in PdfReader(__import__("io").BytesIO(printout.data)).pages[0].extract_text()
    )


def test_a_child_with_long_entries_still_fits_one_page(filled) -> None:
    """Addresses and details as long as the form allows (200 characters): the child's grid is
    drawn tighter, never spilling onto a second page."""
    db, pid = filled
    archive = open_archive(db)
    with archive.transaction() as s:
        p = s.get(Pupil, pid)
        p.address = ("四川省达州市渠县青山镇石桥村三组" * 13)[:200]
        p.hukou_place = ("四川省达州市渠县青山镇石桥村" * 15)[:200]
        p.disability = ("肢体残疾三级伴言语障碍" * 10)[:100]
        for g in p.guardians:
            g.address = ("青山镇石桥村三组村委会旁" * 17)[:200]
    printout = form1.form1_pdf(archive, TODAY, [pid])
    archive.close()
    assert printout.pages == 1
    text = PdfReader(__import__("io").BytesIO(printout.data)).pages[0].extract_text()
    assert "填表人（签名）" in text and NAME in text
