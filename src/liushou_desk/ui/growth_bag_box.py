"""成长记录袋 beside the growth card: the child's attachments as thumbnails (a PDF as a page
icon), 放入材料… or files dropped on it (as the kind chosen above), 查看 and 移出."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QIcon, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from liushou_desk.domain.enums import AttachmentKind
from liushou_desk.services.growth_bag import BagItem

ITEM_ID = Qt.ItemDataRole.UserRole + 1


class BagList(QListWidget):
    """The thumbnails; files dropped on it are handed on."""

    dropped = Signal(list)  # [Path]

    def __init__(self) -> None:
        super().__init__()
        self.setViewMode(QListWidget.ViewMode.IconMode)
        self.setIconSize(QSize(72, 72))
        self.setGridSize(QSize(100, 110))
        self.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.setWordWrap(True)
        self.setAcceptDrops(True)
        self.setDragEnabled(False)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dragMoveEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.dropped.emit(paths)


class GrowthBagBox(QWidget):
    add_requested = Signal(list, str)  # [Path] (empty: ask which), AttachmentKind code
    view_requested = Signal(int)
    remove_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel("<b>成长记录袋</b>")
        self.kind = QComboBox()
        self.kind.addItems(AttachmentKind.labels())
        self.list = BagList()
        self.list.dropped.connect(lambda paths: self.add_requested.emit(paths, self.kind_code()))
        self.list.itemDoubleClicked.connect(
            lambda item: self.view_requested.emit(item.data(ITEM_ID))
        )
        self.add_button = QPushButton("放入材料…")
        self.view_button = QPushButton("查看")
        self.remove_button = QPushButton("移出")
        self.add_button.clicked.connect(lambda: self.add_requested.emit([], self.kind_code()))
        self.view_button.clicked.connect(lambda: self._emit(self.view_requested))
        self.remove_button.clicked.connect(lambda: self._emit(self.remove_requested))
        hint = QLabel("书信、奖状、作品、自我介绍的照片或 PDF；可以把文件直接拖进来。")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #666;")
        buttons = QHBoxLayout()
        for b in (self.add_button, self.view_button, self.remove_button):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.kind)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        layout.addWidget(hint)
        self.setMinimumWidth(240)
        self.set_items([], enabled=False)

    def kind_code(self) -> str:
        found = AttachmentKind.from_label(self.kind.currentText())
        return found.code if found else AttachmentKind.OTHER.code

    def set_items(self, items: list[BagItem], *, enabled: bool = True) -> None:
        self.list.clear()
        page = self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon)
        for bag_item in items:
            icon = page
            if bag_item.thumb:
                pixmap = QPixmap()
                if pixmap.loadFromData(bag_item.thumb):
                    icon = QIcon(pixmap)
            entry = QListWidgetItem(icon, bag_item.title)
            entry.setToolTip(
                f"{bag_item.kind_word}　{bag_item.added_on:%Y-%m-%d}　{bag_item.title}"
            )
            entry.setData(ITEM_ID, bag_item.id)
            self.list.addItem(entry)
        self.title.setText(f"<b>成长记录袋</b>（{len(items)} 份）")
        for widget in (self.add_button, self.kind, self.list):
            widget.setEnabled(enabled)
        self.view_button.setEnabled(enabled and bool(items))
        self.remove_button.setEnabled(enabled and bool(items))

    def titles(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def _emit(self, signal) -> None:  # type: ignore[no-untyped-def]
        item = self.list.currentItem()
        if item is not None:
            signal.emit(item.data(ITEM_ID))
