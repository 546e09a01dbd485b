"""历史版本 (a record's earlier versions): every version side by side, field by field — the
whole form, not the timeline's summary — with what each version changed highlighted and named
above the table, so two versions never look the same when they differ."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from liushou_desk.domain.records import BOOL, KINDS, PUPILS, SCORES, RecordKind
from liushou_desk.services.records import RecordView
from liushou_desk.ui.plain_text import plain_label

CHANGED = QColor("#fff1b8")
SENSITIVE = "涉及隐私"


def field_text(kind: RecordKind, name: str, record: RecordView) -> str:
    """One field of one version as the form shows it."""
    spec = kind.spec(name)
    if spec.type == SCORES:
        return "，".join(f"{subject} {score}" for subject, score in record.scores.items())
    value = record.values.get(name, "")
    if spec.type == BOOL:
        return "是" if value else "否"
    if name == kind.date_field and not value:
        return record.occurred_on.isoformat()
    return value


def version_rows(kind: RecordKind, versions: Sequence[RecordView]) -> list[tuple[str, list[str]]]:
    """(the field's label, its text in each version), in the form's order, and 涉及隐私; a field
    empty (or 否) in every version is left out. The participants of an activity are not kept
    per version, so they are not compared."""
    rows = [
        (spec.label, [field_text(kind, spec.name, v) for v in versions])
        for spec in kind.fields
        if spec.type != PUPILS
    ]
    rows.append((SENSITIVE, ["是" if v.sensitive else "否" for v in versions]))
    return [(label, texts) for label, texts in rows if any(t not in ("", "否") for t in texts)]


def version_title(record: RecordView, current: bool) -> str:
    if current:
        return f"第 {record.version} 版（现在）\n{record.updated_at:%Y-%m-%d %H:%M} 保存"
    return f"第 {record.version} 版\n{record.updated_at:%Y-%m-%d %H:%M} 被修改前"


class RecordHistoryDialog(QDialog):
    """``history`` (oldest first) and the ``current`` record, one column each."""

    def __init__(
        self,
        history: Sequence[RecordView],
        current: RecordView,
        pupil_name: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.kind = KINDS[current.kind]
        self.versions = [*history, current]
        self.rows = version_rows(self.kind, self.versions)
        who = f"{pupil_name}的" if pupil_name else ""
        self.setWindowTitle(f"{who}{current.label} · 历史版本")

        heading = plain_label(f"{who}{current.label}（{current.occurred_on:%Y-%m-%d}）的各个版本")
        font = QFont(heading.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        heading.setFont(font)
        self.changes_label = plain_label(self.changes_text())
        self.changes_label.setWordWrap(True)
        self.changes_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.only_changed = QCheckBox("只看改过的项目")
        self.only_changed.toggled.connect(self._show_rows)

        self.table = QTableWidget(len(self.rows), len(self.versions))
        self.table.setHorizontalHeaderLabels(
            [version_title(v, i == len(self.versions) - 1) for i, v in enumerate(self.versions)]
        )
        self.table.setVerticalHeaderLabels([label for label, _texts in self.rows])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        bold = QFont(self.table.font())
        bold.setBold(True)
        for r, (label, texts) in enumerate(self.rows):
            for c, text in enumerate(texts):
                item = QTableWidgetItem(text or "—")
                item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
                if self.changed(r, c):
                    item.setBackground(QBrush(CHANGED))
                    item.setFont(bold)
                    item.setToolTip(f"第 {self.versions[c].version} 版改了“{label}”")
                self.table.setItem(r, c, item)
            if any(self.changed(r, c) for c in range(len(texts))):
                header = QTableWidgetItem(f"✎ {label}")
                header.setFont(bold)
                self.table.setVerticalHeaderItem(r, header)
        columns = self.table.horizontalHeader()
        columns.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        columns.setMinimumSectionSize(200)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        hint = QLabel("黄色底、粗体：这一版与前一版不同的内容。")
        hint.setStyleSheet("color: #555;")
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.changes_label)
        layout.addWidget(self.only_changed)
        layout.addWidget(self.table, 1)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self.table.resizeRowsToContents()
        tall = self.table.verticalHeader().length() + self.table.horizontalHeader().height()
        # as tall as the versions need, and within a 1366×768 screen
        self.resize(min(220 + 300 * len(self.versions), 1200), min(max(tall + 230, 360), 640))

    def changed(self, row: int, column: int) -> bool:
        """Whether version ``column`` differs from the one before it in this row."""
        texts = self.rows[row][1]
        return column > 0 and texts[column] != texts[column - 1]

    def changed_labels(self, column: int) -> list[str]:
        """The fields version ``column`` changed."""
        return [label for r, (label, _t) in enumerate(self.rows) if self.changed(r, column)]

    def changes_text(self) -> str:
        lines = []
        for c in range(1, len(self.versions)):
            labels = self.changed_labels(c)
            number = self.versions[c].version
            if labels:
                lines.append(f"第 {number} 版改了：{'、'.join(labels)}")
            else:
                same = "内容与前一版相同（只是重新保存）"
                if self.kind.class_level:
                    same += "；参加的学生不分版本保存"
                lines.append(f"第 {number} 版：{same}")
        return "\n".join(lines)

    def text_at(self, label: str, column: int) -> str:
        """The text shown for ``label`` in version ``column`` (tests, screenshots)."""
        for r, (name, _texts) in enumerate(self.rows):
            if name == label:
                item = self.table.item(r, column)
                return item.text() if item is not None else ""
        raise KeyError(label)

    def _show_rows(self, only_changed: bool) -> None:
        for r in range(len(self.rows)):
            changed = any(self.changed(r, c) for c in range(len(self.versions)))
            self.table.setRowHidden(r, only_changed and not changed)
