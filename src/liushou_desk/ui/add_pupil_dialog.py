"""新增学生 dialog: the few facts that open a pupil's archive; the rest is filled in 五个清楚."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from liushou_desk.db.engine import Archive
from liushou_desk.domain.enums import Sex
from liushou_desk.domain.profile import ProfileDraft, ValidationFailed
from liushou_desk.services import roster
from liushou_desk.services.notices import Changed
from liushou_desk.ui.fields import ChoiceField, DateField, Field, TextField


class AddPupilDialog(QDialog):
    def __init__(
        self, archive: Archive, today: Callable[[], date], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("新增学生")
        self.archive = archive
        self.today = today
        self.pupil_id = 0
        self.changed: Changed | None = None
        self.fields: dict[str, Field] = {
            "name": TextField("必填", 40),
            "sex": ChoiceField(Sex.labels()),
            "birth_date": DateField(),
            "id_number": TextField("可稍后补填", 20),
            "student_number": TextField("可稍后补填", 40),
        }
        form = QFormLayout()
        for label, (_key, field) in zip(
            ("姓名", "性别", "出生日期", "身份证号", "学籍号"), self.fields.items(), strict=True
        ):
            form.addRow(label, field)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("建立档案")
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("填写基本信息后建立档案，其余内容可在“五个清楚”中补充。"))
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(380)

    def submit(self) -> None:
        draft = ProfileDraft(**{k: f.value() for k, f in self.fields.items()})
        for f in self.fields.values():
            f.set_error(None)
        try:
            self.pupil_id, self.changed = roster.add_pupil(self.archive, draft, self.today())
        except ValidationFailed as exc:
            for e in exc.errors:
                field = self.fields.get(e.field)
                if field is not None and not field.error:
                    field.set_error(e.message)
            first = next((self.fields[e.field] for e in exc.errors if e.field in self.fields), None)
            if first is not None:
                first.setFocus()
            return
        self.accept()
