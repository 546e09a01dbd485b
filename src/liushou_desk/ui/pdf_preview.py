"""打印预览: the finished PDF shown page by page (rendered by PDFium, only the pages on screen),
with 打印…, 另存为… and 用系统阅读器打开. Characters no bundled font has are named above the
pages, so the teacher knows before printing.

Printing renders each page at the printer's resolution (at most 300 dpi) off the GUI thread,
with a progress bar that can be cancelled.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from liushou_desk.ui.plain_text import plain_label

PREVIEW_SCALE = 1.2  # 72 dpi × 1.2: a page about as wide as it prints on screen
CACHE_PAGES = 12
Index = QModelIndex | QPersistentModelIndex


def render_page(document: Any, number: int, scale: float) -> QImage:
    """One page as an RGB image (PDFium), copied so it outlives PDFium's bitmap."""
    page = document[number]
    bitmap = page.render(scale=scale, rev_byteorder=True, may_draw_forms=False)
    image = QImage(
        bytes(bitmap.buffer),
        bitmap.width,
        bitmap.height,
        bitmap.stride,
        QImage.Format.Format_RGB888,
    ).copy()
    bitmap.close()
    page.close()
    return image


class PageModel(QAbstractListModel):
    """The pages, rendered only when the view asks for one (i.e. when it is on screen)."""

    def __init__(self, data: bytes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        import pypdfium2

        self.document = pypdfium2.PdfDocument(data)
        width, height = self.document[0].get_size() if len(self.document) else (595, 842)
        self.page_size = QSize(int(width * PREVIEW_SCALE), int(height * PREVIEW_SCALE))
        self.cache: OrderedDict[int, QPixmap] = OrderedDict()
        self.rendered = 0

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.document)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DecorationRole:
            return self.pixmap(index.row())
        if role == Qt.ItemDataRole.SizeHintRole:
            return self.page_size + QSize(0, 16)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"第 {index.row() + 1} 页"
        return None

    def pixmap(self, number: int) -> QPixmap:
        if number in self.cache:
            self.cache.move_to_end(number)
            return self.cache[number]
        pixmap = QPixmap.fromImage(render_page(self.document, number, PREVIEW_SCALE))
        self.rendered += 1
        self.cache[number] = pixmap
        while len(self.cache) > CACHE_PAGES:
            self.cache.popitem(last=False)
        return pixmap

    def close(self) -> None:
        self.cache.clear()
        self.document.close()


class PdfPreviewDialog(QDialog):
    """The PDF before it is printed or saved. The window supplies what the buttons do."""

    def __init__(
        self,
        title: str,
        data: bytes,
        missing: list[str],
        on_print: Callable[[], None],
        on_save: Callable[[], None],
        on_open: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"打印预览 · {title}")
        self.data = data
        self.model = PageModel(data, self)
        self.view = QListView()
        self.view.setModel(self.model)
        self.view.setUniformItemSizes(True)
        self.view.setIconSize(self.model.page_size)
        self.view.setSpacing(8)
        self.view.setStyleSheet("QListView { background: #8a8a8a; }")
        self.view.setSelectionMode(QListView.SelectionMode.NoSelection)
        self.pages_label = QLabel(f"共 {self.model.rowCount()} 页")
        self.said = plain_label()  # 已保存… / 已发送…: the answer where she is working
        self.said.setStyleSheet("color: #2e7d32;")
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("background: #fff4e5; color: #8a4b00; padding: 6px;")
        if missing:
            shown = "；".join(missing[:6]) + ("……" if len(missing) > 6 else "")
            self.warning.setText(
                "注意：下列文字没有可用的字体，打印出来是“□”，请核对或手写补上：" + shown
            )
        self.warning.setVisible(bool(missing))
        self.print_button = QPushButton("打印…")
        self.save_button = QPushButton("另存为 PDF…")
        self.open_button = QPushButton("用系统 PDF 阅读器打开")
        close = QPushButton("关闭")
        self.print_button.clicked.connect(on_print)
        self.save_button.clicked.connect(on_save)
        self.open_button.clicked.connect(on_open)
        close.clicked.connect(self.reject)
        bar = QHBoxLayout()
        bar.addWidget(self.pages_label)
        bar.addWidget(self.said, 1)
        for button in (self.print_button, self.save_button, self.open_button, close):
            bar.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.warning)
        layout.addWidget(self.view, 1)
        layout.addLayout(bar)
        # fits a 1366×768 school laptop as well as a large screen
        screen = self.screen().availableGeometry() if self.screen() else None
        height = 860 if screen is None else min(860, screen.height() - 60)
        width = self.model.page_size.width() + 80
        self.resize(width if screen is None else min(width, screen.width() - 40), height)

    def say(self, text: str) -> None:
        """Confirm in the preview itself (the window's status bar is behind it)."""
        self.said.setText(text)

    def done(self, result: int) -> None:
        self.model.close()
        super().done(result)


def print_pages(data: bytes, printer: Any, progress: Callable[[int, int], None]) -> int:
    """Paint every page onto ``printer`` (a configured QPrinter), page by page; runs in a worker
    thread (QPainter on a QPrinter is allowed there). Returns the pages printed."""
    import pypdfium2
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QPainter

    document = pypdfium2.PdfDocument(data)
    try:
        total = len(document)
        dpi = min(printer.resolution(), 300)
        painter = QPainter()
        if not painter.begin(printer):
            raise OSError("打印机无法开始打印（可能已脱机或缺纸）")
        try:
            for number in range(total):
                progress(number, total)  # raises Cancelled when the teacher cancels
                if number:
                    printer.newPage()
                image = render_page(document, number, dpi / 72)
                target = QRectF(painter.viewport())
                size = image.size().scaled(
                    target.size().toSize(), Qt.AspectRatioMode.KeepAspectRatio
                )
                painter.drawImage(QRectF(target.topLeft(), size.toSizeF()), image)
        except BaseException:
            printer.abort()  # nothing half-printed is sent on
            raise
        finally:
            painter.end()
        progress(total, total)
        return total
    finally:
        document.close()


def save_copy(data: bytes, out: Path) -> None:
    from liushou_desk.safe_files import write_bytes_safely

    write_bytes_safely(out, data)


def start_printing(window: Any, data: bytes, done: Callable[[int], None] | None = None) -> Any:
    """打印…: the system's print dialog, then the pages sent off the GUI thread with a
    cancellable progress bar; ``window`` has ``prompts`` and a status bar. Returns the task
    (keep a reference), or None when the teacher cancelled the print dialog."""
    from liushou_desk.ui.background import BackgroundTask

    printer = window.prompts.choose_printer(window)
    if printer is None:
        return None
    return BackgroundTask(
        window,
        "正在发送到打印机…",
        lambda progress: print_pages(data, printer, progress),
        lambda pages: _printed(window, pages, done),
        lambda exc: window.prompts.error(window, "打印失败。", str(exc)),
        cancellable=True,
    ).start()


def _printed(window: Any, pages: int, done: Callable[[int], None] | None) -> None:
    window.statusBar().showMessage(f"已发送 {pages} 页到打印机", 8000)
    if done is not None:
        done(pages)
