"""选项列表 dialog: the teacher edits the words offered in the forms' drop-down lists."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QPlainTextEdit, QPushButton, QWidget

from liushou_desk.domain.profile import ValidationFailed
from liushou_desk.domain.records import PICK_LISTS
from liushou_desk.ops.archive import Archive
from liushou_desk.services import settings
from liushou_desk.ui.form_dialog import FormDialog


class PickListsDialog(FormDialog):
    def __init__(self, archive: Archive, parent: QWidget | None = None) -> None:
        super().__init__(
            "选项列表",
            parent,
            hint="表单下拉框中的选项。每行一项；改动只影响以后填写的记录，已有记录保持不变。",
            ok_text="保存",
            min_width=460,
        )
        self.archive = archive
        self.lists = dict(settings.pick_lists(archive))
        self.which = QComboBox()
        for key, (label, _default) in PICK_LISTS.items():
            self.which.addItem(label, key)
        self.items = QPlainTextEdit()
        self.items.setMinimumHeight(240)
        self.error = QLabel()
        self.error.setStyleSheet("color: #c62828;")
        self.error.hide()
        self.reset = QPushButton("恢复默认")
        self.form.addRow("列表", self.which)
        self.form.addRow("选项", self.items)
        self.form.addRow("", self.error)
        self.form.addRow("", self.reset)
        self._key = self.which.currentData()
        self._show()
        self.which.currentIndexChanged.connect(self._switch)
        self.reset.clicked.connect(self._reset)

    def _show(self) -> None:
        self.items.setPlainText("\n".join(self.lists[self._key]))

    def _keep(self) -> None:
        self.lists[self._key] = tuple(self.items.toPlainText().splitlines())

    def _switch(self, _i: int) -> None:
        self._keep()
        self._key = self.which.currentData()
        self._show()

    def _reset(self) -> None:
        self.lists[self._key] = PICK_LISTS[self._key][1]
        self._show()

    def submit(self) -> None:
        self._keep()
        current = settings.pick_lists(self.archive)
        for key, items in self.lists.items():
            if tuple(items) == tuple(current[key]):
                continue
            try:
                if tuple(items) == PICK_LISTS[key][1]:
                    settings.reset_pick_list(self.archive, key)
                else:
                    settings.set_pick_list(self.archive, key, list(items))
            except ValidationFailed as exc:
                self.which.setCurrentIndex(list(PICK_LISTS).index(key))
                self.error.setText("；".join(e.message for e in exc.errors))
                self.error.show()
                return
        self.accept()
