"""成长记录卡 tab: the selected pupil's card for a term — the same card the PDF prints, from the
same view model (``services.growth_card``) — its last section, 本学期关爱记录, a timeline that
can be filtered, edited and added to. The child's name heads the tab as a button: 换学生 picks
another child right here (``ui.pupil_picker``), without going back to the roster."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from liushou_desk.domain.print_options import PrintOptions
from liushou_desk.domain.records import CHILD_KINDS, KINDS
from liushou_desk.ops.archive import Archive
from liushou_desk.services.growth_card import growth_card
from liushou_desk.services.growth_card_model import hidden_note
from liushou_desk.services.records import RecordView
from liushou_desk.services.terms import TermView, current_term, list_terms
from liushou_desk.ui.grade_chart import grade_chart
from liushou_desk.ui.growth_card_html import CHART_URL, IN_TIMELINE, render_card
from liushou_desk.ui.plain_text import plain_label
from liushou_desk.ui.row_list import row_list
from liushou_desk.ui.timeline_model import TimelineModel


class GrowthCardTab(QWidget):
    """Shows the card of the selected pupil for the chosen term."""

    add_requested = Signal(str, int)  # record kind, parent record id (0: none)
    edit_requested = Signal(int)
    delete_requested = Signal(int)
    history_requested = Signal(int)
    print_requested = Signal()
    pick_requested = Signal()  # 换学生: ask which child's card to show

    def __init__(
        self, archive: Archive, today: Callable[[], date], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.archive = archive
        self.today = today
        self.pupil_id = 0
        self.reveal = False
        self.pupil_button = QPushButton("选择学生…")
        self.pupil_button.setStyleSheet("font-size: 18px; font-weight: bold; padding: 2px 10px;")
        self.pupil_button.setToolTip("换一个学生（可输入拼音首字母查找）")
        self.pupil_button.clicked.connect(self.pick_requested.emit)
        self.term_combo = QComboBox()
        self.kind_combo = QComboBox()
        self.kind_combo.addItem("本学期关爱记录", None)  # the card's last section
        self.kind_combo.addItem("全部记录（含成绩、评语、帮扶）", tuple(KINDS))
        for key in (*CHILD_KINDS, "activity", "meeting"):
            self.kind_combo.addItem(KINDS[key].label, (key,))
        self.add_button = QPushButton("新增记录")  # a push button sizes itself for its arrow
        menu = QMenu(self.add_button)
        for key in CHILD_KINDS:
            menu.addAction(KINDS[key].label, partial(self.add_requested.emit, key, 0))
        self.add_button.setMenu(menu)
        self.print_button = QPushButton("打印本卡…")
        self.print_button.clicked.connect(self.print_requested.emit)
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self._on_link)

        # the term's records: a virtualised table, fast with hundreds of rows
        self.timeline = TimelineModel(self)
        self.table = row_list(self.timeline)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        for i, width in enumerate((90, 110, 500, 70, 150)):
            header.resizeSection(i, width)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)  # the content
        self.table.doubleClicked.connect(lambda index: self._act("edit", index.row()))
        self.timeline_title = plain_label()
        self.timeline_title.setStyleSheet("color: #2e7d6b; font-weight: bold;")
        self.sensitive_label = plain_label()
        self.sensitive_label.setStyleSheet("background: #fff4e5; padding: 2px 6px;")
        self.reveal_box = QCheckBox("显示敏感记录")
        self.reveal_box.toggled.connect(self._reveal)
        self.edit_button = QPushButton("修改")
        self.delete_button = QPushButton("删除")
        self.history_button = QPushButton("历史版本")
        self.check_button = QPushButton("添加检查 / 回访")
        self.edit_button.clicked.connect(lambda: self._act("edit"))
        self.delete_button.clicked.connect(lambda: self._act("delete"))
        self.history_button.clicked.connect(lambda: self._act("history"))
        self.check_button.clicked.connect(lambda: self._act("check"))
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        tools = QHBoxLayout()
        tools.addWidget(self.timeline_title)
        tools.addWidget(self.sensitive_label)
        tools.addWidget(self.reveal_box)
        tools.addStretch(1)
        for b in (self.edit_button, self.check_button, self.history_button, self.delete_button):
            tools.addWidget(b)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addLayout(tools)
        lower_layout.addWidget(self.table, 1)
        from liushou_desk.ui.growth_bag_box import GrowthBagBox

        self.bag = GrowthBagBox()  # 成长记录袋, beside the card
        self.bag_controller: object = None  # set by the window (ui.controllers.tabs)
        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(self.browser)
        top.addWidget(self.bag)
        top.setStretchFactor(0, 1)
        top.setSizes([900, 260])
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(top)
        self.splitter.addWidget(lower)
        self.splitter.setSizes([420, 300])
        bar = QHBoxLayout()
        bar.addWidget(QLabel("学生："))
        bar.addWidget(self.pupil_button)
        bar.addSpacing(12)
        bar.addWidget(QLabel("学期："))
        bar.addWidget(self.term_combo)
        bar.addWidget(QLabel("显示："))
        bar.addWidget(self.kind_combo)
        bar.addStretch(1)
        bar.addWidget(self.add_button)
        bar.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.splitter, 1)
        self.term_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.kind_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self._stale = True
        self._shown: tuple[object, ...] = ()  # whose list, which term and kinds, is on screen
        self.add_button.setEnabled(False)
        self.print_button.setEnabled(False)

    def reload_terms(self) -> None:
        current = current_term(self.archive, self.today())
        self.term_combo.blockSignals(True)
        self.term_combo.clear()
        for t in list_terms(self.archive):
            self.term_combo.addItem(t.name, t)
        i = self.term_combo.findText(current.name, Qt.MatchFlag.MatchExactly)
        self.term_combo.setCurrentIndex(max(i, 0))
        self.term_combo.blockSignals(False)

    def set_pupil(self, pupil_id: int) -> None:
        if pupil_id != self.pupil_id:
            self.reveal = False  # sensitive records fold again for the next child
            self.reveal_box.blockSignals(True)
            self.reveal_box.setChecked(False)
            self.reveal_box.blockSignals(False)
        self.pupil_id = pupil_id
        if not pupil_id:
            self.pupil_button.setText("选择学生…")
        self.add_button.setEnabled(bool(pupil_id))
        self.print_button.setEnabled(bool(pupil_id))
        self.mark_stale()

    def mark_stale(self) -> None:
        self._stale = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        self._stale = False
        if self.term_combo.count() == 0:
            self.reload_terms()
        term: TermView | None = self.term_combo.currentData()
        if not self.pupil_id or term is None:
            self.pupil_button.setText("选择学生…")
            self.browser.setHtml("<p style='color:#888'>请点上方“选择学生…”选一名学生。</p>")
            self.bag.set_items([], enabled=False)
            return
        options = PrintOptions(
            mask=False,
            include_sensitive=self.reveal,
            include_health=True,
            monthly_activities=False,
        )
        try:
            card = growth_card(self.archive, self.pupil_id, term, self.today(), options)
        except LookupError:
            self.pupil_button.setText("选择学生…")
            self.browser.setHtml("<p>这名学生的档案已不存在。</p>")
            return
        self.pupil_button.setText(f"{card.name} ▾")
        from liushou_desk.services.growth_bag import list_items

        self.bag.set_items(list_items(self.archive, self.pupil_id))
        if card.chart is not None:
            self.browser.document().addResource(
                QTextDocument.ResourceType.ImageResource,
                QUrl(CHART_URL),
                grade_chart(card.chart),
            )
        scroll = self.browser.verticalScrollBar().value()
        self.browser.setHtml(render_card(card))
        self.browser.verticalScrollBar().setValue(scroll)
        kinds = self.kind_combo.currentData()
        place = self.table.verticalScrollBar().value()
        self.timeline.set_records(card.records, kinds, self.reveal)
        if kinds is None:  # the card's section, titled as on paper
            self.timeline_title.setText(card.section(IN_TIMELINE).title)
        else:
            count = self.timeline.rowCount()
            self.timeline_title.setText(f"{self.kind_combo.currentText()}（{count} 条）")
        hidden = self.timeline.hidden_sensitive
        self.sensitive_label.setText(hidden_note(hidden) if hidden else "")
        self.sensitive_label.setVisible(bool(hidden))
        self.reveal_box.setVisible(bool(hidden) or self.reveal)
        listed = (self.pupil_id, term.id, kinds)
        if listed != self._shown:  # oldest first, as printed: the newest in sight
            self.table.scrollToBottom()
            self._shown = listed
        else:  # the same list again (a record added or changed): it stays where it was
            self.table.verticalScrollBar().setValue(place)
        self._update_buttons()

    def _reveal(self, on: bool) -> None:
        self.reveal = on
        if on and self.pupil_id:  # 操作日志: whose sensitive records were shown
            from liushou_desk.services import audit

            audit.record(self.archive, audit.Action.REVEAL, audit.pupil_ref(self.pupil_id))
        self.refresh()

    def selected_record(self, row: int | None = None) -> RecordView | None:
        if row is None:
            row = self.table.currentIndex().row()
        return self.timeline.record_at(row)

    def _update_buttons(self) -> None:
        record = self.selected_record()
        for b in (self.edit_button, self.delete_button):
            b.setEnabled(record is not None)
        self.history_button.setEnabled(record is not None and record.version > 1)
        self.check_button.setEnabled(record is not None and record.kind in ("help_plan", "iep"))

    def _act(self, action: str, row: int | None = None) -> None:
        record = self.selected_record(row)
        if record is None:
            return
        if action == "edit":
            self.edit_requested.emit(record.id)
        elif action == "delete":
            self.delete_requested.emit(record.id)
        elif action == "history":
            self.history_requested.emit(record.id)
        elif action == "check":
            check = "plan_check" if record.kind == "help_plan" else "iep_review"
            self.add_requested.emit(check, record.id)

    def timeline_texts(self) -> list[str]:
        """Each row shown, as one line (what the teacher reads)."""
        m = self.timeline
        return [
            " ".join(str(m.index(r, c).data()) for c in range(m.columnCount()))
            for r in range(m.rowCount())
        ]

    def _on_link(self, url: QUrl) -> None:
        parts = url.toString().split(":")
        if parts[0] != "record" or len(parts) < 3:
            return
        action, arg = parts[1], parts[2]
        if action == "add":
            self.add_requested.emit(arg, int(parts[3]) if len(parts) > 3 else 0)
        elif action == "edit":
            self.edit_requested.emit(int(arg))
        elif action == "delete":
            self.delete_requested.emit(int(arg))
        elif action == "history":
            self.history_requested.emit(int(arg))
