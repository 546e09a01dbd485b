"""附件1《农村留守儿童基本情况登记表》 filled from the archive: one ``FormOne`` per left-behind
child, every cell as the form prints it, in the form's order, and the cells still empty
(child · field) so the teacher can fill them before printing.

Read set-based: the children, then their parents, guardians and grandparents, one statement
per table for everyone (never one per child).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from liushou_desk.db.engine import Archive
from liushou_desk.db.models import Pupil
from liushou_desk.domain.enums import (
    BodyCondition,
    Enrolment,
    GrandparentRole,
    LeftBehindKind,
    ParentRole,
    ParentSituation,
)
from liushou_desk.domain.form1_fields import NO, YES
from liushou_desk.domain.print_options import PrintOptions
from liushou_desk.services.archive_info import get_info

DECEASED = "—"  # the form's mark for a relative who has died


@dataclass(frozen=True)
class Relative:
    """祖父 … 外祖母: 姓名 and 出生日期, "—" in both when deceased."""

    role: str
    name: str
    birth_date: str


@dataclass(frozen=True)
class ParentCells:
    """父亲 / 母亲 on 附件1: 姓名 · 出生日期 · 当前务工地点 · 联系电话 · 公民身份证号码."""

    role: str
    name: str
    birth_date: str
    work_place: str
    phone: str
    id_number: str
    situation: str


@dataclass(frozen=True)
class FormOne:
    """One child's 附件1, every cell as printed (an empty string: not filled in)."""

    pupil_id: int
    # 一、留守儿童个人基本情况
    name: str
    sex: str
    ethnicity: str
    birth_date: str
    id_number: str
    hukou_registered: str
    hukou_place: str
    address: str  # 现居住地
    body_condition: str
    disability: str
    illness: str
    boarding: str
    schooling: str
    # 二、家庭情况
    grandparents: tuple[Relative, ...]
    father: ParentCells
    mother: ParentCells
    # 三、实际监护情况
    both_away: str
    one_away_other_incapable: str
    incapable_parent: str
    entrusted: str
    guardian_name: str
    guardian_phone: str
    guardian_id_number: str
    guardian_relation: str
    guardian_address: str
    # 四、五、六
    guardianship_type: str
    income_sources: tuple[str, ...]
    aid: tuple[str, ...]


@dataclass(frozen=True)
class FormOneSet:
    """The forms of one printing: the school (填报单位), the date, the children's forms."""

    school: str
    filled_on: date
    forms: list[FormOne]


@dataclass(frozen=True)
class MissingCell:
    """An empty cell of a child's form."""

    pupil_id: int
    name: str
    field: str


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""


def _yes_no(value: bool | None) -> str:
    return "" if value is None else (YES if value else NO)


def _words(text: str | None) -> tuple[str, ...]:
    return tuple(w for w in (text or "").split("、") if w)


def _parent(pupil: Pupil, role: ParentRole, options: PrintOptions) -> ParentCells:
    found = next((p for p in pupil.parents if p.role == role.value), None)
    if found is None:
        return ParentCells(role.value, "", "", "", "", "", "")
    if found.situation == ParentSituation.DECEASED.value:
        return ParentCells(
            role.value, found.name or DECEASED, DECEASED, DECEASED, DECEASED, DECEASED,
            found.situation,
        )  # fmt: skip
    away = found.situation == ParentSituation.AWAY.value
    place = f"{found.work_province}{found.work_city}" if away else ""
    if not away and found.situation:
        place = found.situation  # 在家 / 无监护能力 …: the form's cell says where they are
    return ParentCells(
        role.value,
        found.name,
        _iso(found.birth_date),
        place,
        found.phone,
        options.id_number(found.id_number),
        found.situation or "",
    )


def _grandparents(pupil: Pupil) -> tuple[Relative, ...]:
    by_role = {g.role: g for g in pupil.grandparents}
    out = []
    for role in GrandparentRole:
        g = by_role.get(role.value)
        if g is None:
            out.append(Relative(role.value, "", ""))
        elif g.deceased:
            out.append(Relative(role.value, DECEASED, DECEASED))
        else:
            out.append(Relative(role.value, g.name, _iso(g.birth_date)))
    return tuple(out)


def _least(f: FormOne, options: PrintOptions) -> FormOne:
    """The principal's least-data copy: the child's number and every phone masked too, the
    health cells left out."""
    from dataclasses import replace

    def parent(p: ParentCells) -> ParentCells:
        return p if p.phone == DECEASED else replace(p, phone=options.phone(p.phone))

    return replace(
        f,
        id_number=options.id_number(f.id_number),
        body_condition="",
        disability="",
        illness="",
        father=parent(f.father),
        mother=parent(f.mother),
        guardian_phone=options.phone(f.guardian_phone),
    )


def _form(pupil: Pupil, options: PrintOptions) -> FormOne:
    kind = pupil.effective_kind
    both = kind == LeftBehindKind.BOTH_AWAY.value
    one = kind in (LeftBehindKind.FATHER_AWAY.value, LeftBehindKind.MOTHER_AWAY.value)
    known = kind in (LeftBehindKind.BOTH_AWAY.value, LeftBehindKind.NOT.value) or one
    incapable = ""
    if kind == LeftBehindKind.FATHER_AWAY.value:
        incapable = ParentRole.MOTHER.value
    elif kind == LeftBehindKind.MOTHER_AWAY.value:
        incapable = ParentRole.FATHER.value
    g = next((x for x in pupil.guardians if x.name), None)
    entrusted = pupil.guardian_entrusted
    return FormOne(
        pupil_id=pupil.id,
        name=pupil.name,
        sex=pupil.sex or "",
        ethnicity=pupil.ethnicity,
        birth_date=_iso(pupil.birth_date),
        id_number=pupil.id_number,
        hukou_registered=_yes_no(pupil.hukou_registered),
        hukou_place=pupil.hukou_place,
        address=pupil.address,
        body_condition=pupil.body_condition or "",
        disability=pupil.disability,
        illness=pupil.illness,
        boarding=YES if pupil.boarding else NO,
        schooling=pupil.schooling or "",
        grandparents=_grandparents(pupil),
        father=_parent(pupil, ParentRole.FATHER, options),
        mother=_parent(pupil, ParentRole.MOTHER, options),
        both_away=(YES if both else NO) if known else "",
        one_away_other_incapable=(YES if one else NO) if known else "",
        incapable_parent=incapable,
        entrusted=_yes_no(entrusted),
        guardian_name=g.name if g and entrusted is not False else "",
        guardian_phone=g.phone if g and entrusted is not False else "",
        guardian_id_number=options.id_number(g.id_number) if g and entrusted is not False else "",
        guardian_relation=(g.relation or "") if g and entrusted is not False else "",
        guardian_address=g.address if g and entrusted is not False else "",
        guardianship_type=pupil.guardianship_type or "",
        income_sources=_words(pupil.income_sources),
        aid=_words(pupil.aid),
    )


def load_forms(
    archive: Archive,
    today: date,
    pupil_ids: Iterable[int] | None = None,
    options: PrintOptions | None = None,
    *,
    least: bool = False,
) -> FormOneSet:
    """附件1 of every left-behind child in class (or of the pupils ``pupil_ids``, in the
    roster's order), masked as ``options`` say (parents' and guardians' 身份证号; the child's
    own number is the form's key and prints in full). ``least``: the principal's least-data
    copy (the child's number and the phones masked too, 身体情况 left out)."""
    options = options or PrintOptions()
    wanted = None if pupil_ids is None else set(pupil_ids)
    with archive.transaction() as s:
        query = (
            select(Pupil)
            .where(Pupil.deleted_at.is_(None))
            .options(
                selectinload(Pupil.parents),
                selectinload(Pupil.guardians),
                selectinload(Pupil.grandparents),
            )
            .order_by(Pupil.search_keys, Pupil.name, Pupil.id)
        )
        if wanted is None:
            query = query.where(Pupil.enrolment == Enrolment.ACTIVE.value)
        else:
            query = query.where(Pupil.id.in_(sorted(wanted)))
        pupils = list(s.scalars(query))
        if wanted is None:
            pupils = [p for p in pupils if LeftBehindKind(p.effective_kind).is_left_behind]
        forms = [_form(p, options) for p in pupils]
    if least:
        forms = [_least(f, options) for f in forms]
    return FormOneSet(get_info(archive).school, today, forms)


def _parent_missing(p: ParentCells) -> list[str]:
    if p.birth_date == DECEASED:
        return [] if p.name else [f"{p.role}姓名"]
    need = [("姓名", p.name), ("出生日期", p.birth_date), ("联系电话", p.phone)]
    need.append(("身份证号", p.id_number))
    if p.situation in ("", ParentSituation.AWAY.value):
        need.append(("务工地点", p.work_place))
    return [f"{p.role}{label}" for label, value in need if not value]


def missing_cells(forms: Sequence[FormOne]) -> list[MissingCell]:
    """The cells a child's form would print empty, in the form's order: a deceased relative
    is not missing ("—"), a detail only when its condition holds, the entrusted guardian's
    cells only when a guardian was entrusted, 救助帮扶情况 never (none is an answer)."""
    out: list[MissingCell] = []
    for f in forms:
        need: list[tuple[str, str]] = [
            ("性别", f.sex),
            ("民族", f.ethnicity),
            ("出生日期", f.birth_date),
            ("身份证号", f.id_number),
            ("是否登记户口", f.hukou_registered),
            ("户籍所在地", f.hukou_place),
            ("现居住地", f.address),
            ("身体情况", f.body_condition),
        ]
        if f.body_condition == BodyCondition.DISABLED.value:
            need.append(("残疾类别及等级", f.disability))
        if f.body_condition == BodyCondition.ILL.value:
            need.append(("患病类型", f.illness))
        need.append(("就学情况", f.schooling))
        for g in f.grandparents:
            if g.name != DECEASED:
                need += [(f"{g.role}姓名", g.name), (f"{g.role}出生日期", g.birth_date)]
        labels = [label for label, value in need if not value]
        labels += _parent_missing(f.father) + _parent_missing(f.mother)
        if not f.entrusted:
            labels.append("有无委托监护人")
        elif f.entrusted == YES:
            guardian = [
                ("委托监护人姓名", f.guardian_name),
                ("委托监护人电话", f.guardian_phone),
                ("委托监护人身份证号", f.guardian_id_number),
                ("与被监护人关系", f.guardian_relation),
                ("委托监护人居住地址", f.guardian_address),
            ]
            labels += [label for label, value in guardian if not value]
        if not f.guardianship_type:
            labels.append("监护类型")
        if not f.income_sources:
            labels.append("家庭经济来源")
        out += [MissingCell(f.pupil_id, f.name, label) for label in labels]
    return out
