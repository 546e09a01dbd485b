"""校长查看 (打开档案): the principal opens one or several classes' archives, read-only — an
overview of the classes side by side, and for each class its roster, the term report, the growth
cards and the Excel file. Nothing can be edited here: the window has no editing actions, and
what it reads is a private, unpacked copy — wiped when the window closes (overwritten with
zeros, then deleted), so the PDFs and the workbook do not stay readable on the PC; the data
snapshot (数据副本) in it is encrypted with a key derived from the archive's password.

Every word from the archive (its manifest, its roster) is shown as plain text, never as HTML:
a crafted school name cannot change what the principal sees. An archive of an older format says,
visibly, that it cannot be proven unaltered.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QHBoxLayout,
    QMainWindow,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from liushou_desk import APP_TITLE
from liushou_desk.io.usb_archive_read import OpenedArchive
from liushou_desk.ops import principal
from liushou_desk.ops.questions import OpenRefused
from liushou_desk.safe_files import wipe_tree
from liushou_desk.ui.plain_text import plain_label
from liushou_desk.ui.prompts import Prompts
from liushou_desk.ui.roster_tab import RosterTab

if TYPE_CHECKING:
    from liushou_desk.ops.printing import Printout
    from liushou_desk.ui.background import BackgroundTask

OVERVIEW_COLUMNS = ("学校", "班级", "班主任", "学期", "学生", "留守儿童", "报告页数", "导出时间")


class ClassPanel(QWidget):
    """One class: the facts of the export, its roster and buttons for its documents."""

    def __init__(self, opened: OpenedArchive, window: PrincipalWindow) -> None:
        super().__init__()
        self.opened = opened
        self.window_ = window
        m = opened.manifest
        created = m.get("created", "")[:16].replace("T", " ")
        # what the teacher chose to send: the least data, or everything; the 成长记录袋 or not
        details = "含完整号码和涉及隐私的内容" if m.get("details") == "full" else "最少数据"
        bag = f"，附成长记录袋 {m['growth_bag']} 份" if m.get("growth_bag") else ""
        self.facts = facts = plain_label(
            f"{opened.title}　班主任：{m.get('head_teacher') or '—'}　"
            f"学生 {m.get('pupils', '?')} 人，留守儿童 {m.get('left_behind', '?')} 人　"
            f"导出于 {created}（{details}{bag}）　只读"
        )
        facts.setWordWrap(True)
        facts.setStyleSheet("background: #eef3f1; padding: 6px;")
        self.warning = plain_label(f"注意：{opened.warning}" if opened.warning else "")
        self.warning.setStyleSheet("background: #fff3cd; color: #7a4b00; padding: 6px;")
        self.warning.setWordWrap(True)
        self.warning.setVisible(bool(opened.warning))
        self.roster = RosterTab()
        self.roster.set_rows(principal.class_roster(opened, date.today()))
        self.roster.set_contacts(principal.class_contacts(opened, date.today()))
        self.roster.set_actions_enabled(False)
        for button in (
            self.roster.add_button,
            self.roster.talk_button,
            self.roster.contact_button,
            self.roster.enrolment_button,
            self.roster.override_button,
        ):
            button.hide()
        self.roster.open_requested.connect(self.show_card)
        self.report_button = QPushButton("期末总结报告")
        self.cards_button = QPushButton("全部成长记录卡")
        self.card_button = QPushButton("所选学生的成长记录卡")
        self.excel_button = QPushButton("打开 Excel 档案")
        self.form1_button = QPushButton("登记表（附件1）")
        self.form3_button = QPushButton("统计表（附件3）")
        for button, path, title in (
            (self.form1_button, opened.form1, "登记表（附件1）"),
            (self.form3_button, opened.form3, "统计表（附件3）"),
        ):
            if path is None:  # exported by an earlier version
                button.setEnabled(False)
                button.setToolTip("这个档案是旧版软件导出的，没有带这张表")
            else:
                button.clicked.connect(lambda _c=False, p=path, t=title: window.show_pdf(p, t))
        self.report_button.clicked.connect(lambda: window.show_pdf(opened.report, "期末总结报告"))
        self.cards_button.clicked.connect(lambda: window.show_pdf(opened.cards, "成长记录卡"))
        self.card_button.clicked.connect(self._show_selected)
        self.excel_button.clicked.connect(lambda: window.prompts.open_file(opened.workbook))
        buttons = QHBoxLayout()
        for b in (
            self.report_button,
            self.cards_button,
            self.card_button,
            self.form1_button,
            self.form3_button,
            self.excel_button,
        ):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(facts)
        layout.addWidget(self.warning)
        layout.addLayout(buttons)
        layout.addWidget(self.roster, 1)

    def _show_selected(self) -> None:
        row = self.roster.current_row()
        self.show_card(row.id if row is not None else None)

    def show_card(self, pupil_id: int | None) -> None:
        """One child's card, made from the class's read-only snapshot off the GUI thread."""
        if not pupil_id:
            self.window_.prompts.info(self, "请先在名册中选中一名学生。")
            return
        from liushou_desk.ui.background import BackgroundTask

        opened, today = self.opened, date.today()
        self.window_.card_task = BackgroundTask(
            self,
            "正在生成成长记录卡…",
            lambda progress: principal.class_card(opened, pupil_id, today, progress),
            self.window_.show_printout,
            lambda exc: self.window_.prompts.error(self, "生成 PDF 时出错。", str(exc)),
            cancellable=True,
        ).start()


class PrincipalWindow(QMainWindow):
    """The archives the principal opened, read-only, in one window."""

    def __init__(self, workdir: Path, prompts: Prompts | None = None) -> None:
        super().__init__()
        self.workdir = workdir
        self.prompts = prompts or Prompts()
        self.opened: list[OpenedArchive] = []
        # the card being made (kept alive until it is done)
        self.card_task: BackgroundTask | None = None
        self.setWindowTitle(f"{APP_TITLE} · 校长查看（只读）")
        self.overview = QTableWidget(0, len(OVERVIEW_COLUMNS))
        self.overview.setHorizontalHeaderLabels(OVERVIEW_COLUMNS)
        self.overview.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.overview.verticalHeader().setVisible(False)
        self.overview.horizontalHeader().setStretchLastSection(True)
        add = QPushButton("再打开一个档案…")
        add.clicked.connect(self.choose_and_open)
        self.school_form3_button = QPushButton("全校统计表（附件3）")
        self.school_form3_button.setToolTip("把已打开的各班留守儿童数加在一起，核对各栏合计")
        self.school_form3_button.clicked.connect(self.show_school_form3)
        top = QWidget()
        box = QVBoxLayout(top)
        hint = plain_label(
            "各班档案并排查看：每个班一个标签页。档案是班主任导出的加密文件，这里只能查看。"
        )
        hint.setWordWrap(True)
        box.addWidget(hint)
        box.addWidget(self.overview, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.school_form3_button)
        row.addWidget(add)
        box.addLayout(row)
        self.tabs = QTabWidget()
        self.tabs.addTab(top, "各班概况")
        self.setCentralWidget(self.tabs)
        self.resize(1200, 700)  # fits a 1366×768 screen

    def open_file(self, path: Path, password: str | None = None) -> bool:
        """Ask for the password (again, when wrong) and add the class; False when given up —
        said in words, also when the password dialog was cancelled."""
        while True:
            if password is None:
                password = self.prompts.archive_password(self, path.name)
                if password is None:
                    self.prompts.info(self, f"没有输入密码，未打开“{path.name}”。")
                    return False
            try:
                opened = principal.open_class_archive(path, password, self.workdir)
            except OpenRefused as exc:
                self.prompts.error(self, f"无法打开“{path.name}”。", str(exc))
                if not principal.wrong_password(exc):
                    return False
                password = None
                continue
            break
        self.opened.append(opened)
        self._add_overview_row(opened)
        panel = ClassPanel(opened, self)
        tab = opened.manifest.get("class") or opened.path.stem
        self.tabs.addTab(panel, tab.replace("&", "&&"))  # an & is shown, not a shortcut
        return True

    def show_school_form3(self) -> None:
        """全校统计表（附件3） from the classes opened here."""
        if not self.opened:
            self.prompts.info(self, "请先打开至少一个班级的档案。")
            return
        try:
            printout = principal.school_form3(self.opened, date.today())
        except Exception as exc:  # a snapshot that cannot be counted: said, never a crash
            self.prompts.error(self, "无法汇总统计表。", str(exc))
            return
        self.show_printout(printout)

    def choose_and_open(self) -> None:
        path = self.prompts.choose_archive_file(self)
        if path is not None:
            self.open_file(path)

    def _add_overview_row(self, opened: OpenedArchive) -> None:
        m = opened.manifest
        values = (
            m.get("school", ""),
            m.get("class", ""),
            m.get("head_teacher", ""),
            m.get("term", ""),
            str(m.get("pupils", "")),
            str(m.get("left_behind", "")),
            str(m.get("pages", "")),
            m.get("created", "")[:16].replace("T", " "),
        )
        row = self.overview.rowCount()
        self.overview.insertRow(row)
        for column, value in enumerate(values):
            self.overview.setItem(row, column, QTableWidgetItem(value))
        self.overview.resizeColumnsToContents()

    def show_pdf(self, path: Path, title: str) -> None:
        self.show_pdf_data(path.read_bytes(), title, [])

    def show_printout(self, printout: Printout) -> None:
        """A card made here: previewed, and logged (by number) when it is printed."""
        from liushou_desk.ops.printing import delivered

        self.show_pdf_data(
            printout.data,
            printout.title,
            printout.missing,
            lambda pages: delivered(None, printout, f"送打印机 {pages} 页"),
        )

    def show_pdf_data(
        self,
        data: bytes,
        title: str,
        missing: list[str],
        printed: Callable[[int], None] | None = None,
    ) -> None:
        from liushou_desk.ui.pdf_preview import PdfPreviewDialog

        self.preview = PdfPreviewDialog(
            title,
            data,
            missing,
            lambda: self._print(data, printed),
            lambda: None,
            lambda: None,
            self,
        )
        self.preview.save_button.hide()  # the principal reads and prints; copies stay inside
        self.preview.open_button.hide()
        self.exec_dialog(self.preview)

    def _print(self, data: bytes, printed: Callable[[int], None] | None = None) -> None:
        from liushou_desk.ui.pdf_preview import start_printing

        self.print_task = start_printing(self, data, printed)

    def exec_dialog(self, dialog) -> bool:  # type: ignore[no-untyped-def]
        return bool(dialog.exec())

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        task = self.card_task
        if task is not None and task.worker_thread.isRunning():  # never wipe under a card
            task.worker_thread.wait()
        wipe_tree(self.workdir)  # the unpacked copies: overwritten, then deleted
        super().closeEvent(event)


def run_principal(files: list[Path], password: str | None) -> int:
    from liushou_desk import paths
    from liushou_desk.ui.app import make_application
    from liushou_desk.ui.screen_fit import show_fitted

    app = make_application(sys.argv[:1])
    workdir = paths.opened_archives_dir()
    wipe_tree(workdir)  # what a session that crashed left behind
    try:
        window = PrincipalWindow(workdir)
        show_fitted(window, 1200, 700)
        opened = sum(window.open_file(path, password) for path in files)
        return app.exec() if opened else 1
    finally:
        wipe_tree(workdir)  # the unpacked copies, whatever happened
