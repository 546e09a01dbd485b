"""⑥ 家庭情况与监护（附件1）: what 民政部's 登记表 asks besides the 五个清楚 — the four grandparents
(name, birth date, or 已故), 有无委托监护人, 监护类型 with the archive's suggestion beside it,
家庭经济来源 and 救助帮扶情况 (several of each)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QGroupBox, QHBoxLayout, QPushButton, QWidget

from liushou_desk.domain.enums import AidKind, GuardianshipType, IncomeSource
from liushou_desk.domain.form1_fields import NO, YES, GrandparentDraft
from liushou_desk.domain.guardianship import Suggestion
from liushou_desk.domain.profile import FIELD_LABELS, ProfileDraft
from liushou_desk.ui.fields import (
    CheckField,
    ChoiceField,
    DateField,
    Field,
    SeveralField,
    TextField,
    form_grid,
)
from liushou_desk.ui.plain_text import plain_label

GRANDPARENT_ROLES = ("祖父", "祖母", "外祖父", "外祖母")


class GrandparentRow:
    """One grandparent's editors: 姓名, 出生日期, 已故 (a deceased one prints "—")."""

    def __init__(self, index: int, role: str) -> None:
        self.role = role
        self.fields: dict[str, Field] = {
            "name": TextField("姓名", 40),
            "birth_date": DateField("如 1958-04-02"),
            "deceased": CheckField("已故"),
        }
        self.paths = {f"grandparents.{index}.{k}": f for k, f in self.fields.items()}

    def load(self, draft: GrandparentDraft) -> None:
        self.fields["name"].set_value(draft.name)
        self.fields["birth_date"].set_value(draft.birth_date)
        self.fields["deceased"].set_value(YES if draft.deceased else "")

    def draft(self) -> GrandparentDraft:
        deceased = self.fields["deceased"]
        assert isinstance(deceased, CheckField)
        return GrandparentDraft(
            self.role,
            name=self.fields["name"].value(),
            birth_date=self.fields["birth_date"].value(),
            deceased=deceased.checked(),
        )


class FamilyFormBox(QGroupBox):
    """⑥ 家庭情况与监护（附件1）."""

    take_suggestion = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("⑥ 家庭情况与监护（附件1 登记表）", parent)
        self.grandparents = [GrandparentRow(i, role) for i, role in enumerate(GRANDPARENT_ROLES)]
        grand_grid = QGridLayout()
        grand_grid.setHorizontalSpacing(10)
        grand_grid.setVerticalSpacing(4)
        for r, row in enumerate(self.grandparents):
            grand_grid.addWidget(plain_label(row.role), r, 0)
            grand_grid.addWidget(row.fields["name"], r, 1)
            grand_grid.addWidget(plain_label("出生日期"), r, 2)
            grand_grid.addWidget(row.fields["birth_date"], r, 3)
            grand_grid.addWidget(row.fields["deceased"], r, 4)
        grand_grid.setColumnStretch(1, 1)
        grand_grid.setColumnStretch(3, 1)

        self.fields: dict[str, Field] = {
            "guardian_entrusted": ChoiceField([YES, NO]),
            "guardianship_type": ChoiceField(GuardianshipType.labels()),
            "income_sources": SeveralField(IncomeSource.labels()),
            "aid": SeveralField(AidKind.labels()),
        }
        self.fields["guardian_entrusted"].setToolTip("父母外出有无委托其他监护人")
        choices = form_grid(
            [
                (FIELD_LABELS[k], self.fields[k])
                for k in ("guardian_entrusted", "guardianship_type")
            ],
            1,
        )
        self.suggestion = plain_label()
        self.suggestion.setWordWrap(True)
        self.suggestion.setStyleSheet("color: #555;")
        self.take_button = QPushButton("采用建议")
        self.take_button.setToolTip("按档案中父母和监护人的情况建议监护类型，由您确认")
        hint = QHBoxLayout()
        hint.addWidget(self.suggestion, 1)
        hint.addWidget(self.take_button)
        choices.addLayout(hint, choices.rowCount(), 1)
        several = form_grid(
            [(FIELD_LABELS[k], self.fields[k]) for k in ("income_sources", "aid")], 1
        )

        left = QGroupBox("祖辈（已故的只勾“已故”）")
        left.setFlat(True)
        left.setLayout(grand_grid)
        right = QWidget()
        right_col = QGridLayout(right)
        right_col.setContentsMargins(0, 0, 0, 0)
        right_col.addLayout(choices, 0, 0)
        right_col.addLayout(several, 1, 0)
        columns = QHBoxLayout(self)
        columns.addWidget(left, 1)
        columns.addWidget(right, 1)
        self.take_button.clicked.connect(self.take_suggestion)
        self._suggested = ""

    @property
    def paths(self) -> dict[str, Field]:
        found = dict(self.fields)
        for row in self.grandparents:
            found.update(row.paths)
        return found

    def load(self, draft: ProfileDraft) -> None:
        for key, field in self.fields.items():
            field.set_value(getattr(draft, key))
        by_role = {g.role: g for g in draft.grandparents}
        for row in self.grandparents:
            row.load(by_role.get(row.role) or GrandparentDraft(row.role))

    def fill_draft(self, draft: ProfileDraft) -> None:
        for key, field in self.fields.items():
            setattr(draft, key, field.value())
        draft.grandparents = [row.draft() for row in self.grandparents]

    def show_suggestion(self, suggestion: Suggestion) -> None:
        """The archive's suggestion beside 监护类型; the button takes it when it differs."""
        self._suggested = suggestion.kind
        chosen = self.fields["guardianship_type"].value()
        if suggestion.kind:
            agree = "（与所选一致）" if chosen == suggestion.kind else ""
            self.suggestion.setText(f"建议：{suggestion.kind}{agree} — {suggestion.reason}")
        else:
            self.suggestion.setText(f"无法建议：{suggestion.reason}")
        self.take_button.setEnabled(bool(suggestion.kind) and chosen != suggestion.kind)

    @property
    def suggested(self) -> str:
        return self._suggested
