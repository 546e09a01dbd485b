"""五个清楚 tab: the profile form of the selected pupil.

The form is checked as the teacher leaves each field and again, whole, on save; nothing is
written until everything is valid. Leaving a pupil with unsaved changes asks first.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from liushou_desk.domain.guardianship import suggest_guardianship
from liushou_desk.domain.profile import (
    FieldError,
    GuardianDraft,
    ProfileDraft,
    ValidationFailed,
    field_label,
    validate_profile,
)
from liushou_desk.ops.archive import Archive
from liushou_desk.services import profile as profile_service
from liushou_desk.services.profile import ProfileView
from liushou_desk.ui.basic_info_box import PHOTO_SIZE, BasicInfoBox
from liushou_desk.ui.contact_boxes import GuardianBox, ParentBox
from liushou_desk.ui.fields import Field, MemoField, form_grid
from liushou_desk.ui.form1_box import FamilyFormBox
from liushou_desk.ui.photo import photo_bytes
from liushou_desk.ui.plain_text import plain_label
from liushou_desk.ui.prompts import Prompts, SaveChoice


class ProfileTab(QWidget):
    """The five things known about one pupil, editable."""

    override_requested = Signal(int)
    saved = Signal(object)  # the save's Outcome: what changed and how to undo it

    def __init__(
        self,
        archive: Archive,
        prompts: Prompts,
        today: Callable[[], date],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.archive = archive
        self.prompts = prompts
        self.today = today
        self.view: ProfileView | None = None
        self._loaded: ProfileDraft | None = None
        self._photo: bytes | None = None

        # header
        self.title = plain_label()
        self.title.setStyleSheet("font-size: 18px; font-weight: bold;")
        self.status_label = QLabel()
        self.status_label.setTextFormat(Qt.TextFormat.RichText)  # its words are escaped
        self.status_label.setWordWrap(True)
        self.override_button = QPushButton("调整认定…")
        self.save_button = QPushButton("保存 (Ctrl+S)")
        self.revert_button = QPushButton("撤销修改")
        self.message = plain_label()
        header = QHBoxLayout()
        header.addWidget(self.title)
        header.addWidget(self.status_label, 1)
        header.addWidget(self.override_button)

        # ① 基本信息 (with 附件1's 户籍, 身体情况 and 就学情况)
        self.basic_box = BasicInfoBox()
        self.basic = self.basic_box.fields
        self.boarding = self.basic_box.boarding
        self.photo_label = self.basic_box.photo_label
        self.photo_button = self.basic_box.photo_button
        self.photo_clear = self.basic_box.photo_clear

        # ② ③ ④
        self.memo: dict[str, Field] = {
            "personality": MemoField("如：内向，不爱说话；遇事容易紧张"),
            "interests": MemoField("如：喜欢画画、看书"),
            "strengths": MemoField("如：跑步快，书法好"),
            "health_physical": MemoField("疾病、过敏、残疾等；健康可写“良好”"),
            "health_mental": MemoField("情绪、心理状况；如：想念父母时情绪低落"),
        }
        personality_box = QGroupBox("② 性格特征")
        personality_layout = QVBoxLayout(personality_box)
        personality_layout.addWidget(self.memo["personality"])
        self.tags_button = QPushButton("常用词")  # a push button sizes itself for its arrow
        self.tags_button.setMenu(QMenu(self.tags_button))
        personality_layout.addWidget(self.tags_button, 0, Qt.AlignmentFlag.AlignLeft)
        personality_layout.addStretch(1)
        interest_box = QGroupBox("③ 兴趣爱好与特长")
        interest_box.setLayout(
            form_grid([("兴趣爱好", self.memo["interests"]), ("特长", self.memo["strengths"])], 1)
        )
        health_box = QGroupBox("④ 健康状况")
        health_box.setLayout(
            form_grid(
                [("身体", self.memo["health_physical"]), ("心理", self.memo["health_mental"])], 1
            )
        )

        # ⑤
        self.father = ParentBox("父亲", "father")
        self.mother = ParentBox("母亲", "mother")
        self.guardian_boxes: list[GuardianBox] = []
        self.guardian_area = QVBoxLayout()
        self.add_guardian_button = QPushButton("添加在家监护人")
        contacts_box = QGroupBox("⑤ 父母及监护人联系方式")
        contacts = QVBoxLayout(contacts_box)
        parents_row = QHBoxLayout()
        parents_row.addWidget(self.father)
        parents_row.addWidget(self.mother)
        contacts.addLayout(parents_row)
        contacts.addLayout(self.guardian_area)
        contacts.addWidget(self.add_guardian_button, 0, Qt.AlignmentFlag.AlignLeft)

        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.addWidget(self.basic_box)
        middle = QHBoxLayout()
        middle.addWidget(personality_box)
        middle.addWidget(interest_box)
        middle.addWidget(health_box)
        body_layout.addLayout(middle)
        body_layout.addWidget(contacts_box)
        # ⑥ 附件1's family and guardianship
        self.family_form = FamilyFormBox()
        body_layout.addWidget(self.family_form)
        body_layout.addStretch(1)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setWidget(body)

        footer = QHBoxLayout()
        footer.addWidget(self.message, 1)
        footer.addWidget(self.revert_button)
        footer.addWidget(self.save_button)

        self.placeholder = QLabel("请先在“班级名册”中选择一名学生。")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.content = QWidget()
        content_layout = QVBoxLayout(self.content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.addLayout(header)
        content_layout.addWidget(self.scroll_area, 1)
        content_layout.addLayout(footer)
        layout = QVBoxLayout(self)
        layout.addWidget(self.placeholder)
        layout.addWidget(self.content)
        self.content.hide()

        for field in self._static_fields().values():
            self._wire(field)
        self._wire(self.boarding)
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self.revert)
        self.add_guardian_button.clicked.connect(self._add_guardian)
        self.family_form.take_suggestion.connect(self._take_suggestion)
        self.photo_button.clicked.connect(self._choose_photo)
        self.photo_clear.clicked.connect(lambda: self._set_photo(None, edited=True))
        self.override_button.clicked.connect(
            lambda: self.view and self.override_requested.emit(self.view.pupil_id)
        )
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        self.reload_tags()
        self._update_buttons()

    def reload_tags(self) -> None:
        """性格标签: the pick-list of common words, one click adds one to 性格特征."""
        from liushou_desk.services.settings import pick_lists

        menu = self.tags_button.menu()
        menu.clear()
        for tag in pick_lists(self.archive)["personality_tags"]:
            menu.addAction(tag, partial(self.add_tag, tag))

    def add_tag(self, tag: str) -> None:
        field = self.memo["personality"]
        text = field.value().rstrip("，、 ")
        if tag not in text.replace("，", "、").split("、"):
            field.set_value(f"{text}、{tag}" if text else tag)
            self._on_edited()

    # -- fields -----------------------------------------------------------------------------
    def _static_fields(self) -> dict[str, Field]:
        fields: dict[str, Field] = {**self.basic, **self.memo}
        fields.update(self.father.paths)
        fields.update(self.mother.paths)
        fields.update(self.family_form.paths)
        return fields

    def fields_by_path(self) -> dict[str, Field]:
        fields = self._static_fields()
        fields["boarding"] = self.boarding
        for box in self.guardian_boxes:
            fields.update(box.paths)
        return fields

    def _wire(self, field: Field) -> None:
        field.edited.connect(self._on_edited)
        field.committed.connect(lambda f=field: self._check_field(f))

    # -- loading ----------------------------------------------------------------------------
    @property
    def pupil_id(self) -> int:
        return self.view.pupil_id if self.view else 0

    def load(self, pupil_id: int) -> None:
        """Show the pupil's profile (0 shows the placeholder)."""
        if not pupil_id:
            self.view = None
            self._loaded = None
            self.content.hide()
            self.placeholder.show()
            return
        self.view = profile_service.load_profile(self.archive, pupil_id, self.today())
        self._fill(self.view.draft)
        self._show_status()
        self.placeholder.hide()
        self.content.show()

    def _fill(self, draft: ProfileDraft) -> None:
        self._loaded = draft
        self.basic_box.load(draft)
        for key, field in self.memo.items():
            field.set_value(getattr(draft, key))
        self.family_form.load(draft)
        self.father.load(draft.father)
        self.mother.load(draft.mother)
        for box in self.guardian_boxes:
            box.setParent(None)
            box.deleteLater()
        self.guardian_boxes = []
        for g in draft.guardians:
            self._append_guardian_box(g)
        self._set_photo(draft.photo, edited=False)
        for field in self.fields_by_path().values():
            field.set_error(None)
        self.title.setText(draft.name)
        self.message.clear()
        self._update_buttons()
        self._suggest()

    def _show_status(self) -> None:
        from html import escape

        v = self.view
        if v is None:
            return
        # rich text for the bold and colours; every word from the archive escaped
        if v.override_kind:
            text = (
                f"留守类型：<b>{escape(v.override_kind)}</b>（人工认定："
                f"{escape(v.override_reason)}；按规则为{escape(v.computed_kind)}）"
            )
        else:
            text = (
                f"留守类型：<b>{escape(v.computed_kind)}</b>"
                f"（自动认定：{escape(v.computed_reason)}）"
            )
        if v.missing:
            missing = escape("、".join(v.missing))
            text += f"<br><span style='color:#b26a00'>待补充：{missing}</span>"
        if v.enrolment != "在读":
            when = v.left_on.isoformat() if v.left_on else ""
            left = escape(f"{v.enrolment} {when} {v.leave_note}")
            text += f"<br><span style='color:#666'>{left}</span>"
        self.status_label.setText(text)
        self.override_button.setEnabled(v.enrolment == "在读")

    # -- guardians --------------------------------------------------------------------------
    def _append_guardian_box(self, draft: GuardianDraft | None) -> GuardianBox:
        box = GuardianBox(draft or GuardianDraft())
        box.set_position(len(self.guardian_boxes))
        box.remove_requested.connect(self._remove_guardian)
        for field in box.fields.values():
            self._wire(field)
        self.guardian_boxes.append(box)
        self.guardian_area.addWidget(box)
        return box

    def _add_guardian(self) -> None:
        box = self._append_guardian_box(None)
        box.fields["name"].setFocus()
        self._on_edited()

    def _remove_guardian(self, box: GuardianBox) -> None:
        self.guardian_boxes.remove(box)
        box.setParent(None)
        box.deleteLater()
        for i, b in enumerate(self.guardian_boxes):
            b.set_position(i)
        self._on_edited()

    # -- photo ------------------------------------------------------------------------------
    def _choose_photo(self) -> None:
        path = self.prompts.choose_photo(self)
        if path is None:
            return
        image = QImage(str(path))
        if image.isNull():
            self.prompts.error(
                self, f"无法读取这张图片：{path.name}", "请选择 JPG 或 PNG 格式的照片。"
            )
            return
        self._set_photo(photo_bytes(image), edited=True)

    def _set_photo(self, data: bytes | None, *, edited: bool) -> None:
        self._photo = data
        if data:
            pix = QPixmap()
            pix.loadFromData(data)
            self.photo_label.setPixmap(
                pix.scaled(
                    *PHOTO_SIZE,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        else:
            self.photo_label.clear()
            self.photo_label.setText("无照片")
        self.photo_clear.setEnabled(bool(data))
        if edited:
            self._on_edited()

    # -- editing ----------------------------------------------------------------------------
    def current_draft(self) -> ProfileDraft:
        draft = ProfileDraft(photo=self._photo)
        self.basic_box.fill_draft(draft)
        for name, field in self.memo.items():
            setattr(draft, name, field.value())
        draft.father = self.father.draft()
        draft.mother = self.mother.draft()
        draft.guardians = [b.draft() for b in self.guardian_boxes]
        self.family_form.fill_draft(draft)
        return draft

    def is_dirty(self) -> bool:
        return self._loaded is not None and self.current_draft() != self._loaded

    def _on_edited(self) -> None:
        self._update_buttons()
        self._suggest()

    def _suggest(self) -> None:
        """监护类型 suggested from what the form says now (the teacher confirms it)."""
        self.family_form.show_suggestion(suggest_guardianship(self.current_draft()))

    def _take_suggestion(self) -> None:
        field = self.family_form.fields["guardianship_type"]
        field.set_value(self.family_form.suggested)
        self._on_edited()
        self._check_field(field)

    def _update_buttons(self) -> None:
        dirty = self.is_dirty()
        self.save_button.setEnabled(dirty)
        self.revert_button.setEnabled(dirty)
        if dirty:
            self.message.setText("有未保存的修改")
            self.message.setStyleSheet("color: #b26a00;")

    def _check_field(self, field: Field) -> None:
        """Check the whole form, but only speak about the field just left."""
        _, errors = validate_profile(self.current_draft(), self.today())
        paths = [p for p, f in self.fields_by_path().items() if f is field]
        mine = [e.message for e in errors if e.field in paths]
        field.set_error(mine[0] if mine else None)

    def show_errors(self, errors: list[FieldError]) -> None:
        fields = self.fields_by_path()
        for f in fields.values():
            f.set_error(None)
        unplaced: list[str] = []
        first: Field | None = None
        for e in errors:
            field = fields.get(e.field)
            if field is None:
                unplaced.append(f"{field_label(e.field)}：{e.message}")
                continue
            if not field.error:
                field.set_error(e.message)
            first = first or field
        self.message.setStyleSheet("color: #c62828;")
        text = f"有 {len(errors)} 处需要修改，未保存。"
        if unplaced:
            text += " " + "；".join(unplaced)
        self.message.setText(text)
        if first is not None:
            self.scroll_area.ensureWidgetVisible(first)
            first.setFocus()

    def save(self) -> bool:
        """Save the whole form; returns False (and shows why) when nothing could be saved."""
        if self.view is None:
            return True
        from liushou_desk.ops.profile import save_profile

        try:
            outcome = save_profile(
                self.archive, self.view.pupil_id, self.current_draft(), self.today()
            )
        except ValidationFailed as exc:
            self.show_errors(exc.errors)
            return False
        except LookupError as exc:
            self.prompts.error(self, "这名学生的档案已不存在。", str(exc))
            return False
        self.load(self.view.pupil_id)
        self.message.setStyleSheet("color: #2e7d32;")
        self.message.setText(outcome.changed.message)
        self.saved.emit(outcome)  # the window announces it and records the undo step
        return True

    def revert(self) -> None:
        if self._loaded is not None:
            self._fill(self._loaded)

    def confirm_leave(self) -> bool:
        """Before another pupil is shown: True when it is fine to leave this one."""
        if not self.is_dirty() or self.view is None:
            return True
        choice = self.prompts.unsaved_changes(self, self.view.draft.name)
        if choice is SaveChoice.CANCEL:
            return False
        if choice is SaveChoice.SAVE:
            return self.save()
        self.revert()
        return True

    def refresh_status(self) -> None:
        """The archive changed elsewhere (override dialog, a save): show the new status, and
        the new values too unless the teacher is in the middle of editing."""
        if self.view is None:
            return
        dirty = self.is_dirty()
        self.view = profile_service.load_profile(self.archive, self.view.pupil_id, self.today())
        if not dirty and self.view.draft != self._loaded:
            self._fill(self.view.draft)
        self._show_status()
