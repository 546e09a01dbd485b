"""班级信息 dialog: school, class and head teacher, shown on every page of the archive."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QVBoxLayout, QWidget

from liushou_desk.db.engine import Archive
from liushou_desk.services.archive_info import ClassInfo, get_info, set_info
from liushou_desk.ui.fields import TextField


class ClassInfoDialog(QDialog):
    def __init__(self, archive: Archive, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.archive = archive
        self.setWindowTitle("班级信息")
        info = get_info(archive)
        self.school = TextField("如 青山镇中心小学", 100)
        self.class_name = TextField("如 五年级（2）班", 100)
        self.head_teacher = TextField("班主任姓名", 50)
        self.school.set_value(info.school)
        self.class_name.set_value(info.class_name)
        self.head_teacher.set_value(info.head_teacher)
        form = QFormLayout()
        form.addRow("学校", self.school)
        form.addRow("班级", self.class_name)
        form.addRow("班主任", self.head_teacher)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(380)

    def submit(self) -> None:
        set_info(
            self.archive,
            ClassInfo(self.school.value(), self.class_name.value(), self.head_teacher.value()),
        )
        self.accept()
