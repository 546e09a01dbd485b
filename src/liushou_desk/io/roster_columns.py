"""列对应: which column of the school's spreadsheet holds which field of the archive.

The header row is found under any title rows, and a two-row header (“父亲” merged over
“姓名 | 电话”) is read as one (父亲姓名, 父亲电话). The usual header words are recognised
(``HEADERS``); a column they miss — “孩子名字”, “家长1姓名”, “联系方式” — the teacher maps by
hand: ``mapping`` is the column's header text (its ``key``) → a field path of ``IMPORT_FIELDS``,
or ``SKIP`` (不导入). A field takes one column only; the message names both columns otherwise.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from liushou_desk.domain.profile import field_label
from liushou_desk.domain.text import to_halfwidth
from liushou_desk.io.table_reader import Cell, read_table

# header words → field path (compared without blanks, stars or brackets)
HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "学生姓名", "学生"),
    "sex": ("性别",),
    "birth_date": ("出生日期", "出生年月", "出生年月日", "生日"),
    "id_number": (
        "身份证号",
        "身份证号码",
        "公民身份号码",
        "公民身份证号码",
        "公民身份证号",
        "身份证件号",  # 学籍系统
        "身份证件号码",
        "证件号码",
        "身份证",
    ),
    "student_number": ("学籍号", "全国学籍号", "学籍号码", "学籍编号", "个人标识码"),
    "ethnicity": ("民族",),
    "address": ("家庭住址", "现住址", "住址", "家庭地址", "户籍地址"),
    "village": ("村", "村（社区）", "所在村", "村组"),
    "father.name": ("父亲姓名", "父亲"),
    "father.phone": ("父亲电话", "父亲联系电话", "父亲手机", "父亲手机号"),
    "father.work_city": ("父亲务工地", "父亲工作地", "父亲务工地点"),
    "mother.name": ("母亲姓名", "母亲"),
    "mother.phone": ("母亲电话", "母亲联系电话", "母亲手机", "母亲手机号"),
    "mother.work_city": ("母亲务工地", "母亲工作地", "母亲务工地点"),
    "guardian.name": ("监护人", "监护人姓名", "在家监护人", "临时监护人"),
    "guardian.relation": ("与学生关系", "监护人关系", "与孩子关系", "关系"),
    "guardian.phone": ("监护人电话", "监护人联系电话", "监护人手机"),
    "boarding": ("寄宿", "是否寄宿", "住校", "是否住校"),
    "personality": ("性格特征", "性格"),
    "interests": ("兴趣爱好", "爱好"),
    "strengths": ("特长",),
    "health_physical": ("身体健康", "身体健康状况", "健康状况", "身体状况"),
    "health_mental": ("心理健康", "心理健康状况", "心理状况"),
    "left_behind": ("是否留守", "是否留守儿童", "留守儿童"),
    "left_behind_kind": ("留守类型", "留守儿童类型", "留守情况"),
    "note": ("备注", "备注说明"),
    # 附件1《农村留守儿童基本情况登记表》 and the county 排查 sheets
    "hukou_registered": ("是否登记户口", "登记户口"),
    "hukou_place": ("户籍所在地", "户口所在地", "户籍所在地址"),
    "body_condition": ("身体情况",),
    "disability": ("残疾类别及等级", "残疾类别", "残疾情况"),
    "illness": ("患病类型", "患病类型（重特大疾病）", "重特大疾病", "重大疾病"),
    "schooling": ("就学情况", "就读情况", "在校情况"),
    "guardian_entrusted": (
        "有无委托监护人",
        "父母外出有无委托其他监护人",
        "是否委托监护",
        "是否委托监护人",
    ),
    "guardianship_type": ("监护类型",),
    "income_sources": ("家庭经济来源", "经济来源"),
    "aid": ("救助帮扶情况", "享受救助", "救助情况"),
    "father.birth_date": ("父亲出生日期",),
    "father.id_number": ("父亲身份证号", "父亲身份证号码", "父亲公民身份证号码"),
    "mother.birth_date": ("母亲出生日期",),
    "mother.id_number": ("母亲身份证号", "母亲身份证号码", "母亲公民身份证号码"),
    "guardian.id_number": (
        "监护人身份证号",
        "委托监护人身份证号",
        "委托监护人公民身份证号码",
        "监护人身份证号码",
    ),
    "guardian.address": ("监护人住址", "监护人居住地址", "委托监护人居住地址", "居住地地址"),
    **{
        f"grandparents.{i}.{field}": tuple(f"{role}{word}" for word in words)
        for i, role in enumerate(("祖父", "祖母", "外祖父", "外祖母"))
        for field, words in (("name", ("姓名",)), ("birth_date", ("出生日期",)))
    },
    # 家庭成员 (学籍系统: 成员1/成员2), 家长1/家长2 (通讯录), one parent per row (家长姓名 …):
    # read as father, mother or guardian by their 关系 and 是否监护人
    "member1.name": ("成员1姓名", "家长1姓名", "家长1", "家长姓名", "联系人姓名"),
    "member1.relation": ("成员1关系", "家长1关系", "家长1与学生关系", "家长关系", "称谓"),
    "member1.phone": (
        "成员1联系电话",
        "成员1电话",
        "家长1电话",
        "家长1联系电话",
        "家长1手机",
        "家长电话",
        "家长联系电话",
        "家长手机",
    ),
    "member1.guardian": ("成员1是否监护人", "家长1是否监护人", "是否监护人"),
    "member1.work_city": (
        "家长1务工地",
        "家长1务工地点",
        "家长务工地",
        "家长务工地点",
        "务工地点",
        "务工地",
    ),
    "member2.name": ("成员2姓名", "家长2姓名", "家长2"),
    "member2.relation": ("成员2关系", "家长2关系", "家长2与学生关系"),
    "member2.phone": ("成员2联系电话", "成员2电话", "家长2电话", "家长2联系电话", "家长2手机"),
    "member2.guardian": ("成员2是否监护人", "家长2是否监护人"),
    "member2.work_city": ("家长2务工地", "家长2务工地点"),
}
IMPORT_FIELDS: tuple[str, ...] = tuple(HEADERS)
SKIP = ""  # 不导入
# columns schools' files have that the archive does not keep: not reported as unrecognised
NOT_KEPT = frozenset(
    {
        "序号", "编号", "出生地行政区划代码", "籍贯", "国籍/地区", "身份证件类型", "港澳台侨外",
        "政治面貌", "学籍辅号", "班内学号", "年级", "班级", "入学年月", "入学方式", "就读方式",
        "通信地址", "户口性质", "是否独生子女", "是否受过学前教育",
        "是否进城务工人员随迁子女", "是否孤儿", "是否烈士或优抚子女", "是否需要申请资助",
        "是否享受一补", "成员1现住址", "成员1户口所在地", "成员1身份证件类型", "成员1身份证件号",
        "成员2现住址", "成员2户口所在地", "成员2身份证件类型", "成员2身份证件号", "就读年级",
        "家长签字", "签字", "填表日期",
    }
)  # fmt: skip
# group headers merged over fields that are not the group's own (基本信息 / 学生信息 …)
GROUP_WORDS = frozenset(
    {"基本信息", "学生信息", "学生基本信息", "基本情况", "家庭情况", "其他", "其他信息"}
)
SCAN_ROWS = 30  # the header is looked for in this many rows from the top
_LABELS = {
    SKIP: "不导入",
    "name": "学生姓名",
    "guardian.name": "在家监护人姓名",
    "guardian.relation": "监护人与学生关系",
    "guardian.phone": "在家监护人电话",
    "left_behind": "是否留守",
    "left_behind_kind": "留守类型",
    "note": "备注（记入档案变动）",
    "member1.name": "家庭成员1姓名",
    "member1.relation": "家庭成员1关系",
    "member1.phone": "家庭成员1电话",
    "member1.guardian": "家庭成员1是否监护人",
    "member1.work_city": "家庭成员1务工地",
    "member2.name": "家庭成员2姓名",
    "member2.relation": "家庭成员2关系",
    "member2.phone": "家庭成员2电话",
    "member2.guardian": "家庭成员2是否监护人",
    "member2.work_city": "家庭成员2务工地",
}
_STRIP = re.compile(r"[\s\u3000*＊:：()（）]")


def _key(text: str) -> str:
    return _STRIP.sub("", to_halfwidth(text))


LOOKUP = {_key(word): path for path, words in HEADERS.items() for word in words}


def column_label(path: str) -> str:
    """The Chinese name of an importable field, as the column-mapping list shows it."""
    return _LABELS.get(path) or field_label(path)


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: the column as Excel names it."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class ImportError_(ValueError):
    """The file has no recognisable roster; the message says why, in Chinese."""


class MappingError(ImportError_):
    """The column mapping cannot be used (two columns on one field, a column not in the file)."""


@dataclass(frozen=True)
class HeaderColumn:
    """One column of the header row: its text, what it was recognised as, what it imports as."""

    index: int  # 0-based
    letter: str  # A, B, … as Excel shows it
    text: str  # the header text in the file ("" when the column has data but no header)
    key: str  # the name the mapping uses: the text, made unique when a header repeats
    recognised: str  # the field the header words say, or "" (not recognised)
    field: str  # the field it imports as, after the teacher's mapping; "" = 不导入
    sample: str = ""  # the first value under the header, to help the teacher choose

    @property
    def title(self) -> str:
        """How a message names the column: “孩子名字”（B列）."""
        return f"“{self.text}”（{self.letter}列）" if self.text else f"{self.letter}列（无表头）"


@dataclass(frozen=True)
class HeaderRow:
    """The header of the roster: where it is, and every column under it."""

    index: int  # 0-based row of the (first) header row
    height: int  # 1, or 2 for a two-row header
    columns: tuple[HeaderColumn, ...]
    mapped: frozenset[str] = frozenset()  # the keys the teacher chose a field for

    @property
    def sheet_row(self) -> int:
        return self.index + 1

    @property
    def first_data(self) -> int:
        return self.index + self.height

    @property
    def fields(self) -> dict[int, str]:
        """column index → field path, for the columns that are imported."""
        return {c.index: c.field for c in self.columns if c.field}

    @property
    def unknown(self) -> list[str]:
        """The columns not recognised and not yet decided on by the teacher — not those the
        archive knowingly does not keep (the 学籍系统's 籍贯, 户口性质 …, a 序号)."""
        return [
            c.key
            for c in self.columns
            if not c.field and c.key not in self.mapped and _key(c.text) not in NOT_KEPT
        ]


class NoNameColumn(ImportError_):
    """No column holds the pupils' names; ``header`` is the likeliest header row, to map by hand."""

    def __init__(self, header: HeaderRow) -> None:
        shown = "、".join([c.text for c in header.columns if c.text][:10])
        super().__init__(
            f"没有找到“姓名”列：第 {header.sheet_row} 行的表头"
            + (f"（{shown}）" if shown else "")
            + "里没有能认出是学生姓名的一列。请把那一列的表头改成“姓名”，"
            "或在导入时用“调整列对应”指定。"
        )
        self.header = header


def _combine(top: list[str], sub: list[str]) -> list[str] | None:
    """The texts of a two-row header, or None when ``sub`` is not a row of sub-headers."""
    out: list[str] = []
    parent, genuine, known = "", 0, 0
    for c in range(max(len(top), len(sub))):
        t = top[c] if c < len(top) else ""
        s = sub[c] if c < len(sub) else ""
        parent = t or parent
        if not s or s == t:  # nothing under it, or the same header merged down
            out.append(t)
            continue
        genuine += 1
        owner = t or parent  # a header merged across several sub-headers
        if owner and _key(owner + s) in LOOKUP:
            out.append(owner + s)
            known += 1
        elif _key(s) in LOOKUP:
            out.append(s)
            known += 1
        elif owner in GROUP_WORDS:
            out.append(s)  # 基本信息 over 就读年级: the field's own word
        else:
            out.append(owner + s)
    return out if genuine and known * 2 >= genuine else None


def _sample(rows: list[list[Cell]], first: int, column: int) -> str:
    for row in rows[first : first + 50]:
        if column < len(row) and row[column].text.strip():
            text = row[column].text.strip()
            return text if len(text) <= 20 else text[:19] + "…"
    return ""


def _candidate(
    rows: list[list[Cell]], i: int, height: int, texts: list[str], mapping: Mapping[str, str]
) -> HeaderRow:
    first = i + height
    width = max([len(texts), *(len(r) for r in rows[first : first + 50])])
    counts = Counter(t for t in texts if t)
    columns = []
    for c in range(width):
        text = texts[c] if c < len(texts) else ""
        sample = _sample(rows, first, c)
        if not text and not sample:
            continue
        letter = column_letter(c)
        if not text:
            key = f"{letter}列（无表头）"
        else:
            key = text if counts[text] == 1 else f"{text}（{letter}列）"
        recognised = LOOKUP.get(_key(text), SKIP) if text else SKIP
        columns.append(
            HeaderColumn(c, letter, text, key, recognised, mapping.get(key, recognised), sample)
        )
    return HeaderRow(i, height, tuple(columns), frozenset(mapping))


def find_header(
    rows: list[list[Cell]],
    mapping: Mapping[str, str] | None = None,
    *,
    require_name: bool = True,
) -> HeaderRow:
    """The best header row in the first rows, with the teacher's ``mapping`` applied.

    Raises ``NoNameColumn`` (when ``require_name``) if no column is the pupils' names, and
    ``MappingError`` if the mapping does not fit the file."""
    mapping = dict(mapping or {})
    best: tuple[tuple[int, ...], HeaderRow] | None = None
    for i in range(min(len(rows), SCAN_ROWS)):
        top = [c.text.strip() for c in rows[i]]
        if not any(top):
            continue
        options = [(1, top)]
        if i + 1 < len(rows):
            both = _combine(top, [c.text.strip() for c in rows[i + 1]])
            if both is not None:
                options.append((2, both))
        for height, texts in options:
            header = _candidate(rows, i, height, texts, mapping)
            fields = {c.field for c in header.columns if c.field}
            score = (
                "name" in fields,
                sum(c.key in mapping for c in header.columns),
                len(fields),
                min(sum(1 for t in texts if t), 2),
                -height,
            )
            if best is None or score > best[0]:
                best = (score, header)
    if best is None:
        raise ImportError_(
            "没有找到表头：表格里需要有“姓名”一列（以及性别、出生日期、身份证号等）。"
        )
    header = check_mapping(best[1], mapping)
    if require_name and "name" not in header.fields.values():
        raise NoNameColumn(header)
    return header


def check_mapping(
    header: HeaderRow, mapping: Mapping[str, str], *, require_name: bool = False
) -> HeaderRow:
    """The header with ``mapping`` applied over the recognised fields; ``MappingError`` says
    (in Chinese, naming the columns) why the mapping cannot be used."""
    by_key = {c.key: c for c in header.columns}
    for key, path in mapping.items():
        if key not in by_key:
            raise MappingError(f"第 {header.sheet_row} 行的表头里没有“{key}”这一列。")
        if path and path not in IMPORT_FIELDS:
            raise MappingError(f"{by_key[key].title}不能导入为“{path}”：档案里没有这一项。")
    owner: dict[str, tuple[HeaderColumn, bool]] = {}
    resolved = []
    for c in header.columns:
        chosen = c.key in mapping
        path = mapping[c.key] if chosen else c.recognised
        if path and path in owner:
            first, first_chosen = owner[path]
            if chosen or first_chosen:
                raise MappingError(
                    f"{first.title}和{c.title}都对应到了“{column_label(path)}”。"
                    "一个项目只能对应一列，请把其中一列改为“不导入”。"
                )
            path = SKIP  # the same header word twice: the first column is imported
        if path:
            owner[path] = (c, chosen)
        resolved.append(replace(c, field=path))
    if require_name and "name" not in owner:
        raise MappingError("还没有指定哪一列是“学生姓名”：请在“导入为”里选出学生姓名所在的列。")
    return replace(header, columns=tuple(resolved), mapped=frozenset(mapping))


def has_name_column(rows: list[list[Cell]], mapping: Mapping[str, str] | None = None) -> bool:
    """Whether a sheet has a header row with the pupils' names (to pick the roster sheet)."""
    try:
        find_header(rows, mapping)
    except ImportError_:
        return False
    return True


def read_headers(path: Path, mapping: Mapping[str, str] | None = None) -> HeaderRow:
    """The header columns of a roster file and what each is recognised (or mapped) as — also
    when no column is the names yet, so the teacher can say which one is."""
    rows = read_table(path, prefer=lambda rows: has_name_column(rows, mapping))
    return find_header(rows, mapping, require_name=False)
