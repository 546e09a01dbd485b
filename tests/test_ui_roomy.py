"""Nothing cramped or clipped on a 1366×768 screen: a meeting's 参加的学生 shows the whole class
at once (no scroll box inside a scroll box), the recycle bin names the child first, the import
preview's headers are whole, a tick box says its label once, and a button with a menu leaves room
for its arrow beside its words."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QCheckBox,
    QLabel,
    QPushButton,
    QStyle,
    QToolButton,
)

from liushou_desk.domain.records import KINDS, RecordValues
from liushou_desk.services import records, roster
from liushou_desk.ui.import_dialog import ImportDialog
from liushou_desk.ui.record_dialog import RecordDialog
from liushou_desk.ui.recycle_bin_dialog import RecycleBinDialog

from .conftest import TODAY
from .ui_helpers import open_window

SCREEN = (1366, 728)  # 1366×768 less a taskbar


def _class_form(window, key: str) -> RecordDialog:  # type: ignore[no-untyped-def]
    rows = [r for r in window.roster_rows() if r.is_active]
    return RecordDialog(
        window.archive, KINDS[key], lambda: TODAY, window.prompts, roster_rows=rows, parent=window
    )


def _inside(dialog, widget) -> bool:  # type: ignore[no-untyped-def]
    """``widget`` shown whole: inside the dialog and inside the form's scroll box as it is."""
    top_left = widget.mapTo(dialog, QPoint(0, 0))
    where = QRect(top_left, widget.size())
    viewport = dialog.scroller.viewport()
    seen = QRect(viewport.mapTo(dialog, QPoint(0, 0)), viewport.size())
    return (
        dialog.rect().contains(where)
        and seen.contains(where)
        and widget.visibleRegion().boundingRect().size() == widget.size()
    )


def test_a_meeting_shows_every_child_of_the_class_at_once(qtbot, demo_db) -> None:  # type: ignore[no-untyped-def]
    window, _archive = open_window(qtbot, demo_db)
    for key in ("meeting", "activity"):
        dialog = _class_form(window, key)
        qtbot.addWidget(dialog)
        picker = dialog.picker
        assert picker is not None and len(picker.boxes) >= 40
        assert picker.findChildren(QAbstractScrollArea) == []  # no scroll box of its own
        for size in ((dialog.sizeHint().width(), dialog.sizeHint().height()), SCREEN):
            assert size[0] <= SCREEN[0] and size[1] <= SCREEN[1]  # opens within the screen
            dialog.resize(*size)
            dialog.show()
            qtbot.waitExposed(dialog)
            assert dialog.scroller.verticalScrollBar().maximum() == 0  # nothing to scroll to
            hidden = [b.text() for b in picker.boxes if not _inside(dialog, b)]
            assert hidden == []
        dialog.close()


def test_the_class_list_is_in_pinyin_order_with_quick_choices(qtbot, demo_db) -> None:  # type: ignore[no-untyped-def]
    window, _archive = open_window(qtbot, demo_db)
    dialog = _class_form(window, "meeting")
    qtbot.addWidget(dialog)
    dialog.show()
    picker = dialog.picker
    assert picker is not None
    keys = [r.pinyin for r in picker.rows]
    assert keys == sorted(keys)
    columns = {b.x() for b in picker.boxes}
    assert 4 <= len(columns) <= 6  # a grid of names, not one long list
    rows = [r for r in window.roster_rows() if r.is_active]
    picker.left_behind_button.click()
    assert set(picker.ids()) == {r.id for r in rows if r.is_left_behind}
    assert picker.count.text().startswith(f"已选 {sum(r.is_left_behind for r in rows)} 人")
    picker.everyone_button.click()
    assert set(picker.ids()) == {r.id for r in rows}
    picker.nobody_button.click()
    assert picker.ids() == []


def test_the_recycle_bin_names_the_child_first_and_fits_the_screen(qtbot, demo_db) -> None:  # type: ignore[no-untyped-def]
    window, archive = open_window(qtbot, demo_db)
    rows = [r for r in window.roster_rows() if r.is_active]
    rid, _ = records.create_record(
        archive,
        "talk",
        rows[0].id,
        RecordValues({"date": "2026-11-20", "teacher": "王丽华", "topic": "想念妈妈，" * 40}),
        TODAY,
    )
    records.set_deleted(archive, rid, True)
    roster.delete_pupil(archive, rows[1].id, "重复录入")
    dialog = RecycleBinDialog(archive, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    table = dialog.table
    assert table.horizontalHeaderItem(0).text() == "学生"
    assert dialog.width() <= SCREEN[0] and dialog.height() <= SCREEN[1]
    names = {table.item(i, 0).text() for i in range(table.rowCount())}
    assert names >= {rows[0].name, rows[1].name}
    assert table.horizontalScrollBar().maximum() == 0  # every column in view, the long text "…"
    assert table.columnViewportPosition(0) == 0
    header = table.horizontalHeader()
    for c in range(table.columnCount()):
        assert header.sectionSize(c) >= header.sectionSizeHint(c)


def test_the_import_preview_shows_every_header_whole(qtbot, demo_db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from liushou_desk.ops import importing

    window, archive = open_window(qtbot, demo_db)
    source = tmp_path / "学生名单.csv"
    note = "待认定，请补填父母外出情况" * 5
    source.write_text(
        "姓名,性别,出生日期,民族,家庭住址,父亲姓名,父亲电话,母亲姓名,母亲电话,监护人姓名,备注\n"
        f"李子涵,男,2015-04-02,汉族,四川省达州市渠县青山镇石桥村1组,李建国,13812345678,"
        f"王秀英,,李德明,{note}\n",
        encoding="utf-8",
    )
    plan = importing.plan(archive, source, TODAY)
    dialog = ImportDialog(plan, source.name, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.width() <= SCREEN[0] and dialog.height() <= SCREEN[1]
    for table in (dialog.added, dialog.updated, dialog.problems):
        header = table.horizontalHeader()
        metrics = header.fontMetrics()
        for c in range(table.columnCount()):
            words = table.horizontalHeaderItem(c).text()
            assert header.sectionSize(c) >= header.sectionSizeHint(c), words
            assert header.sectionSize(c) >= metrics.horizontalAdvance(words) + 8, words


def test_a_tick_box_says_its_label_once(qtbot, demo_db) -> None:  # type: ignore[no-untyped-def]
    window, _archive = open_window(qtbot, demo_db)
    pupil = next(r for r in window.roster_rows() if r.is_active)
    dialog = RecordDialog(
        window.archive, KINDS["contact"], date.today, window.prompts, pupil=pupil, parent=window
    )
    qtbot.addWidget(dialog)
    dialog.show()
    for words in ("重要事项", "已告知父母"):
        said = [
            w.text()
            for w in dialog.findChildren(QLabel) + dialog.findChildren(QCheckBox)
            if words in w.text() and w.isVisible()
        ]
        assert said == [words]


def _menu_buttons(window) -> set[QAbstractButton]:  # type: ignore[no-untyped-def]
    found: set[QAbstractButton] = set()
    for root in (window, window.growth_tab, window.profile_tab, window.roster_tab):
        for cls in (QPushButton, QToolButton):
            found |= {b for b in root.findChildren(cls) if b.menu() is not None and b.text()}
    return found


def test_a_button_with_a_menu_has_room_for_its_arrow(qtbot, demo_db) -> None:  # type: ignore[no-untyped-def]
    window, _archive = open_window(qtbot, demo_db)
    window.select_pupil(next(r for r in window.roster_rows() if r.is_active).id)
    buttons = _menu_buttons(window)
    assert {window.growth_tab.add_button, window.profile_tab.tags_button} <= buttons
    for b in buttons:
        arrow = b.style().pixelMetric(QStyle.PixelMetric.PM_MenuButtonIndicator, None, b)
        need = b.fontMetrics().horizontalAdvance(b.text()) + arrow
        assert b.sizeHint().width() >= need, b.text()
        if isinstance(b, QToolButton):  # a tool button draws its arrow over the text
            assert b.popupMode() != QToolButton.ToolButtonPopupMode.InstantPopup, b.text()
