"""帮助 (help): 快速上手 — a term's care work in five steps, in the app's own words — and 快捷键,
the list of shortcuts read from the window's menus when it opens, so it cannot drift from them.
Every menu the guide names (「档案 → 导入名册…」) is checked against the real menus by a test."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMainWindow,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from liushou_desk.ui.roster_tab import WEEKLY_RECORDS

START, KEYS = "start", "keys"


@dataclass(frozen=True)
class MenuEntry:
    """One menu item: its menu (档案, 记录 …), its words, its shortcuts as shown ("" none)."""

    menu: str
    text: str
    keys: str


def _plain(text: str) -> str:
    """A menu's or an item's words without the & of its access key or a tab's keys."""
    text = text.split("\t")[0]
    return re.sub(r"\(&\w\)", "", text).replace("&", "").strip()


def _keys(action: QAction) -> str:
    return " 或 ".join(
        k.toString(QKeySequence.SequenceFormat.NativeText)
        for k in action.shortcuts()
        if not k.isEmpty()
    )


def menu_entries(window: QMainWindow) -> list[MenuEntry]:
    """Every item of the window's menu bar, in menu order (submenus under their own title)."""
    entries: list[MenuEntry] = []

    def walk(menu: QMenu, title: str) -> None:
        for action in menu.actions():
            if action.isSeparator():
                continue
            sub = action.menu()
            if isinstance(sub, QMenu):
                walk(sub, f"{title} → {_plain(sub.title())}")
            elif action.text():
                entries.append(MenuEntry(title, _plain(action.text()), _keys(action)))

    for top in window.menuBar().actions():
        menu = top.menu()
        if isinstance(menu, QMenu):
            walk(menu, _plain(menu.title()))
    return entries


# shortcuts that live in one page or form, not in a menu (QShortcut in those widgets)
FORM_SHORTCUTS: tuple[tuple[str, str, QKeySequence], ...] = (
    ("班级名册", "查找学生（光标到搜索框）", QKeySequence(QKeySequence.StandardKey.Find)),
    ("五个清楚", "保存", QKeySequence(QKeySequence.StandardKey.Save)),
    ("记录表单", "保存这条记录", QKeySequence("Ctrl+Return")),
)


def shortcut_rows(entries: list[MenuEntry]) -> list[tuple[str, str, str]]:
    """(where, what, keys): every menu item that has a shortcut, then the pages' own."""
    rows = [(e.menu, e.text, e.keys) for e in entries if e.keys]
    rows += [
        (where, what, keys.toString(QKeySequence.SequenceFormat.NativeText))
        for where, what, keys in FORM_SHORTCUTS
    ]
    return rows


def _weekly() -> str:
    return "、".join(f"{keys} {text}" for _kind, text, keys in WEEKLY_RECORDS)


# 快速上手: (title, text); 「menu → item」 names a menu item (checked against the menus)
GUIDE: tuple[tuple[str, str], ...] = (
    (
        "导入名册",
        "学校学籍系统导出的表格（.xlsx、.xls、.csv）可以直接导入：「档案 → 导入名册…」，"
        "先看预览，确认后才写入。没有表格时，用「档案 → 下载名册模板…」发给学校填写，"
        "或用「档案 → 新增学生…」逐个添加。",
    ),
    (
        "五个清楚",
        "在“班级名册”双击学生，打开“五个清楚”：基本信息、性格特征、兴趣爱好、健康状况、"
        "父母及监护人联系方式。全班父母的外出情况可以一次填完："
        "「档案 → 批量填写父母外出情况…」。软件据此自动认定留守儿童（父母均外出满 3 个月，"
        "或一方外出、另一方无监护能力）；特殊情况在名册里“调整留守认定…”，写明理由。",
    ),
    (
        "每周的记录",
        "“待办”页列出该做的事：谈心、联系父母和监护人、帮扶检查、集体生日、月会；"
        "双击一项，打开已填好学生和日期的表单。在“班级名册”选中学生后按 {weekly}"
        "（也在“记录”菜单和右键菜单里）。全班的活动和会议："
        "「档案 → 记录全班活动…」和「档案 → 记录会议…」。"
        "“成长记录卡”页是这学期的全部记录，可以修改，修改前的版本在“历史版本”里。",
    ),
    (
        "期末打印",
        "先「打印 → 填写期末总结…」（工作总结、存在问题、下学期打算），再"
        "「打印 → 打印期末总结报告…」：报告和每位留守儿童的成长记录卡一起生成，"
        "先预览，再打印或另存为 PDF。身份证号、电话默认只显示前后几位。",
    ),
    (
        "交给校长的档案",
        "「档案 → 导出档案（交校长，加密）…」把报告、成长记录卡和 Excel 表加密存到 U 盘。"
        "密码只显示一次：请当面或打电话告诉校长，不要写在 U 盘上。校长用本软件"
        "（或 7-Zip、Bandizip）打开，输入密码时大小写、空格和短横线都不要紧。",
    ),
)

GUIDE_END = (
    "平时：档案在关闭时自动备份，「档案 → 立即备份…」可以另存一份到 U 盘；"
    "离开电脑时用「安全 → 锁定档案」。所有快捷键见“快捷键”页。"
)

_MENU_REF = re.compile(r"「([^」]+)」")


def guide_references() -> list[tuple[str, str]]:
    """Every (menu, item) the guide names."""
    text = "".join(body for _title, body in GUIDE) + GUIDE_END
    refs = []
    for ref in _MENU_REF.findall(text):
        menu, _arrow, item = ref.rpartition(" → ")
        refs.append((menu, item))
    return refs


def guide_html() -> str:
    def marked(text: str) -> str:
        return _MENU_REF.sub(r"<b>\1</b>", html.escape(text.format(weekly=_weekly())))

    steps = "".join(
        f"<h3>{i}. {html.escape(title)}</h3><p>{marked(body)}</p>"
        for i, (title, body) in enumerate(GUIDE, 1)
    )
    return (
        f"<h2>快速上手：一学期的关爱工作</h2>{steps}<p style='color:#555'>{marked(GUIDE_END)}</p>"
    )


class HelpDialog(QDialog):
    """快速上手 and 快捷键 as two pages; ``entries``: the window's menu items."""

    def __init__(
        self, entries: list[MenuEntry], page: str = START, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("帮助")
        self.guide = QTextBrowser()
        self.guide.setHtml(guide_html())
        self.rows = shortcut_rows(entries)
        self.keys = QTableWidget(len(self.rows), 3)
        self.keys.setHorizontalHeaderLabels(("在哪里", "做什么", "快捷键"))
        self.keys.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.keys.verticalHeader().setVisible(False)
        for r, row in enumerate(self.rows):
            for c, text in enumerate(row):
                self.keys.setItem(r, c, QTableWidgetItem(text))
        header = self.keys.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.pages = QTabWidget()
        self.pages.addTab(self.guide, "快速上手")
        self.pages.addTab(self.keys, "快捷键")
        self.pages.setCurrentIndex(1 if page == KEYS else 0)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addWidget(buttons)
        self.resize(760, 620)  # fits 1366×768

    def shortcut_texts(self) -> list[str]:
        """Each row of 快捷键 as one line (what the teacher reads)."""
        return [" ".join(row) for row in self.rows]


def show_help(window: QMainWindow, page: str, exec_dialog: Callable[[QDialog], bool]) -> None:
    """帮助 → 快速上手 / 快捷键, the shortcuts read from ``window``'s menus now."""
    exec_dialog(HelpDialog(menu_entries(window), page, window))
