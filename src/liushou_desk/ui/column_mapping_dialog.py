"""调整列对应 dialog (列对应): every column of the school's spreadsheet, the first value under
it, and a list to choose which archive field it is imported as, or 不导入. The mapping is checked
by the core (``check_mapping``) before the dialog closes; the import is then planned again."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from liushou_desk.io.roster_columns import (
    IMPORT_FIELDS,
    SKIP,
    HeaderRow,
    MappingError,
    check_mapping,
    column_label,
)
from liushou_desk.ui.plain_text import plain_label

UNKNOWN = "#ffecc8"  # the background of the columns the header words did not name


class ColumnMappingDialog(QDialog):
    """Accepted only with a usable mapping; ``mapping()`` then gives header key → field path."""

    def __init__(self, header: HeaderRow, message: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("调整列对应")
        self.header = header
        rows = f"{header.sheet_row}" + (f"–{header.sheet_row + 1}" if header.height == 2 else "")
        self.intro = intro = QLabel(
            (f"<p style='color:#c62828'>{escape(message)}</p>" if message else "")
            + f"表头在表格第 {rows} 行。请为每一列选择它对应的档案项目，"
            "选“不导入”的列会被忽略。"
            "<br>没能自动识别的列用浅橙色标出。"
        )
        intro.setTextFormat(Qt.TextFormat.RichText)  # the message from the file is escaped
        intro.setWordWrap(True)
        self.table = QTableWidget(len(header.columns), 4)
        self.table.setHorizontalHeaderLabels(["列", "表头", "第一行内容", "导入为"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.verticalHeader().setVisible(False)
        self.combos: dict[str, QComboBox] = {}
        for r, column in enumerate(header.columns):
            cells = [column.letter, column.text or "（无表头）", column.sample]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if not column.recognised:
                    item.setBackground(QColor(UNKNOWN))
                self.table.setItem(r, c, item)
            combo = QComboBox()
            for path in (SKIP, *IMPORT_FIELDS):
                combo.addItem(column_label(path), path)
            combo.setCurrentIndex(combo.findData(column.field))
            combo.setToolTip(
                f"自动识别为：{column_label(column.recognised)}"
                if column.recognised
                else "没有自动识别"
            )
            combo.currentIndexChanged.connect(self._hide_error)
            self.table.setCellWidget(r, 3, combo)
            self.combos[column.key] = combo
        heads = self.table.horizontalHeader()
        for c in range(3):
            heads.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        heads.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.resizeRowsToContents()
        self.error = plain_label()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c62828;")
        self.error.hide()
        self.reset_button = QPushButton("恢复自动识别")
        self.reset_button.clicked.connect(self.reset)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("按此对应重新检查")
        self.buttons.addButton(self.reset_button, QDialogButtonBox.ButtonRole.ResetRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.resize(640, min(620, 180 + 26 * len(header.columns)))

    def _hide_error(self, *_args: object) -> None:
        self.error.hide()

    def choose(self, key: str, path: str) -> None:
        """Set the column named ``key`` to import as ``path`` ("" = 不导入)."""
        combo = self.combos[key]
        combo.setCurrentIndex(combo.findData(path))

    def reset(self) -> None:
        """Every column back to what its header words say."""
        for column in check_mapping(self.header, {}).columns:
            self.choose(column.key, column.field)

    def mapping(self) -> dict[str, str]:
        return {key: combo.currentData() for key, combo in self.combos.items()}

    def accept(self) -> None:
        try:
            check_mapping(self.header, self.mapping(), require_name=True)
        except MappingError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        super().accept()
