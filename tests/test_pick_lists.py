"""选项列表: the pick-lists start from the seeds' words, the teacher can edit them, and the
forms and checks follow."""

from __future__ import annotations

import pytest

from liushou_desk.db.schema import open_archive
from liushou_desk.domain.profile import ValidationFailed
from liushou_desk.domain.records import PICK_LISTS, RecordValues
from liushou_desk.services import records, settings

from .conftest import TODAY
from .ui_helpers import ScriptedPrompts, add_known_pupil, open_window


def _activity(kind: str) -> RecordValues:
    return RecordValues(
        {"date": "2026-11-20", "activity_kind": kind, "title": "周末劳动"}, participants=[]
    )


def test_defaults_edit_reset_and_checks(tmp_path):
    archive = open_archive(tmp_path / "class.sqlite")
    pid = add_known_pupil(archive, "张冬月")
    assert settings.pick_lists(archive)["activity_kind"] == PICK_LISTS["activity_kind"][1]
    values = _activity("劳动实践")
    values.participants = [pid]
    with pytest.raises(ValidationFailed) as refused:
        records.create_record(archive, "activity", None, values, TODAY)
    assert refused.value.errors[0].field == "activity_kind"

    with pytest.raises(ValidationFailed, match="“集体生日”是待办提醒要用的类型，不能删除"):
        settings.set_pick_list(archive, "activity_kind", ["主题班会", "劳动实践"])
    saved = settings.set_pick_list(
        archive,
        "activity_kind",
        ["主题班会", " 劳动实践 ", "", "主题班会", "集体生日", "心理健康课"],
    )
    assert saved == ("主题班会", "劳动实践", "集体生日", "心理健康课")
    records.create_record(archive, "activity", None, values, TODAY)  # now accepted
    old = _activity("集体生日")  # a default word stays valid after the list changed
    old.participants = [pid]
    records.create_record(archive, "activity", None, old, TODAY)

    with pytest.raises(ValidationFailed, match="列表不能为空"):
        settings.set_pick_list(archive, "activity_kind", ["", "  "])
    with pytest.raises(ValidationFailed, match="每项最多 20 字"):
        settings.set_pick_list(archive, "mood", ["很" * 21])
    assert settings.reset_pick_list(archive, "activity_kind") == PICK_LISTS["activity_kind"][1]
    assert settings.pick_lists(archive)["activity_kind"] == PICK_LISTS["activity_kind"][1]
    archive.close()


def test_the_teacher_edits_a_list_and_the_form_offers_it(qtbot, demo_db):
    archive = open_archive(demo_db)
    pid = add_known_pupil(archive, "王喆")
    archive.close()
    window, _ = open_window(qtbot, demo_db, ScriptedPrompts())

    def edit(dialog):
        dialog.which.setCurrentIndex(list(PICK_LISTS).index("personality_tags"))
        dialog.items.setPlainText("文静\n爱笑\n")
        dialog.which.setCurrentIndex(list(PICK_LISTS).index("activity_kind"))
        dialog.items.setPlainText(dialog.items.toPlainText() + "\n劳动实践")
        dialog.submit()
        return dialog.result() == 1

    window.exec_dialog = edit
    window.settings.edit_pick_lists()
    seen = {}

    def look(dialog):
        seen["kinds"] = [
            dialog.fields["activity_kind"].combo.itemText(i)
            for i in range(dialog.fields["activity_kind"].combo.count())
        ]
        return False

    window.exec_dialog = look
    window.records.open_record_form("activity", 0)
    assert "劳动实践" in seen["kinds"] and "集体生日" in seen["kinds"]

    window.select_pupil(pid)
    tab = window.profile_tab
    tags = [a.text() for a in tab.tags_button.menu().actions()]
    assert tags == ["文静", "爱笑"]
    tab.tags_button.menu().actions()[1].trigger()
    tab.tags_button.menu().actions()[1].trigger()  # twice: added once
    assert tab.memo["personality"].value() == "爱笑"
    assert tab.save_button.isEnabled()


def test_cadence_settings_change_the_due_list(qtbot, demo_db):
    from liushou_desk.services.due import Cadence

    window, archive = open_window(qtbot, demo_db, ScriptedPrompts())
    before = {k for _, k, _ in window.due_tab.visible_details()}
    assert "birthday" in before

    def switch_off_birthdays(dialog):
        assert dialog.spins["parent_contact_days"].value() == 30
        dialog.kinds["birthday"].setChecked(False)
        dialog.spins["parent_contact_days"].setValue(90)
        dialog.submit()
        return dialog.result() == 1

    window.exec_dialog = switch_off_birthdays
    window.settings.edit_cadence()
    after = {k for _, k, _ in window.due_tab.visible_details()}
    assert "birthday" not in after
    assert settings.cadence(archive).parent_contact_days == 90
    with pytest.raises(ValidationFailed):
        settings.set_cadence(archive, Cadence(parent_contact_days=2))

    def bad_months(dialog):
        dialog.months.set_value("二月")
        dialog.submit()
        return dialog.result() == 1

    window.exec_dialog = bad_months
    window.settings.edit_cadence()
    assert settings.cadence(archive).holiday_months == (2, 7, 8)


def test_the_due_rules_read_the_kind_code_not_the_word(tmp_path):
    """The 待办 rules count a 留守儿童月会 and a 集体生日 by the code stored with the record: a
    teacher's word of their own never counts by accident, a list saved before this version
    (without the built-in words) gets them back, and records keep their code whatever the
    list says."""
    import json

    from liushou_desk.db.models import CareRecord, Setting
    from liushou_desk.services import due
    from liushou_desk.services.settings import cadence

    archive = open_archive(tmp_path / "class.sqlite")
    pid = add_known_pupil(archive, "张冬月")

    def kinds_due() -> set[str]:
        return {i.kind for i in due.due_items(archive, TODAY, cadence(archive))}

    assert "class_meeting" in kinds_due()
    settings.set_pick_list(archive, "meeting_kind", ["留守儿童月会", "监护人会", "家长会", "月会"])
    mine = RecordValues(
        {"date": TODAY.isoformat(), "meeting_kind": "月会", "title": "月会"}, participants=[pid]
    )
    records.create_record(archive, "meeting", None, mine, TODAY)
    assert "class_meeting" in kinds_due()  # the teacher's own word is not the monthly meeting
    monthly = RecordValues(
        {"date": TODAY.isoformat(), "meeting_kind": "留守儿童月会", "title": "十一月月会"},
        participants=[pid],
    )
    record_id, _ = records.create_record(archive, "meeting", None, monthly, TODAY)
    assert "class_meeting" not in kinds_due()
    with archive.transaction() as s:
        stored = json.loads(s.get(CareRecord, record_id).data)
        assert stored["rule"] == "monthly_meeting"
        # a list saved by an earlier version, without the built-in words
        s.merge(Setting(key="pick:meeting_kind", value='["月会"]', updated_at=TODAY))
    assert settings.pick_lists(archive)["meeting_kind"] == (
        "月会",
        "留守儿童月会",
        "监护人会",
        "家长会",
    )
    assert "class_meeting" not in kinds_due()
    archive.close()


def test_the_rules_still_fire_after_the_teacher_renames_or_tries_to_delete_their_words(tmp_path):
    """The teacher renames 留守儿童月会 and 集体生日 in place: the 待办 rules count records of
    the new words by their code, records written under the old word keep counting and stay
    editable, deleting the word is refused with a message, and 恢复默认 brings the old
    words back."""
    import json

    from liushou_desk.db.models import CareRecord
    from liushou_desk.domain.records import COLLECTIVE_BIRTHDAY, MONTHLY_MEETING
    from liushou_desk.services import due, profile
    from liushou_desk.services.settings import cadence

    archive = open_archive(tmp_path / "class.sqlite")
    pid = add_known_pupil(archive, "张冬月")
    draft = profile.load_profile(archive, pid, TODAY).draft
    draft.birth_date = "2015-11-10"  # a birthday this month: the 集体生日 is due
    profile.save_profile(archive, pid, draft, TODAY)

    def kinds_due() -> set[str]:
        return {i.kind for i in due.due_items(archive, TODAY, cadence(archive))}

    def rule(record_id: int) -> str | None:
        with archive.transaction() as s:
            return json.loads(s.get(CareRecord, record_id).data).get("rule")

    def meeting(word: str, title: str = "月会") -> RecordValues:
        values = {"date": TODAY.isoformat(), "meeting_kind": word, "title": title}
        return RecordValues(values, participants=[pid])

    assert {"class_meeting", "birthday"} <= kinds_due()
    meetings = ["留守儿童主题班会", "监护人会", "家长会", "其他"]
    settings.set_pick_list(archive, "meeting_kind", meetings, {MONTHLY_MEETING: "留守儿童主题班会"})
    activities = [w if w != "集体生日" else "生日会" for w in PICK_LISTS["activity_kind"][1]]
    settings.set_pick_list(archive, "activity_kind", activities, {COLLECTIVE_BIRTHDAY: "生日会"})
    lists = settings.pick_lists(archive)
    assert lists["meeting_kind"] == tuple(meetings)  # the old words are not offered again
    assert lists["activity_kind"] == tuple(activities)
    assert settings.rule_words(archive)[MONTHLY_MEETING] == "留守儿童主题班会"

    with pytest.raises(ValidationFailed, match="“留守儿童主题班会”是待办提醒要用的类型，不能删除"):
        settings.set_pick_list(archive, "meeting_kind", ["监护人会", "家长会", "其他"])
    with pytest.raises(ValidationFailed, match="两种待办类型不能用同一个名称"):
        settings.set_pick_list(archive, "meeting_kind", meetings, {MONTHLY_MEETING: "家长会"})

    monthly, _ = records.create_record(archive, "meeting", None, meeting("留守儿童主题班会"), TODAY)
    assert rule(monthly) == MONTHLY_MEETING
    assert "class_meeting" not in kinds_due()
    birthday = RecordValues(
        {"date": TODAY.isoformat(), "activity_kind": "生日会", "title": "十一月生日会"},
        participants=[pid],
    )
    records.create_record(archive, "activity", None, birthday, TODAY)
    assert "birthday" not in kinds_due()

    # renamed again: the record under the middle word keeps its rule when edited
    meetings[0] = "月会"
    settings.set_pick_list(archive, "meeting_kind", meetings, {MONTHLY_MEETING: "月会"})
    records.update_record(archive, monthly, meeting("留守儿童主题班会", "十一月月会"), TODAY)
    assert rule(monthly) == MONTHLY_MEETING
    assert "class_meeting" not in kinds_due()
    records.update_record(archive, monthly, meeting("其他", "十一月月会"), TODAY)
    assert rule(monthly) is None  # the kind changed: no longer the monthly meeting
    assert "class_meeting" in kinds_due()
    built_in, _ = records.create_record(archive, "meeting", None, meeting("留守儿童月会"), TODAY)
    assert rule(built_in) == MONTHLY_MEETING  # the built-in word still means the rule

    assert settings.reset_pick_list(archive, "meeting_kind") == PICK_LISTS["meeting_kind"][1]
    assert settings.rule_words(archive)[MONTHLY_MEETING] == "留守儿童月会"
    assert settings.rule_words(archive)[COLLECTIVE_BIRTHDAY] == "生日会"  # the other list's
    archive.close()


def test_the_teacher_renames_a_rule_kind_on_its_line_and_the_due_form_offers_it(qtbot, demo_db):
    from liushou_desk.domain.records import MONTHLY_MEETING
    from liushou_desk.services.due import DueItem

    window, archive = open_window(qtbot, demo_db, ScriptedPrompts())

    def rename(dialog):
        dialog.which.setCurrentIndex(list(PICK_LISTS).index("meeting_kind"))
        lines = dialog.items.toPlainText().splitlines()
        lines[lines.index("留守儿童月会")] = "留守儿童主题班会"
        dialog.items.setPlainText("\n".join(lines))
        dialog.which.setCurrentIndex(list(PICK_LISTS).index("activity_kind"))  # and back
        dialog.which.setCurrentIndex(list(PICK_LISTS).index("meeting_kind"))
        dialog.items.setPlainText(dialog.items.toPlainText() + "\n班干部会")
        dialog.submit()
        return dialog.result() == 1

    window.exec_dialog = rename
    window.settings.edit_pick_lists()
    assert settings.rule_words(archive)[MONTHLY_MEETING] == "留守儿童主题班会"
    assert settings.pick_lists(archive)["meeting_kind"][0] == "留守儿童主题班会"

    def delete(dialog):
        dialog.which.setCurrentIndex(list(PICK_LISTS).index("meeting_kind"))
        dialog.items.setPlainText("监护人会\n家长会\n其他")
        dialog.submit()
        seen["error"] = dialog.error.text()
        return dialog.result() == 1

    seen: dict[str, object] = {}
    window.exec_dialog = delete
    window.settings.edit_pick_lists()
    assert "“留守儿童主题班会”是待办提醒要用的类型，不能删除" in str(seen["error"])

    def look(dialog):
        seen["kind"] = dialog.fields["meeting_kind"].value()
        return False

    window.exec_dialog = look
    item = next(i for i in window.due_tab.items if i.kind == "class_meeting")
    assert isinstance(item, DueItem)
    window.records.open_due_item(item)
    assert seen["kind"] == "留守儿童主题班会"
