"""成长记录卡 tab: the selected pupil's card for a term, as the teacher would print it, with the
term's records in a timeline that can be filtered, edited and added to."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from liushou_desk.db.engine import Archive
from liushou_desk.domain.records import CHILD_KINDS, KINDS
from liushou_desk.services.growth_card import growth_card
from liushou_desk.services.terms import TermView, current_term, list_terms
from liushou_desk.ui.grade_chart import grade_chart
from liushou_desk.ui.growth_card_html import render_card


class GrowthCardTab(QWidget):
    """Shows the card of the selected pupil for the chosen term."""

    add_requested = Signal(str, int)  # record kind, parent record id (0: none)
    edit_requested = Signal(int)
    delete_requested = Signal(int)
    history_requested = Signal(int)

    def __init__(
        self, archive: Archive, today: Callable[[], date], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.archive = archive
        self.today = today
        self.pupil_id = 0
        self.reveal = False
        self.term_combo = QComboBox()
        self.kind_combo = QComboBox()
        self.kind_combo.addItem("全部记录", None)
        for key in (*CHILD_KINDS, "activity", "meeting"):
            self.kind_combo.addItem(KINDS[key].label, (key,))
        self.add_button = QToolButton()
        self.add_button.setText("新增记录")
        self.add_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.add_button)
        for key in CHILD_KINDS:
            menu.addAction(KINDS[key].label, lambda k=key: self.add_requested.emit(k, 0))
        self.add_button.setMenu(menu)
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self._on_link)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("学期："))
        bar.addWidget(self.term_combo)
        bar.addWidget(QLabel("显示："))
        bar.addWidget(self.kind_combo)
        bar.addStretch(1)
        bar.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.browser, 1)
        self.term_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.kind_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self._stale = True
        self.add_button.setEnabled(False)

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
        self.pupil_id = pupil_id
        self.add_button.setEnabled(bool(pupil_id))
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
            self.browser.setHtml("<p style='color:#888'>请先在“班级名册”中选择一名学生。</p>")
            return
        try:
            card = growth_card(self.archive, self.pupil_id, term, self.today())
        except LookupError:
            self.browser.setHtml("<p>这名学生的档案已不存在。</p>")
            return
        chart = grade_chart(card.grades)
        document = self.browser.document()
        if chart is not None:
            document.addResource(
                QTextDocument.ResourceType.ImageResource, QUrl("chart://grades"), chart
            )
        scroll = self.browser.verticalScrollBar().value()
        self.browser.setHtml(render_card(card, self.kind_combo.currentData(), self.reveal))
        self.browser.verticalScrollBar().setValue(scroll)

    def _on_link(self, url: QUrl) -> None:
        parts = url.toString().split(":")
        if parts[0] == "reveal":
            self.reveal = parts[1] == "on"
            self.refresh()
            return
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
