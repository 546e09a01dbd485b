"""五个清楚: the five things known about every child, as a form the teacher fills in.

A ``ProfileDraft`` holds what was typed, as text (dates too), so the same checks serve the form
and, later, a spreadsheet import. ``validate_profile`` returns the cleaned draft and every
problem, each tied to the field it belongs to.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from liushou_desk.domain.dates import DateFormatError, age_on, parse_date
from liushou_desk.domain.enums import (
    Capacity,
    GuardianRelation,
    Health,
    Literacy,
    ParentRole,
    ParentSituation,
    Sex,
)
from liushou_desk.domain.idcard import IdNumberError, parse_id_number
from liushou_desk.domain.phones import PhoneError, normalise_phone
from liushou_desk.domain.text import clean_name, clean_text, to_halfwidth

MAX_TEXT = 2000


@dataclass
class ParentDraft:
    """父亲 / 母亲: one parent's contact and work."""

    role: str
    name: str = ""
    situation: str = ""  # ParentSituation label
    phone: str = ""
    phone2: str = ""
    work_province: str = ""
    work_city: str = ""
    work_unit: str = ""  # 单位 / 工种
    away_since: str = ""  # date text; a month alone (2024年3月) is accepted
    expected_return: str = ""  # free text: 2027年春节, 不确定 …


@dataclass
class GuardianDraft:
    """在家监护人 (第二监护人): the adult who looks after the child at home."""

    name: str = ""
    relation: str = ""
    age: str = ""
    phone: str = ""
    health: str = ""
    literacy: str = ""
    capacity: str = ""  # 较好 / 一般 / 差
    note: str = ""
    id: int | None = None


@dataclass
class ProfileDraft:
    """The profile form of one pupil (五个清楚)."""

    # ① 基本信息
    name: str = ""
    sex: str = ""
    birth_date: str = ""
    id_number: str = ""
    ethnicity: str = "汉族"
    student_number: str = ""  # 学籍号
    address: str = ""
    village: str = ""
    boarding: bool = False
    photo: bytes | None = None
    # ② 性格特征
    personality: str = ""
    # ③ 兴趣爱好 / 特长
    interests: str = ""
    strengths: str = ""
    # ④ 健康状况
    health_physical: str = ""
    health_mental: str = ""
    # ⑤ 父母及监护人联系方式
    father: ParentDraft = field(default_factory=lambda: ParentDraft(ParentRole.FATHER.value))
    mother: ParentDraft = field(default_factory=lambda: ParentDraft(ParentRole.MOTHER.value))
    guardians: list[GuardianDraft] = field(default_factory=list)


@dataclass(frozen=True)
class FieldError:
    """A problem with one field, named by a path: ``father.phone``, ``guardians.0.age``."""

    field: str
    message: str


class ValidationFailed(ValueError):
    """The draft has problems; nothing was saved."""

    def __init__(self, errors: list[FieldError]):
        super().__init__("；".join(f"{e.field}: {e.message}" for e in errors))
        self.errors = errors


# Chinese labels of every field, used in messages and in the change history.
FIELD_LABELS: dict[str, str] = {
    "name": "姓名",
    "sex": "性别",
    "birth_date": "出生日期",
    "id_number": "身份证号",
    "ethnicity": "民族",
    "student_number": "学籍号",
    "address": "家庭住址",
    "village": "村（社区）",
    "boarding": "寄宿",
    "photo": "照片",
    "personality": "性格特征",
    "interests": "兴趣爱好",
    "strengths": "特长",
    "health_physical": "身体健康",
    "health_mental": "心理健康",
    "parent.name": "姓名",
    "parent.situation": "现状",
    "parent.phone": "电话",
    "parent.phone2": "备用电话",
    "parent.work_province": "务工省份",
    "parent.work_city": "务工城市",
    "parent.work_unit": "单位/工种",
    "parent.away_since": "外出时间",
    "parent.expected_return": "预计返乡",
    "guardian.name": "姓名",
    "guardian.relation": "关系",
    "guardian.age": "年龄",
    "guardian.phone": "电话",
    "guardian.health": "健康状况",
    "guardian.literacy": "文化程度",
    "guardian.capacity": "监护能力",
    "guardian.note": "备注",
    "enrolment": "在读状态",
    "left_on": "日期",
    "override_kind": "留守类型",
    "override_reason": "认定理由",
}

# The fields of a parent and of an at-home guardian, in the order the form shows them.
PARENT_FIELDS = (
    "name",
    "situation",
    "phone",
    "phone2",
    "work_province",
    "work_city",
    "work_unit",
    "away_since",
    "expected_return",
)
GUARDIAN_FIELDS = ("name", "relation", "age", "phone", "health", "literacy", "capacity", "note")

BASIC_TEXT_FIELDS = (
    "ethnicity",
    "student_number",
    "address",
    "village",
    "personality",
    "interests",
    "strengths",
    "health_physical",
    "health_mental",
)


class _Collector:
    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def add(self, path: str, message: str) -> None:
        self.errors.append(FieldError(path, message))


def _date(
    c: _Collector,
    path: str,
    text: str,
    today: date,
    *,
    allow_month: bool = False,
    future_ok: bool = False,
) -> str:
    try:
        value = parse_date(text, allow_month=allow_month)
    except DateFormatError as exc:
        c.add(path, str(exc))
        return text.strip()
    if value is None:
        return ""
    if not future_ok and value > today:
        c.add(path, "日期不能晚于今天")
    return value.isoformat()


def _phone(c: _Collector, path: str, text: str) -> str:
    try:
        return normalise_phone(text)
    except PhoneError as exc:
        c.add(path, str(exc))
        return text.strip()


def _choice(c: _Collector, path: str, text: str, allowed: list[str]) -> str:
    value = clean_text(text)
    if value and value not in allowed:
        c.add(path, "请从列表中选择：" + "、".join(allowed))
    return value


def validate_profile(draft: ProfileDraft, today: date) -> tuple[ProfileDraft, list[FieldError]]:
    """Clean every field and collect every problem (not just the first)."""
    c = _Collector()
    out = replace(draft)

    out.name = clean_name(draft.name)
    if not out.name:
        c.add("name", "姓名不能为空")
    elif len(out.name) > 40:
        c.add("name", "姓名太长")
    out.sex = _choice(c, "sex", draft.sex, Sex.labels())
    out.birth_date = _date(c, "birth_date", draft.birth_date, today)
    birth = date.fromisoformat(out.birth_date) if _is_iso(out.birth_date) else None
    if birth is not None and birth <= today:
        age = age_on(birth, today)
        if age is not None and not 2 <= age <= 25:
            c.add("birth_date", f"按此日期学生{age}岁，请核对")

    out.id_number = to_halfwidth(draft.id_number or "").strip()
    if out.id_number:
        try:
            parsed = parse_id_number(out.id_number, today=today)
        except IdNumberError as exc:
            c.add("id_number", str(exc))
        else:
            out.id_number = parsed.number
            if birth is not None and parsed.birth_date != birth:
                c.add(
                    "birth_date", f"与身份证号中的出生日期（{parsed.birth_date.isoformat()}）不一致"
                )
            elif birth is None and not out.birth_date:
                out.birth_date = parsed.birth_date.isoformat()
            if out.sex and out.sex != parsed.sex.value:
                c.add("sex", f"与身份证号不一致（身份证号显示为{parsed.sex.value}）")
            elif not out.sex:
                out.sex = parsed.sex.value

    for name in BASIC_TEXT_FIELDS:
        value = clean_text(getattr(draft, name))
        if len(value) > MAX_TEXT:
            c.add(name, f"内容太长（最多{MAX_TEXT}字）")
        setattr(out, name, value)
    out.student_number = to_halfwidth(out.student_number).replace(" ", "")

    out.father = _validate_parent(c, "father", draft.father, today)
    out.mother = _validate_parent(c, "mother", draft.mother, today)
    out.guardians = [
        _validate_guardian(c, f"guardians.{i}", g) for i, g in enumerate(draft.guardians)
    ]
    return out, c.errors


def _is_iso(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except (TypeError, ValueError):
        return False
    return True


def _validate_parent(c: _Collector, prefix: str, p: ParentDraft, today: date) -> ParentDraft:
    out = replace(p)
    out.name = clean_name(p.name)
    out.situation = _choice(c, f"{prefix}.situation", p.situation, ParentSituation.labels())
    out.phone = _phone(c, f"{prefix}.phone", p.phone)
    out.phone2 = _phone(c, f"{prefix}.phone2", p.phone2)
    out.work_province = clean_text(p.work_province)
    out.work_city = clean_text(p.work_city)
    out.work_unit = clean_text(p.work_unit)
    out.expected_return = clean_text(p.expected_return)
    out.away_since = _date(c, f"{prefix}.away_since", p.away_since, today, allow_month=True)
    if out.away_since and out.situation and out.situation != ParentSituation.AWAY.value:
        c.add(f"{prefix}.away_since", "只有“外出务工”时才填外出时间")
    return out


def _validate_guardian(c: _Collector, prefix: str, g: GuardianDraft) -> GuardianDraft:
    out = replace(g)
    out.name = clean_name(g.name)
    if not out.name:
        c.add(f"{prefix}.name", "监护人姓名不能为空")
    out.relation = _choice(c, f"{prefix}.relation", g.relation, GuardianRelation.labels())
    age_text = to_halfwidth(g.age or "").strip().removesuffix("岁")
    if age_text:
        if not age_text.isdigit() or not 14 <= int(age_text) <= 110:
            c.add(f"{prefix}.age", "年龄应为14–110之间的整数")
        out.age = age_text
    else:
        out.age = ""
    out.phone = _phone(c, f"{prefix}.phone", g.phone)
    out.health = _choice(c, f"{prefix}.health", g.health, Health.labels())
    out.literacy = _choice(c, f"{prefix}.literacy", g.literacy, Literacy.labels())
    out.capacity = _choice(c, f"{prefix}.capacity", g.capacity, Capacity.labels())
    out.note = clean_text(g.note)
    return out


def field_label(path: str) -> str:
    """A readable Chinese label for a field path: ``father.phone`` → 父亲电话."""
    parts = path.split(".")
    if parts[0] in ("father", "mother"):
        who = "父亲" if parts[0] == "father" else "母亲"
        return who + FIELD_LABELS.get(f"parent.{parts[1]}", parts[1])
    if parts[0] == "guardians":
        if len(parts) < 2 or not parts[1].isdigit():
            return "在家监护人"
        who = f"监护人{int(parts[1]) + 1}"
        return who + FIELD_LABELS.get(f"guardian.{parts[2]}", parts[2]) if len(parts) > 2 else who
    return FIELD_LABELS.get(path, path)
