"""示例班级的学生 (drawing the demo class): each pupil of a demo class — name, birth, ID
number, address, personality, parents, guardians — and the later edits of a profile, drawn from
a seeded generator (``_Maker``; demo/maker.py writes them).

The class is a rural class of 青山镇中心小学 in 四川省达州市渠县 (region code 511725): about
seven in ten pupils are left behind, most with both parents working away and a grandparent at
home. The names of the class that is taught now include the rare characters that break careless
software (喆 堃 赟 玥 昳 淏 犇 燊 䶮, and 𬌗 outside the Basic Multilingual Plane); some records
are incomplete on purpose (no ID number, no departure date, no guardian).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from liushou_desk.demo.data import (
    BOTH,
    CITY,
    COUNTY,
    FAMILY_MINIMUM,
    FAMILY_MIX,
    FATHER_AT_HOME_WORK,
    FATHER_AWAY_MOTHER_HOME,
    FATHER_NAMES,
    FATHER_ONLY,
    GRANDFATHER_NAMES,
    GRANDMOTHER_NAMES,
    GUARDIAN_NOTES,
    HEALTH_MENTAL,
    HEALTH_PHYSICAL,
    ILLNESSES,
    INTERESTS,
    LEFT_BEHIND_FAMILIES,
    MOTHER_AT_HOME_WORK,
    MOTHER_AWAY_FATHER_HOME,
    MOTHER_NAMES,
    MOTHER_ONLY,
    OVERRIDE,
    PROVINCE,
    RARE_NAMES,
    RECENT,
    STRENGTHS,
    TOWN,
    TOWN_COMMUNITY,
    TOWN_STREETS,
    TRANSFER,
    VILLAGES,
    WORK_PLACES,
    _Place,
)
from liushou_desk.demo.form1_facts import fill_form1
from liushou_desk.demo.people import People
from liushou_desk.domain.dates import add_months, age_on
from liushou_desk.domain.enums import (
    Capacity,
    GuardianRelation,
    Health,
    Literacy,
    ParentSituation,
    Sex,
)
from liushou_desk.domain.profile import GuardianDraft, ParentDraft, ProfileDraft


# ---------------------------------------------------------------------------------------------
@dataclass
class _Pupil:
    """What the generator decided about one pupil, beyond the draft."""

    draft: ProfileDraft
    family: str
    surname: str
    note: str = ""  # reason of the override, or where the pupil transferred to


class _Maker(People):
    """Draws one class from a seeded random generator: pupils of ``grade`` (五年级 by default),
    with the rare names when ``rare``. ``share`` another maker's names, ID and phone numbers
    so that classes drawn one after another never repeat them."""

    grade = 5
    rare = True

    def share(self, other: People) -> None:
        self.used_names, self.used_ids = other.used_names, other.used_ids
        self.used_phones = other.used_phones

    def families(self) -> list[str]:
        """One family situation per pupil, in the proportions of FAMILY_MIX, shuffled."""
        total = sum(FAMILY_MIX.values())
        quotas = {k: self.n * w / total for k, w in FAMILY_MIX.items()}
        counts = {k: int(q) for k, q in quotas.items()}
        order = sorted(quotas, key=lambda k: quotas[k] - counts[k], reverse=True)
        for k in order[: self.n - sum(counts.values())]:
            counts[k] += 1
        if self.n >= 10:
            for k, least in FAMILY_MINIMUM.items():
                while counts[k] < least:
                    counts[k] += 1
                    counts[BOTH] -= 1
        out = [k for k, c in counts.items() for _ in range(c)]
        self.rng.shuffle(out)
        return out

    def pupils(self) -> list[_Pupil]:
        families = self.families()
        head = min(self.n, 45)
        rare = RARE_NAMES[:head] if self.rare else ()
        rare_at = dict(zip(self.rng.sample(range(head), len(rare)), rare, strict=True))
        no_id = set(self.rng.sample(range(self.n), round(self.n * 0.07)))
        minorities = self.rng.sample(
            range(self.n), max(2, round(self.n * 0.07)) if self.n >= 10 else 0
        )
        ethnicity = {i: ("土家族", "苗族")[k % 2] for k, i in enumerate(minorities)}
        boarding = set(self.rng.sample(range(self.n), round(self.n * 0.2)))
        out = []
        for i, family in enumerate(families):
            out.append(
                self.pupil(
                    family,
                    rare_at.get(i),
                    with_id=i not in no_id,
                    ethnicity=ethnicity.get(i, "汉族"),
                    boarding=i in boarding,
                )
            )
        return out

    def pupil(
        self,
        family: str,
        rare: tuple[str, str, Sex] | None,
        *,
        with_id: bool,
        ethnicity: str,
        boarding: bool,
    ) -> _Pupil:
        rng = self.rng
        if rare is not None:
            surname, given, sex = rare
        else:
            sex = Sex.MALE if self.chance(0.52) else Sex.FEMALE
            for _ in range(30):
                surname, given = self.surname(), self.given_name(sex)
                if surname + given not in self.used_names:
                    break
            self.used_names.add(surname + given)
        # Born in the school year that is in this grade now: September to August, 10–11 years
        # ago for 五年级.
        first = date(self.school_year - self.grade - 6, 9, 1)
        birth = first + timedelta(
            days=rng.randrange((date(self.school_year - self.grade - 5, 9, 1) - first).days)
        )
        id_number = self.id_number(birth, sex) if with_id else ""
        if self.chance(0.85):
            village = rng.choice(VILLAGES)
            address = f"{PROVINCE}{CITY}{COUNTY}{TOWN}{village}{rng.randint(1, 9)}组"
        else:
            village = TOWN_COMMUNITY
            address = (
                f"{PROVINCE}{CITY}{COUNTY}{TOWN}{village}"
                f"{rng.choice(TOWN_STREETS)}{rng.randint(1, 120)}号"
            )
        left_behind = family in LEFT_BEHIND_FAMILIES
        draft = ProfileDraft(
            name=surname + given,
            sex=sex.value,
            birth_date=birth.isoformat(),
            id_number=id_number,
            ethnicity=ethnicity,
            student_number=f"G{id_number}" if id_number else "",
            address=address,
            village=village,
            boarding=boarding,
            personality=self.personality(left_behind),
            interests="、".join(rng.sample(INTERESTS, rng.randint(1, 3))),
            strengths=rng.choice(STRENGTHS) if self.chance(0.45) else "",
            health_physical=rng.choice(HEALTH_PHYSICAL) if self.chance(0.12) else "良好",
            health_mental=(
                rng.choice(HEALTH_MENTAL) if self.chance(0.12 if left_behind else 0.04) else "良好"
            ),
        )
        pupil = _Pupil(draft, family, surname)
        self.family(pupil, birth)
        fill_form1(draft, self.today)  # a generator of its own: the rest stays as it was
        return pupil

    def away(
        self,
        parent: ParentDraft,
        sex: Sex,
        place: _Place | None = None,
        *,
        since: str | None = None,
    ) -> _Place:
        place = place or self.weighted([(p, p[3]) for p in WORK_PLACES])
        parent.situation = ParentSituation.AWAY.value
        parent.phone = self.mobile()
        parent.phone2 = self.mobile() if self.chance(0.08) else ""
        parent.work_province, parent.work_city, parent.work_unit = self.work(sex, place)
        parent.away_since = since if since is not None else self.away_since()
        parent.expected_return = self.weighted(self.returns)
        return place

    def at_home(self, parent: ParentDraft, pool: Sequence[str]) -> None:
        parent.situation = ParentSituation.AT_HOME.value
        parent.phone = self.mobile()
        parent.work_unit = self.rng.choice(pool)

    def family(self, pupil: _Pupil, birth: date) -> None:
        rng, d, family = self.rng, pupil.draft, pupil.family
        father, mother = d.father, d.mother
        father.name = self.adult_name(pupil.surname, FATHER_NAMES)
        mother_surname = self.surname(pupil.surname)
        mother.name = self.adult_name(mother_surname, MOTHER_NAMES)
        father_age = age_on(birth, self.today) + rng.randint(24, 34)  # type: ignore[operator]
        mother_age = father_age - rng.randint(0, 5)

        if family in (BOTH, TRANSFER, RECENT):
            place = self.away(father, Sex.MALE)
            together = family == TRANSFER or self.chance(0.65)
            recent = (self.today - timedelta(days=rng.randint(15, 58))).isoformat()
            since = father.away_since if together else None
            if family == RECENT:
                if self.chance(0.5):
                    since = recent
                else:
                    father.away_since = recent
            self.away(mother, Sex.FEMALE, place if together else None, since=since)
            if family == BOTH and self.chance(0.05):
                (father if self.chance(0.5) else mother).away_since = ""  # not known yet
            if family == TRANSFER:
                pupil.note = f"随父母转学至{father.work_province}{father.work_city}"
        elif family == FATHER_ONLY:
            self.away(father, Sex.MALE)
            if self.chance(0.75):
                mother.situation = ParentSituation.ABSENT.value
                mother.phone = self.mobile() if self.chance(0.4) else ""
            else:
                mother.situation = ParentSituation.DECEASED.value
        elif family == MOTHER_ONLY:
            self.away(mother, Sex.FEMALE)
            father.situation = (
                ParentSituation.INCAPABLE.value
                if self.chance(0.6)
                else ParentSituation.DECEASED.value
            )
        elif family == OVERRIDE:
            place = self.away(mother, Sex.FEMALE)
            self.at_home(father, ("务农",))
            ill_since = add_months(self.today, -rng.randint(2, 8))
            pupil.note = (
                f"母亲在{place[0]}{place[1]}务工；父亲虽登记为在家，但{ill_since.year}年"
                f"{ill_since.month}月起患{rng.choice(ILLNESSES)}，无力照管孩子，"
                "实际由祖母监护，按母亲外出认定"
            )
        elif family == FATHER_AWAY_MOTHER_HOME:
            self.away(father, Sex.MALE)
            self.at_home(mother, MOTHER_AT_HOME_WORK)
        elif family == MOTHER_AWAY_FATHER_HOME:
            self.away(mother, Sex.FEMALE)
            self.at_home(father, FATHER_AT_HOME_WORK)
        else:  # BOTH_HOME
            self.at_home(father, FATHER_AT_HOME_WORK)
            self.at_home(mother, MOTHER_AT_HOME_WORK)

        if family in LEFT_BEHIND_FAMILIES:
            d.guardians = self.home_guardians(pupil, mother_surname, father_age, mother_age)
        else:
            d.guardians = self.parent_guardian(d, father_age, mother_age)

    def home_guardians(
        self, pupil: _Pupil, mother_surname: str, father_age: int, mother_age: int
    ) -> list[GuardianDraft]:
        """第二监护人 of a left-behind child: grandparents mostly, sometimes an uncle or aunt."""
        rng, family = self.rng, pupil.family
        if family == BOTH and self.chance(0.04):
            return []  # not yet recorded: shows as 资料待补
        R = GuardianRelation
        if family == OVERRIDE:
            main = R.GRANDMOTHER
        elif family == MOTHER_ONLY:
            main = self.weighted([(R.GRANDMOTHER, 3), (R.GRANDFATHER, 1)])
        else:
            main = self.weighted(
                [
                    (R.GRANDMOTHER, 35),
                    (R.GRANDFATHER, 15),
                    (R.MATERNAL_GRANDMOTHER, 15),
                    (R.MATERNAL_GRANDFATHER, 5),
                    (R.UNCLE, 8),
                    (R.AUNT, 8),
                ]
            )
        partner = {
            R.GRANDMOTHER: R.GRANDFATHER,
            R.GRANDFATHER: R.GRANDMOTHER,
            R.MATERNAL_GRANDMOTHER: R.MATERNAL_GRANDFATHER,
            R.MATERNAL_GRANDFATHER: R.MATERNAL_GRANDMOTHER,
        }
        relations = [main]
        if main in partner and family != OVERRIDE and self.chance(0.4):
            relations.append(partner[main])
        grandmother_surname = self.surname(pupil.surname, mother_surname)
        out = []
        for rel in relations:
            if rel in (
                R.GRANDFATHER,
                R.GRANDMOTHER,
                R.MATERNAL_GRANDFATHER,
                R.MATERNAL_GRANDMOTHER,
            ):
                base = mother_age if rel.value.startswith("外") else father_age
                age = min(78, max(58, base + rng.randint(24, 34)))
                name = {
                    R.GRANDFATHER: pupil.surname,
                    R.MATERNAL_GRANDFATHER: mother_surname,
                }.get(rel, grandmother_surname)
                pool: Sequence[str] = (
                    GRANDMOTHER_NAMES if rel.value.endswith("母") else GRANDFATHER_NAMES
                )
                health = self.weighted(
                    [
                        (Health.GOOD, 40 - (age - 58)),
                        (Health.FAIR, 45),
                        (Health.POOR, 10 + (age - 58)),
                    ]
                )
                literacy = self.weighted(
                    [
                        (Literacy.NONE, 20 + (age - 58) * 2),
                        (Literacy.PRIMARY, 45),
                        (Literacy.JUNIOR, 20),
                    ]
                )
                note = rng.choice(GUARDIAN_NOTES) if self.chance(0.25) else ""
            else:
                age = rng.randint(36, 52)
                if rel is R.UNCLE:
                    name, pool = pupil.surname, FATHER_NAMES
                else:
                    name, pool = rng.choice((pupil.surname, mother_surname)), MOTHER_NAMES
                health = Health.GOOD
                literacy = self.weighted([(Literacy.JUNIOR, 3), (Literacy.SENIOR, 1)])
                note = "同村，就近照看" if self.chance(0.5) else ""
            capacity = {
                Health.GOOD: [(Capacity.GOOD, 6), (Capacity.FAIR, 4)],
                Health.FAIR: [(Capacity.GOOD, 2), (Capacity.FAIR, 6), (Capacity.POOR, 2)],
                Health.POOR: [(Capacity.FAIR, 4), (Capacity.POOR, 6)],
            }[health]
            phone_kind = rng.random()
            phone = (
                self.mobile() if phone_kind < 0.82 else self.landline() if phone_kind < 0.9 else ""
            )
            out.append(
                GuardianDraft(
                    name=self.adult_name(name, pool),
                    relation=rel.value,
                    age=str(age),
                    phone=phone,
                    health=health.value,
                    literacy=literacy.value,
                    capacity=self.weighted(capacity).value,
                    note=note,
                )
            )
        return out

    def parent_guardian(
        self, d: ProfileDraft, father_age: int, mother_age: int
    ) -> list[GuardianDraft]:
        """A pupil who is not left behind: the parent at home, or nobody recorded."""
        if self.chance(0.3):
            return []
        at_home = [
            (p, age, rel)
            for p, age, rel in (
                (d.mother, mother_age, GuardianRelation.MOTHER),
                (d.father, father_age, GuardianRelation.FATHER),
            )
            if p.situation == ParentSituation.AT_HOME.value
        ]
        if not at_home:
            return []
        parent, age, rel = at_home[0] if self.chance(0.7) else self.rng.choice(at_home)
        return [
            GuardianDraft(
                name=parent.name,
                relation=rel.value,
                age=str(age),
                phone=parent.phone,
                health=Health.GOOD.value,
                literacy=self.weighted(
                    [(Literacy.PRIMARY, 2), (Literacy.JUNIOR, 5), (Literacy.SENIOR, 2)]
                ).value,
                capacity=self.weighted([(Capacity.GOOD, 7), (Capacity.FAIR, 3)]).value,
            )
        ]

    # -- later edits ----------------------------------------------------------------------------

    def edit(self, draft: ProfileDraft, what: str) -> None:
        """Change a saved profile the way a teacher would a few weeks later."""
        rng = self.rng
        father, mother = draft.father, draft.mother
        away = ParentSituation.AWAY.value
        if what == "母亲返乡" and mother.situation == away:
            mother.situation = ParentSituation.AT_HOME.value
            mother.work_province = mother.work_city = ""
            mother.work_unit = "在家带孩子"
            mother.away_since = mother.expected_return = ""
            return
        if what == "父亲换了工作地" and father.situation == away:
            province, city, unit = self.work(Sex.MALE)
            if (province, city) != (father.work_province, father.work_city):
                father.work_province, father.work_city, father.work_unit = province, city, unit
                father.expected_return = "不确定"
                return
        if what == "监护人身体变差" and draft.guardians:
            g = draft.guardians[0]
            g.health, g.capacity = Health.POOR.value, Capacity.FAIR.value
            g.note = "本学期住过一次院，做饭接送有困难"
            return
        if what == "心理状况好转" and draft.health_mental != "良好":
            draft.health_mental = "比上学期开朗，能主动和同学交流"
            return
        parent = father if father.phone else mother
        if parent.phone:
            parent.phone = self.mobile()
        else:
            draft.interests = (draft.interests + "、" + rng.choice(INTERESTS)).strip("、")
