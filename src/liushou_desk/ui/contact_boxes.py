"""⑤ 父母及监护人联系方式: the boxes for a parent and for an at-home guardian."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QPushButton, QWidget

from liushou_desk.domain.enums import (
    Capacity,
    GuardianRelation,
    Health,
    Literacy,
    ParentSituation,
)
from liushou_desk.domain.profile import FIELD_LABELS, GuardianDraft, ParentDraft
from liushou_desk.ui.fields import (
    ChoiceField,
    DateField,
    Field,
    MemoField,
    TextField,
    form_grid,
)

PROVINCES = [
    "北京市",
    "天津市",
    "河北省",
    "山西省",
    "内蒙古自治区",
    "辽宁省",
    "吉林省",
    "黑龙江省",
    "上海市",
    "江苏省",
    "浙江省",
    "安徽省",
    "福建省",
    "江西省",
    "山东省",
    "河南省",
    "湖北省",
    "湖南省",
    "广东省",
    "广西壮族自治区",
    "海南省",
    "重庆市",
    "四川省",
    "贵州省",
    "云南省",
    "西藏自治区",
    "陕西省",
    "甘肃省",
    "青海省",
    "宁夏回族自治区",
    "新疆维吾尔自治区",
    "香港",
    "澳门",
    "台湾",
    "国外",
]


class ParentBox(QGroupBox):
    """父亲 or 母亲: name, situation, phones, where and since when they work away, and 附件1's
    出生日期 and 身份证号."""

    def __init__(self, role: str, prefix: str, parent: QWidget | None = None) -> None:
        super().__init__(role, parent)
        self.role = role
        self.fields: dict[str, Field] = {
            "name": TextField(max_length=40),
            "situation": ChoiceField(ParentSituation.labels()),
            "phone": TextField("手机或座机"),
            "phone2": TextField("备用号码"),
            "work_province": ChoiceField(PROVINCES, editable=True),
            "work_city": TextField("如 东莞市", 40),
            "work_unit": TextField("单位或工种，如 电子厂", 100),
            "away_since": DateField("如 2024-03 或 2024-03-15"),
            "expected_return": TextField("如 2027年春节", 60),
            "birth_date": DateField("如 1988-05-20"),
            "id_number": TextField("18位；填了可不填出生日期", 20),
        }
        labels = [FIELD_LABELS[f"parent.{name}"] for name in self.fields]
        self.setLayout(form_grid(list(zip(labels, self.fields.values(), strict=True))))
        self.paths = {f"{prefix}.{k}": f for k, f in self.fields.items()}

    def load(self, draft: ParentDraft) -> None:
        for key, field in self.fields.items():
            field.set_value(getattr(draft, key))

    def draft(self) -> ParentDraft:
        return ParentDraft(self.role, **{k: f.value() for k, f in self.fields.items()})


class GuardianBox(QGroupBox):
    """One at-home guardian (在家监护人), with a button to remove it."""

    remove_requested = Signal(object)

    def __init__(self, draft: GuardianDraft, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.guardian_id = draft.id
        self.fields: dict[str, Field] = {
            "name": TextField(max_length=40),
            "relation": ChoiceField(GuardianRelation.labels()),
            "age": TextField("周岁", 4),
            "phone": TextField("手机或座机"),
            "health": ChoiceField(Health.labels()),
            "literacy": ChoiceField(Literacy.labels()),
            "capacity": ChoiceField(Capacity.labels()),
            "id_number": TextField("委托监护人的18位身份证号", 20),
            "address": TextField("居住地地址", 200),
            "note": MemoField("如：腿脚不便、需照顾多个孙辈", 40),
        }
        labels = [FIELD_LABELS[f"guardian.{name}"] for name in self.fields]
        grid = form_grid(list(zip(labels, self.fields.values(), strict=True)))
        self.remove_button = QPushButton("删除此监护人")
        grid.addWidget(self.remove_button, grid.rowCount() - 1, 3)
        self.setLayout(grid)
        self.remove_button.clicked.connect(lambda: self.remove_requested.emit(self))
        for key, field in self.fields.items():
            field.set_value(getattr(draft, key))
        self.paths: dict[str, Field] = {}
        self.set_position(0)

    def set_position(self, index: int) -> None:
        self.setTitle(f"在家监护人 {index + 1}")
        self.paths = {f"guardians.{index}.{k}": f for k, f in self.fields.items()}

    def draft(self) -> GuardianDraft:
        return GuardianDraft(id=self.guardian_id, **{k: f.value() for k, f in self.fields.items()})
