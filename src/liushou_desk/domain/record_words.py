"""关爱记录的选项 (the records' pick-lists): the words the record forms offer — moods, channels,
activity and meeting kinds, problem categories, aid kinds, exams, subjects, personality tags —
as the seeds use them, and which of them the teacher may edit in settings (PICK_LISTS)."""

from __future__ import annotations

MOODS = ["开心", "平静", "想念父母", "低落", "焦虑", "烦躁", "其他"]
CHANNELS = ["电话", "视频", "微信", "QQ", "书信", "面谈", "家访"]
ACTIVITY_KINDS = [
    "主题班会",
    "集体生日",
    "两地书（给父母写信）",
    "书画比赛",
    "征文比赛",
    "安全教育讲座",
    "法制讲座",
    "心理健康课",
    "爱心捐助",
    "文体活动",
    "其他",
]
MEETING_KINDS = ["留守儿童月会", "监护人会", "家长会", "其他"]

IEP_CATEGORIES = ["成绩骤降", "人格发展不健全", "品德偏差", "涉嫌违法", "心理障碍", "其他"]
AID_KINDS = ["助学金", "生活补助", "营养餐", "物品", "爱心捐款", "其他"]
EXAMS = ["月考", "期中考试", "期末考试", "单元测试", "其他"]
SUBJECTS = ["语文", "数学", "英语", "科学", "道德与法治"]


PERSONALITY_TAGS = [
    "活泼开朗",
    "内向",
    "不爱说话",
    "懂事",
    "自理能力强",
    "乐于助人",
    "倔强",
    "爱发脾气",
    "胆小",
    "自卑",
    "孤僻",
    "敏感",
    "好动",
    "有责任心",
]

# 选项列表: the pick-lists the teacher may edit in settings, with the seeds' words as defaults.
PICK_LISTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "activity_kind": ("活动类型", tuple(ACTIVITY_KINDS)),
    "meeting_kind": ("会议类型", tuple(MEETING_KINDS)),
    "category": ("问题类别（个别教育管理方案）", tuple(IEP_CATEGORIES)),
    "aid_kind": ("资助类别", tuple(AID_KINDS)),
    "mood": ("孩子的情绪", tuple(MOODS)),
    "exam": ("考试", tuple(EXAMS)),
    "personality_tags": ("性格标签（五个清楚）", tuple(PERSONALITY_TAGS)),
}
