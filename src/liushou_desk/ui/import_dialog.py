"""导入名册 dialog: a preview of what the school's spreadsheet would add and change, and every
problem by row and column; nothing is written until the teacher clicks 导入."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from liushou_desk.domain.profile import field_label
from liushou_desk.io.roster_import import ImportPlan, ImportRow


def _table(headers: list[str], rows: list[list[str]]) -> QTableWidget:
    table = QTableWidget(len(rows), len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setStretchLastSection(True)
    for r, values in enumerate(rows):
        for c, text in enumerate(values):
            table.setItem(r, c, QTableWidgetItem(text))
    table.resizeColumnsToContents()
    return table


def _change_label(path: str) -> str:
    if path == "guardians":
        return "新增监护人"
    if path == "left_behind":
        return "留守（父母外出）"
    return field_label(path)


def _who(item: ImportRow) -> list[str]:
    d = item.draft
    return [str(item.row), d.name, d.sex, d.birth_date, d.id_number or d.student_number]


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
        head = ["行", "姓名", "性别", "出生日期", "身份证号/学籍号"]
        tabs.addTab(_table(head, [_who(i) for i in plan.added]), f"新增（{len(plan.added)}）")
        tabs.addTab(
            _table(
                [*head, "将更新"],
                [[*_who(i), "、".join(_change_label(c) for c in i.changes)] for i in plan.updated],
            ),
            f"更新（{len(plan.updated)}）",
        )
        self.problems = _table(
            ["行", "列", "问题"],
            [[str(p.row), p.column or "", p.message] for p in plan.problems],
        )
        tabs.addTab(self.problems, f"问题（{len(plan.problems)}）")
        if plan.problems:
            tabs.setCurrentWidget(self.problems)
        note = QLabel(
            "行号是表格中的行号。空白的单元格不会清除档案里已有的内容；同一个文件再导入一次不会重复添加。"
            + (
                f"<br>没有识别的列（不导入）：{'、'.join(plan.unknown_columns)}"
                if plan.unknown_columns
                else ""
            )
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: #666;")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("导入")
        ok.setEnabled(bool(plan.added or plan.updated))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(tabs, 1)
        layout.addWidget(note)
        layout.addWidget(self.buttons)
        self.resize(720, 480)
