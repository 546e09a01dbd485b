"""导出给校长的加密档案: what goes in — the least data by default, the full details and the
成长记录袋 only when the teacher ticks them."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QWidget

from liushou_desk.ui.form_dialog import FormDialog

HINT = (
    "档案里有期末总结报告、成长记录卡、登记表、统计表、Excel 表和只读数据。默认只放必要的信息："
    "身份证号、电话只显示前后几位，不含健康、心理状况和涉及隐私的记录（个别教育管理方案、资助等），"
    "也不含成长记录袋里的材料。"
)


class ArchiveDetailsDialog(FormDialog):
    """The two choices of an export; ``chosen`` is (full details, growth bag) once accepted."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("导出给校长的加密档案", parent, hint=HINT, ok_text="导出…", min_width=520)
        self.full = QCheckBox("同时导出完整的身份证号、电话和涉及隐私的内容（确有需要时才勾选）")
        self.bag = QCheckBox("附上成长记录袋里的材料（书信、奖状、作品的照片和扫描件）")
        self.bag.setToolTip("材料会放进只读数据，图片印在每名学生的成长记录卡后面；档案会变大。")
        self.form.addRow(self.full)
        self.form.addRow(self.bag)
        self.chosen: tuple[bool, bool] | None = None

    def submit(self) -> None:
        self.chosen = (self.full.isChecked(), self.bag.isChecked())
        self.accept()
