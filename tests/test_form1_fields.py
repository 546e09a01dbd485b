"""附件1's fields in the 五个清楚 draft: each checked like the fields before them (choices, dates,
ID numbers against the birth date and the parent's sex), several words kept in the form's order,
and the 监护类型 the archive's facts suggest."""

from __future__ import annotations

from datetime import date

from liushou_desk.domain.guardianship import suggest_guardianship
from liushou_desk.domain.profile import GuardianDraft, ProfileDraft, field_label, validate_profile

TODAY = date(2026, 11, 23)
FATHER_ID = "511725198503120032"  # born 1985-03-12, male
GRANDMOTHER_ID = "511725195601150020"  # born 1956-01-15, female


def errors_of(draft: ProfileDraft) -> dict[str, str]:
    _clean, errors = validate_profile(draft, TODAY)
    return {e.field: e.message for e in errors}


def test_a_filled_form_is_clean_and_normalised() -> None:
    draft = ProfileDraft(name="李明", hukou_registered="有", schooling="小学")
    draft.body_condition, draft.disability = "残疾", "肢体残疾三级"
    draft.income_sources, draft.aid = "其他, 打工收入 打工收入", "医疗救助；享受低保"
    draft.father.id_number = FATHER_ID.lower()
    draft.guardians = [GuardianDraft(name="张桂英", id_number=GRANDMOTHER_ID, address=" 三组 ")]
    draft.grandparents[3].deceased = True
    clean, errors = validate_profile(draft, TODAY)
    assert errors == []
    assert clean.hukou_registered == "是"
    assert clean.income_sources == "打工收入、其他"  # the form's order, each once
    assert clean.aid == "享受低保、医疗救助"
    assert clean.father.birth_date == "1985-03-12"  # taken from the ID number
    assert clean.guardians[0].address == "三组"
    assert [g.deceased for g in clean.grandparents] == [False, False, False, True]


def test_each_wrong_field_is_named() -> None:
    draft = ProfileDraft(name="李明", hukou_registered="也许", schooling="大学")
    draft.body_condition, draft.illness = "健康", "白血病"
    draft.income_sources = "打工收入、炒股"
    draft.father.id_number, draft.father.birth_date = FATHER_ID, "1985-03-13"
    draft.mother.id_number = FATHER_ID  # a man's number for the mother
    draft.guardians = [GuardianDraft(name="张桂英", id_number="511725195601150021")]
    draft.grandparents[0].birth_date = "2020-01-01"
    errors = errors_of(draft)
    assert errors["hukou_registered"] == "请填“是”或“否”"
    assert errors["schooling"].startswith("请从列表中选择：幼儿园")
    assert errors["illness"] == "只有身体情况为“患病”时才填患病类型"
    assert errors["income_sources"].startswith("“炒股”不在列表中")
    assert errors["father.birth_date"] == "与身份证号中的出生日期（1985-03-12）不一致"
    assert errors["mother.id_number"] == "身份证号显示为男性，请核对"
    assert "校验位" in errors["guardians.0.id_number"]
    assert errors["grandparents.0.birth_date"] == "按此日期祖父6岁，请核对"
    assert field_label("grandparents.0.birth_date") == "祖父出生日期"
    assert field_label("father.id_number") == "父亲身份证号"
    assert field_label("guardians.0.address") == "监护人1居住地址"


def _family(father: str, mother: str, *guardians: GuardianDraft) -> ProfileDraft:
    draft = ProfileDraft(name="李明", guardians=list(guardians))
    draft.father.situation, draft.mother.situation = father, mother
    return draft


def test_the_guardianship_type_suggested_from_the_facts() -> None:
    away, home, unable = "外出务工", "在家", "无监护能力"
    grandma = GuardianDraft(name="张桂英", relation="祖母")
    cases = [
        (_family(away, away), "无人监护"),
        (_family(away, unable, grandma), "父或母无监护能力"),
        (
            _family(away, away, GuardianDraft(name="张桂英", capacity="差")),
            "受委托监护人监护能力不足",
        ),
        (_family(away, away, GuardianDraft(name="张桂英", capacity="一般")), "监护情况一般"),
        (_family(away, away, GuardianDraft(name="张桂英", capacity="较好")), "监护情况较好"),
        (_family(away, away, grandma), ""),  # capacity not assessed: she is asked
        (_family(away, home), ""),
    ]
    for draft, expected in cases:
        suggestion = suggest_guardianship(draft)
        assert suggestion.kind == expected, (draft.guardians, suggestion)
        assert suggestion.reason
