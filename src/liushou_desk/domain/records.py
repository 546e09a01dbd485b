"""关爱记录: the record kinds of the 54321 care work, their fields, and how they are checked.

Every kind is described once here (fields, labels, choices), so one form, one timeline and one
validator serve them all. Values are typed as text, as in the profile form.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from liushou_desk.domain.dates import DateFormatError, parse_date
from liushou_desk.domain.profile import FieldError
from liushou_desk.domain.record_words import (
    ACTIVITY_KINDS,
    AID_KINDS,
    CHANNELS,
    EXAMS,
    IEP_CATEGORIES,
    MEETING_KINDS,
    MOODS,
    SUBJECTS,
)
from liushou_desk.domain.record_words import PERSONALITY_TAGS as PERSONALITY_TAGS
from liushou_desk.domain.record_words import PICK_LISTS as PICK_LISTS
from liushou_desk.domain.text import clean_text, to_halfwidth

# field types
TEXT, MEMO, DATE, FUTURE_DATE, CHOICE, NUMBER, BOOL, SCORES, PUPILS = (
    "text",
    "memo",
    "date",
    "future_date",
    "choice",
    "number",
    "bool",
    "scores",
    "pupils",
)

# 三沟通: with whom (stored in the record's ``party`` column for the 待办 rules)
PARTY_CHILD, PARTY_PARENT, PARTY_GUARDIAN = "child", "parent", "guardian"
PARTY_LABELS = {"与孩子": PARTY_CHILD, "与外出父母": PARTY_PARENT, "与在家监护人": PARTY_GUARDIAN}


# 待办规则 (the rules of the 待办 list) count some meetings and activities. A record of one of
# these built-in kinds carries the rule's code, stored with it; the rules read the code, never
# the word. The teacher may rename these words in the pick-lists (``words``: code → her word),
# not delete them; the built-in word keeps meaning its rule, so older records count as before.
MONTHLY_MEETING = "monthly_meeting"  # 留守儿童月会
GUARDIAN_MEETING = "guardian_meeting"  # 监护人会
PARENTS_MEETING = "parents_meeting"  # 家长会
COLLECTIVE_BIRTHDAY = "collective_birthday"  # 集体生日
# 心理健康课 (issue 16): records saved before it was a rule carry no code; the rule reads the
# built-in word for them
MENTAL_HEALTH_LESSON = "mental_health_lesson"
RULE_WORDS: dict[str, tuple[str, str]] = {  # code → (the form's field, the built-in word)
    MONTHLY_MEETING: ("meeting_kind", "留守儿童月会"),
    GUARDIAN_MEETING: ("meeting_kind", "监护人会"),
    PARENTS_MEETING: ("meeting_kind", "家长会"),
    COLLECTIVE_BIRTHDAY: ("activity_kind", "集体生日"),
    MENTAL_HEALTH_LESSON: ("activity_kind", "心理健康课"),
}


def rule_of(values: Mapping[str, str], words: Mapping[str, str] | None = None) -> str | None:
    """The rule code of a record whose kind is the teacher's word for a rule, or a built-in
    word; else None."""
    for code, (name, word) in RULE_WORDS.items():
        if values.get(name) == (words or {}).get(code, word):
            return code
    return next((c for c, (name, word) in RULE_WORDS.items() if values.get(name) == word), None)


def rule_codes(pick_list: str) -> tuple[str, ...]:
    """The rules whose kinds a pick-list offers (meeting_kind: the three meetings)."""
    return tuple(code for code, (name, _word) in RULE_WORDS.items() if name == pick_list)


def kept_words(pick_list: str, words: Mapping[str, str] | None = None) -> tuple[str, ...]:
    """The words of a pick-list the 待办 rules need (renamed as ``words`` says): always
    offered, never deleted."""
    return tuple((words or {}).get(c, RULE_WORDS[c][1]) for c in rule_codes(pick_list))


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    type: str = TEXT
    required: bool = False
    choices: tuple[str, ...] = ()
    placeholder: str = ""


@dataclass(frozen=True)
class RecordKind:
    key: str
    label: str
    fields: tuple[FieldSpec, ...]
    date_field: str = "date"
    class_level: bool = False  # activities and meetings: many pupils take part
    parent_kind: str | None = None  # stage checks belong to a help plan
    due_field: str | None = None  # a follow-up date that the 待办 list watches
    summary_fields: tuple[str, ...] = ()  # shown in the timeline
    sensitive_by_default: bool = False

    def spec(self, name: str) -> FieldSpec:
        return next(f for f in self.fields if f.name == name)


def _f(
    name: str,
    label: str,
    type_: str = TEXT,
    required: bool = False,
    choices: list[str] | tuple[str, ...] = (),
    placeholder: str = "",
) -> FieldSpec:
    return FieldSpec(name, label, type_, required, tuple(choices), placeholder)


# 典型案例: a record the teacher marks for the term report, printed there in full (issue 17)
CASE = FieldSpec("case", "典型案例（写进期末总结）", BOOL)

KINDS: dict[str, RecordKind] = {
    k.key: k
    for k in (
        RecordKind(
            "talk",
            "谈心记录",
            (
                _f("date", "谈心日期", DATE, True),
                _f("place", "地点", placeholder="如 办公室、操场"),
                _f("teacher", "谈心教师", required=True),
                _f("topic", "谈心主题", required=True, placeholder="如 想念父母、学习压力"),
                _f("mood", "孩子的情绪", CHOICE, choices=MOODS),
                _f("said", "孩子说了什么", MEMO),
                _f("problems", "发现的问题", MEMO),
                _f("measures", "商定的措施", MEMO),
                _f("effect", "效果", MEMO),
                _f("follow_up", "下次跟进日期", FUTURE_DATE),
                CASE,
            ),
            due_field="follow_up",
            summary_fields=("topic", "mood", "problems", "measures"),
        ),
        RecordKind(
            "contact",
            "三沟通",
            (
                _f("date", "日期", DATE, True),
                _f("party", "沟通对象", CHOICE, True, list(PARTY_LABELS)),
                _f("with_whom", "具体是谁", placeholder="如 父亲 张建国"),
                _f("channel", "方式", CHOICE, True, CHANNELS),
                _f("content", "沟通内容", MEMO, True),
                _f("outcome", "结果", MEMO),
                _f("serious", "重要事项", BOOL),
                _f("parents_informed", "已告知父母", BOOL),
                _f("response", "父母的回应", MEMO),
                CASE,
            ),
            summary_fields=("party", "channel", "content", "outcome"),
        ),
        RecordKind(
            "family_call",
            "亲情电话 / 视频",
            (
                _f("date", "日期", DATE, True),
                _f("parent", "与谁通话", CHOICE, True, ["父亲", "母亲", "父母"]),
                _f("mode", "方式", CHOICE, choices=["电话", "视频"]),
                _f("minutes", "时长（分钟）", NUMBER),
                _f("child_state", "孩子的状态", MEMO),
            ),
            summary_fields=("parent", "mode", "minutes", "child_state"),
        ),
        RecordKind(
            "home_visit",
            "家访",
            (
                _f("date", "家访日期", DATE, True),
                _f("visitors", "家访教师", required=True),
                _f("met", "见到的人", placeholder="如 祖母、孩子"),
                _f("living", "生活学习条件", MEMO, placeholder="学习空间、生活照料"),
                _f("child_at_home", "孩子在家的表现", MEMO),
                _f("feedback", "监护人的反馈", MEMO),
                _f("change", "与上次相比的变化", MEMO),
                _f("next_plan", "下次家访打算", MEMO),
                _f("next_visit", "下次家访日期", FUTURE_DATE),
                CASE,
            ),
            due_field="next_visit",
            summary_fields=("met", "living", "feedback"),
        ),
        RecordKind(
            "help_plan",
            "一对一帮扶计划",
            (
                _f("date", "开始日期", DATE, True),
                _f("end", "结束日期", FUTURE_DATE),
                _f("teacher", "帮扶教师", required=True),
                _f("peer", "学习小帮手", placeholder="班上同学的姓名"),
                _f("content", "帮扶内容", MEMO, True),
                _f("goals", "阶段目标", MEMO),
                _f("next_check", "下次检查日期", FUTURE_DATE),
                CASE,
            ),
            due_field="next_check",
            summary_fields=("teacher", "peer", "content", "goals"),
        ),
        RecordKind(
            "plan_check",
            "帮扶阶段检查",
            (
                _f("date", "检查日期", DATE, True),
                _f("effect", "效果", MEMO, True),
                _f("next_check", "下次检查日期", FUTURE_DATE),
            ),
            parent_kind="help_plan",
            due_field="next_check",
            summary_fields=("effect",),
        ),
        RecordKind(
            "progress",
            "进步档案",
            (
                _f("date", "日期", DATE, True),
                _f("content", "进步表现", MEMO, True),
                CASE,
            ),
            summary_fields=("content",),
        ),
        RecordKind(
            "priorities",
            "四个优先",
            (
                _f("date", "日期", DATE, True),
                _f("safety", "安全教育与监护", MEMO),
                _f("study", "学习辅导", MEMO),
                _f("life", "生活照料", MEMO),
                _f("activities", "活动参与", MEMO),
            ),
            summary_fields=("safety", "study", "life", "activities"),
        ),
        RecordKind(
            "iep",
            "个别教育管理方案",
            (
                _f("date", "制定日期", DATE, True),
                _f("category", "问题类别", CHOICE, True, IEP_CATEGORIES),
                _f("problem", "问题表现", MEMO, True),
                _f("plan", "教育方案", MEMO, True),
                _f("responsible", "责任人", required=True),
                _f("next_review", "下次回访日期", FUTURE_DATE),
                _f("closed_on", "结案日期", DATE),
            ),
            due_field="next_review",
            summary_fields=("category", "problem", "plan"),
            sensitive_by_default=True,
        ),
        RecordKind(
            "iep_review",
            "方案回访",
            (
                _f("date", "回访日期", DATE, True),
                _f("content", "回访情况", MEMO, True),
                _f("next_review", "下次回访日期", FUTURE_DATE),
            ),
            parent_kind="iep",
            due_field="next_review",
            summary_fields=("content",),
            sensitive_by_default=True,
        ),
        RecordKind(
            "activity",
            "活动",
            (
                _f("date", "活动日期", DATE, True),
                _f("activity_kind", "活动类型", CHOICE, True, ACTIVITY_KINDS),
                _f("title", "活动名称", required=True),
                _f("summary", "活动小结", MEMO),
                _f("participants", "参加的学生", PUPILS),
            ),
            class_level=True,
            summary_fields=("activity_kind", "title", "summary"),
        ),
        RecordKind(
            "meeting",
            "会议",
            (
                _f("date", "会议日期", DATE, True),
                _f("meeting_kind", "会议类型", CHOICE, True, MEETING_KINDS),
                _f("title", "会议主题"),
                _f("summary", "会议纪要", MEMO),
                _f("participants", "参加的学生", PUPILS),
            ),
            class_level=True,
            summary_fields=("meeting_kind", "title", "summary"),
        ),
        RecordKind(
            "aid",
            "资助",
            (
                _f("date", "日期", DATE, True),
                _f("source", "来源", required=True, placeholder="如 县教育局、爱心企业"),
                _f("aid_kind", "类别", CHOICE, True, AID_KINDS),
                _f("amount", "金额（元）", NUMBER),
                _f("items", "物品", placeholder="如 书包一个、冬衣一套"),
            ),
            summary_fields=("source", "aid_kind", "amount", "items"),
            sensitive_by_default=True,
        ),
        RecordKind(
            "grade",
            "成绩",
            (
                _f("date", "考试日期", DATE, True),
                _f("exam", "考试", CHOICE, True, EXAMS),
                _f("scores", "各科成绩", SCORES, choices=SUBJECTS),
            ),
            summary_fields=("exam", "scores"),
        ),
        RecordKind(
            "bright_spot",
            "闪光点",
            (
                _f("date", "日期", DATE, True),
                _f("content", "闪光点", MEMO, True, placeholder="如 主动帮助同学、作文获奖"),
                CASE,
            ),
            summary_fields=("content",),
        ),
        RecordKind(
            "term_comment",
            "期末评语",
            (
                _f("date", "日期", DATE, True),
                _f("content", "评语", MEMO, True),
            ),
            summary_fields=("content",),
        ),
    )
}

# The kinds a teacher adds for one child, in menu order (plan checks and reviews are added
# from their plan).
CHILD_KINDS = (
    "talk",
    "contact",
    "family_call",
    "home_visit",
    "help_plan",
    "progress",
    "priorities",
    "iep",
    "aid",
    "grade",
    "bright_spot",
    "term_comment",
)
CLASS_KINDS = ("activity", "meeting")


@dataclass
class RecordValues:
    """What the form holds: field name → text (scores: subject → text; pupils: ids)."""

    values: dict[str, str] = field(default_factory=dict)
    scores: dict[str, str] = field(default_factory=dict)
    participants: list[int] = field(default_factory=list)


def validate_record(
    kind: RecordKind,
    v: RecordValues,
    today: date,
    choices: dict[str, tuple[str, ...]] | None = None,
) -> tuple[RecordValues, list[FieldError]]:
    """Clean every field of a record and collect every problem, each at its field.

    ``choices`` replaces a field's pick-list by the teacher's own (settings); the default words
    stay valid too, so older records keep validating after a list was edited.
    """
    errors: list[FieldError] = []
    out = RecordValues(participants=list(dict.fromkeys(v.participants)))
    for spec in kind.fields:
        raw = v.values.get(spec.name, "")
        if spec.type == SCORES:
            out.scores = _scores(v.scores, errors)
            continue
        if spec.type == PUPILS:
            continue
        if spec.type == BOOL:
            out.values[spec.name] = "是" if raw in ("是", "true", "True", "1") else ""
            continue
        text = clean_text(raw)
        if spec.type in (DATE, FUTURE_DATE):
            try:
                day = parse_date(text)
            except DateFormatError as exc:
                errors.append(FieldError(spec.name, str(exc)))
                out.values[spec.name] = text
                continue
            text = day.isoformat() if day else ""
            if day and spec.type == DATE and day > today:
                errors.append(FieldError(spec.name, "日期不能晚于今天"))
        elif spec.type == NUMBER and text:
            number = to_halfwidth(text).replace(",", "")
            try:
                value = float(number)
            except ValueError:
                errors.append(FieldError(spec.name, "请填写数字"))
            else:
                if value < 0:
                    errors.append(FieldError(spec.name, "不能是负数"))
                text = f"{value:g}"
        elif spec.type == CHOICE and text:
            allowed = (choices or {}).get(spec.name, spec.choices)
            if allowed and text not in allowed and text not in spec.choices:
                errors.append(FieldError(spec.name, "请从列表中选择：" + "、".join(allowed)))
        if spec.required and not text:
            errors.append(FieldError(spec.name, f"请填写{spec.label}"))
        if len(text) > 4000:
            errors.append(FieldError(spec.name, "内容太长（最多4000字）"))
        out.values[spec.name] = text
    if kind.class_level and not out.participants:
        errors.append(FieldError("participants", "请选择参加的学生"))
    if kind.key == "grade" and not out.scores:
        errors.append(FieldError("scores", "请至少填写一科成绩"))
    end = out.values.get("end") or out.values.get("closed_on")
    start = out.values.get("date")
    if end and start and end < start and not any(e.field == "date" for e in errors):
        errors.append(FieldError("end" if "end" in out.values else "closed_on", "不能早于开始日期"))
    return out, errors


def _scores(raw: dict[str, str], errors: list[FieldError]) -> dict[str, str]:
    clean: dict[str, str] = {}
    for subject, text in raw.items():
        subject = clean_text(subject)
        value = to_halfwidth(clean_text(text))
        if not subject or not value:
            continue
        try:
            score = float(value)
        except ValueError:
            errors.append(FieldError("scores", f"{subject}的成绩应为数字"))
            continue
        if not 0 <= score <= 150:
            errors.append(FieldError("scores", f"{subject}的成绩应在0–150之间"))
            continue
        clean[subject] = f"{score:g}"
    return clean


def party_of(kind: RecordKind, values: dict[str, str]) -> str | None:
    """Whom a record counts as contact with, for the 待办 rules (any real contact counts)."""
    if kind.key == "contact":
        return PARTY_LABELS.get(values.get("party", ""))
    if kind.key == "family_call":
        return PARTY_PARENT
    if kind.key == "home_visit":
        return PARTY_GUARDIAN
    if kind.key == "talk":
        return PARTY_CHILD
    return None
