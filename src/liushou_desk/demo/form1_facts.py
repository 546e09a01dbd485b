"""附件1's facts for a demo pupil (登记表): 户籍, 身体情况, 就学情况, the grandparents, the
parents' birth dates and 身份证号, the guardian's number and address, 委托监护, 监护类型 (the
archive's suggestion; a few left for the teacher to choose), 家庭经济来源 and 救助帮扶.

Drawn from a generator of its own, seeded by the child, so the rest of the demo class stays
exactly what it was; every value passes the 五个清楚 form's checks."""

from __future__ import annotations

import random
from datetime import date, timedelta

from liushou_desk.demo.data import CITY, COUNTY, PROVINCE, TOWN, VILLAGES
from liushou_desk.domain.dates import age_on
from liushou_desk.domain.enums import ParentSituation
from liushou_desk.domain.form1_fields import YES, GrandparentDraft
from liushou_desk.domain.guardianship import suggest_guardianship
from liushou_desk.domain.idcard import check_digit
from liushou_desk.domain.profile import ParentDraft, ProfileDraft

ILLNESSES = ("先天性心脏病", "哮喘", "癫痫", "1型糖尿病")
DISABILITIES = ("肢体残疾四级", "听力残疾三级", "视力残疾四级")
MEN = ("德", "明", "国", "福", "贵", "忠", "学", "财")
WOMEN = ("秀英", "桂兰", "玉珍", "春花", "淑芬", "翠华", "兰英", "素珍")
SURNAMES = ("王", "李", "张", "刘", "陈", "杨", "黄", "周", "吴", "何", "罗", "向", "田")
AREA = "511725"  # 渠县
UNFILLED_TYPE = 0.12  # children whose 监护类型 the teacher has not chosen yet


def _person_id(rng: random.Random, birth: date, male: bool) -> str:
    order = f"{rng.randint(0, 99):02d}{rng.choice('13579' if male else '02468')}"
    first17 = f"{AREA}{birth:%Y%m%d}{order}"
    return first17 + check_digit(first17)


def _birth(rng: random.Random, age: int, today: date) -> date:
    return date(today.year - age, 1, 1) + timedelta(days=rng.randrange(365))


def _parent(rng: random.Random, p: ParentDraft, age: int, male: bool, today: date) -> None:
    if p.situation == ParentSituation.DECEASED.value or not p.name:
        return
    birth = _birth(rng, age, today)
    p.birth_date = birth.isoformat()
    if rng.random() < 0.9:  # a few numbers the family has not given yet
        p.id_number = _person_id(rng, birth, male)


def fill_form1(d: ProfileDraft, today: date) -> None:
    """The 附件1 fields of ``d`` (a pupil drawn with family and guardians)."""
    rng = random.Random(f"附件1-{d.name}-{d.birth_date}")
    child_birth = date.fromisoformat(d.birth_date)
    child_age = age_on(child_birth, today) or 10
    village = d.village if d.village in VILLAGES else rng.choice(VILLAGES)
    d.hukou_registered = YES
    d.hukou_place = f"{PROVINCE}{CITY}{COUNTY}{TOWN}{village}"
    roll = rng.random()
    if roll < 0.04:
        d.body_condition, d.illness = "患病", rng.choice(ILLNESSES)
    elif roll < 0.07:
        d.body_condition, d.disability = "残疾", rng.choice(DISABILITIES)
    else:
        d.body_condition = "健康"
    d.schooling = "小学" if child_age <= 12 else "初中"

    father_age = child_age + rng.randint(24, 34)
    mother_age = father_age - rng.randint(0, 5)
    _parent(rng, d.father, father_age, True, today)
    _parent(rng, d.mother, mother_age, False, today)
    surname = d.name[0]
    mother_surname = d.mother.name[0] if d.mother.name else rng.choice(SURNAMES)
    grandparents = []
    for role, family_name, parent_age, male in (
        ("祖父", surname, father_age, True),
        ("祖母", rng.choice(SURNAMES), father_age, False),
        ("外祖父", mother_surname, mother_age, True),
        ("外祖母", rng.choice(SURNAMES), mother_age, False),
    ):
        age = parent_age + rng.randint(22, 32)
        if rng.random() < (0.25 if male else 0.15) + max(0, age - 70) * 0.03:
            grandparents.append(GrandparentDraft(role, deceased=True))
            continue
        name = family_name + rng.choice(MEN if male else WOMEN)
        grandparents.append(GrandparentDraft(role, name, _birth(rng, age, today).isoformat()))
    d.grandparents = grandparents

    away = ParentSituation.AWAY.value
    parents_away = away in (d.father.situation, d.mother.situation)
    guardians = [g for g in d.guardians if g.name]
    for g in guardians[:1]:
        g.address = d.address
        if g.age.isdigit() and rng.random() < 0.85:
            male = g.relation in ("祖父", "外祖父", "父亲", "叔叔", "伯伯", "舅舅")
            g.id_number = _person_id(rng, _birth(rng, int(g.age), today), male)
    at_home = [g for g in guardians if g.relation not in ("父亲", "母亲")]
    d.guardian_entrusted = ("是" if at_home else "否") if parents_away else ""
    if rng.random() >= UNFILLED_TYPE:
        d.guardianship_type = suggest_guardianship(d).kind
    income = ["打工收入"] if parents_away else []
    more = (("种养殖业", 0.55), ("政府救助", 0.1), ("亲朋接济", 0.05))
    income += [w for w, p in more if rng.random() < p]
    d.income_sources = "、".join(income or ["其他"])
    aid = [w for w, p in (("享受低保", 0.08), ("临时救助", 0.03)) if rng.random() < p]
    if d.body_condition == "患病" and rng.random() < 0.6:
        aid.append("医疗救助")
    d.aid = "、".join(aid)
