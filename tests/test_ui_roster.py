"""The 班级名册 tab driven like a teacher: search as you type, filters, leaving the class."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from liushou_desk.services import roster
from liushou_desk.ui.roster_model import COLUMNS, RosterFilter, RosterTableModel

from .conftest import TODAY
from .ui_helpers import add_known_pupil, open_window


def test_roster_shows_the_class_with_counts(qtbot, demo_db):
    window, archive = open_window(qtbot, demo_db)
    rows = roster.list_roster(archive, TODAY)
    active = [r for r in rows if r.is_active]
    tab = window.roster_tab
    assert tab.model.rowCount() == len(active)
    headers = [tab.model.headerData(i, Qt.Orientation.Horizontal) for i in range(len(COLUMNS))]
    assert headers[:6] == ["姓名", "性别", "年龄", "留守类型", "监护人", "监护人电话"]
    left_behind = sum(1 for r in active if r.is_left_behind)
    assert tab.count_label.text() == f"在读 {len(active)} 人，其中留守儿童 {left_behind} 人"
    assert window.windowTitle().startswith("留守儿童关爱档案 — ")
    assert window.term_label.text() == "当前学期：2026—2027学年第一学期"


def test_search_by_initials_pinyin_and_name(qtbot, demo_db):
    from liushou_desk.db.schema import open_archive

    archive = open_archive(demo_db)
    add_known_pupil(archive, "张冬月")
    add_known_pupil(archive, "张犇")
    archive.close()
    window, _ = open_window(qtbot, demo_db)
    tab = window.roster_tab

    qtbot.keyClicks(tab.search, "zdy")
    assert "张冬月" in tab.visible_names()
    assert all(n.startswith("张") or "冬" in n for n in tab.visible_names())

    tab.search.clear()
    qtbot.keyClicks(tab.search, "zhang")
    names = tab.visible_names()
    everyone = [r.name for r in tab.model.rows if r.is_active and r.name.startswith("张")]
    assert set(everyone) <= set(names)
    assert {"张冬月", "张犇"} <= set(names)

    tab.search.clear()
    tab.search.insert("犇")  # typed through an input method: QTest can only type ASCII
    shown = tab.visible_names()
    assert "张犇" in shown and all("犇" in n for n in shown)
    assert f"当前显示 {len(shown)} 人" in tab.count_label.text()

    tab.search.clear()
    qtbot.keyClicks(tab.search, "xyzxyz")
    assert tab.visible_names() == []


def test_filter_left_behind_and_sorting(qtbot, demo_db):
    window, _ = open_window(qtbot, demo_db)
    tab = window.roster_tab
    tab.filter.setCurrentIndex(list(RosterFilter).index(RosterFilter.LEFT_BEHIND))
    kinds = {tab.model.index(r, 3).data() for r in range(tab.model.rowCount())}
    assert kinds and "非留守" not in kinds
    # click the 年龄 header twice: descending, the first row is the oldest
    header = tab.table.horizontalHeader()
    qtbot.mouseClick(
        header.viewport(),
        Qt.MouseButton.LeftButton,
        pos=header.rect().topLeft() + QPoint(header.sectionPosition(2) + 10, 5),
    )
    qtbot.mouseClick(
        header.viewport(),
        Qt.MouseButton.LeftButton,
        pos=header.rect().topLeft() + QPoint(header.sectionPosition(2) + 10, 5),
    )
    ages = [int(tab.model.index(r, 2).data() or -1) for r in range(tab.model.rowCount())]
    assert ages == sorted(ages, reverse=True) and ages[0] > ages[-1]
    # sorted by name: pinyin order, surnames kept together
    tab.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    pinyins = [r.pinyin for r in tab.model.rows]
    assert pinyins == sorted(pinyins)


def test_transfer_out_keeps_the_pupil_under_left_class(qtbot, demo_db):
    window, archive = open_window(qtbot, demo_db)
    tab = window.roster_tab
    first = tab.model.rows[0]
    window.select_pupil(first.id)

    def fill_and_accept(dialog):
        dialog.status.set_value("转出")
        dialog.on.set_value("2026-11-20")
        dialog.note.set_value("随父母转学至广东省东莞市")
        dialog.submit()
        return dialog.result() == 1

    window.exec_dialog = fill_and_accept
    qtbot.mouseClick(tab.enrolment_button, Qt.MouseButton.LeftButton)
    assert first.name not in tab.visible_names()
    tab.filter.setCurrentIndex(list(RosterFilter).index(RosterFilter.LEFT_CLASS))
    assert first.name in tab.visible_names()
    row = next(r for r in roster.list_roster(archive, TODAY) if r.id == first.id)
    assert row.enrolment == "转出"
    assert "2026-11-20 转出" in row.flags


def test_transfer_with_future_date_is_refused_at_the_field(qtbot, demo_db):
    window, archive = open_window(qtbot, demo_db)
    pid = window.roster_tab.model.rows[0].id
    window.select_pupil(pid)
    seen = {}

    def fill(dialog):
        dialog.status.set_value("转出")
        dialog.on.set_value("2099-01-01")
        dialog.submit()
        seen["error"] = dialog.on.error
        return False

    window.exec_dialog = fill
    window.pupils.change_enrolment(pid)
    assert seen["error"] == "日期不能晚于今天"
    assert next(r for r in roster.list_roster(archive, TODAY) if r.id == pid).is_active


def test_model_without_a_window(qtbot, demo_db):
    from liushou_desk.db.schema import open_archive

    archive = open_archive(demo_db)
    rows = roster.list_roster(archive, TODAY)
    model = RosterTableModel()
    model.set_rows(rows)
    assert model.rowCount() == sum(1 for r in rows if r.is_active)
    assert model.columnCount() == len(COLUMNS)
    model.set_filter(RosterFilter.EVERYONE)
    assert model.rowCount() == len(rows)
    model.set_filter(RosterFilter.LEFT_CLASS)
    assert [r.enrolment for r in model.rows] == ["转出"]
    model.set_filter(RosterFilter.EVERYONE)
    model.set_query(rows[0].name)
    assert rows[0].name in [r.name for r in model.rows]
    model.set_query("  Z H  ")  # blanks and capitals do not matter
    assert model.rows and all("z" in "".join(r.prefixes) for r in model.rows)


def test_search_keeps_the_current_pupil(qtbot, demo_db):
    window, _ = open_window(qtbot, demo_db)
    tab = window.roster_tab
    pid = tab.model.rows[3].id
    window.select_pupil(pid)
    qtbot.keyClicks(tab.search, "qqqq")  # hides everyone
    assert tab.visible_names() == []
    assert window.profile_tab.pupil_id == pid  # the form still shows the pupil
    tab.search.clear()
    assert tab.table.currentIndex().row() == tab.model.row_of(pid)


def test_a_new_archive_asks_for_class_information(qtbot, tmp_path, demo_db):
    new, _ = open_window(qtbot, tmp_path / "new.sqlite")
    assert new.needs_class_info()
    assert new.roster_tab.empty_hint.isVisibleTo(new.roster_tab)
    assert new.windowTitle() == "留守儿童关爱档案 — 未填写班级信息"
    demo, _ = open_window(qtbot, demo_db)
    assert not demo.needs_class_info()
    assert not demo.roster_tab.empty_hint.isVisibleTo(demo.roster_tab)


def test_right_click_offers_the_pupils_actions(qtbot, demo_db):
    from .ui_helpers import ScriptedPrompts

    prompts = ScriptedPrompts()
    window, _ = open_window(qtbot, demo_db, prompts)
    tab = window.roster_tab
    row = next(r for r in tab.model.rows if r.is_left_behind and not r.focus)
    tab.select_pupil(row.id)
    labels = [text for text, _ in tab.context_actions()]
    assert labels == [
        "打开五个清楚",
        "记谈心\tCtrl+T",
        "记沟通\tCtrl+K",
        "记亲情电话\tCtrl+J",
        "记家访\tCtrl+H",
        "调整留守认定…",
        "打印登记表（附件1）…",
        "列为重点帮扶对象…",
        "转出 / 毕业…",
        "移入回收站…",
    ]
    dict(tab.context_actions())["移入回收站…"]()
    assert prompts.confirmed == [f"将 {row.name} 移入回收站吗？"]
    assert row.name not in tab.visible_names()
