"""Fixed vocabularies of the archive (状态与类别), in the words the seeds use.

Each member has a ``code`` — its name in lower case (``away``, ``both_away``, ``grandmother``)
— which is what the archive stores (``db.types.EnumCode``); its value is the Chinese word the
forms, the screen and the printouts show. A word can be reworded in a later version without
touching a single stored row; a code never changes."""

from __future__ import annotations

from enum import Enum

_LABELS: dict[type, tuple[str, ...]] = {}  # each vocabulary's words, in order (asked often)


class LabelledEnum(str, Enum):
    """An enum stored by its ``code`` and shown by its word (the value, also ``label``)."""

    @property
    def code(self) -> str:
        """The stable code the archive stores."""
        return self.name.lower()

    @property
    def label(self) -> str:
        """The Chinese word shown on screen and on paper."""
        return str(self.value)

    @classmethod
    def labels(cls) -> list[str]:
        words = _LABELS.get(cls)
        if words is None:
            words = _LABELS[cls] = tuple(m.value for m in cls)
        return list(words)

    @classmethod
    def from_code(cls, code: str | None) -> LabelledEnum | None:
        for m in cls:
            if m.code == code:
                return m
        return None

    @classmethod
    def word_of(cls, stored: str | None) -> str:
        """What the file holds (a code, or free text typed where the list is offered) as the
        word to show — for code that reads the file without SQLAlchemy (the first paint)."""
        member = cls.from_code(stored)
        return member.value if member is not None else stored or ""

    @classmethod
    def from_label(cls, label: str | None) -> LabelledEnum | None:
        if not label:
            return None
        for m in cls:
            if m.value == label:
                return m
        return None


class Sex(LabelledEnum):
    """性别"""

    MALE = "男"
    FEMALE = "女"


class ParentRole(LabelledEnum):
    """父亲 / 母亲"""

    FATHER = "父亲"
    MOTHER = "母亲"


class ParentSituation(LabelledEnum):
    """父母现状: whether a parent is at home, working away, or unable to be guardian."""

    AT_HOME = "在家"
    AWAY = "外出务工"
    DECEASED = "已故"
    ABSENT = "离异/不在身边"
    INCAPABLE = "无监护能力"

    @property
    def can_guard(self) -> bool:
        """True when this parent is at home and able to act as guardian."""
        return self is ParentSituation.AT_HOME


class LeftBehindKind(LabelledEnum):
    """留守类型"""

    NOT = "非留守"
    BOTH_AWAY = "父母均外出"
    FATHER_AWAY = "父亲外出"  # mother cannot be guardian
    MOTHER_AWAY = "母亲外出"  # father cannot be guardian
    UNKNOWN = "待认定"  # the family's situation is not known yet: never silently 非留守

    @property
    def is_left_behind(self) -> bool:
        return self not in (LeftBehindKind.NOT, LeftBehindKind.UNKNOWN)


class Enrolment(LabelledEnum):
    """在读状态: a pupil who leaves keeps every record; only the status changes."""

    ACTIVE = "在读"
    TRANSFERRED = "转出"
    GRADUATED = "毕业"
    SUSPENDED = "休学"


class GuardianRelation(LabelledEnum):
    """监护人与学生关系"""

    GRANDFATHER = "祖父"
    GRANDMOTHER = "祖母"
    MATERNAL_GRANDFATHER = "外祖父"
    MATERNAL_GRANDMOTHER = "外祖母"
    FATHER = "父亲"
    MOTHER = "母亲"
    UNCLE = "伯父/叔叔"
    AUNT = "姑姑/姨妈"
    SIBLING = "哥哥/姐姐"
    OTHER_RELATIVE = "其他亲属"
    OTHER = "其他"


class Literacy(LabelledEnum):
    """文化程度"""

    NONE = "不识字"
    PRIMARY = "小学"
    JUNIOR = "初中"
    SENIOR = "高中/中专"
    COLLEGE = "大专及以上"


class Capacity(LabelledEnum):
    """监护能力 (capacity to supervise)"""

    GOOD = "较好"
    FAIR = "一般"
    POOR = "差"


class Health(LabelledEnum):
    """监护人健康状况"""

    GOOD = "良好"
    FAIR = "一般"
    POOR = "较差"


# --- 附件1《农村留守儿童基本情况登记表》: the national form's own options -----------------------


class BodyCondition(LabelledEnum):
    """身体情况 (附件1): 健康 / 残疾 / 患病."""

    HEALTHY = "健康"
    DISABLED = "残疾"
    ILL = "患病"


class Schooling(LabelledEnum):
    """就学情况 (附件1). 辍学: left compulsory education; 不在学: aged 14–16, not in school."""

    KINDERGARTEN = "幼儿园"
    NOT_IN_KINDERGARTEN = "未入园"
    PRIMARY = "小学"
    JUNIOR = "初中"
    SENIOR = "高中"
    VOCATIONAL = "中职"
    DROPPED_OUT = "辍学"
    NOT_IN_SCHOOL = "不在学"


class GuardianshipType(LabelledEnum):
    """监护类型 (附件1, one of five)."""

    NONE = "无人监护"
    PARENT_INCAPABLE = "父或母无监护能力"
    ENTRUSTED_INSUFFICIENT = "受委托监护人监护能力不足"
    FAIR = "监护情况一般"
    GOOD = "监护情况较好"


class IncomeSource(LabelledEnum):
    """家庭经济来源 (附件1, several)."""

    WAGES = "打工收入"
    FARMING = "种养殖业"
    GOVERNMENT = "政府救助"
    RELATIVES = "亲朋接济"
    OTHER = "其他"


class AidKind(LabelledEnum):
    """救助帮扶情况 (附件1, several)."""

    DIBAO = "享受低保"
    TEMPORARY = "临时救助"
    MEDICAL = "医疗救助"
    HOUSING = "住房救助"
    OTHER = "其他救助"


class GrandparentRole(LabelledEnum):
    """祖父 / 祖母 / 外祖父 / 外祖母 (附件1 家庭情况)."""

    GRANDFATHER = "祖父"
    GRANDMOTHER = "祖母"
    MATERNAL_GRANDFATHER = "外祖父"
    MATERNAL_GRANDMOTHER = "外祖母"


# --- 计划与分工 (issue 16): the term plan, and who cares for whom ------------------------------


class AssignmentRole(LabelledEnum):
    """分工: what a teacher of the class is to one child (the seeds' 结对帮扶 and 代理家长制)."""

    HELPER = "帮扶教师"
    PROXY_PARENT = "代理家长"
    TALK = "谈心教师"


class PlanKind(LabelledEnum):
    """计划事项的种类: what the class's 学期关爱工作计划 holds."""

    ACTIVITY = "活动"
    MONTHLY_MEETING = "留守儿童月会"
    GUARDIAN_MEETING = "监护人会"
    PARENTS_MEETING = "家长会"
    HOME_VISIT = "家访"
    FAMILY_VIDEO = "亲情视频"
    MENTAL_HEALTH = "心理健康课"
    CLASS_MEETING = "主题班会"
    OTHER = "其他"


class AttachmentKind(LabelledEnum):
    """成长记录袋的材料 (issue 17)."""

    LETTER = "书信（与父母往来）"
    CERTIFICATE = "奖状证书"
    WORK = "作品"
    SELF_INTRO = "自我介绍"
    PHOTO = "照片"
    OTHER = "其他"
