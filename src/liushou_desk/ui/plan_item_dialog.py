"""添加计划事项 / 修改计划事项 (a dated item of the term plan): what, when (a date ahead is the
point), repeating weekly or monthly until a date, who leads it, and for whom — the whole class
or the children ticked (a home visit or 亲情视频: one item per child)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QRadioButton, QScrollArea, QWidget

from liushou_desk.domain.enums import PlanKind
from liushou_desk.domain.profile import ValidationFailed
from liushou_desk.ops.archive import Archive
from liushou_desk.ops.outcome import Outcome
from liushou_desk.services.care_plan import PER_CHILD, REPEATS, PlanDraft, PlanEntry
from liushou_desk.services.roster_rows import RosterRow
from liushou_desk.services.teachers import TeacherRow
from liushou_desk.ui.fields import ChoiceField, DateField, MemoField, TextField
from liushou_desk.ui.form_dialog import FormDialog
from liushou_desk.ui.participant_picker import ParticipantPicker

NOBODY = "（班主任本人）"


class PlanItemDialog(FormDialog):
    """``entry`` None: a new item (``preset_day``: the date to start from); else that item,
    moved or reworded (kind, children and repeat stay)."""

    def __init__(
        self,
        archive: Archive,
        today: Callable[[], date],
        term_end: date,
        rows: list[RosterRow],
        teachers: list[TeacherRow],
        entry: PlanEntry | None = None,
        parent: QWidget | None = None,
    ) -> None:
        new = entry is None
        super().__init__(
            "添加计划事项" if new else "修改计划事项",
            parent,
            hint=(
                "日期可以在今天以后。重复的事项（每周班会、每月月会）只需添加一次。"
                "亲情视频宜安排在周末、节假日和孩子生日。"
            )
            if new
            else "",
            ok_text="添加" if new else "保存",
            min_width=680,
        )
        self.archive, self.today, self.term_end, self.entry = archive, today, term_end, entry
        self.outcome: Outcome[Any] | None = None
        self.teachers = teachers
        self.kind = ChoiceField(PlanKind.labels())
        self.kind.set_value(PlanKind.word_of(entry.kind) if entry else PlanKind.ACTIVITY.value)
        self.kind.setEnabled(new)
        self.title = TextField("如 感恩母亲节主题班会、十二月留守儿童月会", 50)
        self.day = DateField("如 2026-12-05")
        self.teacher = ChoiceField([t.title for t in teachers])
        self.teacher.combo.setItemText(0, NOBODY)
        self.note = MemoField("准备什么、在哪里、请谁参加", 48)
        self.form.addRow("事项类型", self.kind)
        self.form.addRow("名称", self.title)
        self.form.addRow("日期", self.day)
        self.fields = {
            "kind": self.kind,
            "title": self.title,
            "planned_on": self.day,
            "teacher": self.teacher,
            "note": self.note,
        }
        if new:
            self.repeat = ChoiceField(list(REPEATS.values()))
            self.repeat.combo.removeItem(0)
            self.until = DateField(f"默认到学期末 {term_end.isoformat()}")
            row = QHBoxLayout()
            row.addWidget(self.repeat)
            row.addWidget(self.until, 1)
            holder = QWidget()
            holder.setLayout(row)
            row.setContentsMargins(0, 0, 0, 0)
            self.form.addRow("重复", holder)
            self.fields |= {"repeat": self.repeat, "until": self.until}
            self.repeat.combo.currentIndexChanged.connect(self._repeat_changed)
            self._repeat_changed()
        self.form.addRow("负责教师", self.teacher)
        if new:
            self.whole = QRadioButton("全班")
            self.some = QRadioButton("选中的学生")
            group = QButtonGroup(self)
            group.addButton(self.whole)
            group.addButton(self.some)
            self.whole.setChecked(True)
            line = QHBoxLayout()
            line.addWidget(self.whole)
            line.addWidget(self.some)
            line.addStretch(1)
            choice = QWidget()
            choice.setLayout(line)
            line.setContentsMargins(0, 0, 0, 0)
            self.form.addRow("对象", choice)
            self.picker = ParticipantPicker([r for r in rows if r.is_active], columns=4)
            self.names_box = QScrollArea()
            self.names_box.setWidgetResizable(True)
            self.names_box.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            self.names_box.setWidget(self.picker)
            self.names_box.setMaximumHeight(190)  # a class of sixty stays on a 768-pixel screen
            self.form.addRow("", self.names_box)
            self.whole.toggled.connect(self._whom_changed)
            self.kind.combo.currentIndexChanged.connect(self._kind_changed)
            self._kind_changed()
            self.fields["pupils"] = self.kind  # the error under the kind's line (see submit)
        self.form.addRow("备注", self.note)
        if entry is not None:
            self.title.set_value(entry.title)
            self.day.set_value(entry.planned_on.isoformat())
            self.note.set_value(entry.note)
            chosen = next((t.title for t in teachers if t.id == entry.teacher_id), "")
            self.teacher.set_value(chosen)

    def _repeat_changed(self, *_args: object) -> None:
        self.until.setEnabled(self.repeat.combo.currentIndex() > 0)

    def _kind_changed(self, *_args: object) -> None:
        per_child = self._kind_code() in PER_CHILD
        if per_child:
            self.some.setChecked(True)
        self.whole.setEnabled(not per_child)
        self._whom_changed()

    def _whom_changed(self, *_args: object) -> None:
        self.names_box.setEnabled(self.some.isChecked())

    def _kind_code(self) -> str:
        found = PlanKind.from_label(self.kind.value())
        return found.code if found else ""

    def _teacher_id(self) -> int | None:
        chosen = self.teacher.value()
        return next((t.id for t in self.teachers if t.title == chosen), None)

    def submit(self) -> None:
        from liushou_desk.ops import care_plan as ops

        try:
            if self.entry is None:
                codes = list(REPEATS)
                pupils = self.picker.ids() if self.some.isChecked() else []
                if self.some.isChecked() and not pupils:
                    self.picker.set_error("请勾选学生，或选“全班”")
                    return
                self.picker.set_error(None)
                draft = PlanDraft(
                    kind=self._kind_code(),
                    title=self.title.value(),
                    planned_on=self.day.value(),
                    teacher_id=self._teacher_id(),
                    pupil_ids=pupils,
                    repeat=codes[self.repeat.combo.currentIndex()],
                    until=self.until.value(),
                    note=self.note.value(),
                )
                self.outcome = ops.add_plan(self.archive, draft, self.term_end)
            else:
                self.outcome = ops.edit_plan(
                    self.archive,
                    self.entry.id,
                    self.day.value(),
                    self.title.value(),
                    self._teacher_id(),
                    self.note.value(),
                )
        except ValidationFailed as exc:
            self.place_errors(exc.errors, self.fields, self.title)
            return
        self.accept()
