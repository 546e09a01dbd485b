"""① 基本信息: the child's own facts on the 五个清楚 form — with 附件1's 户籍所在地, 是否登记户口,
身体情况 (残疾类别及等级 / 患病类型 open only for 残疾 / 患病) and 就学情况 beside them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from liushou_desk.domain.enums import BodyCondition, Schooling, Sex
from liushou_desk.domain.profile import FIELD_LABELS, NO, YES, ProfileDraft
from liushou_desk.ui.fields import CheckField, ChoiceField, DateField, Field, TextField, form_grid

ETHNICITIES = [
    "汉族",
    "土家族",
    "苗族",
    "彝族",
    "侗族",
    "布依族",
    "壮族",
    "回族",
    "藏族",
    "瑶族",
    "白族",
    "哈尼族",
    "傣族",
    "满族",
    "蒙古族",
    "维吾尔族",
    "其他",
]
PHOTO_SIZE = (120, 160)

# a detail of 身体情况 and the choice it belongs to
CONDITION_DETAILS = {
    "disability": BodyCondition.DISABLED.value,
    "illness": BodyCondition.ILL.value,
}


class BasicInfoBox(QGroupBox):
    """① 基本信息 (the pupil's basic facts) with the photo beside them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("① 基本信息", parent)
        # in the form's order, two to a row: each 附件1 field next to the one it goes with
        self.fields: dict[str, Field] = {
            "name": TextField("必填", 40),
            "sex": ChoiceField(Sex.labels()),
            "birth_date": DateField(),
            "id_number": TextField("18位，末位可为 X", 20),
            "ethnicity": ChoiceField(ETHNICITIES, editable=True),
            "student_number": TextField("全国学籍号，如 G511725201503081234", 40),
            "address": TextField("现居住地：省 市 县 乡镇 村 组", 200),
            "village": TextField("如 石桥村", 100),
            "hukou_place": TextField("户口本上的地址：省 市 县 乡镇 村", 200),
            "hukou_registered": ChoiceField([YES, NO]),
            "body_condition": ChoiceField(BodyCondition.labels()),
            "schooling": ChoiceField(Schooling.labels()),
            "disability": TextField("身体情况为“残疾”时填，如 肢体残疾三级", 100),
            "illness": TextField("身体情况为“患病”时填，如 白血病", 100),
        }
        self.fields["hukou_registered"].setToolTip("是否登记户口（附件1）")
        self.boarding = CheckField("寄宿生")
        grid = form_grid([(FIELD_LABELS[key], field) for key, field in self.fields.items()])
        grid.addWidget(self.boarding, grid.rowCount() - 1, 1)
        grid.setRowStretch(grid.rowCount() - 1, 0)
        grid.setRowStretch(grid.rowCount(), 1)

        self.photo_label = QLabel("无照片")
        self.photo_label.setFixedSize(*PHOTO_SIZE)
        self.photo_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.photo_label.setStyleSheet("border: 1px solid #bbb; color: #888;")
        self.photo_button = QPushButton("选择照片…")
        self.photo_clear = QPushButton("清除照片")
        photo_col = QVBoxLayout()
        photo_col.addWidget(self.photo_label)
        photo_col.addWidget(self.photo_button)
        photo_col.addWidget(self.photo_clear)
        photo_col.addStretch(1)
        row = QHBoxLayout(self)
        row.addLayout(grid, 1)
        row.addLayout(photo_col)

        # what was typed in a detail the teacher closed by choosing another 身体情况: given back
        # if she chooses its condition again before leaving the pupil
        self._put_aside: dict[str, str] = {}
        condition = self.fields["body_condition"]
        assert isinstance(condition, ChoiceField)
        condition.combo.currentIndexChanged.connect(self._condition_changed)
        self._sync_details()

    def load(self, draft: ProfileDraft) -> None:
        for key, field in self.fields.items():
            field.set_value(getattr(draft, key))
        self.boarding.set_value(YES if draft.boarding else "")
        self._put_aside.clear()
        self._sync_details()

    def fill_draft(self, draft: ProfileDraft) -> None:
        for key, field in self.fields.items():
            setattr(draft, key, field.value())
        draft.boarding = self.boarding.checked()

    def _condition_changed(self) -> None:
        """Another 身体情况 chosen: a detail that no longer applies is emptied and closed."""
        condition = self.fields["body_condition"].value()
        for key, wanted in CONDITION_DETAILS.items():
            field = self.fields[key]
            if condition == wanted:
                if not field.value() and key in self._put_aside:
                    field.set_value(self._put_aside.pop(key))
            elif field.value():
                self._put_aside[key] = field.value()
                field.set_value("")
                field.set_error(None)
        self._sync_details()

    def _sync_details(self) -> None:
        """A detail is open for its condition (or while it holds text to correct)."""
        condition = self.fields["body_condition"].value()
        for key, wanted in CONDITION_DETAILS.items():
            field = self.fields[key]
            field.setEnabled(condition == wanted or bool(field.value()))
