"""班级名册 tab: the class at a glance, search as you type, add a pupil, pupils leaving."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from liushou_desk.services.roster import RosterRow
from liushou_desk.ui.roster_model import (
    COLUMNS,
    PUPIL_ID_ROLE,
    RosterFilter,
    RosterFilterProxy,
    RosterTableModel,
)


class RosterTab(QWidget):
    """The roster table with its search box, filter and actions."""

    pupil_selected = Signal(int)  # the current pupil changed (0: none)
    open_requested = Signal(int)  # double-click: open the pupil's 五个清楚
    add_requested = Signal()
    enrolment_requested = Signal(int)
    override_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = RosterTableModel(self)
        self.proxy = RosterFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        self.search = QLineEdit()
        self.search.setPlaceholderText("搜索：姓名、拼音或首字母（如 zdy）、学籍号")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(300)
        self.filter = QComboBox()
        for f in RosterFilter:
            self.filter.addItem(f.value, f)
        self.add_button = QPushButton("新增学生…")
        self.enrolment_button = QPushButton("转出 / 毕业…")
        self.override_button = QPushButton("调整留守认定…")
        self.count_label = QLabel()

        bar = QHBoxLayout()
        bar.addWidget(QLabel("查找："))
        bar.addWidget(self.search, 2)
        bar.addWidget(QLabel("显示："))
        bar.addWidget(self.filter)
        bar.addStretch(1)
        bar.addWidget(self.add_button)
        bar.addWidget(self.enrolment_button)
        bar.addWidget(self.override_button)

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        for i, col in enumerate(COLUMNS):
            header.resizeSection(i, col.width)
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count_label)

        self.search.textChanged.connect(self._on_query)
        self.filter.currentIndexChanged.connect(self._on_filter)
        self.table.selectionModel().currentRowChanged.connect(self._on_current)
        self.table.doubleClicked.connect(self._on_double_click)
        self.add_button.clicked.connect(self.add_requested)
        self.enrolment_button.clicked.connect(lambda: self._emit_for(self.enrolment_requested))
        self.override_button.clicked.connect(lambda: self._emit_for(self.override_requested))
        QShortcut(QKeySequence.StandardKey.Find, self, self.search.setFocus)
        self._update_actions()

    # -- data -------------------------------------------------------------------------------
    def set_rows(self, rows: list[RosterRow]) -> None:
        """Replace the rows, keeping the current pupil selected when still shown."""
        current = self.current_pupil_id()
        self.model.set_rows(rows)
        if current:
            self.select_pupil(current, emit=False, reveal=False)
        self._update_count()
        self._update_actions()

    def current_pupil_id(self) -> int:
        index = self.table.currentIndex()
        if not index.isValid():
            return 0
        return int(index.data(PUPIL_ID_ROLE))

    def current_row(self) -> RosterRow | None:
        pid = self.current_pupil_id()
        i = self.model.row_of(pid) if pid else None
        return self.model.rows[i] if i is not None else None

    def select_pupil(self, pupil_id: int, *, emit: bool = True, reveal: bool = True) -> bool:
        """Make ``pupil_id`` the current row; with ``reveal``, clear a search or filter that
        hides the pupil."""
        source_row = self.model.row_of(pupil_id)
        if source_row is None:
            return False
        proxy_index = self.proxy.mapFromSource(self.model.index(source_row, 0))
        if not proxy_index.isValid():
            if not reveal:
                return False
            self.search.clear()
            row = self.model.rows[source_row]
            if not row.is_active and self.proxy.current_filter is not RosterFilter.EVERYONE:
                self.filter.setCurrentIndex(list(RosterFilter).index(RosterFilter.EVERYONE))
            proxy_index = self.proxy.mapFromSource(self.model.index(source_row, 0))
        if not proxy_index.isValid():
            return False
        blocker = None if emit else self.table.selectionModel().blockSignals(True)
        self.table.selectionModel().setCurrentIndex(
            proxy_index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        if blocker is not None:
            self.table.selectionModel().blockSignals(blocker)
        self.table.scrollTo(proxy_index)
        self._update_actions()
        return True

    def visible_names(self) -> list[str]:
        """The names shown, top to bottom (what the teacher sees)."""
        col = 0
        return [str(self.proxy.index(r, col).data()) for r in range(self.proxy.rowCount())]

    # -- reactions --------------------------------------------------------------------------
    def _on_query(self, text: str) -> None:
        self.proxy.set_query(text)
        self._after_filter()

    def _on_filter(self, _i: int) -> None:
        self.proxy.set_filter(self.filter.currentData())
        self._after_filter()

    def _after_filter(self) -> None:
        self._update_count()
        if self.proxy.rowCount() == 1 and not self.table.currentIndex().isValid():
            self.table.setCurrentIndex(self.proxy.index(0, 0))
        self._update_actions()

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._update_actions()
        self.pupil_selected.emit(int(current.data(PUPIL_ID_ROLE)) if current.isValid() else 0)

    def _on_double_click(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_requested.emit(int(index.data(PUPIL_ID_ROLE)))

    def _emit_for(self, signal: Signal) -> None:
        pid = self.current_pupil_id()
        if pid:
            signal.emit(pid)  # type: ignore[attr-defined]

    def _update_actions(self) -> None:
        row = self.current_row()
        self.enrolment_button.setEnabled(row is not None)
        self.override_button.setEnabled(row is not None and row.is_active)
        if row is not None:
            self.enrolment_button.setText("恢复在读…" if not row.is_active else "转出 / 毕业…")

    def _update_count(self) -> None:
        active = [r for r in self.model.rows if r.is_active]
        left_behind = sum(1 for r in active if r.is_left_behind)
        shown = self.proxy.rowCount()
        text = f"在读 {len(active)} 人，其中留守儿童 {left_behind} 人"
        if shown != len(active):
            text += f"；当前显示 {shown} 人"
        self.count_label.setText(text)
