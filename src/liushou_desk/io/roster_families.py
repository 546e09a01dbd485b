"""名册里的家庭 (the family in a roster row): parents and guardians however the file gives them
— 父亲/母亲 columns, a 监护人 column ("奶奶 王桂英" in one cell too), 学籍系统 成员1/成员2 read by
their 关系 and 是否监护人, 家长1/家长2, or one parent per row over two rows — put into the
child's profile draft, plus the left-behind status the file states.

Pure: the rows come in as {field path: text}, the draft goes out."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from liushou_desk.domain.enums import GrandparentRole, ParentSituation
from liushou_desk.domain.form1_fields import GrandparentDraft
from liushou_desk.domain.profile import GuardianDraft, ProfileDraft
from liushou_desk.io.roster_values import AT_HOME, YES, relation_of, split_person, value_of

MEMBERS = ("member1", "member2")
PARENT_WORDS = {"父亲": "father", "母亲": "mother"}


@dataclass(frozen=True)
class Member:
    """One family member as a roster row lists them."""

    name: str
    relation: str  # the form's word, or "" when not given
    own_word: str  # the file's word when the form's list has no such relation (舅舅)
    phone: str
    work_city: str
    guardian: bool | None  # 是否监护人


def members_of(row: Mapping[str, str]) -> list[Member]:
    """成员1 / 成员2 (家长1 / 家长2, 家长姓名 …) of one row, those with a name or a phone."""
    out = []
    for m in MEMBERS:
        name = value_of(row.get(f"{m}.name", ""))
        relation_text = value_of(row.get(f"{m}.relation", ""))
        if name and not relation_text:
            split = split_person(name)
            if split is not None:
                relation_text, name = split
        phone = value_of(row.get(f"{m}.phone", ""))
        if not (name or phone):
            continue
        relation, own = relation_of(relation_text)
        flag = value_of(row.get(f"{m}.guardian", ""))
        out.append(
            Member(
                name,
                relation,
                own,
                phone,
                value_of(row.get(f"{m}.work_city", "")),
                None if not flag else flag in YES,
            )
        )
    return out


def direct_guardian(row: Mapping[str, str]) -> GuardianDraft | None:
    """The 监护人 columns of a row: name, relation and phone — "奶奶 王桂英" split."""
    name = value_of(row.get("guardian.name", ""))
    relation_text = value_of(row.get("guardian.relation", ""))
    if name and not relation_text:
        split = split_person(name)
        if split is not None:
            relation_text, name = split
    if not name:
        return None
    relation, own = relation_of(relation_text)
    return GuardianDraft(
        name=name,
        relation=relation,
        phone=value_of(row.get("guardian.phone", "")),
        note=own,
        id_number=value_of(row.get("guardian.id_number", "")),
        address=value_of(row.get("guardian.address", "")),
    )


def fill_family(draft: ProfileDraft, rows: Sequence[Mapping[str, str]]) -> None:
    """Put the family of one child — given on one row, or one parent per row — into ``draft``:
    the direct parent columns first, then members by their 关系; guardians flagged 是否监护人
    first."""
    guardians: list[tuple[bool, GuardianDraft]] = []
    for row in rows:
        for attr in ("father", "mother"):
            parent = getattr(draft, attr)
            for name in ("name", "phone", "work_city", "birth_date", "id_number"):
                value = value_of(row.get(f"{attr}.{name}", ""))
                if value and not getattr(parent, name):
                    setattr(parent, name, value)
        g = direct_guardian(row)
        if g is not None:
            guardians.append((True, g))
        for m in members_of(row):
            parent_attr = PARENT_WORDS.get(m.relation)
            if parent_attr is not None:  # a parent, guardian on paper or not
                parent = getattr(draft, parent_attr)
                for name, value in (
                    ("name", m.name),
                    ("phone", m.phone),
                    ("work_city", m.work_city),
                ):
                    if value and not getattr(parent, name):
                        setattr(parent, name, value)
                continue
            if m.name:
                guardians.append(
                    (
                        bool(m.guardian),
                        GuardianDraft(
                            name=m.name, relation=m.relation, phone=m.phone, note=m.own_word
                        ),
                    )
                )
    seen: set[tuple[str, str]] = set()
    ordered = [g for flagged, g in guardians if flagged] + [
        g for flagged, g in guardians if not flagged
    ]
    chosen = []
    for g in ordered:
        if (g.name, g.relation) not in seen:
            seen.add((g.name, g.relation))
            chosen.append(g)
    if chosen and not draft.guardians:
        draft.guardians = chosen
    for parent in (draft.father, draft.mother):
        if parent.work_city in AT_HOME:  # "在家", "务农": at home, not a work place
            parent.work_city = ""
            parent.situation = parent.situation or ParentSituation.AT_HOME.value
        elif parent.work_city and not parent.situation:
            parent.situation = ParentSituation.AWAY.value


# 身体情况 as rosters write it → the form's three words
CONDITION_WORDS = {"良好": "健康", "正常": "健康", "健全": "健康", "有残疾": "残疾", "有病": "患病"}
DECEASED_WORDS = ("—", "-", "－", "已故", "去世", "已去世", "过世")


def grandparents_of(cell: Callable[[str], str]) -> list[GrandparentDraft]:
    """祖父 … 外祖母 from their 姓名 / 出生日期 columns; "—" or 已故 in a name: deceased."""
    out = []
    for i, role in enumerate(GrandparentRole):
        name, birth = cell(f"grandparents.{i}.name"), cell(f"grandparents.{i}.birth_date")
        if name in DECEASED_WORDS or birth in DECEASED_WORDS:
            out.append(GrandparentDraft(role.value, deceased=True))
        else:
            out.append(GrandparentDraft(role.value, name, birth))
    return out
