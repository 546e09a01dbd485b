"""清除离班学生数据 dialog: the pupils gone longer than the retention period (保存期限), each
with a tick box; the period can be changed here. Purging is for good, so the teacher confirms
it, and it is logged."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from liushou_desk.services import retention

if TYPE_CHECKING:
    from liushou_desk.ops.archive import Archive


class RetentionDialog(QDialog):
    def __init__(
        self, archive: Archive, today: Callable[[], date], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.archive, self.today = archive, today
        self.setWindowTitle("清除离班学生数据")
        self.resize(560, 420)
        self.years = QSpinBox()
        self.years.setRange(1, 30)
        self.years.setSuffix(" 年")
        self.years.setValue(retention.retention_years(archive))
        self.years.valueChanged.connect(self._reload)
        self.list = QListWidget()
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(QLabel("离班（转出、毕业、休学）或移入回收站满"))
        top.addWidget(self.years)
        top.addWidget(QLabel("的学生："))
        top.addStretch(1)
        warning = QLabel(
            "清除后，这些学生的全部档案和记录将从电脑上彻底删除，无法恢复（较早的备份也会在"
            "自动轮换中删除）。操作日志会记下清除了哪几个编号。"
        )
        warning.setWordWrap(True)
        warning.setStyleSheet("background: #fff4e5; padding: 6px;")
        buttons = QDialogButtonBox()
        self.purge_button = buttons.addButton(
            "清除所选学生的数据", QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.hint)
        layout.addWidget(warning)
        layout.addWidget(buttons)
        self._reload()

    def _reload(self) -> None:
        self.list.clear()
        found = retention.candidates(self.archive, self.today(), self.years.value())
        for c in found:
            item = QListWidgetItem(f"{c.name}　{c.status}")
            item.setData(Qt.ItemDataRole.UserRole, c.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.list.addItem(item)
        self.hint.setText(
            f"共 {len(found)} 名学生已过保存期限。" if found else "没有已过保存期限的学生。"
        )
        self.purge_button.setEnabled(bool(found))

    def chosen(self) -> list[int]:
        return [
            int(self.list.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.list.count())
            if self.list.item(i).checkState() == Qt.CheckState.Checked
        ]
