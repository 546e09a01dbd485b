"""转出 / 毕业 / 休学 dialog: a pupil leaves the class; the archive and every record stay."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from liushou_desk.domain.enums import Enrolment
from liushou_desk.domain.profile import ValidationFailed
from liushou_desk.ops.outcome import Outcome
from liushou_desk.services.roster_rows import RosterRow
from liushou_desk.ui.fields import ChoiceField, DateField, TextField
from liushou_desk.ui.form_dialog import FormDialog

if TYPE_CHECKING:
    from liushou_desk.ops.archive import Archive


class EnrolmentDialog(FormDialog):
    def __init__(
        self,
        archive: Archive,
        row: RosterRow,
        today: Callable[[], date],
        parent: QWidget | None = None,
    ) -> None:
        leaving = row.is_active
        super().__init__(
            f"{row.name}：{'离班' if leaving else '恢复在读'}",
            parent,
            hint=(
                "学生离班后，档案和全部记录都会保留，可在“已离班”中查看，也可随时恢复为在读。"
                if leaving
                else f"{row.name} 目前为“{row.enrolment}”。恢复后重新出现在在读名册中。"
            ),
        )
        self.archive = archive
        self.row = row
        self.today = today
        self.outcome: Outcome[None] | None = None  # after 确定: what changed, undo
        choices = (
            [e.value for e in Enrolment if e is not Enrolment.ACTIVE]
            if leaving
            else [Enrolment.ACTIVE.value]
        )
        self.status = ChoiceField(choices)
        self.status.set_value(choices[0])
        self.on = DateField()
        self.on.set_value(today().isoformat())
        self.note = TextField("如：随父母转学至广东省东莞市某小学", 200)
        self.form.addRow("状态", self.status)
        if leaving:
            self.form.addRow("日期", self.on)
            self.form.addRow("去向 / 原因", self.note)

    def submit(self) -> None:
        from liushou_desk.ops import pupils

        try:
            self.outcome = pupils.set_enrolment(
                self.archive,
                self.row.id,
                self.status.value(),
                self.on.value() if self.row.is_active else "",
                self.note.value(),
                self.today(),
            )
        except ValidationFailed as exc:
            self.place_errors(exc.errors, {"left_on": self.on}, self.status)
            return
        self.accept()
