"""选项列表 dialog: the teacher edits the words offered in the forms' drop-down lists.

A kind the 待办 rules count (留守儿童月会, 集体生日 …) is renamed by changing its line in
place: the rule follows the new word (``services.settings.rule_words``)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QPlainTextEdit, QPushButton, QWidget

from liushou_desk.domain.profile import ValidationFailed
from liushou_desk.domain.records import PICK_LISTS, RULE_WORDS, rule_codes
from liushou_desk.ops.archive import Archive
from liushou_desk.services import settings
from liushou_desk.ui.form_dialog import FormDialog


class PickListsDialog(FormDialog):
    def __init__(self, archive: Archive, parent: QWidget | None = None) -> None:
        super().__init__(
            "选项列表",
            parent,
            hint=(
                "表单下拉框中的选项。每行一项；改动只影响以后填写的记录，已有记录保持不变。"
                "待办提醒要用的类型（如留守儿童月会、集体生日）可以在原来那一行改名，不能删除。"
            ),
            ok_text="保存",
            min_width=460,
        )
        self.archive = archive
        self.lists = dict(settings.pick_lists(archive))
        self.words = settings.rule_words(archive)  # code → the word of a 待办 rule's kind
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
        before = [w.strip() for w in self.lists[self._key] if w.strip()]
        after = [w.strip() for w in self.items.toPlainText().splitlines() if w.strip()]
        for code in rule_codes(self._key):  # a rule's word changed on its own line: renamed
            word = self.words[code]
            if word in before and word not in after:
                line = before.index(word)
                if line < len(after) and after[line] not in before:
                    self.words[code] = after[line]
        self.lists[self._key] = tuple(self.items.toPlainText().splitlines())

    def _switch(self, _i: int) -> None:
        self._keep()
        self._key = self.which.currentData()
        self._show()

    def _reset(self) -> None:
        self.lists[self._key] = PICK_LISTS[self._key][1]
        self.words.update({c: RULE_WORDS[c][1] for c in rule_codes(self._key)})
        self._show()

    def submit(self) -> None:
        self._keep()
        current = settings.pick_lists(self.archive)
        named = settings.rule_words(self.archive)
        for key, items in self.lists.items():
            words = {c: self.words[c] for c in rule_codes(key)}
            if tuple(items) == tuple(current[key]) and all(named[c] == w for c, w in words.items()):
                continue
            try:
                defaults = all(w == RULE_WORDS[c][1] for c, w in words.items())
                if tuple(items) == PICK_LISTS[key][1] and defaults:
                    settings.reset_pick_list(self.archive, key)
                else:
                    settings.set_pick_list(self.archive, key, list(items), words)
            except ValidationFailed as exc:
                self.which.setCurrentIndex(list(PICK_LISTS).index(key))
                self.error.setText("；".join(e.message for e in exc.errors))
                self.error.show()
                return
        self.accept()
