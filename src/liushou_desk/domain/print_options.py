"""打印选项 (print options): what goes on paper — masked numbers, sensitive records, health.

Plain values, so the window can offer them without loading the PDF machinery."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PrintOptions:
    """打印选项: what goes on paper."""

    mask: bool = True  # ID numbers and phones as 511725********123X / 138****8000
    include_sensitive: bool = False  # records marked 涉及隐私 (IEPs, aid …)
    include_health: bool = True  # 身体 / 心理健康 on the cards (not in the principal's copy)
    # the class's activities and meetings on a card: a line a month (paper) or one a record
    # (the screen, where each can be opened)
    monthly_activities: bool = True
    case_names: bool = False  # 典型案例 name the child (else 邓同学)
    left_out: tuple[str, ...] = ()  # parts of the term report not printed (REPORT_PARTS keys)
    bag: bool = False  # a card printed with its 成长记录袋 (images; PDFs named)
    # a card's 关爱记录 on paper: each in full, or one line each (the first words: a typical
    # card then takes two pages; the full texts stay in the archive and on the screen)
    full_records: bool = False

    def shows(self, part: str) -> bool:
        return part not in self.left_out

    def id_number(self, text: str) -> str:
        from liushou_desk.domain.idcard import mask_id_number

        return mask_id_number(text) if self.mask and text else text

    def student_number(self, text: str) -> str:
        from liushou_desk.domain.idcard import mask_student_number

        return mask_student_number(text) if self.mask else text

    def phone(self, text: str) -> str:
        from liushou_desk.domain.phones import mask_phone

        return mask_phone(text) if self.mask and text else text


# the parts of the term report the teacher may leave out (the numbered sections always print)
REPORT_PARTS: dict[str, str] = {
    "statistics": "留守儿童的构成与图表",
    "coverage": "每月的联系与联系覆盖",
    "grades": "成绩：留守儿童与全班",
    "priorities": "四个优先",
    "gaps": "还没覆盖到的孩子",
    "cases": "典型案例",
    "cards": "附：每名留守儿童的成长记录卡",
}
