"""成长记录卡的内容 (the growth card's view model): what one child's card says, in the words it
says it — sections with titled rows and tables, the grade chart's points, the 档案变动 list, the
留守认定 with its reason, the 期末评语. The screen tab and the PDF both draw this and nothing
else, so they show the same sections in the same order with the same words.

Plain data (no Qt, no ReportLab): built by ``services.growth_card``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from liushou_desk.services.archive_info import ClassInfo
from liushou_desk.services.profile import ProfileView
from liushou_desk.services.records import RecordView
from liushou_desk.services.terms import TermView

EMPTY = "—"  # a field with nothing in it, on screen and on paper


def hidden_note(count: int) -> str:
    """The line under 本学期关爱记录 when records marked 涉及隐私 are not listed."""
    return f"另有 {count} 条敏感记录未列出（涉及隐私）。"


@dataclass(frozen=True)
class Pair:
    """A titled value: 姓名 张三. ``wide`` pairs take a whole row."""

    label: str
    value: str
    wide: bool = False


@dataclass(frozen=True)
class Pairs:
    """Titled values, ``columns`` pairs a row."""

    pairs: tuple[Pair, ...]
    columns: int = 2


@dataclass(frozen=True)
class Table:
    """A table with a header row. ``widths`` in mm of the A4 frame (174 mm; the screen takes
    them as proportions); ``records`` names the record each row shows (0: none) so the screen
    can open it."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]
    label_column: bool = False  # the first column titles its row
    records: tuple[int, ...] = ()


@dataclass(frozen=True)
class Note:
    """A short grey line: nothing here yet, or something left out."""

    text: str


@dataclass(frozen=True)
class Text:
    """A paragraph of the teacher's own words (期末评语)."""

    text: str


@dataclass(frozen=True)
class GradeLine:
    """One subject across the exams; None where the exam has no score for it."""

    subject: str
    scores: tuple[float | None, ...]


@dataclass(frozen=True)
class GradeChart:
    """成绩变化: the chart's points, oldest exam on the left, on a 0..top scale."""

    exams: tuple[str, ...]  # 26.11 期中考试
    lines: tuple[GradeLine, ...]
    top: float
    step: float


Block = Pairs | Table | Note | Text | GradeChart


@dataclass(frozen=True)
class Section:
    """一节: a numbered title and what is under it."""

    key: str  # basics, traits, family, plan, grades, changes, comment, records
    title: str  # 一、基本信息
    blocks: tuple[Block, ...]

    @property
    def name(self) -> str:
        """The title without its number: 基本信息."""
        return self.title.split("、", 1)[-1]


@dataclass(frozen=True)
class CardRecord:
    """One record of the term as the card lists it."""

    record: RecordView
    day: str
    label: str
    content: str
    listed: bool  # in 本学期关爱记录; the others have a section of their own (成绩, 评语, 帮扶)

    @property
    def id(self) -> int:
        return self.record.id


@dataclass(frozen=True)
class CardChange:
    """档案变动: one change of the child's archive during the term."""

    changed_at: datetime
    kind: str  # 修改, 留守认定, 在读状态 …
    label: str  # the field
    old_value: str
    new_value: str
    note: str
    field: str = ""  # father.phone …: masked like the field itself


@dataclass(frozen=True)
class CardData:
    """What one card is made from: one child's rows, read once (``load_card``)."""

    info: ClassInfo
    term: TermView
    today: date
    profile: ProfileView
    # the term's records of the child, own and joined, and — whatever their date — the latest
    # grades and the newest help plan with its checks; oldest first
    records: tuple[RecordView, ...]
    changes: tuple[CardChange, ...]  # the term's, oldest first
    exams: int  # every grade record of the child (the card lists the latest)
    # 成长记录袋, when the card is printed with it: (kind word, title, JPEG bytes or None: a PDF)
    bag: tuple[tuple[str, str, bytes | None], ...] = ()


@dataclass(frozen=True)
class GrowthCardView:
    """成长记录卡: one child's card for a term, ready to draw."""

    pupil_id: int
    name: str
    title: str  # 成长记录卡　张三
    subtitle: str  # school and class, term
    sections: tuple[Section, ...]
    records: tuple[CardRecord, ...]  # every record of the term, oldest first
    hidden_sensitive: int  # records marked 涉及隐私 left out of 本学期关爱记录
    sensitive: int  # records marked 涉及隐私 among those 本学期关爱记录 could list
    left_behind: str  # 留守类型
    left_behind_reason: str  # 认定理由
    village: str
    comment: str  # 期末评语, "" when not written
    changes: tuple[CardChange, ...]
    chart: GradeChart | None
    plan_id: int | None  # the help plan shown (the screen links to it)
    comment_id: int | None  # the 期末评语 record shown
    photo: bytes | None = None  # the child's photo (JPEG), printed beside the card's title
    bag: tuple[tuple[str, str, bytes | None], ...] = ()  # 成长记录袋 appended on paper

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)
