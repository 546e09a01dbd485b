"""打印设置: what to print — the term report or one child's growth card — for which term, and
what may go on paper (full ID numbers and phones, records marked 涉及隐私); for the report, which
of its parts and which dates (a part of the term: 统计时段)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from liushou_desk.domain.print_options import REPORT_PARTS, PrintOptions
from liushou_desk.services.terms import TermView
from liushou_desk.ui.fields import DateField
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
        *,
        report: bool = False,
    ) -> None:
        super().__init__(parent)
        self.report = report
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
        self.bag_box = QCheckBox("附上成长记录袋里的材料（图片；PDF 只列名称）")
        self.bag_box.setChecked(False)
        self.full_box = QCheckBox("成长记录卡上的关爱记录印全文（默认每条一行）")
        self.full_box.setChecked(False)
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
        form.addRow("", self.full_box)
        form.addRow("", self.bag_box)
        self.parts: dict[str, QCheckBox] = {}
        self.since = DateField("学期开始")
        self.until = DateField("学期结束（或今天）")
        if report:
            for key, label in REPORT_PARTS.items():
                box = QCheckBox(label)
                box.setChecked(True)
                self.parts[key] = box
                form.addRow("包括：" if len(self.parts) == 1 else "", box)
            span = QHBoxLayout()
            span.addWidget(self.since)
            span.addWidget(QLabel("至"))
            span.addWidget(self.until)
            holder = QWidget()
            holder.setLayout(span)
            span.setContentsMargins(0, 0, 0, 0)
            form.addRow("统计时段：", holder)
            self.case_box.setVisible(True)
            self.bag_box.setVisible(False)
        else:
            self.case_box.setVisible(False)
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
            left_out=tuple(k for k, box in self.parts.items() if not box.isChecked()),
            bag=self.bag_box.isChecked() and not self.report,
            full_records=self.full_box.isChecked(),
        )

    def span(self, term: TermView) -> TermView | str:
        """The term narrowed to 统计时段 (unchanged when both dates are empty), or why not."""
        from liushou_desk.domain.dates import DateFormatError, parse_date

        try:
            start = parse_date(self.since.value()) or term.start
            end = parse_date(self.until.value()) or term.end
        except DateFormatError as exc:
            return f"统计时段：{exc}"
        if start > end:
            return "统计时段的开始日期不能晚于结束日期"
        if start < term.start or end > term.end:
            return f"统计时段应在本学期之内（{term.start:%Y-%m-%d} 至 {term.end:%Y-%m-%d}）"
        if (start, end) == (term.start, term.end):
            return term
        return TermView(term.id, f"{term.name}（{start:%m月%d日}—{end:%m月%d日}）", start, end)

    def accept(self) -> None:
        if self.report:
            found = self.span(self.term())
            if isinstance(found, str):
                self.since.set_error(found)
                return
        super().accept()
