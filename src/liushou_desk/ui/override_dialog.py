"""调整留守认定 dialog: the teacher's own verdict, with a written reason, or back to the rule."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from liushou_desk.domain.enums import LeftBehindKind
from liushou_desk.domain.profile import ValidationFailed
from liushou_desk.ops.outcome import Outcome
from liushou_desk.services.profile import ProfileView
from liushou_desk.ui.fields import ChoiceField, MemoField
from liushou_desk.ui.form_dialog import FormDialog

if TYPE_CHECKING:
    from liushou_desk.ops.archive import Archive

BY_RULE = "按规则自动认定"


class OverrideDialog(FormDialog):
    def __init__(
        self,
        archive: Archive,
        view: ProfileView,
        today: Callable[[], date],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            f"{view.draft.name}：调整留守认定",
            parent,
            hint=f"按规则认定为：{view.computed_kind}（{view.computed_reason}）",
            note="人工认定会连同理由和日期记入档案变动记录。",
            min_width=440,
        )
        self.archive = archive
        self.view = view
        self.today = today
        self.outcome: Outcome[None] | None = None  # after 确定: what changed, undo
        self.kind = ChoiceField([BY_RULE, *LeftBehindKind.labels()])
        self.kind.set_value(view.override_kind or BY_RULE)
        self.reason = MemoField("如：母亲外出务工，父亲重病住院，实际无人监护", 70)
        self.reason.set_value(view.override_reason)
        self.form.addRow("认定为", self.kind)
        self.form.addRow("理由", self.reason)

    def submit(self) -> None:
        choice = self.kind.value()
        kind = None if choice in ("", BY_RULE) else choice
        from liushou_desk.ops import pupils

        try:
            self.outcome = pupils.set_override(
                self.archive, self.view.pupil_id, kind, self.reason.value(), self.today()
            )
        except ValidationFailed as exc:
            self.place_errors(exc.errors, {"override_reason": self.reason}, self.kind)
            return
        self.accept()
