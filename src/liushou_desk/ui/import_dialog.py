"""导入名册 dialog: a preview of what the school's spreadsheet would add and change, and every
problem by row and column; nothing is written until the teacher clicks 导入. The preview shows a
column for each field the file brings; 调整列对应… closes it with ``wants_mapping`` set, and the
window opens the column-mapping dialog (列对应) and plans the import again."""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from liushou_desk.domain.profile import field_label
from liushou_desk.io.roster_columns import column_label
from liushou_desk.io.roster_import import preview_value
from liushou_desk.io.roster_plan import ImportPlan, ImportRow

REMAP = 2  # the dialog's result when the teacher asked to adjust the column mapping
WIDEST = 360  # a column of long notes stops here (its cells end in "…", the tip has all)
SPARE = 12  # room beside a header's words, so no style or font cuts the last character


def _table(headers: list[str], rows: list[list[str]]) -> QTableWidget:
    table = QTableWidget(len(rows), len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setStretchLastSection(True)
    for r, values in enumerate(rows):
        for c, text in enumerate(values):
            item = QTableWidgetItem(text)
            item.setToolTip(text if len(text) > 12 else "")
            table.setItem(r, c, item)
    fit_columns(table)
    return table


def fit_columns(table: QTableWidget) -> None:
    """Every header whole: each column as wide as its header and its cells, a column of long
    notes no wider than WIDEST (but never narrower than its header). The table scrolls
    sideways only when the columns are wider than the dialog."""
    header = table.horizontalHeader()
    table.resizeColumnsToContents()
    for c in range(table.columnCount()):
        need = header.sectionSizeHint(c) + SPARE
        header.resizeSection(c, max(need, min(header.sectionSize(c), WIDEST)))


def _change_label(path: str) -> str:
    if path == "guardians":
        return "新增监护人"
    if path == "left_behind":
        return "留守（父母外出）"
    return field_label(path)


def _shown(plan: ImportPlan) -> list[str]:
    """The field paths the preview shows: the file's imported columns, in the file's order;
    家庭成员 columns shown as the father, mother and guardian they were read as."""
    hidden = ("note", "left_behind_kind")
    paths = [
        p for _, p in sorted(plan.columns.items()) if p not in hidden and not p.startswith("member")
    ]
    if any(p.startswith("member") for p in plan.columns.values()):
        paths += [p for p in ("father.name", "mother.name", "guardian.name") if p not in paths]
    return ["name", *(p for p in paths if p != "name")]


def _row_values(item: ImportRow, paths: list[str]) -> list[str]:
    status = "；".join([item.kind, *item.notes, *item.conflicts]).strip("；")
    values = [preview_value(item, p) for p in paths]
    return [_rows(item), values[0], status, *values[1:]]  # the status beside the name


def _rows(item: ImportRow) -> str:
    return "、".join(str(r) for r in (item.rows or (item.row,)))


class ImportDialog(QDialog):
    def __init__(self, plan: ImportPlan, file_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"导入名册 — {file_name}")
        self.plan = plan
        summary = QLabel(
            f"将新增 <b>{len(plan.added)}</b> 名学生，更新 <b>{len(plan.updated)}</b> 名，"
            f"{len(plan.unchanged)} 名没有变化；"
            + (
                f"<b style='color:#c62828'>{len(plan.problems)} 处问题</b>（这些行不会导入）。"
                if plan.problems
                else "没有发现问题。"
            )
        )
        summary.setWordWrap(True)
        tabs = QTabWidget()
        paths = _shown(plan)
        labels = [column_label(p) for p in paths]
        head = ["行", labels[0], "留守认定", *labels[1:]]
        self.added = _table(head, [_row_values(i, paths) for i in plan.added])
        tabs.addTab(self.added, f"新增（{len(plan.added)}）")
        self.updated = _table(
            [*head, "将更新"],
            [
                [*_row_values(i, paths), "、".join(_change_label(c) for c in i.changes)]
                for i in plan.updated
            ],
        )
        tabs.addTab(self.updated, f"更新（{len(plan.updated)}）")
        self.problems = _table(
            ["行", "学生", "列", "问题", "处理"],
            [
                [str(p.row), p.name or "（无姓名）", p.column or "", p.message, "这一行不导入"]
                for p in plan.problems
            ],
        )
        tabs.addTab(self.problems, f"问题（{len(plan.problems)}）")
        if plan.problems:
            tabs.setCurrentWidget(self.problems)
        note = QLabel(
            "行号是表格中的行号。空白的单元格不会清除档案里已有的内容；"
            "同一个文件再导入一次不会重复添加。"
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: #666;")
        self.unknown = QLabel(
            f"有 {len(plan.unknown_columns)} 列没有识别，不会导入："
            f"{'、'.join(plan.unknown_columns)}。如果其中有要导入的内容，"
            "请点“调整列对应…”指定它们对应的项目。"
        )
        self.unknown.setWordWrap(True)
        self.unknown.setStyleSheet("background: #fff4e0; padding: 6px;")
        self.unknown.setVisible(bool(plan.unknown_columns))
        self.wants_mapping = False
        self.remap_button = QPushButton("调整列对应…")
        self.remap_button.setEnabled(plan.header is not None)
        self.remap_button.clicked.connect(self.request_mapping)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("导入")
        ok.setEnabled(bool(plan.added or plan.updated))
        self.buttons.addButton(self.remap_button, QDialogButtonBox.ButtonRole.ResetRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.unknown)
        layout.addWidget(tabs, 1)
        layout.addWidget(note)
        layout.addWidget(self.buttons)
        self.resize(1100, 560)  # fits a 1366×768 screen with its taskbar

    def showEvent(self, event: QShowEvent) -> None:
        """Once the window's style and fonts apply, measure the columns again (a header
        measured before could come out a few pixels short and be cut)."""
        super().showEvent(event)
        for table in (self.added, self.updated, self.problems):
            fit_columns(table)

    def request_mapping(self) -> None:
        """调整列对应…: close the preview; the window opens the mapping and plans again."""
        self.wants_mapping = True
        self.done(REMAP)
