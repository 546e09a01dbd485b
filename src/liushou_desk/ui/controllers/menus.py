"""菜单 (the main window's menu bar and shortcuts): which controller each item calls — 档案,
记录 (Ctrl+T 记谈心, Ctrl+K 记沟通, Ctrl+J 记亲情电话, Ctrl+H 记家访, from anywhere), 打印, 安全,
编辑 (撤销/重做), 帮助 (F1 快速上手, 快捷键, 关于)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence

from liushou_desk.ui.roster_tab import WEEKLY_RECORDS

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMenu, QWidget

    from liushou_desk.ui.controllers.context import Context
    from liushou_desk.ui.controllers.families import FamiliesController
    from liushou_desk.ui.controllers.family import FamilyController
    from liushou_desk.ui.controllers.files import FilesController
    from liushou_desk.ui.controllers.forms import FormsController
    from liushou_desk.ui.controllers.plan import PlanController
    from liushou_desk.ui.controllers.printing import PrintingController
    from liushou_desk.ui.controllers.pupils import PupilsController
    from liushou_desk.ui.controllers.records import RecordsController
    from liushou_desk.ui.controllers.security import SecurityController
    from liushou_desk.ui.controllers.settings import SettingsController
    from liushou_desk.ui.undo import UndoMenu


@dataclass(frozen=True)
class Controllers:
    files: FilesController
    printing: PrintingController
    records: RecordsController
    pupils: PupilsController
    settings: SettingsController
    security: SecurityController
    families: FamiliesController
    forms: FormsController
    plan: PlanController
    family: FamilyController


def make_controllers(
    ctx: Context,
    *,
    restore: Callable[[Path], None],
    lock: Callable[[], None],
    encrypt: Callable[[], None],
    minutes_changed: Callable[[int], None],
) -> Controllers:
    """Every controller on one context; the callables are the window's requests to the app."""
    from liushou_desk.ui.controllers.families import FamiliesController
    from liushou_desk.ui.controllers.family import FamilyController
    from liushou_desk.ui.controllers.files import FilesController
    from liushou_desk.ui.controllers.forms import FormsController
    from liushou_desk.ui.controllers.plan import PlanController
    from liushou_desk.ui.controllers.printing import PrintingController
    from liushou_desk.ui.controllers.pupils import PupilsController
    from liushou_desk.ui.controllers.records import RecordsController
    from liushou_desk.ui.controllers.security import SecurityController
    from liushou_desk.ui.controllers.settings import SettingsController

    printing = PrintingController(ctx)
    records = RecordsController(ctx)
    return Controllers(
        FilesController(ctx, restore),
        printing,
        records,
        PupilsController(ctx),
        SettingsController(ctx),
        SecurityController(ctx, lock, encrypt, minutes_changed),
        FamiliesController(ctx),
        FormsController(ctx, printing),
        PlanController(ctx, records, printing),
        FamilyController(ctx, printing),
    )


def build_menus(
    window: QWidget,
    menus: Callable[[str], QMenu],
    c: Controllers,
    undo: UndoMenu,
    about: Callable[[], None],
) -> None:
    """The menu bar (``menus(title)`` adds a menu to it) and the window-wide shortcuts."""

    def add(menu: QMenu, text: str, slot: Callable[[], object], shortcut=None) -> None:  # type: ignore[no-untyped-def]
        act = QAction(text, window)
        if shortcut is not None:
            act.setShortcut(shortcut)
        act.triggered.connect(lambda _checked=False: slot())
        menu.addAction(act)

    files, pupils, printing, settings, records = (
        c.files,
        c.pupils,
        c.printing,
        c.settings,
        c.records,
    )
    m = menus("档案(&F)")
    add(m, "新增学生…", pupils.add_pupil, QKeySequence.StandardKey.New)
    add(m, "将所选学生移入回收站…", pupils.delete_current)
    add(m, "回收站…", pupils.open_recycle_bin)
    add(m, "批量填写父母外出情况…", c.families.open_grid)
    m.addSeparator()
    add(m, "记录全班活动…", lambda: records.open_record_form("activity", 0))
    add(m, "记录会议…", lambda: records.open_record_form("meeting", 0))
    m.addSeparator()
    add(m, "导入名册…", files.import_roster)
    add(m, "下载名册模板…", files.save_roster_template)
    add(m, "导出 Excel…", files.export_xlsx)
    add(m, "导出档案（交校长，加密）…", files.export_usb_archive)
    add(m, "立即备份…", files.backup_now)
    add(m, "从备份恢复…", files.restore_from_backup)
    m.addSeparator()
    add(m, "班级信息…", settings.edit_class_info)
    add(m, "选项列表…", settings.edit_pick_lists)
    add(m, "待办设置…", settings.edit_cadence)
    add(m, "操作日志…", settings.show_audit_log)
    add(m, "清除离班学生数据…", pupils.purge_left_pupils)
    add(m, "退出", window.close, QKeySequence.StandardKey.Quit)
    m = menus("记录(&R)")  # the weekly records, for the child in view (or asked for)
    for kind, text, keys in WEEKLY_RECORDS:
        add(m, f"{text}…", partial(records.open_for_child, kind), QKeySequence(keys))
    m = menus("计划与分工(&L)")  # the term plan, the teachers, 重点帮扶对象 (issue 16)
    add(m, "添加计划事项…", c.plan.add_item)
    add(m, "打印学期关爱工作计划…", c.plan.print_plan)
    m.addSeparator()
    add(m, "添加任课教师…", lambda: c.plan.edit_teacher(None))
    add(m, "重点帮扶对象建议…", c.plan.suggest_focus)
    m = menus("打印(&P)")
    add(m, "填写期末总结…", printing.write_term_summary)
    add(m, "打印期末总结报告…", printing.print_term_report, QKeySequence.StandardKey.Print)
    add(m, "打印成长记录卡…", printing.print_growth_card)
    add(m, "打印多名学生的成长记录卡…", c.family.print_cards)
    m.addSeparator()
    add(m, "打印留守儿童联系卡…", c.family.print_contact_cards)
    add(m, "打印在校情况告家长书…", c.family.print_letters)
    m.addSeparator()
    add(m, "打印登记表（附件1）…", c.forms.print_form1)
    add(m, "打印统计表（附件3）…", c.forms.print_form3)
    c.security.build_menu(menus("安全(&S)"))
    m = menus("编辑(&E)")
    m.addAction(undo.undo_action)
    m.addAction(undo.redo_action)
    m = menus("帮助(&H)")  # 快速上手 and the shortcuts, read from these menus when opened
    add(m, "快速上手…", partial(_help, window, "start", c), QKeySequence.StandardKey.HelpContents)
    add(m, "快捷键…", partial(_help, window, "keys", c))
    m.addSeparator()
    add(m, "关于", about)


def _help(window: QWidget, page: str, c: Controllers) -> None:
    from PySide6.QtWidgets import QMainWindow

    from liushou_desk.ui.help_dialog import show_help

    if isinstance(window, QMainWindow):
        show_help(window, page, c.records.ctx.exec_dialog)
