"""附件1's fields on the 五个清楚 form, driven like a teacher: 身体情况 with its detail, the
grandparents, 委托监护, 监护类型 from the archive's suggestion, 家庭经济来源 and 救助帮扶情况
ticked, a parent's 身份证号 checked against the birth date typed — saved, shown again, and in
the history."""

from __future__ import annotations

from PySide6.QtCore import Qt

from liushou_desk.db.schema import open_archive
from liushou_desk.domain.idcard import check_digit
from liushou_desk.services import changes, profile

from .conftest import TODAY
from .ui_helpers import add_known_pupil, open_window


def _father_id(birth: str = "19860412") -> str:
    first17 = f"511725{birth}031"  # 3: odd, a man
    return first17 + check_digit(first17)


def _profile_of(qtbot, demo_db, name):
    archive = open_archive(demo_db)
    pid = add_known_pupil(archive, name)
    archive.close()
    window, archive = open_window(qtbot, demo_db)
    window.select_pupil(pid)
    return window.profile_tab, archive, pid


def _tick(field, word: str) -> None:
    field.checks[word].click()


def test_form1_fields_are_saved_shown_again_and_kept_in_the_history(qtbot, demo_db):
    tab, archive, pid = _profile_of(qtbot, demo_db, "龚堃")
    basic = tab.basic
    basic["hukou_place"].set_value("四川省达州市渠县青山镇双河村")
    basic["hukou_registered"].set_value("是")
    basic["body_condition"].combo.setCurrentText("残疾")
    basic["body_condition"].combo.activated.emit(0)
    assert basic["disability"].isEnabled()
    basic["disability"].set_value("肢体残疾三级")
    basic["schooling"].set_value("小学")
    form = tab.family_form
    grandfather, grandmother = form.grandparents[0], form.grandparents[1]
    grandfather.fields["deceased"].check.click()
    grandmother.fields["name"].set_value("张桂兰")
    grandmother.fields["birth_date"].set_value("1960-02-03")
    form.fields["guardian_entrusted"].set_value("是")
    _tick(form.fields["income_sources"], "打工收入")
    _tick(form.fields["income_sources"], "种养殖业")
    _tick(form.fields["aid"], "享受低保")
    tab.father.fields["id_number"].set_value(_father_id())
    tab.guardian_boxes[0].fields["address"].set_value("青山镇双河村7组")

    # the guardian's capacity is 一般: the suggestion says so and one click takes it
    assert "监护情况一般" in form.suggestion.text()
    assert "张桂兰" in form.suggestion.text()
    assert form.take_button.isEnabled()
    qtbot.mouseClick(form.take_button, Qt.MouseButton.LeftButton)
    assert form.fields["guardianship_type"].value() == "监护情况一般"
    assert not form.take_button.isEnabled()  # taken: nothing more to take

    assert tab.save(), tab.message.text()
    stored = profile.load_profile(archive, pid, TODAY).draft
    assert stored.hukou_place == "四川省达州市渠县青山镇双河村"
    assert (stored.body_condition, stored.disability) == ("残疾", "肢体残疾三级")
    assert stored.schooling == "小学" and stored.guardian_entrusted == "是"
    assert stored.guardianship_type == "监护情况一般"
    assert stored.income_sources == "打工收入、种养殖业" and stored.aid == "享受低保"
    assert stored.father.id_number == _father_id()
    assert stored.father.birth_date == "1986-04-12"  # taken from the ID number
    assert stored.guardians[0].address == "青山镇双河村7组"
    by_role = {g.role: g for g in stored.grandparents}
    assert by_role["祖父"].deceased and not by_role["祖父"].name
    assert (by_role["祖母"].name, by_role["祖母"].birth_date) == ("张桂兰", "1960-02-03")

    # shown again as saved, the form not dirty
    assert tab.father.fields["birth_date"].value() == "1986-04-12"
    assert form.fields["income_sources"].checks["种养殖业"].isChecked()
    assert form.grandparents[0].fields["deceased"].check.isChecked()
    assert not tab.is_dirty()
    fields_changed = {c.label for c in changes.list_changes(archive, pid)}
    assert {"身体情况", "监护类型", "家庭经济来源"} <= fields_changed


def test_a_parent_id_that_contradicts_the_birth_date_is_named_and_nothing_saved(qtbot, demo_db):
    tab, archive, pid = _profile_of(qtbot, demo_db, "韦燚")
    tab.father.fields["birth_date"].set_value("1985-01-01")
    tab.father.fields["id_number"].set_value(_father_id("19860412"))
    tab.family_form.fields["guardianship_type"].set_value("监护情况较好")
    assert tab.save() is False
    assert "1986-04-12" in tab.father.fields["birth_date"].error
    stored = profile.load_profile(archive, pid, TODAY).draft
    assert stored.father.id_number == "" and stored.guardianship_type == ""


def test_a_detail_closes_when_another_condition_is_chosen(qtbot, demo_db):
    tab, _, _ = _profile_of(qtbot, demo_db, "刘晓")
    condition = tab.basic["body_condition"]
    condition.set_value("患病")
    condition.combo.currentIndexChanged.emit(condition.combo.currentIndex())
    tab.basic["illness"].set_value("白血病")
    condition.set_value("健康")
    assert tab.basic["illness"].value() == "" and not tab.basic["illness"].isEnabled()
    condition.set_value("患病")  # chosen again before leaving: what she typed comes back
    assert tab.basic["illness"].value() == "白血病"
