"""添加教师 / 修改教师: one teacher of the class — 姓名, 任教学科, 电话."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from liushou_desk.domain.profile import ValidationFailed
from liushou_desk.ops.archive import Archive
from liushou_desk.ops.outcome import Outcome
from liushou_desk.services.teachers import TeacherRow
from liushou_desk.ui.fields import Field, TextField
from liushou_desk.ui.form_dialog import FormDialog


class TeacherDialog(FormDialog):
    def __init__(
        self, archive: Archive, row: TeacherRow | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            "添加教师" if row is None else "修改教师",
            parent,
            hint="本班的任课教师只需登记一次，之后可以在“分工”里选作帮扶教师、代理家长或谈心教师。",
            ok_text="保存",
        )
        self.archive, self.row = archive, row
        self.outcome: Outcome[int] | None = None
        self.name = TextField("如 周建华", 20)
        self.subject = TextField("如 数学", 20)
        self.phone = TextField("如 13812345678", 30)
        self.form.addRow("姓名", self.name)
        self.form.addRow("任教学科", self.subject)
        self.form.addRow("电话", self.phone)
        if row is not None:
            self.name.set_value(row.name)
            self.subject.set_value(row.subject)
            self.phone.set_value(row.phone)

    def submit(self) -> None:
        from liushou_desk.ops.care_plan import save_teacher

        try:
            self.outcome = save_teacher(
                self.archive,
                self.row.id if self.row else None,
                self.name.value(),
                self.subject.value(),
                self.phone.value(),
            )
        except ValidationFailed as exc:
            fields: dict[str, Field] = {
                "name": self.name,
                "subject": self.subject,
                "phone": self.phone,
            }
            self.place_errors(exc.errors, fields, self.name)
            return
        self.accept()
