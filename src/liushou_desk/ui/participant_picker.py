"""参加的学生 (participants) of a class activity or meeting: the whole class at once, a tick box
for each child in a grid of columns sorted by pinyin, with 全选 / 全不选 / 只选留守儿童.

No scroll box of its own: a class of 45 shows every name in the form without scrolling."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QGridLayout, QHBoxLayout, QLabel, QPushButton, QWidget

from liushou_desk.services.roster_rows import RosterRow
from liushou_desk.ui.plain_text import plain_label

COLUMNS = 5  # 45 children: 9 rows of 5 names
LEFT_BEHIND_MARK = "（留守）"


class ParticipantPicker(QWidget):
    """The roster as tick boxes, filled down each column (like a name list on paper)."""

    changed = Signal()  # any tick set or cleared

    def __init__(self, rows: list[RosterRow], columns: int = COLUMNS, *, mark: bool = True) -> None:
        """``mark``: say （留守） after a left-behind child's name (not where every child is)."""
        super().__init__()
        self.rows = sorted(rows, key=lambda r: (r.pinyin, r.name))
        self.boxes: list[QCheckBox] = []
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(2)
        per_column = max(1, -(-len(self.rows) // columns))  # rows of names, rounded up
        for i, r in enumerate(self.rows):
            box = QCheckBox(r.name + (LEFT_BEHIND_MARK if mark and r.is_left_behind else ""))
            box.setToolTip(f"{r.name}：{r.kind}")
            box.toggled.connect(self._toggled)
            self.boxes.append(box)
            grid.addWidget(box, i % per_column, i // per_column)
        grid.setColumnStretch(columns, 1)  # a wide form leaves the columns close together
        self.everyone_button = QPushButton("全选")
        self.nobody_button = QPushButton("全不选")
        self.left_behind_button = QPushButton("只选留守儿童")
        self.everyone_button.clicked.connect(lambda: self.check(lambda _r: True))
        self.nobody_button.clicked.connect(lambda: self.check(lambda _r: False))
        self.left_behind_button.clicked.connect(lambda: self.check(lambda r: r.is_left_behind))
        self.count = QLabel()
        buttons = QHBoxLayout()
        for b in (self.everyone_button, self.nobody_button, self.left_behind_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.count)
        self.error = plain_label()
        self.error.setStyleSheet("color: #c62828;")
        self.error.hide()
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons, 0, 0)
        layout.addLayout(grid, 1, 0)
        layout.addWidget(self.error, 2, 0)
        self._quiet = False
        self._count()

    def check(self, choose: Callable[[RosterRow], bool]) -> None:
        """Tick exactly the children ``choose`` picks (one ``changed`` for the lot)."""
        self._quiet = True
        for r, box in zip(self.rows, self.boxes, strict=True):
            box.setChecked(choose(r))
        self._quiet = False
        self._toggled()

    def set_ids(self, ids: list[int]) -> None:
        wanted = set(ids)
        self.check(lambda r: r.id in wanted)

    def ids(self) -> list[int]:
        return [r.id for r, box in zip(self.rows, self.boxes, strict=True) if box.isChecked()]

    def names(self) -> list[str]:
        """The children in the order shown (down the first column, then the next)."""
        return [r.name for r in self.rows]

    def _toggled(self, *_args: object) -> None:
        if self._quiet:
            return
        self._count()
        self.changed.emit()

    def _count(self) -> None:
        self.count.setText(f"已选 {len(self.ids())} 人（共 {len(self.rows)} 人）")

    def set_error(self, message: str | None) -> None:
        self.error.setText(message or "")
        self.error.setVisible(bool(message))
