"""记录表单: one dialog for every kind of care record, built from its description in
domain/records.py. What is typed is kept as a draft every moment, so a crash loses nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from liushou_desk.domain.profile import ValidationFailed
from liushou_desk.domain.records import (
    BOOL,
    CHOICE,
    DATE,
    FUTURE_DATE,
    MEMO,
    PUPILS,
    SCORES,
    SUBJECTS,
    RecordKind,
    RecordValues,
)
from liushou_desk.ops.archive import Archive
from liushou_desk.ops.outcome import Outcome
from liushou_desk.services import drafts, records
from liushou_desk.services.notices import Changed
from liushou_desk.services.roster_rows import RosterRow
from liushou_desk.ui.fields import CheckField, ChoiceField, DateField, Field, MemoField, TextField
from liushou_desk.ui.form_dialog import FormDialog
from liushou_desk.ui.participant_picker import ParticipantPicker
from liushou_desk.ui.plain_text import plain_label
from liushou_desk.ui.prompts import Prompts
from liushou_desk.ui.screen_fit import FRAME

TEACHER_FIELDS = ("teacher", "visitors", "responsible")
DRAFT_DELAY_MS = 500


class ScoresEditor(QWidget):
    """各科成绩: a score box for each usual subject, and two free subject lines."""

    def __init__(self) -> None:
        super().__init__()
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, TextField] = {}
        for i, subject in enumerate(SUBJECTS):
            box = TextField("分数", 6)
            self.boxes[subject] = box
            grid.addWidget(plain_label(subject), i // 3, (i % 3) * 2)
            grid.addWidget(box, i // 3, (i % 3) * 2 + 1)
        row = (len(SUBJECTS) + 2) // 3
        self.extra = [(TextField("其他科目", 10), TextField("分数", 6)) for _ in range(2)]
        for j, (name, score) in enumerate(self.extra):
            grid.addWidget(name, row, j * 2)
            grid.addWidget(score, row, j * 2 + 1)
        self.error = plain_label()
        self.error.setStyleSheet("color: #c62828;")
        self.error.hide()
        grid.addWidget(self.error, row + 1, 0, 1, 6)

    def fields(self) -> list[Field]:
        return [*self.boxes.values(), *(f for pair in self.extra for f in pair)]

    def scores(self) -> dict[str, str]:
        out = {s: b.value() for s, b in self.boxes.items() if b.value().strip()}
        out.update({n.value(): v.value() for n, v in self.extra if n.value().strip()})
        return out

    def set_scores(self, scores: dict[str, str]) -> None:
        others = [(s, v) for s, v in scores.items() if s not in self.boxes]
        for s, b in self.boxes.items():
            b.set_value(scores.get(s, ""))
        for (n, v), (s, value) in zip(self.extra, [*others, ("", ""), ("", "")], strict=False):
            n.set_value(s)
            v.set_value(value)

    def set_error(self, message: str | None) -> None:
        self.error.setText(message or "")
        self.error.setVisible(bool(message))


class RecordDialog(FormDialog):
    """Add or edit one record. ``changed`` holds the service's notice after a save."""

    def __init__(
        self,
        archive: Archive,
        kind: RecordKind,
        today: Callable[[], date],
        prompts: Prompts,
        *,
        pupil: RosterRow | None = None,
        roster_rows: list[RosterRow] | None = None,
        record: records.RecordView | None = None,
        parent_id: int | None = None,
        preset: RecordValues | None = None,
        teacher: str = "",
        choices: dict[str, tuple[str, ...]] | None = None,
        people: dict[str, str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        who = pupil.name if pupil else "全班"
        verb = "修改" if record else "新增"
        super().__init__(
            f"{verb}{kind.label} — {who}",
            parent,
            ok_text="保存 (Ctrl+Enter)",
            min_width=600,
            scrollable=True,
        )
        self.archive, self.kind, self.today, self.prompts = archive, kind, today, prompts
        self.pupil, self.record = pupil, record
        self.parent_id = parent_id if record is None else record.parent_id
        self.changed: Changed | None = None
        self.outcome: Outcome[int] | None = None  # after a save: what changed, how to undo
        self.record_id = record.id if record else 0
        self.draft_key = f"{kind.key}:{pupil.id if pupil else 'class'}:{self.record_id or 'new'}"

        self.fields: dict[str, Field] = {}
        self.scores: ScoresEditor | None = None
        self.picker: ParticipantPicker | None = None
        form = self.form
        for spec in kind.fields:
            if spec.type == SCORES:
                self.scores = ScoresEditor()
                form.addRow(spec.label, self.scores)
                continue
            if spec.type == PUPILS:
                self.picker = ParticipantPicker(roster_rows or [])
                form.addRow(spec.label, self.picker)
                continue
            field: Field
            if spec.type == MEMO:
                field = MemoField(spec.placeholder, 60)
            elif spec.type == FUTURE_DATE:  # a follow-up: the example is a date ahead
                field = DateField(f"如 {today() + timedelta(days=14):%Y-%m-%d}")
            elif spec.type == DATE:
                field = DateField()
            elif spec.type == CHOICE:
                field = ChoiceField(list((choices or {}).get(spec.name, spec.choices)))
            elif spec.type == BOOL:  # the tick box carries the label: said once, not twice
                field = CheckField(spec.label)
            else:
                field = TextField(spec.placeholder, 200)
            self.fields[spec.name] = field
            label = "" if spec.type == BOOL else spec.label
            form.addRow(("* " if spec.required else "") + label, field)
        self.sensitive = QCheckBox("敏感记录（平时只显示为“1 条敏感记录”，需要时再点开）")
        form.addRow("", self.sensitive)
        self.draft_note = QLabel()
        self.draft_note.setStyleSheet("color: #b26a00;")
        self.draft_note.hide()
        self.discard_button = QPushButton("丢弃草稿，重新填写")
        self.discard_button.hide()
        self.discard_button.clicked.connect(self._discard_draft)
        note_row = QHBoxLayout()
        note_row.addWidget(self.draft_note, 1)
        note_row.addWidget(self.discard_button)
        outer = self.layout()
        if isinstance(outer, QVBoxLayout):
            outer.insertLayout(0, note_row)
            outer.insertLayout(0, self._child_header(pupil, f"{verb}{kind.label}"))

        if self.picker is not None:
            self._show_whole_class()
        else:
            self.scroller.setMinimumHeight(min(600, 90 + 46 * len(kind.fields)))

        self._fill(record, preset, teacher)
        self._initial = self._payload()
        self._restore_draft()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DRAFT_DELAY_MS)
        self._timer.timeout.connect(self.save_draft)
        for f in self._all_fields():
            f.edited.connect(self._timer.start)
        self.sensitive.toggled.connect(lambda _c: self._timer.start())
        if self.picker:
            self.picker.changed.connect(self._timer.start)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.submit)
        self._people, self._suggested = people or {}, ""
        party = self.fields.get("party")
        if isinstance(party, ChoiceField) and "with_whom" in self.fields:
            party.combo.currentTextChanged.connect(self._fill_with_whom)
            self._fill_with_whom(party.value())
        first = next(iter(self.fields.values()), None)
        if first is not None:
            first.setFocus()

    def _fill_with_whom(self, party: str) -> None:
        """具体是谁 from the child's profile for the chosen 沟通对象 (父亲 张建国、母亲 李秀 /
        祖母 王桂英) — unless she has typed her own."""
        field = self.fields["with_whom"]
        if field.value().strip() in ("", self._suggested):
            self._suggested = self._people.get(party, "")
            field.set_value(self._suggested)

    def _show_whole_class(self) -> None:
        """A class form opens big enough for the whole form, as far as the screen allows: every
        child's tick box at once (45 names on a 1366×768 screen), no scrolling to find one."""
        body = self.scroller.widget()
        column, outer, screen = body.layout() if body else None, self.layout(), self.screen()
        if column is None or outer is None or screen is None:
            return
        column.activate()  # the hints of a form not yet shown
        outer.activate()
        want = column.sizeHint()
        free = screen.availableGeometry()
        frame = 2 * self.scroller.frameWidth()
        rest = outer.sizeHint().height() - self.scroller.sizeHint().height()  # header, buttons
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        margins = 24 + outer.contentsMargins().left() + outer.contentsMargins().right()
        self.scroller.setMinimumSize(
            min(want.width() + frame + bar, free.width() - FRAME[0] - margins),
            min(want.height() + frame, free.height() - FRAME[1] - rest),
        )
        outer.activate()
        self.setMinimumWidth(outer.totalMinimumSize().width())  # not FormDialog's narrower one

    def _child_header(self, pupil: RosterRow | None, what: str) -> QHBoxLayout:
        """Whose record this is, in large type at the top: the child's name (and what tells
        two children of one name apart), or 全班."""
        self.child_name = plain_label(pupil.name if pupil else "全班")
        self.child_name.setStyleSheet("font-size: 24px; font-weight: bold; color: #1f4e79;")
        self.child_name.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        facts = [pupil.sex, f"{pupil.age} 岁" if pupil.age is not None else "", pupil.kind,
                 pupil.village] if pupil else []  # fmt: skip
        self.child_facts = QLabel(" · ".join(f for f in facts if f))
        self.child_facts.setStyleSheet("color: #555; font-size: 14px;")
        self.kind_title = plain_label(what)
        self.kind_title.setStyleSheet("color: #555; font-size: 16px;")
        row = QHBoxLayout()
        row.addWidget(self.child_name)
        row.addSpacing(12)
        row.addWidget(self.child_facts, 0, Qt.AlignmentFlag.AlignBottom)
        row.addStretch(1)
        row.addWidget(self.kind_title, 0, Qt.AlignmentFlag.AlignBottom)
        return row

    # -- values -----------------------------------------------------------------------------
    def _all_fields(self) -> list[Field]:
        return [*self.fields.values(), *(self.scores.fields() if self.scores else [])]

    def _fill(
        self, record: records.RecordView | None, preset: RecordValues | None, teacher: str
    ) -> None:
        if record is not None:
            values, scores, ids = record.values, record.scores, list(record.participants)
            self.sensitive.setChecked(record.sensitive)
        else:
            base = preset or RecordValues()
            values = {
                self.kind.date_field: self.today().isoformat(),
                **{k: teacher for k in TEACHER_FIELDS if teacher},
                **base.values,
            }
            scores, ids = base.scores, base.participants
            self.sensitive.setChecked(self.kind.sensitive_by_default)
        for name, field in self.fields.items():
            field.set_value(values.get(name, ""))
        if self.scores:
            self.scores.set_scores(scores)
        if self.picker:
            self.picker.set_ids(ids)

    def values(self) -> RecordValues:
        return RecordValues(
            values={k: f.value() for k, f in self.fields.items()},
            scores=self.scores.scores() if self.scores else {},
            participants=self.picker.ids() if self.picker else [],
        )

    def _payload(self) -> dict[str, object]:
        v = self.values()
        return {
            "values": v.values,
            "scores": v.scores,
            "participants": v.participants,
            "sensitive": self.sensitive.isChecked(),
        }

    # -- drafts -----------------------------------------------------------------------------
    def save_draft(self) -> None:
        """Keep what is typed (called shortly after every edit)."""
        payload = self._payload()
        if payload == self._initial:
            drafts.discard_draft(self.archive, self.draft_key)
            return
        drafts.save_draft(self.archive, self.draft_key, self.windowTitle(), payload)

    def _restore_draft(self) -> None:
        draft = drafts.load_draft(self.archive, self.draft_key)
        if draft is None:
            return
        data = draft.data
        values = dict(data.get("values", {}))
        for name, field in self.fields.items():
            field.set_value(str(values.get(name, "")))
        if self.scores:
            self.scores.set_scores(dict(data.get("scores", {})))
        if self.picker:
            self.picker.set_ids([int(i) for i in data.get("participants", [])])
        self.sensitive.setChecked(bool(data.get("sensitive", False)))
        self.draft_note.setText(f"已恢复 {draft.saved_at:%m月%d日 %H:%M} 未保存的草稿。")
        self.draft_note.show()
        self.discard_button.show()

    def _discard_draft(self) -> None:
        drafts.discard_draft(self.archive, self.draft_key)
        self.draft_note.hide()
        self.discard_button.hide()
        self._fill(self.record, None, "")

    # -- save / cancel ----------------------------------------------------------------------
    def submit(self) -> None:
        self._timer.stop()
        from liushou_desk.ops import records as record_ops

        try:
            if self.record is None:
                self.outcome = record_ops.add_record(
                    self.archive,
                    self.kind.key,
                    self.pupil.id if self.pupil else None,
                    self.values(),
                    self.today(),
                    sensitive=self.sensitive.isChecked(),
                    parent_id=self.parent_id,
                )
            else:
                self.outcome = record_ops.edit_record(
                    self.archive,
                    self.record,
                    self.values(),
                    self.today(),
                    sensitive=self.sensitive.isChecked(),
                )
            self.record_id, self.changed = self.outcome.value, self.outcome.changed
        except ValidationFailed as exc:
            for f in self._all_fields():
                f.set_error(None)
            placed = {**self.fields}
            fallback = next(iter(self.fields.values()))
            self.place_errors([e for e in exc.errors if e.field in placed], placed, fallback)
            for e in exc.errors:
                if e.field == "scores" and self.scores:
                    self.scores.set_error(e.message)
                elif e.field == "participants" and self.picker:
                    self.picker.set_error(e.message)
                elif e.field not in placed:
                    fallback.set_error(e.message)
            return
        drafts.discard_draft(self.archive, self.draft_key)
        self.accept()

    def reject(self) -> None:
        """Cancel: typed text is thrown away only after the teacher says so."""
        self._timer.stop()
        if self._payload() != self._initial and not self.prompts.confirm(
            self, "放弃这份还没保存的记录吗？", "选择“取消”可以回去继续填写。"
        ):
            return
        drafts.discard_draft(self.archive, self.draft_key)
        super().reject()
