"""批量填写父母外出情况 in the window: opened from the 档案 menu and from the 待办 line for the
pupils 待认定; the 认定结果 follows each edit; a bad date names the child and the field and
nothing is written; 保存 goes through the runner (one step to undo) and the roster follows; the
roster's 显示 filter has 待认定."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QLineEdit

from liushou_desk.db.engine import Archive
from liushou_desk.db.schema import open_archive
from liushou_desk.services import profile, roster
from liushou_desk.ui.family_grid_dialog import COLUMNS, FamilyGridDialog
from liushou_desk.ui.roster_model import RosterFilter

from .conftest import TODAY
from .ui_helpers import ScriptedPrompts, open_window

MENU_TEXT = "批量填写父母外出情况…"


def make_unknown(db: Path, count: int = 3) -> list[tuple[int, str]]:
    """The first ``count`` pupils of the demo class with their parents' situation cleared."""
    archive: Archive = open_archive(db)
    try:
        rows = [r for r in roster.list_roster(archive, TODAY) if r.is_active][:count]
        for r in rows:
            draft = profile.load_profile(archive, r.id, TODAY).draft
            for parent in (draft.father, draft.mother):
                parent.situation = parent.away_since = ""
                parent.work_province = parent.work_city = ""
            profile.save_profile(archive, r.id, draft, TODAY)
        return [(r.id, r.name) for r in rows]
    finally:
        archive.close()


def menu_action(window, text: str):  # type: ignore[no-untyped-def]
    for menu_act in window.menuBar().actions():
        for act in menu_act.menu().actions():
            if act.text() == text:
                return act
    raise AssertionError(f"no menu item {text}")


def kind_in_roster(window, pupil_id: int) -> str:  # type: ignore[no-untyped-def]
    row = window.roster_tab.model.find(pupil_id)
    assert row is not None
    return row.kind


def column(title: str) -> int:
    return next(i for i, c in enumerate(COLUMNS) if c.title == title)


def test_fill_the_families_from_the_menu(qtbot, demo_db: Path) -> None:  # type: ignore[no-untyped-def]
    unknown = make_unknown(demo_db)
    (first_id, first), (second_id, second), _ = unknown
    window, archive = open_window(qtbot, demo_db, ScriptedPrompts())
    try:
        assert kind_in_roster(window, first_id) == "待认定"
        seen: dict[str, object] = {}

        def drive(dialog: QDialog) -> bool:
            assert isinstance(dialog, FamilyGridDialog)
            dialog.show()
            qtbot.waitExposed(dialog)
            assert dialog.only_unknown.isChecked()
            assert sorted(dialog.visible_names()) == sorted(n for _, n in unknown)
            dialog.only_unknown.setChecked(False)
            names = dialog.visible_names()
            assert len(names) == sum(r.is_active for r in window.roster_tab.model.all_rows)
            assert sorted(names[:3]) == sorted(n for _, n in unknown)  # 待认定 first
            dialog.only_unknown.setChecked(True)
            assert dialog.result_of(first).startswith("待认定")

            # the father's 现状 chosen from the list, in the grid itself
            table, model = dialog.table, dialog.model
            row = dialog.row_of_pupil(first_id)
            index = model.index(row, column("父亲现状"))
            table.setCurrentIndex(index)  # one click: the cell is being edited
            combo = table.indexWidget(index)
            assert isinstance(combo, QComboBox)
            combo.setCurrentIndex(combo.findText("外出务工"))
            combo.activated.emit(combo.currentIndex())
            assert dialog.result_of(first).startswith("待认定：母亲现状未填")

            # the mother's 外出时间 typed: the result follows each keystroke
            dialog.set_cell(first, "母亲现状", "外出务工")
            index = model.index(row, column("母亲外出时间"))
            table.setCurrentIndex(index)
            line = table.indexWidget(index)
            assert isinstance(line, QLineEdit)
            qtbot.keyClicks(line, "2026-10")
            assert dialog.result_of(first).startswith("非留守：外出不满3个月")
            line.clear()
            qtbot.keyClicks(line, "2024-03")
            assert dialog.result_of(first).startswith("父母均外出")
            dialog.set_cell(first, "父亲务工地", "广东省东莞市")
            seen["result"] = dialog.result_of(first)

            # a bad date for another child: named with the field, nothing saved
            dialog.set_cell(second, "父亲现状", "外出务工")
            dialog.set_cell(second, "父亲外出时间", "2099-01-01")
            assert "日期不能晚于今天" in dialog.result_of(second)
            dialog.save()
            assert dialog.result() != QDialog.DialogCode.Accepted
            assert dialog.problem_label.isVisible()
            assert f"{second}（父亲外出时间）：日期不能晚于今天" in dialog.problem_label.text()
            bad = model.index(dialog.row_of_pupil(second_id), column("父亲外出时间"))
            assert model.data(bad, Qt.ItemDataRole.ToolTipRole) == "日期不能晚于今天"

            dialog.set_cell(second, "父亲外出时间", "2025年3月")
            dialog.save()
            assert dialog.result() == QDialog.DialogCode.Accepted
            assert {r.pupil_id for r in dialog.edited_rows()} == {first_id, second_id}
            return True

        window.exec_dialog = drive  # type: ignore[method-assign]
        menu_action(window, MENU_TEXT).trigger()
        window.runner.wait_idle()
        assert seen["result"] == "父母均外出：父母均外出务工满3个月"

        assert kind_in_roster(window, first_id) == "父母均外出"
        assert kind_in_roster(window, second_id) == "待认定"  # the mother still unknown
        assert "批量填写父母外出情况" in window.undo_action.text()
        draft = profile.load_profile(archive, first_id, TODAY).draft
        assert (draft.father.work_province, draft.father.work_city) == ("广东省", "东莞市")
        assert draft.mother.away_since == "2024-03-01"

        # the roster's 显示 filter
        tab = window.roster_tab
        tab.filter.setCurrentIndex(list(RosterFilter).index(RosterFilter.UNKNOWN))
        assert tab.filter.currentText() == "待认定"
        assert sorted(tab.visible_names()) == sorted(n for i, n in unknown if i != first_id)

        window.undo_action.trigger()  # one step takes both pupils back
        assert kind_in_roster(window, first_id) == "待认定"
        assert profile.load_profile(archive, second_id, TODAY).draft.father.situation == ""
    finally:
        window.close()
        archive.close()


def test_the_due_item_opens_the_grid(qtbot, demo_db: Path) -> None:  # type: ignore[no-untyped-def]
    unknown = make_unknown(demo_db, 2)
    window, archive = open_window(qtbot, demo_db, ScriptedPrompts())
    try:
        due = window.due_tab
        due.refresh()
        assert due.visible_details()[0] == ("全班", "family_unknown", False)
        assert due.model.text(0, 3) == "2 名学生还没填父母外出情况"
        assert due.model.text(0, 1) == "填写父母外出情况"
        opened: list[FamilyGridDialog] = []

        def fill(dialog: QDialog) -> bool:
            assert isinstance(dialog, FamilyGridDialog)
            opened.append(dialog)
            for _, name in unknown:
                for who in ("父亲", "母亲"):
                    dialog.set_cell(name, f"{who}现状", "在家")
            dialog.save()
            return dialog.result() == QDialog.DialogCode.Accepted

        window.exec_dialog = fill  # type: ignore[method-assign]
        due.table.doubleClicked.emit(due.model.index(0, 0))
        window.runner.wait_idle()
        assert len(opened) == 1 and sorted(opened[0].visible_names()) == sorted(
            n for _, n in unknown
        )
        assert all(kind_in_roster(window, pid) == "非留守" for pid, _ in unknown)
        assert all(kind != "family_unknown" for _, kind, _ in due.visible_details())
    finally:
        window.close()
        archive.close()


def test_cancel_writes_nothing_and_unchanged_rows_are_not_saved(qtbot, demo_db: Path) -> None:  # type: ignore[no-untyped-def]
    (pid, name), *_ = make_unknown(demo_db, 1)
    prompts = ScriptedPrompts()
    window, archive = open_window(qtbot, demo_db, prompts)
    try:

        def cancel(dialog: QDialog) -> bool:
            assert isinstance(dialog, FamilyGridDialog)
            dialog.set_cell(name, "父亲现状", "外出务工")
            prompts.confirm_answer = False
            dialog.reject()  # she is asked, and keeps editing
            assert dialog.edited_rows()
            prompts.confirm_answer = True
            dialog.reject()
            return False

        window.exec_dialog = cancel  # type: ignore[method-assign]
        menu_action(window, MENU_TEXT).trigger()
        window.runner.wait_idle()
        assert prompts.confirmed == ["放弃这次填写的内容吗？"] * 2
        assert kind_in_roster(window, pid) == "待认定"
        assert window.undo_action.text() == "撤销"

        window.exec_dialog = lambda dialog: True  # type: ignore[method-assign]
        menu_action(window, MENU_TEXT).trigger()
        window.runner.wait_idle()
        assert window.undo_action.text() == "撤销"  # nothing was changed: no step
        assert window.statusBar().currentMessage() == "没有需要保存的修改"
    finally:
        window.close()
        archive.close()


def test_a_save_refused_by_the_archive_opens_the_grid_again_with_her_rows(
    qtbot, demo_db: Path
) -> None:  # type: ignore[no-untyped-def]
    (gone_id, gone), (kept_id, kept) = make_unknown(demo_db, 2)
    prompts = ScriptedPrompts()
    window, archive = open_window(qtbot, demo_db, prompts)
    try:
        shown: list[FamilyGridDialog] = []

        def type_then_lose_a_pupil(dialog: QDialog) -> bool:
            assert isinstance(dialog, FamilyGridDialog)
            shown.append(dialog)
            if len(shown) > 1:
                return False  # she looks at her rows again, then cancels
            for name in (gone, kept):
                dialog.set_cell(name, "父亲现状", "在家")
                dialog.set_cell(name, "母亲现状", "在家")
            roster.delete_pupil(archive, gone_id)  # meanwhile, elsewhere
            dialog.save()
            return True

        window.exec_dialog = type_then_lose_a_pupil  # type: ignore[method-assign]
        menu_action(window, MENU_TEXT).trigger()
        window.runner.wait_idle()
        assert prompts.errors == ["父母外出情况没有保存，档案保持原样。"]
        assert len(shown) == 2
        again = {r.pupil_id: r for r in shown[1].edited_rows()}
        assert set(again) == {kept_id}  # the pupil gone is no longer in the grid
        assert again[kept_id].father.situation == "在家"
        assert profile.load_profile(archive, kept_id, TODAY).draft.father.situation == ""
    finally:
        window.close()
        archive.close()
