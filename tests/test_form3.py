"""附件3 统计表: the counts against the archive counted independently here, the cross-column
checks naming the child, a school's sheet adding classes up, the PDF and the workbook read
back, and the ``form3`` command with ``--strict``."""

from __future__ import annotations

import io
import random
from collections import Counter
from datetime import date
from pathlib import Path

from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from liushou_desk.cli import main
from liushou_desk.db.models import Pupil
from liushou_desk.db.schema import open_archive
from liushou_desk.domain.dates import age_on
from liushou_desk.domain.enums import GuardianshipType, LeftBehindKind, Schooling
from liushou_desk.ops import form3
from liushou_desk.services.form3 import check, class_form3, combine, sums

from .conftest import TODAY

LEFT_BEHIND = {"父母均外出", "父亲外出", "母亲外出"}


def _fill(db: Path, seed: int = 3, leave_one: bool = True) -> list[str]:
    """Every child in class given 附件3's facts at random (one left unfilled when asked);
    returns the name of the one left."""
    rng = random.Random(seed)
    archive = open_archive(db)
    left: list[str] = []
    with archive.transaction() as s:
        pupils = list(s.scalars(select(Pupil).where(Pupil.deleted_at.is_(None))))
        for p in pupils:
            p.schooling = rng.choice([Schooling.PRIMARY.value, Schooling.JUNIOR.value])
            p.guardianship_type = rng.choice(
                [GuardianshipType.GOOD.value, GuardianshipType.FAIR.value]
            )
            p.guardian_entrusted = rng.random() < 0.7
        chosen = [p for p in pupils if (p.override_kind or p.computed_kind) in LEFT_BEHIND]
        if leave_one:
            chosen[0].guardianship_type = ""
            chosen[0].schooling = Schooling.NOT_IN_SCHOOL.value  # at 11: not 14–16
            left.append(chosen[0].name)
    archive.close()
    return left


def _expected(db: Path, today: date) -> dict[str, Counter[str]]:
    """The same counts, by plain loops over the pupils read through the ORM."""
    archive = open_archive(db)
    out: dict[str, Counter[str]] = {
        k: Counter() for k in ("sex", "age", "entrusted", "type", "school")
    }
    with archive.transaction() as s:
        for p in s.scalars(select(Pupil).where(Pupil.deleted_at.is_(None))):
            if p.enrolment != "在读" or (p.override_kind or p.computed_kind) not in LEFT_BEHIND:
                continue
            out["sex"][p.sex] += 1
            age = age_on(p.birth_date, today)
            out["age"]["0—5岁" if age <= 5 else "6—13岁" if age <= 13 else "14—16岁"] += 1
            out["entrusted"]["有委托监护人" if p.guardian_entrusted else "无委托监护人"] += 1
            out["type"][p.guardianship_type or "未填"] += 1
            out["school"][p.schooling or "未填"] += 1
    archive.close()
    return out


def test_the_counts_are_the_archives_and_every_breakdown_adds_up(demo_db: Path) -> None:
    left = _fill(demo_db)
    expected = _expected(demo_db, TODAY)
    archive = open_archive(demo_db)
    form = class_form3(archive, TODAY)
    archive.close()
    assert form.total == sum(expected["sex"].values()) > 10
    assert {k: v for k, v in form.by_sex.items() if v} == dict(expected["sex"])
    assert {k: v for k, v in form.by_age.items() if v} == dict(expected["age"])
    assert {k: v for k, v in form.by_entrusted.items() if v} == dict(expected["entrusted"])
    assert {k: v for k, v in form.by_guardianship.items() if v} == dict(expected["type"])
    assert {k: v for k, v in form.by_schooling.items() if v} == dict(expected["school"])
    assert all(total == form.total for _, total in sums(form))
    both = form.by_situation["父母双方外出"]
    assert both + form.by_situation["一方外出、另一方无监护能力"] == form.total
    problems = check(form)
    assert problems == [
        "监护类型有 1 人未填",
        f"{left[0]} · 监护类型未填；就学情况为“不在学”，"
        f"但只有{age_of(demo_db, left[0])}岁（不在学指14—16岁未在学）",
    ]


def age_of(db: Path, name: str) -> int:
    archive = open_archive(db)
    with archive.transaction() as s:
        birth = s.scalar(select(Pupil.birth_date).where(Pupil.name == name))
    archive.close()
    age = age_on(birth, TODAY)
    assert age is not None
    return age


def test_a_filled_class_passes_its_checks(demo_db: Path) -> None:
    _fill(demo_db, leave_one=False)
    archive = open_archive(demo_db)
    form = class_form3(archive, TODAY)
    archive.close()
    assert check(form) == []


def test_a_school_adds_its_classes_up_each_problem_with_its_class(
    demo_db: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other.sqlite"
    other.write_bytes(demo_db.read_bytes())
    _fill(demo_db)
    _fill(other, seed=9, leave_one=False)
    forms = []
    for db in (demo_db, other):
        archive = open_archive(db)
        forms.append(class_form3(archive, TODAY))
        archive.close()
    forms[0].unit, forms[1].unit = "五年级（2）班", "五年级（3）班"
    school = combine(forms, "青山镇中心小学")
    assert school.total == forms[0].total + forms[1].total
    for (_, total), (_, a), (_, b) in zip(
        school.breakdowns(), forms[0].breakdowns(), forms[1].breakdowns(), strict=True
    ):
        assert total == {k: a[k] + b[k] for k in a}
    assert any(line.startswith("五年级（2）班 ") for line in check(school))
    assert all(t == school.total for _, t in sums(school))


def test_the_pdf_and_the_workbook_read_back(demo_db: Path, tmp_path: Path) -> None:
    left = _fill(demo_db)
    archive = open_archive(demo_db)
    form = form3.class_form(archive, TODAY)
    printout = form3.printout(form, TODAY)
    out = tmp_path / "附件3.xlsx"
    form3.form3_xlsx(archive, form, TODAY, out)
    archive.close()
    assert printout.pages == 1
    text = PdfReader(io.BytesIO(printout.data)).pages[0].extract_text()
    for word in ("农村留守儿童统计表", "填报单位（盖章）", "表间勾稽关系", "监护类型", "就学情况"):
        assert word in text
    assert f"合计 {form.total}" in text and left[0] in text
    book = load_workbook(out)
    sheet = book["统计表（附件3）"]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[1][0] == "合计" and rows[3][0] == form.total
    header = rows[2]
    assert rows[3][header.index("男")] == form.by_sex["男"]
    assert rows[3][header.index("小学")] == form.by_schooling["小学"]
    checks = [r[0] for r in book["勾稽检查"].iter_rows(values_only=True) if r and r[0]]
    assert any(str(c).startswith(left[0]) for c in checks)


def test_form3_command_and_strict(demo_db: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    left = _fill(demo_db)
    out = tmp_path / "附件3.pdf"
    assert main(["form3", "--db", str(demo_db), "--out", str(out)]) == 0
    assert f"{left[0]} · 监护类型未填" in capsys.readouterr().err
    strict = tmp_path / "s.xlsx"
    assert main(["form3", "--db", str(demo_db), "--out", str(strict), "--strict"]) == 1
    assert "未生成文件" in capsys.readouterr().err and not strict.exists()
    _fill(demo_db, leave_one=False)
    assert main(["form3", "--db", str(demo_db), "--out", str(strict), "--strict"]) == 0
    assert strict.exists()


def test_an_unknown_family_is_not_counted(demo_db: Path) -> None:
    archive = open_archive(demo_db)
    before = class_form3(archive, TODAY).total
    with archive.transaction() as s:
        p = s.scalars(select(Pupil).where(Pupil.computed_kind == "父母均外出")).first()
        assert p is not None
        p.override_kind = LeftBehindKind.UNKNOWN.value
    assert class_form3(archive, TODAY).total == before - 1
    archive.close()
