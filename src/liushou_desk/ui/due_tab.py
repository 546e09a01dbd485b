"""待办 tab (the start page): what is due this month, overdue first; a double-click opens the
right form for that child, filled in. 教师 narrows it to the children one teacher holds and the
planned items she leads; 显示 switches to 还没覆盖到的孩子 — the gaps (no help plan, no 四个优先,
no activity, no visit this term, parents who rarely call, 待认定), grouped by gap."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from liushou_desk.ui.row_list import row_list

if TYPE_CHECKING:
    from liushou_desk.ops.archive import Archive
    from liushou_desk.services.drafts import DraftView
    from liushou_desk.services.due import DueItem
    from liushou_desk.ui.runner import Runner

Loaded = tuple["list[DraftView]", "list[DueItem]"]

KIND_LABELS = {
    "talk": "谈心",
    "parent_contact": "联系外出父母",
    "guardian_contact": "联系在家监护人",
    "home_visit": "家访",
    "plan_check": "帮扶/方案检查",
    "status_review": "核实留守状态",
    "birthday": "生日",
    "class_meeting": "留守儿童月会",
    "mental_health": "心理健康课",
    "planned": "计划事项",
    "no_plan": "没有帮扶计划",
    "no_priority": "没有四个优先措施",
    "no_activity": "没参加过活动",
    "no_visit": "本学期没家访",
    "rare_calls": "父母很少来电",
    "unassessed": "待认定",
    "family_unknown": "填写父母外出情况",
}
GAP_ORDER = ("no_plan", "no_priority", "no_activity", "no_visit", "rare_calls", "unassessed")
SHOW = ("待办事项", "还没覆盖到的孩子")
EVERYONE = "全部教师"
OVERDUE = QBrush(QColor("#c62828"))


DRAFT = QBrush(QColor("#b26a00"))
HEADERS = ("学生", "事项", "截止日期", "说明")
AnyIndex = QModelIndex | QPersistentModelIndex


class DueModel(QAbstractTableModel):
    """The drafts, then the due items, as rows of four cells — made only for the rows on
    screen (a school-sized class has thousands of items; a cell object each cost 50 ms)."""

    def __init__(self) -> None:
        super().__init__()
        self.drafts: list[DraftView] = []
        self.items: list[DueItem] = []
        self._bold = QFont()
        self._bold.setBold(True)

    def set_rows(self, drafts: list[DraftView], items: list[DueItem]) -> None:
        self.beginResetModel()
        self.drafts, self.items = drafts, items
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.drafts) + len(self.items)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def text(self, row: int, column: int) -> str:
        """What the cell at (row, column) says."""
        if row < len(self.drafts):
            d = self.drafts[row]
            who = d.title.split(" — ")[-1] if " — " in d.title else ""
            cells = (
                who,
                "未保存的草稿",
                f"{d.saved_at:%m月%d日 %H:%M}",
                f"{d.title}（双击继续填写）",
            )
            return cells[column]
        item = self.items[row - len(self.drafts)]
        if column == 0:
            return item.pupil or "全班"
        if column == 1:
            return KIND_LABELS.get(item.kind, item.kind)
        if column == 2:
            if item.gap:  # a list to work through this term, not a deadline
                return f"{item.due:%m月%d日}起" if item.kind == "rare_calls" else "本学期内"
            return f"{item.due:%m月%d日}" + ("（已过期）" if item.overdue else "")
        return item.detail

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, column)
        draft = row < len(self.drafts)
        overdue = not draft and self.items[row - len(self.drafts)].overdue
        if role == Qt.ItemDataRole.ForegroundRole:
            return DRAFT if draft else OVERDUE if overdue else None
        if role == Qt.ItemDataRole.FontRole and overdue and column == 2:
            return self._bold
        return None


class DueTab(QWidget):
    open_item = Signal(object)  # a DueItem
    open_draft = Signal(str)  # a draft's key: kind:pupil:record
    print_teacher = Signal(int)  # 打印本月清单 of this teacher

    def __init__(
        self, archive: Archive, today: Callable[[], date], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.archive, self.today = archive, today
        self.items: list[DueItem] = []  # what the list shows (the gaps in their own view)
        self.gaps: list[DueItem] = []
        self.every_item: list[DueItem] = []
        self.drafts: list[DraftView] = []
        self._asked = 0  # refreshes asked for: a slower, older one is not shown
        self.summary = QLabel()  # counts only, in the app's own bold and colours
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setStyleSheet("font-size: 15px;")
        refresh = QPushButton("刷新")
        refresh.clicked.connect(self.refresh)
        self.teacher_box = QComboBox()
        self.teacher_box.addItem(EVERYONE)
        self.teacher_box.setToolTip("只看这位老师负责的学生和计划事项")
        self.teacher_box.currentIndexChanged.connect(lambda _i: self._apply())
        self.show_box = QComboBox()
        self.show_box.addItems(SHOW)
        self.show_box.currentIndexChanged.connect(lambda _i: self._apply())
        self.print_button = QPushButton("打印本月清单…")
        self.print_button.setToolTip("选中一位老师后，打印她负责的学生和本月要做的事")
        self.print_button.clicked.connect(self._print_teacher)
        bar = QHBoxLayout()
        bar.addWidget(self.summary, 1)
        bar.addWidget(QLabel("教师："))
        bar.addWidget(self.teacher_box)
        bar.addWidget(QLabel("显示："))
        bar.addWidget(self.show_box)
        bar.addWidget(self.print_button)
        bar.addWidget(refresh)
        self.gap_counts = QLabel()
        self.gap_counts.setWordWrap(True)
        self.gap_counts.setStyleSheet("color: #555;")
        self.model = DueModel()
        self.table = row_list(self.model, single=False)
        header = self.table.horizontalHeader()
        for i, width in enumerate((100, 130, 150)):
            header.resizeSection(i, width)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda index: self._open(index.row()))
        hint = QLabel("双击一项，打开对应的记录表单（已填好学生和日期）。任何真实的联系都算数。")
        hint.setStyleSheet("color: #666;")
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.gap_counts)
        layout.addWidget(self.table, 1)
        layout.addWidget(hint)

    def refresh(self) -> None:
        self._asked += 1
        self._show(self._load())

    def refresh_later(self, runner: Runner) -> None:
        """Refresh off the GUI thread (at start: the window is on screen meanwhile)."""
        self._asked += 1
        asked = self._asked
        self.summary.setText("正在整理待办…")

        def show(loaded: Loaded) -> None:
            if asked == self._asked:
                self._show(loaded)

        # after the writes asked before (start-up's status check): the list is theirs
        runner.run("正在整理待办…", lambda _progress: self._load(), show, quiet=True, in_turn=True)

    def _load(self) -> Loaded:
        from liushou_desk.services.drafts import list_drafts
        from liushou_desk.services.due import due_items, family_item
        from liushou_desk.services.settings import cadence

        drafts = list_drafts(self.archive)  # forms left unsaved (a crash, a closed window)
        today = self.today()
        families = family_item(self.archive, today)  # pupils 待认定: first, for the class
        items = due_items(self.archive, today, cadence(self.archive))
        return drafts, ([families] if families else []) + items

    def _show(self, loaded: Loaded) -> None:
        from liushou_desk.services.teachers import list_teachers

        self.drafts, self.every_item = loaded
        chosen = self.teacher_box.currentText()
        names = [t.name for t in list_teachers(self.archive)]
        self.teacher_box.blockSignals(True)
        self.teacher_box.clear()
        self.teacher_box.addItems([EVERYONE, *names])
        self.teacher_box.setCurrentIndex(max(self.teacher_box.findText(chosen), 0))
        self.teacher_box.blockSignals(False)
        self.teacher_box.setEnabled(bool(names))
        self._apply()

    def teacher(self) -> str:
        """The teacher chosen (empty: everyone)."""
        text = self.teacher_box.currentText()
        return "" if text == EVERYONE else text

    def _apply(self) -> None:
        teacher = self.teacher()
        mine = [i for i in self.every_item if not teacher or teacher in i.teachers]
        order = {k: n for n, k in enumerate(GAP_ORDER)}
        self.gaps = sorted((i for i in mine if i.gap), key=lambda i: (order.get(i.kind, 9), i.due))
        listed = [i for i in mine if not i.gap]
        gaps_shown = self.show_box.currentIndex() == 1
        self.items = self.gaps if gaps_shown else listed
        drafts = [] if gaps_shown or teacher else self.drafts
        self.model.set_rows(drafts, self.items)
        self.print_button.setEnabled(bool(teacher))
        counts = {k: sum(1 for i in self.gaps if i.kind == k) for k in GAP_ORDER}
        self.gap_counts.setText(
            "还没覆盖到的孩子："
            + "　".join(f"{KIND_LABELS[k]} {n} 人" for k, n in counts.items() if n)
            if self.gaps
            else "本学期每个孩子都有帮扶计划、四个优先措施、活动和家访。"
        )
        self._summarise(listed, teacher)

    def _summarise(self, listed: list[DueItem], teacher: str) -> None:
        self.listed = listed
        overdue = sum(1 for i in listed if i.overdue)
        whose = f"{teacher}老师：" if teacher else ""
        if not listed and not self.drafts:
            self.summary.setText(f"{whose}本月的关爱工作都做到了。")
        else:
            self.summary.setText(
                f"{whose}待办 {len(listed)} 项"
                + (f"，其中 <b style='color:#c62828'>已过期 {overdue} 项</b>" if overdue else "")
                + (
                    f"；<b style='color:#b26a00'>{len(self.drafts)} 份未保存的草稿</b>"
                    if self.drafts
                    else ""
                )
            )

    def _open(self, row: int) -> None:
        drafts = self.model.drafts
        if 0 <= row < len(drafts):
            self.open_draft.emit(drafts[row].key)
        elif 0 <= row - len(drafts) < len(self.items):
            self.open_item.emit(self.items[row - len(drafts)])

    def _print_teacher(self) -> None:
        from liushou_desk.services.teachers import list_teachers

        name = self.teacher()
        found = next((t.id for t in list_teachers(self.archive) if t.name == name), None)
        if found is not None:
            self.print_teacher.emit(found)

    def visible_details(self) -> list[tuple[str, str, bool]]:
        """(学生, 事项 kind, overdue) as shown — for tests."""
        return [(i.pupil or "全班", i.kind, i.overdue) for i in self.items]
