"""重点帮扶对象: one child's flag — the reason (what the archive suggests offered) and her own,
tighter cadence — and 重点帮扶对象建议, the children the archive marks, ticked by the teacher
to flag them. Nothing is flagged without her."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from liushou_desk.domain.profile import ValidationFailed
from liushou_desk.ops.archive import Archive
from liushou_desk.ops.outcome import Outcome
from liushou_desk.ui.fields import MemoField
from liushou_desk.ui.form_dialog import FormDialog
from liushou_desk.ui.plain_text import plain_label


class FocusDialog(FormDialog):
    """列为重点帮扶对象 / 修改, with 取消重点帮扶 when she is one."""

    def __init__(
        self,
        archive: Archive,
        pupil_id: int,
        name: str,
        today: Callable[[], date],
        parent: QWidget | None = None,
    ) -> None:
        from liushou_desk.services.focus import CADENCE_WORDS, FOCUS_CADENCE, focus_of, suggest

        self.view = focus_of(archive, pupil_id)
        super().__init__(
            f"重点帮扶对象 — {name}",
            parent,
            hint=(
                f"{name}自 {self.view.since:%Y年%m月%d日} 起是重点帮扶对象。"
                if self.view.on
                else f"把{name}列为重点帮扶对象：写明原因，可以给她更密的提醒。"
            ),
            note="间隔为 0 的一项按全班的待办设置提醒。",
            ok_text="保存",
            min_width=460,
        )
        self.archive, self.pupil_id, self.today = archive, pupil_id, today
        self.outcome: Outcome[int] | None = None
        self.reason = MemoField("如 祖母年老体弱，监护能力差；期中成绩明显下降", 60)
        self.form.addRow("原因", self.reason)
        hint = next((s for s in suggest(archive, today()) if s.pupil_id == pupil_id), None)
        if self.view.on:
            self.reason.set_value(self.view.reason)
        elif hint is not None:
            self.reason.set_value(hint.reason)
            self.form.addRow("", plain_label(f"档案提示：{hint.reason}"))
        own = self.view.cadence if self.view.on else FOCUS_CADENCE
        self.spins: dict[str, QSpinBox] = {}
        for rule, word in CADENCE_WORDS.items():
            spin = QSpinBox()
            spin.setRange(0, 120)
            spin.setSuffix(" 天")
            spin.setSpecialValueText("按全班")
            spin.setValue(own.get(rule, 0))
            self.spins[rule] = spin
            self.form.addRow(f"{word}每隔", spin)
        if self.view.on:
            stop = QPushButton("取消重点帮扶")
            stop.clicked.connect(self._stop)
            self.buttons.addButton(stop, QDialogButtonBox.ButtonRole.DestructiveRole)

    def _stop(self) -> None:
        from liushou_desk.ops.care_plan import clear_focus

        self.outcome = clear_focus(self.archive, self.pupil_id)
        self.accept()

    def submit(self) -> None:
        from liushou_desk.ops.care_plan import set_focus

        cadence = {rule: spin.value() for rule, spin in self.spins.items() if spin.value()}
        try:
            self.outcome = set_focus(
                self.archive, self.pupil_id, self.reason.value(), cadence, self.today()
            )
        except ValidationFailed as exc:
            self.reason.set_error("；".join(e.message for e in exc.errors))
            return
        self.accept()


class SuggestionsDialog(QDialog):
    """重点帮扶对象建议: a tick per suggested child with the archive's reasons."""

    def __init__(
        self, archive: Archive, today: Callable[[], date], parent: QWidget | None = None
    ) -> None:
        from liushou_desk.services.focus import FOCUS_CADENCE, suggest

        super().__init__(parent)
        self.setWindowTitle("重点帮扶对象建议")
        self.archive, self.today = archive, today
        self.cadence = dict(FOCUS_CADENCE)
        self.outcomes: list[Outcome[int]] = []
        self.suggestions = suggest(archive, today())
        layout = QVBoxLayout(self)
        if self.suggestions:
            intro = (
                f"根据档案，下面 {len(self.suggestions)} 名孩子可能需要重点帮扶。"
                "勾选要列为重点帮扶对象的孩子（原因会一并保存，谈心、联系和家访的提醒会更密）。"
            )
        else:
            intro = "档案里暂时没有需要列为重点帮扶对象的孩子。"
        label = plain_label(intro)
        label.setWordWrap(True)
        layout.addWidget(label)
        body = QWidget()
        column = QVBoxLayout(body)
        self.boxes: list[QCheckBox] = []
        for s in self.suggestions:
            box = QCheckBox(f"{s.name}：{s.reason}")
            self.boxes.append(box)
            column.addWidget(box)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        scroll.setMinimumHeight(min(60 + 28 * len(self.suggestions), 380))
        layout.addWidget(scroll, 1)
        self.error = QLabel()
        self.error.setStyleSheet("color: #c62828;")
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("列为重点帮扶对象")
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)

    def tick(self, names: list[str]) -> None:
        for s, box in zip(self.suggestions, self.boxes, strict=True):
            box.setChecked(s.name in names)

    def submit(self) -> None:
        from liushou_desk.ops.care_plan import set_focus

        chosen = [s for s, b in zip(self.suggestions, self.boxes, strict=True) if b.isChecked()]
        if not chosen and self.suggestions:
            self.error.setText("请至少勾选一名孩子，或点“取消”。")
            return
        for s in chosen:
            self.outcomes.append(
                set_focus(self.archive, s.pupil_id, s.reason[:200], self.cadence, self.today())
            )
        self.accept()
