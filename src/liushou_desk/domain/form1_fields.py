"""附件1《农村留守儿童基本情况登记表》's own fields, checked: 是否登记户口, 户籍所在地,
身体情况 with 残疾类别及等级 and 患病类型, 就学情况, 委托监护, 监护类型, 家庭经济来源 and
救助帮扶情况 (several each), the four grandparents, and a parent's or guardian's 身份证号
against the birth date typed."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from liushou_desk.domain.dates import age_on
from liushou_desk.domain.enums import (
    AidKind,
    BodyCondition,
    GrandparentRole,
    GuardianshipType,
    IncomeSource,
    LabelledEnum,
    Schooling,
)
from liushou_desk.domain.form_checks import Collector, choice_field, date_field, is_iso
from liushou_desk.domain.idcard import IdNumberError, parse_id_number
from liushou_desk.domain.text import clean_name, clean_text, to_halfwidth

# 附件1's fields of the pupil, kept as text in the draft: (field, its vocabulary or None)
FORM_FIELDS: tuple[tuple[str, type[LabelledEnum] | None], ...] = (
    ("hukou_registered", None),
    ("hukou_place", None),
    ("body_condition", BodyCondition),
    ("disability", None),
    ("illness", None),
    ("schooling", Schooling),
    ("guardian_entrusted", None),
    ("guardianship_type", GuardianshipType),
    ("income_sources", IncomeSource),
    ("aid", AidKind),
)
YES, NO = "是", "否"
LIST_SEPARATOR = "、"


@dataclass
class GrandparentDraft:
    """祖父 / 祖母 / 外祖父 / 外祖母 (附件1): name and birth date, or deceased (printed "—")."""

    role: str
    name: str = ""
    birth_date: str = ""
    deceased: bool = False

    @property
    def empty(self) -> bool:
        return not (self.name or self.birth_date or self.deceased)


def four_grandparents() -> list[GrandparentDraft]:
    return [GrandparentDraft(role.value) for role in GrandparentRole]


def _yes_no(c: Collector, path: str, text: str) -> str:
    value = clean_text(text)
    value = {"有": YES, "无": NO, "没有": NO, "Y": YES, "N": NO}.get(value, value)
    if value and value not in (YES, NO):
        c.add(path, "请填“是”或“否”")
    return value


def split_words(text: str) -> list[str]:
    """Several words typed in one cell: 打工收入、种养殖业 (or split by ，, ; / or spaces)."""
    for mark in ("，", ",", "；", ";", "/", "／", " ", "　"):
        text = text.replace(mark, LIST_SEPARATOR)
    return [w for w in (w.strip() for w in text.split(LIST_SEPARATOR)) if w]


def _several(c: Collector, path: str, text: str, vocabulary: type[LabelledEnum]) -> str:
    """Several words of one vocabulary, in the vocabulary's order, each once."""
    words = split_words(clean_text(text))
    allowed = vocabulary.labels()
    wrong = [w for w in words if w not in allowed]
    if wrong:
        c.add(path, f"“{'、'.join(wrong)}”不在列表中；可选：" + "、".join(allowed))
        return LIST_SEPARATOR.join(words)
    return LIST_SEPARATOR.join(w for w in allowed if w in words)


def validate_form_fields(c: Collector, draft: Any, out: Any) -> None:
    """附件1's fields of the pupil."""
    for name, vocabulary in FORM_FIELDS:
        text = getattr(draft, name)
        if name in ("hukou_registered", "guardian_entrusted"):
            value = _yes_no(c, name, text)
        elif vocabulary in (IncomeSource, AidKind):
            assert vocabulary is not None
            value = _several(c, name, text, vocabulary)
        elif vocabulary is not None:
            value = choice_field(c, name, text, vocabulary.labels())
        else:
            value = clean_text(text)
            if (len(value) > 100 and name != "hukou_place") or len(value) > 200:
                c.add(name, "内容太长")
        setattr(out, name, value)
    if out.disability and out.body_condition != BodyCondition.DISABLED.value:
        c.add("disability", "只有身体情况为“残疾”时才填残疾类别及等级")
    if out.illness and out.body_condition != BodyCondition.ILL.value:
        c.add("illness", "只有身体情况为“患病”时才填患病类型")


def validate_grandparents(
    c: Collector, drafts: list[GrandparentDraft], today: date
) -> list[GrandparentDraft]:
    by_role = {g.role: g for g in drafts}
    out = []
    for i, role in enumerate(GrandparentRole):
        found = by_role.get(role.value)
        g = replace(found) if found is not None else GrandparentDraft(role.value)
        prefix = f"grandparents.{i}"
        g.name = clean_name(g.name)
        if len(g.name) > 40:
            c.add(f"{prefix}.name", "姓名太长")
        g.birth_date = date_field(c, f"{prefix}.birth_date", g.birth_date, today)
        if is_iso(g.birth_date):
            age = age_on(date.fromisoformat(g.birth_date), today)
            if age is not None and not 30 <= age <= 120:
                c.add(f"{prefix}.birth_date", f"按此日期{role.value}{age}岁，请核对")
        g.deceased = bool(g.deceased)
        out.append(g)
    return out


def person_id(
    c: Collector, prefix: str, number: str, birth: str, today: date, sex: str = ""
) -> tuple[str, str]:
    """A parent's or guardian's 身份证号, checked, and its birth date checked against it (or
    taken from it when none was typed): (number, birth date)."""
    number = to_halfwidth(number or "").strip().upper()
    if not number:
        return "", birth
    try:
        parsed = parse_id_number(number, today=today)
    except IdNumberError as exc:
        c.add(f"{prefix}.id_number", str(exc))
        return number, birth
    if is_iso(birth) and date.fromisoformat(birth) != parsed.birth_date:
        c.add(
            f"{prefix}.birth_date",
            f"与身份证号中的出生日期（{parsed.birth_date.isoformat()}）不一致",
        )
    elif not birth:
        birth = parsed.birth_date.isoformat()
    if sex and parsed.sex.value != sex:
        c.add(f"{prefix}.id_number", f"身份证号显示为{parsed.sex.value}性，请核对")
    age = age_on(parsed.birth_date, today)
    if age is not None and age < 14:
        c.add(f"{prefix}.id_number", f"按身份证号只有{age}岁，请核对")
    return parsed.number, birth
