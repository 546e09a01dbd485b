"""班级名册 tab: the class at a glance, search as you type, add a pupil, pupils leaving, and
the weekly records (记谈心, 记沟通, 记亲情电话, 记家访) for the child highlighted."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, Qt, Signal, SignalInstance
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from liushou_desk.services.roster_rows import RosterRow, roster_counts
from liushou_desk.ui.plain_text import plain_label
from liushou_desk.ui.roster_model import COLUMNS, PUPIL_ID_ROLE, RosterFilter, RosterTableModel
from liushou_desk.ui.row_list import row_list

# the rows, and how to read those who left the class (None: the rows hold everyone)
Later = Callable[[], tuple[list[RosterRow], Callable[[], list[RosterRow]] | None]]

# The weekly records for one child: kind, what the menus say, the window-wide shortcut.
WEEKLY_RECORDS: tuple[tuple[str, str, str], ...] = (
    ("talk", "记谈心", "Ctrl+T"),
    ("contact", "记沟通", "Ctrl+K"),
    ("family_call", "记亲情电话", "Ctrl+J"),
    ("home_visit", "记家访", "Ctrl+H"),
)


class RosterTab(QWidget):
    """The roster table with its search box, filter and actions.

    The current pupil stays current while a search hides their row, so typing in the search
    box never throws away what the other tabs show; but an action on "the child" acts only on
    a row the teacher sees highlighted (``shown_pupil_id``). A search with one hit selects it.
    """

    pupil_selected = Signal(int)  # the teacher picked another pupil
    open_requested = Signal(int)  # double-click: open the pupil's 五个清楚
    add_requested = Signal()
    enrolment_requested = Signal(int)
    override_requested = Signal(int)
    delete_requested = Signal(int)
    record_requested = Signal(str, int)  # a weekly record's kind; the child highlighted (0: none)
    form1_requested = Signal(int)  # 打印登记表（附件1） of this child
    focus_requested = Signal(int)  # 重点帮扶对象… of this child

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = RosterTableModel(self)
        self._current_id = 0
        self._counts = (0, 0)  # in class, of whom left behind: counted when the rows change
        # The pupils not read yet (those who left the class, at start-up): read when first
        # asked for (``complete``). None: every pupil is in the model.
        self._more: Callable[[], list[RosterRow]] | None = None
        self._later: Later | None = None
        self._actions_enabled = True
        # May a search with one hit select it? (The window says no while 五个清楚 holds
        # unsaved edits: no question pops up while the teacher is typing.)
        self.may_follow_search: Callable[[], bool] = lambda: True

        self.search = QLineEdit()
        self.search.setPlaceholderText("搜索：姓名、拼音或首字母（如 zdy）、学籍号")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(300)
        self.filter = QComboBox()
        for f in RosterFilter:
            self.filter.addItem(f.value, f)
        self.talk_button = QPushButton("记谈心 (Ctrl+T)")
        self.contact_button = QPushButton("记沟通 (Ctrl+K)")
        for button in (self.talk_button, self.contact_button):
            button.setToolTip("给名册中选中的学生记录；没有选中的学生时，先问是哪一位")
        self.add_button = QPushButton("新增学生…")
        self.enrolment_button = QPushButton("转出 / 毕业…")
        self.override_button = QPushButton("调整留守认定…")
        self.count_label = plain_label()

        bar = QHBoxLayout()
        bar.addWidget(QLabel("查找："))
        bar.addWidget(self.search, 2)
        bar.addWidget(QLabel("显示："))
        bar.addWidget(self.filter)
        bar.addStretch(1)
        bar.addWidget(self.talk_button)
        bar.addWidget(self.contact_button)
        bar.addWidget(self.add_button)
        bar.addWidget(self.enrolment_button)
        bar.addWidget(self.override_button)

        self.table = row_list(self.model)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        header = self.table.horizontalHeader()
        for i, col in enumerate(COLUMNS):
            header.resizeSection(i, col.width)
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)

        self.empty_hint = QLabel("还没有学生。点右上角“新增学生…”逐个添加。", self.table.viewport())
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_hint.setStyleSheet("color: #777; font-size: 15px;")
        self.empty_hint.hide()

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)

        self.search.textChanged.connect(self._on_query)
        self.filter.currentIndexChanged.connect(self._on_filter)
        self.table.selectionModel().currentRowChanged.connect(self._on_current)
        self.model.modelReset.connect(self._restore_selection)
        self.model.layoutChanged.connect(self._restore_selection)
        self.table.doubleClicked.connect(self._on_double_click)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.add_button.clicked.connect(self.add_requested)
        self.talk_button.clicked.connect(self._record_for("talk"))
        self.contact_button.clicked.connect(self._record_for("contact"))
        self.enrolment_button.clicked.connect(lambda: self._emit_for(self.enrolment_requested))
        self.override_button.clicked.connect(lambda: self._emit_for(self.override_requested))
        QShortcut(QKeySequence.StandardKey.Find, self, self.search.setFocus)
        self._update_actions()

    # -- data -------------------------------------------------------------------------------
    def set_contacts(self, contacts: dict[int, tuple[date | None, ...]]) -> None:
        self.model.set_contacts(contacts)

    def set_later(self, read: Later) -> None:
        """The rows read the first time the tab is shown or a row is asked for, not now: the
        window opens on 待办 (a 2,000-pupil class: 80 ms less before the window is ready).
        ``read`` gives the rows and ``more`` as ``set_rows`` takes them."""
        self._later = read
        if self.isVisible():  # on screen already (a restore while the roster was shown)
            self.read_now()

    def waiting(self) -> bool:
        """The rows are still to be read (``set_later``)."""
        return self._later is not None

    def read_now(self) -> None:
        """The rows read now if they are still waiting (``set_later``)."""
        read, self._later = self._later, None
        if read is not None:
            self.set_rows(*read())

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self.read_now()
        super().showEvent(event)

    def set_rows(
        self, rows: list[RosterRow], more: Callable[[], list[RosterRow]] | None = None
    ) -> None:
        """Replace the rows; the current pupil stays current. ``more``: the rows of the pupils
        who left the class, read when first needed (``rows`` holds the class then)."""
        self._later = None
        self._more = more
        self.model.set_rows(rows)
        self._counts = roster_counts(rows)
        self._update_count()
        self._update_actions()

    def complete(self) -> None:
        """Every pupil in the model: those who left the class read now if they were not."""
        self.read_now()
        more, self._more = self._more, None
        if more is not None:
            self.set_rows(self.model.all_rows + more())

    def every_row(self) -> list[RosterRow]:
        """Every pupil's row, those who left the class too (read now if they were not)."""
        self.complete()
        return self.model.all_rows

    def find_row(self, pupil_id: int) -> RosterRow | None:
        """The pupil's row, shown or not, in class or not."""
        self.read_now()
        row = self.model.find(pupil_id)
        if row is None and self._more is not None:
            self.complete()
            row = self.model.find(pupil_id)
        return row

    def current_pupil_id(self) -> int:
        return self._current_id

    def current_row(self) -> RosterRow | None:
        self.read_now()
        return self.model.find(self._current_id) if self._current_id else None

    def shown_pupil_id(self) -> int:
        """The pupil highlighted in the table (0 when a search or filter hides the current
        pupil's row: then no child is in view)."""
        if self._current_id and self.model.row_of(self._current_id) is not None:
            return self._current_id
        return 0

    def select_pupil(self, pupil_id: int, *, emit: bool = True) -> bool:
        """Make ``pupil_id`` current, clearing a search or filter that hides their row."""
        row = self.find_row(pupil_id)
        if row is None:
            return False
        if self.model.row_of(pupil_id) is None:
            self.search.clear()
            if not self.filter.currentData().accepts(row):
                self.filter.setCurrentIndex(list(RosterFilter).index(RosterFilter.EVERYONE))
        changed = pupil_id != self._current_id
        self._current_id = pupil_id
        self._restore_selection()
        self._update_actions()
        if emit and changed:
            self.pupil_selected.emit(pupil_id)
        return True

    def visible_names(self) -> list[str]:
        """The names shown, top to bottom (what the teacher sees)."""
        self.read_now()
        return [r.name for r in self.model.rows]

    # -- reactions --------------------------------------------------------------------------
    def _restore_selection(self) -> None:
        """Show the current pupil's row as selected when it is shown at all."""
        selection = self.table.selectionModel()
        blocked = selection.blockSignals(True)
        i = self.model.row_of(self._current_id) if self._current_id else None
        if i is None:
            selection.clear()
        else:
            index = self.model.index(i, 0)
            selection.setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.table.scrollTo(index)
        selection.blockSignals(blocked)

    def _on_query(self, text: str) -> None:
        if self.model.set_query(text):
            self._after_filter()

    def _on_filter(self, _i: int) -> None:
        if self.filter.currentData() in (RosterFilter.LEFT_CLASS, RosterFilter.EVERYONE):
            self.complete()  # those who left, read the first time they are asked for
        self.model.set_filter(self.filter.currentData())
        self._after_filter()

    def _after_filter(self) -> None:
        self._update_count()
        self._update_actions()
        rows = self.model.rows
        if len(rows) == 1 and rows[0].id != self._current_id and self.may_follow_search():
            self.select_pupil(rows[0].id)  # one hit: that child is the one in view

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        pupil_id = int(current.data(PUPIL_ID_ROLE))
        if pupil_id != self._current_id:
            self._current_id = pupil_id
            self._update_actions()
            self.pupil_selected.emit(pupil_id)

    def _on_double_click(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_requested.emit(int(index.data(PUPIL_ID_ROLE)))

    def context_actions(self) -> list[tuple[str, Callable[[], None]]]:
        """What a right-click on the current pupil offers (empty until the archive is open)."""
        row = self.current_row()
        if row is None or not self._actions_enabled:
            return []
        pid = row.id
        actions: list[tuple[str, Callable[[], None]]] = [
            ("打开五个清楚", lambda: self.open_requested.emit(pid)),
        ]
        if row.is_active:
            actions += [
                (f"{text}\t{keys}", self._record_for(kind)) for kind, text, keys in WEEKLY_RECORDS
            ]
            actions.append(("调整留守认定…", lambda: self.override_requested.emit(pid)))
            if row.is_left_behind:
                actions.append(("打印登记表（附件1）…", lambda: self.form1_requested.emit(pid)))
                focus = "重点帮扶对象（修改）…" if row.focus else "列为重点帮扶对象…"
                actions.append((focus, lambda: self.focus_requested.emit(pid)))
        actions += [
            (
                "转出 / 毕业…" if row.is_active else "恢复在读…",
                lambda: self.enrolment_requested.emit(pid),
            ),
            ("移入回收站…", lambda: self.delete_requested.emit(pid)),
        ]
        return actions

    def _record_for(self, kind: str) -> Callable[[], None]:
        return lambda: self.record_requested.emit(kind, self.shown_pupil_id())

    def _context_menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        if not index.isValid():
            return
        self.select_pupil(int(index.data(PUPIL_ID_ROLE)))
        if self.current_pupil_id() != int(index.data(PUPIL_ID_ROLE)):
            return  # the teacher kept editing another pupil
        menu = QMenu(self)
        for text, act in self.context_actions():
            menu.addAction(text, act)
        menu.exec(self.table.viewport().mapToGlobal(pos))

    def _emit_for(self, signal: SignalInstance) -> None:
        if self.shown_pupil_id():  # only the child the teacher sees highlighted
            signal.emit(self.shown_pupil_id())

    def set_actions_enabled(self, enabled: bool) -> None:
        """The buttons work only once the archive is open (see MainWindow.attach)."""
        self._actions_enabled = enabled
        self._update_actions()

    def _update_actions(self) -> None:
        shown = self.shown_pupil_id()
        row = self.model.find(shown) if shown else None
        ok = self._actions_enabled
        self.add_button.setEnabled(ok)
        self.talk_button.setEnabled(ok)  # no child in view: the form asks which child
        self.contact_button.setEnabled(ok)
        self.enrolment_button.setEnabled(ok and row is not None)
        self.override_button.setEnabled(ok and row is not None and row.is_active)
        if row is not None:
            self.enrolment_button.setText("恢复在读…" if not row.is_active else "转出 / 毕业…")

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        self.empty_hint.resize(self.table.viewport().size())

    def _update_count(self) -> None:
        self.empty_hint.setText(self.empty_text())
        self.empty_hint.setVisible(not self.model.rows)  # never a blank table without a word
        self.empty_hint.resize(self.table.viewport().size())
        active, left_behind = self._counts
        shown = len(self.model.rows)
        text = f"在读 {active} 人，其中留守儿童 {left_behind} 人"
        if shown != active:
            text += f"；当前显示 {shown} 人"
        self.count_label.setText(text)

    def empty_text(self) -> str:
        """What an empty table says: no pupils yet, nothing found for the search, or nobody
        under the filter chosen."""
        if not self.model.all_rows:
            return "还没有学生。点右上角“新增学生…”逐个添加。"
        which = self.filter.currentData()
        scope = "" if which is RosterFilter.EVERYONE else f"\n（当前只显示“{which.value}”）"
        query = self.search.text().strip()
        if query:
            return f"没有找到“{query}”。{scope}"
        return f"没有“{which.value}”的学生。"
