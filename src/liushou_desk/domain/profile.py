"""五个清楚: the five things known about every child, as a form the teacher fills in.

A ``ProfileDraft`` holds what was typed, as text (dates too), so the same checks serve the form
and, later, a spreadsheet import. ``validate_profile`` returns the cleaned draft and every
problem, each tied to the field it belongs to.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from liushou_desk.domain.dates import age_on
from liushou_desk.domain.enums import (
    Capacity,
    GrandparentRole,
    GuardianRelation,
    Health,
    Literacy,
    ParentRole,
    ParentSituation,
    Sex,
)
from liushou_desk.domain.form1_fields import (
    FORM_FIELDS,
    LIST_SEPARATOR,
    NO,
    YES,
    GrandparentDraft,
    four_grandparents,
    person_id,
    validate_form_fields,
    validate_grandparents,
)
from liushou_desk.domain.form_checks import (
    Collector,
    FieldError,
    ValidationFailed,
    choice_field,
    date_field,
    is_iso,
    phone_field,
)
from liushou_desk.domain.idcard import IdNumberError, parse_id_number
from liushou_desk.domain.text import clean_name, clean_text, to_halfwidth

__all__ = [  # the form checks' names, as callers have always imported them from here
    "FORM_FIELDS",
    "LIST_SEPARATOR",
    "NO",
    "YES",
    "FieldError",
    "GrandparentDraft",
    "ValidationFailed",
]

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
    birth_date: str = ""  # 附件1
    id_number: str = ""  # 附件1 公民身份证号码


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
    id_number: str = ""  # 附件1 (委托监护人)
    address: str = ""  # 附件1 居住地地址
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
    # 附件1《农村留守儿童基本情况登记表》: what the national form asks besides the above
    hukou_registered: str = ""  # 是 / 否 / "" (未填)
    hukou_place: str = ""  # 户籍所在地 (the address is 现居住地)
    body_condition: str = ""  # 健康 / 残疾 / 患病
    disability: str = ""  # 残疾类别及等级
    illness: str = ""  # 患病类型（重特大疾病）
    schooling: str = ""  # 就学情况
    guardian_entrusted: str = ""  # 父母外出有无委托其他监护人: 是 / 否 / ""
    guardianship_type: str = ""  # 监护类型, confirmed by the teacher (one of five)
    income_sources: str = ""  # 家庭经济来源: words joined by 、
    aid: str = ""  # 救助帮扶情况: words joined by 、
    grandparents: list[GrandparentDraft] = field(default_factory=four_grandparents)


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
    "guardian.id_number": "身份证号",
    "guardian.address": "居住地址",
    "parent.birth_date": "出生日期",
    "parent.id_number": "身份证号",
    "grandparent.name": "姓名",
    "grandparent.birth_date": "出生日期",
    "grandparent.deceased": "已故",
    "hukou_registered": "是否登记户口",
    "hukou_place": "户籍所在地",
    "body_condition": "身体情况",
    "disability": "残疾类别及等级",
    "illness": "患病类型",
    "schooling": "就学情况",
    "guardian_entrusted": "有无委托监护人",
    "guardianship_type": "监护类型",
    "income_sources": "家庭经济来源",
    "aid": "救助帮扶情况",
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
    "birth_date",
    "id_number",
)
GUARDIAN_FIELDS = (
    "name",
    "relation",
    "age",
    "phone",
    "health",
    "literacy",
    "capacity",
    "note",
    "id_number",
    "address",
)
GRANDPARENT_FIELDS = ("name", "birth_date", "deceased")

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


def validate_profile(draft: ProfileDraft, today: date) -> tuple[ProfileDraft, list[FieldError]]:
    """Clean every field and collect every problem (not just the first)."""
    c = Collector()
    out = replace(draft)

    out.name = clean_name(draft.name)
    if not out.name:
        c.add("name", "姓名不能为空")
    elif len(out.name) > 40:
        c.add("name", "姓名太长")
    out.sex = choice_field(c, "sex", draft.sex, Sex.labels())
    out.birth_date = date_field(c, "birth_date", draft.birth_date, today)
    birth = date.fromisoformat(out.birth_date) if is_iso(out.birth_date) else None
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
        _validate_guardian(c, f"guardians.{i}", g, today) for i, g in enumerate(draft.guardians)
    ]
    validate_form_fields(c, draft, out)
    out.grandparents = validate_grandparents(c, draft.grandparents, today)
    return out, c.errors


def _validate_parent(c: Collector, prefix: str, p: ParentDraft, today: date) -> ParentDraft:
    out = replace(p)
    out.name = clean_name(p.name)
    out.situation = choice_field(c, f"{prefix}.situation", p.situation, ParentSituation.labels())
    out.phone = phone_field(c, f"{prefix}.phone", p.phone)
    out.phone2 = phone_field(c, f"{prefix}.phone2", p.phone2)
    out.work_province = clean_text(p.work_province)
    out.work_city = clean_text(p.work_city)
    out.work_unit = clean_text(p.work_unit)
    out.expected_return = clean_text(p.expected_return)
    out.away_since = date_field(c, f"{prefix}.away_since", p.away_since, today, allow_month=True)
    if out.away_since and out.situation and out.situation != ParentSituation.AWAY.value:
        c.add(f"{prefix}.away_since", "只有“外出务工”时才填外出时间")
    out.birth_date = date_field(c, f"{prefix}.birth_date", p.birth_date, today)
    if is_iso(out.birth_date):
        age = age_on(date.fromisoformat(out.birth_date), today)
        if age is not None and not 14 <= age <= 100:
            c.add(f"{prefix}.birth_date", f"按此日期只有{age}岁，请核对")
    sex = Sex.MALE.value if p.role == ParentRole.FATHER.value else Sex.FEMALE.value
    out.id_number, out.birth_date = person_id(
        c, prefix, p.id_number, out.birth_date, today, sex
    )
    return out


def _validate_guardian(c: Collector, prefix: str, g: GuardianDraft, today: date) -> GuardianDraft:
    out = replace(g)
    out.name = clean_name(g.name)
    if not out.name:
        c.add(f"{prefix}.name", "监护人姓名不能为空")
    out.relation = choice_field(c, f"{prefix}.relation", g.relation, GuardianRelation.labels())
    age_text = to_halfwidth(g.age or "").strip().removesuffix("岁")
    if age_text:
        if not age_text.isdigit() or not 14 <= int(age_text) <= 110:
            c.add(f"{prefix}.age", "年龄应为14–110之间的整数")
        out.age = age_text
    else:
        out.age = ""
    out.phone = phone_field(c, f"{prefix}.phone", g.phone)
    out.health = choice_field(c, f"{prefix}.health", g.health, Health.labels())
    out.literacy = choice_field(c, f"{prefix}.literacy", g.literacy, Literacy.labels())
    out.capacity = choice_field(c, f"{prefix}.capacity", g.capacity, Capacity.labels())
    out.note = clean_text(g.note)
    out.address = clean_text(g.address)
    if len(out.address) > 200:
        c.add(f"{prefix}.address", "地址太长")
    out.id_number, _birth = person_id(c, prefix, g.id_number, "", today)
    return out


def field_label(path: str) -> str:
    """A readable Chinese label for a field path: ``father.phone`` → 父亲电话."""
    parts = path.split(".")
    if parts[0] in ("father", "mother"):
        who = "父亲" if parts[0] == "father" else "母亲"
        return who + FIELD_LABELS.get(f"parent.{parts[1]}", parts[1])
    if parts[0] == "grandparents":
        roles = GrandparentRole.labels()
        who = roles[int(parts[1])] if len(parts) > 1 and parts[1].isdigit() else "祖辈"
        return who + FIELD_LABELS.get(f"grandparent.{parts[2]}", "") if len(parts) > 2 else who
    if parts[0] == "guardians":
        if len(parts) < 2 or not parts[1].isdigit():
            return "在家监护人"
        who = f"监护人{int(parts[1]) + 1}"
        return who + FIELD_LABELS.get(f"guardian.{parts[2]}", parts[2]) if len(parts) > 2 else who
    return FIELD_LABELS.get(path, path)
