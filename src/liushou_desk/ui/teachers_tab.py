"""分工 tab (who cares for whom): the class's teachers on the left; on the right the left-behind
children with their 帮扶教师, 代理家长 and 谈心教师 to choose (保存分工 writes them, each change
in the child's history; 平均分配 proposes about two each), and under it the chosen teacher's
page — her children and what is due for each — with 打印本月清单."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from liushou_desk.domain.enums import AssignmentRole

if TYPE_CHECKING:
    from liushou_desk.ops.archive import Archive
    from liushou_desk.services.due import DueItem
    from liushou_desk.services.roster_rows import RosterRow
    from liushou_desk.services.teachers import TeacherRow

ROLES = [(r.code, r.value) for r in AssignmentRole]
NOBODY = "—"
OVERDUE = QBrush(QColor("#c62828"))


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    return table


def _cell(text: str) -> QTableWidgetItem:
    return QTableWidgetItem(text)


class TeachersTab(QWidget):
    add_requested = Signal()
    edit_requested = Signal(int)  # teacher id
    retire_requested = Signal(int)
    print_requested = Signal(int)
    save_requested = Signal(object)  # [(pupil, role code, teacher or None)]
    focus_requested = Signal(int)  # pupil id
    suggest_requested = Signal()

    def __init__(
        self,
        archive: Archive,
        today: Callable[[], date],
        rows: Callable[[], list[RosterRow]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.archive, self.today, self.roster_rows = archive, today, rows
        self.teacher_rows: list[TeacherRow] = []
        self.kids: list[RosterRow] = []
        self.saved: dict[int, dict[str, int]] = {}
        self.combos: dict[tuple[int, str], QComboBox] = {}
        # the class's 待办, read once per refresh: each teacher's page picks hers from it
        self._due: list[DueItem] | None = None
        # left: the teachers
        self.teachers = _table(["教师", "学科", "电话", "负责"])
        header = self.teachers.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for i, w in ((1, 56), (2, 100), (3, 44)):
            header.resizeSection(i, w)
        self.teachers.itemSelectionChanged.connect(self._teacher_chosen)
        self.teachers.doubleClicked.connect(lambda _i: self._emit_teacher(self.edit_requested))
        add, edit = QPushButton("添加教师…"), QPushButton("修改…")
        retire, self.print_button = QPushButton("调离…"), QPushButton("打印本月清单…")
        add.clicked.connect(self.add_requested.emit)
        edit.clicked.connect(lambda: self._emit_teacher(self.edit_requested))
        retire.clicked.connect(lambda: self._emit_teacher(self.retire_requested))
        self.print_button.clicked.connect(lambda: self._emit_teacher(self.print_requested))
        self.teacher_buttons = (edit, retire, self.print_button)
        left = QVBoxLayout()
        left.addWidget(QLabel("<b>本班任课教师</b>"))
        left.addWidget(self.teachers, 1)
        row1, row2 = QHBoxLayout(), QHBoxLayout()
        row1.addWidget(add)
        row1.addWidget(edit)
        row1.addWidget(retire)
        row2.addWidget(self.print_button)
        left.addLayout(row1)
        left.addLayout(row2)
        left_box = QWidget()
        left_box.setLayout(left)
        left.setContentsMargins(0, 0, 0, 0)
        # right, top: the children's teachers
        self.grid = _table(["学生", "重点帮扶", *[w for _, w in ROLES]])
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        g = self.grid.horizontalHeader()
        for i, w in ((0, 80), (1, 120)):
            g.resizeSection(i, w)
        for i in range(2, 2 + len(ROLES)):
            g.setSectionResizeMode(i, QHeaderView.ResizeMode.Stretch)
        self.grid.verticalHeader().setDefaultSectionSize(28)
        self.grid.cellDoubleClicked.connect(self._grid_clicked)
        self.state = QLabel()
        self.save_button = QPushButton("保存分工")
        self.save_button.clicked.connect(self._save)
        share = QPushButton("平均分配代理家长")
        share.setToolTip("把还没有代理家长的孩子平均分给各位老师（约每人两名），保存前可以再改")
        share.clicked.connect(lambda: self.share_out("proxy_parent"))
        share_help = QPushButton("平均分配帮扶教师")
        share_help.clicked.connect(lambda: self.share_out("helper"))
        suggest = QPushButton("重点帮扶对象建议…")
        suggest.clicked.connect(self.suggest_requested.emit)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("<b>留守儿童的分工</b>"))
        bar.addWidget(self.state, 1)
        for b in (share, share_help, suggest, self.save_button):
            bar.addWidget(b)
        # right, bottom: the chosen teacher's page
        self.page_title = QLabel()
        self.page = _table(["学生", "分工", "要做的事"])
        p = self.page.horizontalHeader()
        p.resizeSection(0, 80)
        p.resizeSection(1, 150)
        p.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.page.setWordWrap(True)
        right_top, right_bottom = QWidget(), QWidget()
        top = QVBoxLayout(right_top)
        top.setContentsMargins(0, 0, 0, 0)
        top.addLayout(bar)
        top.addWidget(self.grid, 1)
        hint = QLabel("双击“重点帮扶”一栏：列为重点帮扶对象或修改原因与提醒频率。")
        hint.setStyleSheet("color: #666;")
        top.addWidget(hint)
        bottom = QVBoxLayout(right_bottom)
        bottom.setContentsMargins(0, 0, 0, 0)
        bottom.addWidget(self.page_title)
        bottom.addWidget(self.page, 1)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(right_top)
        right.addWidget(right_bottom)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 2)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left_box)
        split.addWidget(right)
        split.setStretchFactor(0, 0)
        split.setStretchFactor(1, 1)
        split.setSizes([330, 900])
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        self.refresh()

    # -- reading ----------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the teachers and the 分工 again (unsaved choices are dropped only when nothing
        was changed since the last save)."""
        from liushou_desk.services.focus import focus_flags
        from liushou_desk.services.teachers import assignments, list_teachers

        self._due = None  # read again when a teacher's page is next shown
        chosen = self._teacher_id()
        self.teacher_rows = list_teachers(self.archive)
        self.teachers.setRowCount(len(self.teacher_rows))
        for i, t in enumerate(self.teacher_rows):
            for c, text in enumerate((t.name, t.subject, t.phone, f"{t.children} 人")):
                self.teachers.setItem(i, c, _cell(text))
        if chosen is not None:
            self.select_teacher(chosen)
        elif self.teacher_rows:  # the page below is never empty when there are teachers
            self.teachers.selectRow(0)
        if not self.dirty():
            self.saved = assignments(self.archive)
            self.kids = [r for r in self.roster_rows() if r.is_active and r.is_left_behind]
            self.focus = focus_flags(self.archive)
            self._fill_grid()
        self._teacher_chosen()

    def _fill_grid(self) -> None:
        names = [t.title for t in self.teacher_rows]
        self.grid.setRowCount(len(self.kids))
        self.combos.clear()
        for i, child in enumerate(self.kids):
            self.grid.setItem(i, 0, _cell(child.name))
            reason = self.focus.get(child.id)
            mark = _cell("★ " + reason if reason else "")
            mark.setToolTip(reason or "双击列为重点帮扶对象")
            self.grid.setItem(i, 1, mark)
            for j, (code, _word) in enumerate(ROLES):
                combo = QComboBox()
                combo.addItem(NOBODY, None)
                for t, title in zip(self.teacher_rows, names, strict=True):
                    combo.addItem(title, t.id)
                held = self.saved.get(child.id, {}).get(code)
                at = combo.findData(held) if held is not None else 0
                combo.setCurrentIndex(max(at, 0))
                combo.currentIndexChanged.connect(lambda _i: self._mark_dirty())
                self.combos[(child.id, code)] = combo
                self.grid.setCellWidget(i, 2 + j, combo)
        self._mark_dirty()

    # -- the grid ---------------------------------------------------------------------------
    def wanted(self) -> list[tuple[int, str, int | None]]:
        """Every (child, role, teacher) the grid shows that differs from what is saved."""
        out = []
        for (pid, code), combo in self.combos.items():
            tid = combo.currentData()
            if tid != self.saved.get(pid, {}).get(code):
                out.append((pid, code, tid))
        return out

    def dirty(self) -> bool:
        return bool(self.combos) and bool(self.wanted())

    def _mark_dirty(self) -> None:
        n = len({pid for pid, _, _ in self.wanted()}) if self.combos else 0
        unsaved = f"<span style='color:#b26a00'>{n} 名学生的分工未保存</span>"
        self.state.setText(unsaved if n else "")
        self.save_button.setEnabled(bool(n))

    def choose(self, pupil_id: int, role: str, teacher_id: int | None) -> None:
        combo = self.combos[(pupil_id, role)]
        combo.setCurrentIndex(max(combo.findData(teacher_id), 0) if teacher_id else 0)

    def share_out(self, role: str) -> None:
        from liushou_desk.services.teachers import share_out

        if not self.teacher_rows:
            self.state.setText("<span style='color:#c62828'>请先添加任课教师</span>")
            return
        taken = {pid for (pid, code), c in self.combos.items() if code == role and c.currentData()}
        for pid, tid in share_out(self.archive, role):
            if pid not in taken and (pid, role) in self.combos:
                self.choose(pid, role, tid)

    def _save(self) -> None:
        wanted = self.wanted()
        if wanted:
            self.save_requested.emit(wanted)

    def after_save(self) -> None:
        from liushou_desk.services.teachers import assignments

        self.saved = assignments(self.archive)
        self._mark_dirty()

    def _grid_clicked(self, row: int, column: int) -> None:
        if column in (0, 1) and 0 <= row < len(self.kids):
            self.focus_requested.emit(self.kids[row].id)

    # -- a teacher's page -------------------------------------------------------------------
    def _teacher_id(self) -> int | None:
        rows = self.teachers.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.teacher_rows):
            return None
        return self.teacher_rows[rows[0].row()].id

    def select_teacher(self, teacher_id: int) -> None:
        for i, t in enumerate(self.teacher_rows):
            if t.id == teacher_id:
                self.teachers.selectRow(i)

    def _emit_teacher(self, signal) -> None:  # type: ignore[no-untyped-def]
        tid = self._teacher_id()
        if tid is not None:
            signal.emit(tid)

    def _class_due(self) -> list[DueItem]:
        from liushou_desk.services.due import due_items
        from liushou_desk.services.settings import cadence

        if self._due is None:
            self._due = due_items(self.archive, self.today(), cadence(self.archive))
        return self._due

    def _teacher_chosen(self) -> None:
        from html import escape

        from liushou_desk.services.teachers import duties_of

        tid = self._teacher_id()
        for b in self.teacher_buttons:
            b.setEnabled(tid is not None)
        if tid is None:
            self.page_title.setText(
                "选中左边的一位老师，这里列出她负责的学生和要做的事。"
                if self.teacher_rows
                else "还没有登记任课教师：点“添加教师…”，再在上面为每个孩子选老师。"
            )
            self.page.setRowCount(0)
            return
        teacher = next(t for t in self.teacher_rows if t.id == tid)
        duties = duties_of(self.archive, tid)
        held = {d.pupil_id for d in duties}
        items = [i for i in self._class_due() if i.pupil_id in held]
        late = sum(1 for i in items if i.overdue)
        from liushou_desk.domain.records import KINDS
        from liushou_desk.services.teachers import work_of
        from liushou_desk.services.terms import current_term

        term = current_term(self.archive, self.today())
        done = work_of(self.archive, tid, term.start, term.end)
        did = "、".join(f"{KINDS[k].label} {n}" for k, n in sorted(done.items()) if k in KINDS)
        gaps = sum(1 for i in items if i.gap)
        who = escape(teacher.name)  # as typed, never read as markup
        self.page_title.setText(
            f"<b>{who}老师</b>负责 {len(duties)} 名学生，待办 {len(items) - gaps} 项"
            + (f"（另有缺口 {gaps} 项）" if gaps else "")
            + (f"，<span style='color:#c62828'>已过期 {late} 项</span>" if late else "")
            + (f"；本学期记录：{did}" if did else "；本学期还没有写着她名字的记录")
        )
        self.page.setRowCount(len(duties))
        for i, d in enumerate(duties):
            mine = [x for x in items if x.pupil_id == d.pupil_id]
            text = "；".join(("【过期】" if x.overdue else "") + x.detail for x in mine)
            self.page.setItem(i, 0, _cell(d.name))
            self.page.setItem(i, 1, _cell(d.role_words))
            cell = _cell(text or "暂无待办")
            if any(x.overdue for x in mine):
                cell.setForeground(OVERDUE)
            cell.setToolTip(text)
            self.page.setItem(i, 2, cell)
        self.page.resizeRowsToContents()
