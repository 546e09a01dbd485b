"""打印联系卡 / 打印告家长书 / 打印多名学生的成长记录卡: for whom — every left-behind child or the
ones ticked — and, for the letters, each letter as drafted from the archive, to read and change
child by child before printing (the changes kept for the term)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from liushou_desk.services.family_print import PART_LABELS, PARTS, Letter
from liushou_desk.services.roster_rows import RosterRow
from liushou_desk.ui.fields import MemoField
from liushou_desk.ui.participant_picker import ParticipantPicker
from liushou_desk.ui.plain_text import plain_label

PICKER_MAX = 190


class FamilyPrintDialog(QDialog):
    """``letters_for``: drafts of the children's letters (given: the letters can be edited)."""

    def __init__(
        self,
        title: str,
        children: list[RosterRow],
        letters_for: Callable[[list[int]], list[Letter]] | None = None,
        first: int = 0,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.children_rows = children
        self.letters_for = letters_for
        self.letters: list[Letter] = []
        self.shown = -1
        self.everyone = QRadioButton(f"全班留守儿童（{len(children)} 人）")
        self.some = QRadioButton("勾选部分儿童")
        group = QButtonGroup(self)
        group.addButton(self.everyone)
        group.addButton(self.some)
        self.picker = ParticipantPicker(children, mark=False)
        self.picker.left_behind_button.hide()
        if first:
            self.picker.set_ids([first])
            self.some.setChecked(True)
        else:
            self.picker.check(lambda _r: True)
            self.everyone.setChecked(True)
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setWidget(self.picker)
        area.setFixedHeight(min(PICKER_MAX, self.picker.sizeHint().height() + 4))
        self.area = area
        self.some.toggled.connect(lambda on: area.setEnabled(on))
        area.setEnabled(self.some.isChecked())
        self.error = plain_label()
        self.error.setStyleSheet("color: #c62828;")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("打印哪些儿童："))
        layout.addWidget(self.everyone)
        layout.addWidget(self.some)
        layout.addWidget(area)
        if letters_for is not None:
            self._letter_editor(layout)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("生成 PDF")
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(720 if letters_for is not None else 560)

    def _letter_editor(self, layout: QVBoxLayout) -> None:
        hint = plain_label(
            "告家长书按档案自动起草；点“逐封查看和修改”可以一封一封读、改（改过的会保存，"
            "下次打印还在）。"
        )
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.review = QCheckBox("逐封查看和修改")
        self.review.toggled.connect(self._review_toggled)
        layout.addWidget(self.review)
        self.editor = QWidget()
        row = QHBoxLayout(self.editor)
        row.setContentsMargins(0, 0, 0, 0)
        self.names = QListWidget()
        self.names.setMaximumWidth(130)
        self.names.setMaximumHeight(260)
        self.names.currentRowChanged.connect(self._show_letter)
        row.addWidget(self.names)
        form = QFormLayout()
        self.parts: dict[str, MemoField] = {}
        for key in PARTS:
            field = MemoField("", 56)
            self.parts[key] = field
            form.addRow(PART_LABELS[key], field)
        holder = QWidget()
        holder.setLayout(form)
        row.addWidget(holder, 1)
        self.editor.hide()
        layout.addWidget(self.editor, 1)

    def _review_toggled(self, on: bool) -> None:
        # the letters take the names' place: the dialog stays on a 1366×768 screen
        self.area.setVisible(not on)
        for button in (self.everyone, self.some):
            button.setEnabled(not on)
        if not on or self.letters_for is None:
            self.editor.setVisible(on)
            self.adjustSize()
            return
        self.letters = self.letters_for(self.pupil_ids() or [r.id for r in self.children_rows])
        self.names.clear()
        self.names.addItems([x.name for x in self.letters])
        self.editor.show()
        self.shown = -1
        if self.letters:
            self.names.setCurrentRow(0)
        self.adjustSize()
        screen = self.screen().availableGeometry() if self.screen() else None
        if screen is not None and self.frameGeometry().bottom() > screen.bottom():
            self.move(self.x(), max(screen.top(), screen.bottom() - self.frameGeometry().height()))

    def _keep(self) -> None:
        if 0 <= self.shown < len(self.letters):
            letter = self.letters[self.shown]
            typed = {k: f.value() for k, f in self.parts.items()}
            if typed != {k: letter.parts.get(k, "") for k in PARTS}:
                letter.parts.update(typed)
                letter.edited = True

    def _show_letter(self, row: int) -> None:
        self._keep()
        self.shown = row
        if 0 <= row < len(self.letters):
            for key, field in self.parts.items():
                field.set_value(self.letters[row].parts.get(key, ""))

    def pupil_ids(self) -> list[int] | None:
        """The children chosen (None: every left-behind child)."""
        return None if self.everyone.isChecked() else self.picker.ids()

    def edited_letters(self) -> list[Letter]:
        """The letters as reviewed (empty when she did not open them)."""
        self._keep()
        wanted = self.pupil_ids()
        return [x for x in self.letters if wanted is None or x.pupil_id in wanted]

    def submit(self) -> None:
        if self.some.isChecked() and not self.picker.ids():
            self.error.setText("请至少勾选一名儿童。")
            return
        too_long = [
            f"{x.name}的{PART_LABELS[k]}"
            for x in self.edited_letters()
            for k in PARTS
            if len(x.parts.get(k, "")) > 400
        ]
        if too_long:
            self.error.setText("超过 400 字：" + "、".join(too_long[:3]))
            return
        self.accept()


__all__ = ["FamilyPrintDialog"]
