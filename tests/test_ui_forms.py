"""打印 → 登记表（附件1）/ 统计表（附件3） in the window, driven like a teacher: the empty cells
listed child by child before anything is made, 先去补填 opening the child's 五个清楚, one
child from the roster's right-click, the PDF in the preview, the Excel written, the checks of
附件3 shown first."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from liushou_desk.db.schema import open_archive
from liushou_desk.ui.form1_dialog import Form1Dialog
from liushou_desk.ui.form3_dialog import Form3Dialog
from liushou_desk.ui.pdf_preview import PdfPreviewDialog

from .ui_helpers import ScriptedPrompts, add_known_pupil, open_window


def _menu_texts(window) -> list[str]:  # type: ignore[no-untyped-def]
    menu = next(a.menu() for a in window.menuBar().actions() if a.text().startswith("打印"))
    return [a.text() for a in menu.actions()]


def _drive(window, answer):  # type: ignore[no-untyped-def]
    """window.exec_dialog answering with ``answer(dialog)``; the dialogs seen are kept."""
    seen: list[object] = []

    def run(dialog):  # type: ignore[no-untyped-def]
        seen.append(dialog)
        return answer(dialog)

    window.exec_dialog = run
    return seen


def test_the_print_menu_offers_both_forms(qtbot, demo_db: Path) -> None:
    window, _ = open_window(qtbot, demo_db)
    texts = _menu_texts(window)
    assert "打印登记表（附件1）…" in texts and "打印统计表（附件3）…" in texts


def test_form1_lists_the_empty_cells_then_prints_to_the_preview(qtbot, demo_db: Path) -> None:
    window, _ = open_window(qtbot, demo_db)

    def answer(dialog):  # type: ignore[no-untyped-def]
        if isinstance(dialog, Form1Dialog):
            assert dialog.table.isVisibleTo(dialog)
            assert dialog.table.rowCount() == len(dialog.rows) > 1  # a line a child
            listed = {
                (dialog.table.item(r, 0).text(), f)
                for r in range(dialog.table.rowCount())
                for f in dialog.table.item(r, 1).text().split("、")
            }
            assert {(c.name, c.field) for c in dialog.missing} == listed  # none left out
            assert dialog.make_button.text() == "照样生成（空格留白）"
            return True
        return False  # the preview: closed

    seen = _drive(window, answer)
    window._c.forms.print_form1()
    qtbot.waitUntil(lambda: any(isinstance(d, PdfPreviewDialog) for d in seen), timeout=30000)
    preview = next(d for d in seen if isinstance(d, PdfPreviewDialog))
    assert "登记表（附件1）" in preview.windowTitle()
    left_behind = [r for r in window.roster_tab.model.all_rows if r.is_active and r.is_left_behind]
    assert preview.pages_label.text() == f"共 {len(left_behind)} 页"  # a page per child


def test_fill_first_opens_the_childs_profile(qtbot, demo_db: Path) -> None:
    window, _ = open_window(qtbot, demo_db)
    chosen: list[int] = []

    def answer(dialog):  # type: ignore[no-untyped-def]
        chosen.append(dialog.rows[1])
        dialog.table.cellDoubleClicked.emit(1, 0)  # the second child's line
        return False

    _drive(window, answer)
    window._c.forms.print_form1()
    assert window.profile_tab.pupil_id == chosen[0]
    assert window.tabs.currentWidget() is window.profile_slot


def test_the_roster_right_click_prints_that_child_alone(qtbot, demo_db: Path) -> None:
    archive = open_archive(demo_db)
    pid = add_known_pupil(archive, "覃𬌗")
    archive.close()
    window, _ = open_window(qtbot, demo_db)
    window.roster_tab.select_pupil(pid)
    actions = dict(window.roster_tab.context_actions())
    assert "打印登记表（附件1）…" in actions
    scopes: list[tuple[int, ...] | None] = []

    def answer(dialog):  # type: ignore[no-untyped-def]
        if isinstance(dialog, Form1Dialog):
            scopes.append(dialog.pupil_ids())
            assert dialog.scope().label == "只打印 覃𬌗"
            return True
        return False

    seen = _drive(window, answer)
    actions["打印登记表（附件1）…"]()
    qtbot.waitUntil(lambda: any(isinstance(d, PdfPreviewDialog) for d in seen), timeout=30000)
    assert scopes == [(pid,)]


def test_form1_as_excel_for_the_ticked_children(qtbot, demo_db: Path, tmp_path: Path) -> None:
    prompts = ScriptedPrompts()
    out = tmp_path / "附件1.xlsx"
    prompts.save_xlsx = lambda parent, suggested: out  # type: ignore[method-assign]
    window, _ = open_window(qtbot, demo_db, prompts)

    def answer(dialog):  # type: ignore[no-untyped-def]
        pick = next(b for b in dialog.scope_group.buttons() if b.text() == "勾选部分儿童")
        pick.click()
        assert dialog.picker_area.isVisibleTo(dialog)
        assert all("（留守）" not in b.text() for b in dialog.picker.boxes)  # all of them are
        dialog.picker.nobody_button.click()
        assert not dialog.make_button.isEnabled()  # nobody ticked: nothing to make
        dialog.picker.boxes[0].click()
        dialog.picker.boxes[1].click()
        dialog.xlsx_button.click()
        return True

    _drive(window, answer)
    window._c.forms.print_form1()
    qtbot.waitUntil(lambda: bool(prompts.saved_shown), timeout=30000)
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert len(rows) == 3 and rows[0][0] == "姓名"
    assert any("登记表（附件1）已导出，2 名儿童" in i for i in prompts.infos)


def test_form3_shows_its_checks_first_then_the_preview(qtbot, demo_db: Path) -> None:
    archive = open_archive(demo_db)
    add_known_pupil(archive, "覃𬌗")  # 就学情况, 监护类型 … not filled in
    archive.close()
    window, _ = open_window(qtbot, demo_db)

    def answer(dialog):  # type: ignore[no-untyped-def]
        if isinstance(dialog, Form3Dialog):
            assert dialog.list.count() == len(dialog.problems)
            assert any(p.startswith("覃𬌗 · ") for p in dialog.problems)
            assert dialog.make_button.text() == "照样生成"
            return True
        return False

    seen = _drive(window, answer)
    window._c.forms.print_form3()
    qtbot.waitUntil(lambda: any(isinstance(d, PdfPreviewDialog) for d in seen), timeout=30000)
    assert any(
        "统计表（附件3）" in d.windowTitle() for d in seen if isinstance(d, PdfPreviewDialog)
    )


def test_sixty_children_to_tick_still_fit_a_1366x768_screen(qtbot, demo_db: Path) -> None:
    from dataclasses import replace

    from liushou_desk.ui.form1_dialog import Scope

    window, _ = open_window(qtbot, demo_db)
    some = [r for r in window.roster_tab.model.all_rows if r.is_left_behind]
    rows = [replace(some[i % len(some)], id=1000 + i, name=f"学生{i:02d}") for i in range(60)]
    scopes = [Scope("全班留守儿童（60 人）", None), Scope("勾选部分儿童", (), pick=True)]
    dialog = Form1Dialog(scopes, lambda ids: [], rows, 1, window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.picker_area.isVisible()
    assert dialog.height() <= 700 and dialog.width() <= 1000  # its buttons on the screen
    assert dialog.picker_area.height() < dialog.picker.sizeHint().height()  # scrolls instead
