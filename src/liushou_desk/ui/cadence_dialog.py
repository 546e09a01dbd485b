"""待办设置 dialog: how often the 待办 list expects each piece of care work."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QGridLayout, QSpinBox, QWidget

from liushou_desk.domain.profile import ValidationFailed
from liushou_desk.ops.archive import Archive
from liushou_desk.services import settings
from liushou_desk.services.due import DUE_KINDS, KIND_LABELS, Cadence
from liushou_desk.ui.fields import TextField
from liushou_desk.ui.form_dialog import FormDialog

# name, label, range, and what 0 means where it keeps the calendar's rhythm
NUMBERS: tuple[tuple[str, str, int, int, str], ...] = (
    ("talk_days", "谈心每隔", 7, 60, "每月一次"),
    ("parent_contact_days", "与外出父母至少每隔（天）联系一次", 7, 120, ""),
    ("guardian_contact_days", "联系在家监护人每隔", 7, 120, "每月一次"),
    ("home_visit_days", "家访每隔", 14, 180, "每学期一次"),
    ("meeting_days", "留守儿童月会每隔", 7, 60, "每月一次"),
    ("mental_health_days", "心理健康课每隔", 7, 60, "每月一次"),
    ("plan_check_days", "帮扶计划没约检查日期时，每隔", 7, 120, "不提醒"),
    ("rare_call_days", "父母多久没打亲情电话算“很少来电”", 7, 90, "不提醒"),
    ("parent_contact_warn_days", "提前几天提醒联系父母", 0, 30, ""),
    ("plan_check_warn_days", "帮扶检查、方案回访提前几天提醒", 0, 30, ""),
    ("follow_up_warn_days", "约定的跟进谈心、家访提前几天提醒", 0, 30, ""),
    ("planned_warn_days", "计划事项提前几天出现在待办", 0, 30, ""),
    ("status_review_days", "预计返乡后几天内核实留守状态", 0, 120, ""),
)


class CadenceDialog(FormDialog):
    def __init__(self, archive: Archive, parent: QWidget | None = None) -> None:
        super().__init__(
            "待办设置",
            parent,
            hint="按学校的要求调整提醒的频率。任何真实的联系都算数，不必为了提醒而补记录。",
            ok_text="保存",
            min_width=520,
            scrollable=True,
        )
        self.archive = archive
        current = settings.cadence(archive)
        self.spins: dict[str, QSpinBox] = {}
        for name, label, low, high, zero in NUMBERS:
            spin = QSpinBox()
            spin.setRange(0 if zero else low, high)
            if zero:
                spin.setSpecialValueText(zero)  # 0: the calendar's rhythm, or off
            spin.setValue(getattr(current, name))
            spin.setSuffix(" 天")
            self.spins[name] = spin
            self.form.addRow(label, spin)
        self.months = TextField("如 2,7,8", 40)
        self.months.set_value(",".join(str(m) for m in current.holiday_months))
        self.form.addRow("寒暑假月份（不提醒每月工作）", self.months)
        self.kinds: dict[str, QCheckBox] = {}
        boxes = QWidget()
        grid = QGridLayout(boxes)
        grid.setContentsMargins(0, 0, 0, 0)
        for i, kind in enumerate(DUE_KINDS):  # three columns: every rule in sight
            box = QCheckBox(KIND_LABELS.get(kind, kind))
            box.setChecked(kind in current.kinds)
            self.kinds[kind] = box
            grid.addWidget(box, i // 3, i % 3)
        self.form.addRow("提醒哪些事项", boxes)
        self.scroller.setMinimumHeight(560)  # the whole form on a 768-pixel screen

    def submit(self) -> None:
        text = self.months.value().replace("，", ",").replace("、", ",")
        try:
            months = tuple(sorted({int(m) for m in text.split(",") if m.strip()}))
        except ValueError:
            self.months.set_error("请写月份数字，用逗号隔开，如 2,7,8")
            return
        new = Cadence(
            **{name: spin.value() for name, spin in self.spins.items()},
            holiday_months=months,
            kinds=tuple(k for k, box in self.kinds.items() if box.isChecked()),
        )
        try:
            settings.set_cadence(self.archive, new)
        except ValidationFailed as exc:
            labels = {name: label for name, label, *_ in NUMBERS}
            self.months.set_error(
                "；".join(f"{labels.get(e.field, '')}{e.message}".strip() for e in exc.errors)
            )
            return
        self.accept()
