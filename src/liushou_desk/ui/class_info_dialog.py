"""班级信息 dialog: school, class and head teacher, shown on every page of the archive."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from liushou_desk.ops.archive import Archive
from liushou_desk.services.archive_info import ClassInfo, get_info, set_info
from liushou_desk.ui.fields import TextField
from liushou_desk.ui.form_dialog import FormDialog


class ClassInfoDialog(FormDialog):
    def __init__(self, archive: Archive, parent: QWidget | None = None) -> None:
        super().__init__(
            "班级信息",
            parent,
            hint="学校、班级和班主任会印在成长记录卡和期末报告上。",
            ok_text="保存",
        )
        self.archive = archive
        info = get_info(archive)
        self.school = TextField("如 青山镇中心小学", 100)
        self.class_name = TextField("如 五年级（2）班", 100)
        self.head_teacher = TextField("班主任姓名", 50)
        self.school.set_value(info.school)
        self.class_name.set_value(info.class_name)
        self.head_teacher.set_value(info.head_teacher)
        self.form.addRow("学校", self.school)
        self.form.addRow("班级", self.class_name)
        self.form.addRow("班主任", self.head_teacher)

    def submit(self) -> None:
        set_info(
            self.archive,
            ClassInfo(self.school.value(), self.class_name.value(), self.head_teacher.value()),
        )
        self.accept()
