"""导入名册 as a use case: the outcome names every pupil written, one message, and one undo step
takes the whole import back (new pupils to the 回收站, updated pupils as they were) — and redo
brings it again. Written in the same way as 新增学生 (the 建档 line, the first 留守 status)."""

from __future__ import annotations

from liushou_desk.db.schema import open_archive
from liushou_desk.domain.idcard import check_digit
from liushou_desk.domain.profile import ProfileDraft
from liushou_desk.ops import importing
from liushou_desk.ops.undo import UndoHistory
from liushou_desk.services import audit, profile, roster
from liushou_desk.services.changes import list_changes

from .conftest import TODAY


def _id(birth: str, seq: str) -> str:
    first = "511725" + birth + seq
    return first + check_digit(first)


ZDY = _id("20150308", "122")


def test_an_import_is_announced_once_and_undone_as_one_step(tmp_path):
    archive = open_archive(tmp_path / "class.sqlite")
    try:
        kept = roster.add_pupil(
            archive, ProfileDraft(name="张冬月", sex="女", id_number=ZDY), TODAY
        )[0]
        source = tmp_path / "名册.csv"
        source.write_text(
            f"姓名,性别,身份证号,父亲电话,父亲务工地,是否留守\n"
            f"张冬月,女,{ZDY},13812348000,广东东莞,\n"
            "王喆,男,,,,\n"
            "李小雨,女,,13912345678,,是\n",
            encoding="utf-8",
        )
        plan = importing.plan(archive, source, TODAY)
        assert len(plan.added) == 2 and len(plan.updated) == 1
        outcome = importing.apply(archive, plan, TODAY)

        names = {r.name: r for r in roster.list_roster(archive, TODAY)}
        assert set(names) == {"张冬月", "王喆", "李小雨"}
        assert outcome.changed.pupil_ids == {names[n].id for n in names}
        assert outcome.changed.message == "已从名册导入：新增 2 名，更新 1 名学生"
        assert names["李小雨"].is_left_behind
        assert not names["王喆"].is_left_behind
        created = [c for c in list_changes(archive, names["王喆"].id) if c.label == "建立档案"]
        assert created and "从名册导入" in created[0].note

        history = UndoHistory()
        assert outcome.undo is not None
        history.push(outcome.undo)
        logged = len(audit.entries(archive))
        back = history.undo()
        assert back.roster and back.pupil_ids == outcome.changed.pupil_ids
        assert [r.name for r in roster.list_roster(archive, TODAY)] == ["张冬月"]
        assert {p.name for p in roster.list_deleted(archive)} == {"王喆", "李小雨"}
        binned = [c for c in list_changes(archive, names["王喆"].id) if c.kind == "回收站"]
        assert [(c.label, c.note) for c in binned] == [("移入回收站", "撤销导入名册")]
        # the new pupils went as they came: in one 操作日志 entry, by number
        newest = audit.entries(archive)[: len(audit.entries(archive)) - logged]
        moved = [e for e in newest if e.target == "导入名册新增的 2 名学生"]
        assert len(moved) == 1 and "撤销导入名册" in moved[0].detail
        assert f"学生#{names['王喆'].id}" in moved[0].detail and "王喆" not in moved[0].detail
        assert profile.load_profile(archive, kept, TODAY).draft.father.phone == ""
        kept_now = profile.load_profile(archive, kept, TODAY).draft
        assert kept_now.father.phone == "" and kept_now.father.work_city == ""

        history.redo()
        names = {r.name: r for r in roster.list_roster(archive, TODAY)}
        assert set(names) == {"张冬月", "王喆", "李小雨"}
        assert roster.list_deleted(archive) == []
        assert [c.label for c in list_changes(archive, names["李小雨"].id) if c.kind == "回收站"][
            -1:
        ] == ["从回收站恢复"]
        assert audit.verify(archive).ok
        again = profile.load_profile(archive, kept, TODAY).draft
        assert again.father.phone == "13812348000" and again.father.work_city == "广东东莞"
        assert names["李小雨"].is_left_behind
    finally:
        archive.close()


def test_nothing_to_write_leaves_nothing_to_undo(tmp_path):
    archive = open_archive(tmp_path / "class.sqlite")
    try:
        source = tmp_path / "名册.csv"
        source.write_text("姓名,出生日期\n,2015-03-08\n", encoding="utf-8")
        outcome = importing.apply(archive, importing.plan(archive, source, TODAY), TODAY)
        assert outcome.undo is None and outcome.value.written == 0
        assert roster.list_roster(archive, TODAY) == []
    finally:
        archive.close()


def test_many_updated_pupils_are_written_and_taken_back_in_one_step(tmp_path):
    """A second roster that changes 40 pupils (a father's phone, a new guardian): each change in
    the pupil's history and the 操作日志 as 保存档案 writes it, one undo step puts every profile
    back as it was, redo brings the file's again, and the log still checks out."""
    archive = open_archive(tmp_path / "class.sqlite")
    try:
        first, second = tmp_path / "一.csv", tmp_path / "二.csv"
        header = "姓名,性别,出生日期,父亲电话,监护人,与学生关系\n"
        first.write_text(
            header + "".join(f"学生{i:02d},男,2015-03-{i % 28 + 1:02d},,,\n" for i in range(40)),
            encoding="utf-8",
        )
        second.write_text(
            header
            + "".join(
                f"学生{i:02d},男,2015-03-{i % 28 + 1:02d},1381234{i:04d},王桂英,奶奶\n"
                for i in range(40)
            ),
            encoding="utf-8",
        )
        importing.apply(archive, importing.plan(archive, first, TODAY), TODAY)
        ids = {r.name: r.id for r in roster.list_roster(archive, TODAY)}
        before = {pid: profile.load_profile(archive, pid, TODAY).draft for pid in ids.values()}
        outcome = importing.apply(archive, importing.plan(archive, second, TODAY), TODAY)
        assert len(outcome.value.after) == 40 and not outcome.value.added
        pid = ids["学生07"]
        after = profile.load_profile(archive, pid, TODAY).draft
        assert after.father.phone == "13812340007"
        assert [(g.relation, g.name) for g in after.guardians] == [("祖母", "王桂英")]
        labels = [c.label for c in list_changes(archive, pid)]
        assert "父亲电话" in labels and "新增监护人" in labels
        assert any(e.target == f"学生#{pid}" for e in audit.entries(archive))

        assert outcome.undo is not None
        outcome.undo.undo()
        for key, draft in before.items():
            now = profile.load_profile(archive, key, TODAY).draft
            assert (now.father.phone, now.guardians) == (draft.father.phone, draft.guardians)
        outcome.undo.redo()
        again = profile.load_profile(archive, pid, TODAY).draft
        assert again.father.phone == "13812340007" and len(again.guardians) == 1
        assert audit.verify(archive).ok
    finally:
        archive.close()
