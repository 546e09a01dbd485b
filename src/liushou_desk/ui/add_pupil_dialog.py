"""新增学生 dialog: the few facts that open a pupil's archive; the rest is filled in 五个清楚.

A complete, valid 身份证号 fills 性别 and 出生日期 when they are empty (or still hold what an
earlier number filled in); what the teacher typed there herself is left alone."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from liushou_desk.domain.enums import Sex
from liushou_desk.domain.idcard import IdNumberError, parse_id_number
from liushou_desk.domain.profile import ProfileDraft, ValidationFailed
from liushou_desk.ops.outcome import Outcome
from liushou_desk.ui.fields import ChoiceField, DateField, Field, TextField
from liushou_desk.ui.form_dialog import FormDialog

if TYPE_CHECKING:
    from liushou_desk.ops.archive import Archive


class AddPupilDialog(FormDialog):
    def __init__(
        self, archive: Archive, today: Callable[[], date], parent: QWidget | None = None
    ) -> None:
        super().__init__(
            "新增学生",
            parent,
            hint="填写基本信息后建立档案，其余内容可在“五个清楚”中补充。",
            ok_text="建立档案",
            min_width=380,
        )
        self.archive = archive
        self.today = today
        self.outcome: Outcome[int] | None = None  # after 建立档案: the new pupil's id, undo
        self.fields: dict[str, Field] = {
            "name": TextField("必填", 40),
            "sex": ChoiceField(Sex.labels()),
            "birth_date": DateField(),
            "id_number": TextField("可稍后补填", 20),
            "student_number": TextField("可稍后补填", 40),
        }
        for label, field in zip(
            ("姓名", "性别", "出生日期", "身份证号", "学籍号"), self.fields.values(), strict=True
        ):
            self.form.addRow(label, field)
        self.from_id: dict[str, str] = {}  # what the ID number filled in, by field
        self.fields["id_number"].edited.connect(self._fill_from_id)

    def _fill_from_id(self) -> None:
        try:
            number = parse_id_number(self.fields["id_number"].value(), today=self.today())
        except IdNumberError:
            return  # not complete yet, or mistyped: the check on 建立档案 says why
        for key, text in (("sex", number.sex.label), ("birth_date", number.birth_date.isoformat())):
            field = self.fields[key]
            if field.value() in ("", self.from_id.get(key)):
                field.set_value(text)
                field.set_error(None)
                self.from_id[key] = text

    def submit(self) -> None:
        from liushou_desk.ops import pupils

        v = {k: f.value() for k, f in self.fields.items()}
        draft = ProfileDraft(
            name=v["name"],
            sex=v["sex"],
            birth_date=v["birth_date"],
            id_number=v["id_number"],
            student_number=v["student_number"],
        )
        try:
            self.outcome = pupils.add_pupil(self.archive, draft, self.today())
        except ValidationFailed as exc:
            self.place_errors(exc.errors, self.fields, self.fields["name"])
            return
        self.accept()
