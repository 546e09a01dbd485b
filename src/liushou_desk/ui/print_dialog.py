"""打印设置: what to print — the term report or one child's growth card — for which term, and
what may go on paper (full ID numbers and phones, records marked 涉及隐私)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from liushou_desk.domain.print_options import PrintOptions
from liushou_desk.services.terms import TermView
from liushou_desk.ui.plain_text import plain_label


class PrintDialog(QDialog):
    """The choices before a PDF is made; ``write_summary`` is asked for when the report's
    teacher text is still empty."""

    def __init__(
        self,
        what: str,
        terms: list[TermView],
        current: TermView,
        summary_missing: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("打印")
        self.write_summary = False
        self.term_combo = QComboBox()
        for term in terms:
            self.term_combo.addItem(term.name, term)
        index = self.term_combo.findText(current.name)
        if index < 0:
            self.term_combo.insertItem(0, current.name, current)
            index = 0
        self.term_combo.setCurrentIndex(index)
        self.mask_box = QCheckBox("身份证号、电话号码只显示前后几位（如 511725********123X）")
        self.mask_box.setChecked(True)
        self.sensitive_box = QCheckBox("打印涉及隐私的记录（个别教育管理方案、资助等）")
        self.sensitive_box.setChecked(False)
        self.health_box = QCheckBox("成长记录卡上打印身体和心理健康状况")
        self.health_box.setChecked(True)
        self.case_box = QCheckBox("典型案例写出学生的姓名（默认写作“邓同学”）")
        self.case_box.setChecked(False)
        note = QLabel("打印件会离开电脑：请只打印需要的内容，用完妥善保管。")
        note.setStyleSheet("color: #666;")
        note.setWordWrap(True)
        form = QFormLayout()
        form.addRow("打印内容：", plain_label(what))
        form.addRow("学期：", self.term_combo)
        form.addRow("", self.mask_box)
        form.addRow("", self.sensitive_box)
        form.addRow("", self.health_box)
        form.addRow("", self.case_box)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        self.summary_note = QLabel("本学期的期末总结（工作总结、存在问题、下学期打算）还没有填写。")
        self.summary_note.setStyleSheet("background: #fff4e5; padding: 6px;")
        self.summary_note.setWordWrap(True)
        self.summary_note.setVisible(summary_missing)
        layout.addWidget(self.summary_note)
        buttons = QDialogButtonBox()
        self.make_button = buttons.addButton("生成并预览", QDialogButtonBox.ButtonRole.AcceptRole)
        if summary_missing:
            write = buttons.addButton("先填写期末总结…", QDialogButtonBox.ButtonRole.ActionRole)
            write.clicked.connect(self._write_summary)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _write_summary(self) -> None:
        self.write_summary = True
        self.reject()

    def term(self) -> TermView:
        term: TermView = self.term_combo.currentData()
        return term

    def options(self) -> PrintOptions:
        return PrintOptions(
            mask=self.mask_box.isChecked(),
            include_sensitive=self.sensitive_box.isChecked(),
            include_health=self.health_box.isChecked(),
            case_names=self.case_box.isChecked(),
        )
