"""打印统计表（附件3）: the class's counts at a glance, the cross-column checks (表间勾稽关系) with
every child to correct named before anything is made, and the choice of PDF or Excel."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QListWidget,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from liushou_desk.services.form3 import FormThree, check
from liushou_desk.ui.plain_text import plain_label


class Form3Dialog(QDialog):
    """The checks and the format; accepted: make it (``as_xlsx`` says which)."""

    def __init__(self, form: FormThree, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("打印统计表（附件3）")
        self.problems = check(form)
        groups = "；".join(
            f"{name}：" + "、".join(f"{k} {v}" for k, v in cells.items() if v)
            for name, cells in form.breakdowns()
        )
        summary = plain_label(f"留守儿童 {form.total} 人。{groups}")
        summary.setWordWrap(True)
        self.verdict = plain_label()
        self.verdict.setWordWrap(True)
        self.list = QListWidget()
        self.list.addItems(self.problems)
        if self.problems:
            self.verdict.setText(
                f"有 {len(self.problems)} 处需要核对：未填或前后矛盾的儿童，报送前请先在"
                "“五个清楚”中改正。也可以照样生成，统计表上会列出这些问题。"
            )
            self.verdict.setStyleSheet("background: #fff4e5; padding: 6px;")
        else:
            self.verdict.setText("各栏合计一致，没有未填或前后矛盾的儿童。")
            self.verdict.setStyleSheet("color: #2e7d32;")
        self.list.setVisible(bool(self.problems))
        self.pdf_button = QRadioButton("PDF，打印后签字盖章")
        self.xlsx_button = QRadioButton("Excel（含“勾稽检查”工作表）")
        group = QButtonGroup(self)
        group.addButton(self.pdf_button)
        group.addButton(self.xlsx_button)
        self.pdf_button.setChecked(True)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.verdict)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.pdf_button)
        layout.addWidget(self.xlsx_button)
        buttons = QDialogButtonBox()
        text = "照样生成" if self.problems else "生成"
        self.make_button = buttons.addButton(text, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(620, 460)

    def as_xlsx(self) -> bool:
        return self.xlsx_button.isChecked()
