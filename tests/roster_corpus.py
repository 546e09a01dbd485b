"""名册样本 (the roster corpus): files in the formats schools really send (ROSTERS.md), each
written with what a correct import must make of it.

Every ``def fmt(folder: Path) -> Sample`` writes one file into ``folder`` and returns the file's
path with the EXPECTED outcome: the children to be imported (name exactly as written, ID number,
sex, birth date, 留守类型, and the parents' situation, names, phones and work places, the
guardian and the 备注 wherever the file states them) and the rows to be refused, by sheet row
(1-based, as Excel / a text editor numbers it) with the child's name and a short part of the
reason. ``None`` in an expectation means "the file does not say: do not assert"; ``""`` means
"the file says it does not apply: expect it empty" (a deceased mother's phone "—").

Deterministic (fixed seeds); ID numbers valid by GB 11643 except where a row is meant to be bad.

    python tests/roster_corpus.py OUTDIR        # writes every file and prints a summary
"""

from __future__ import annotations

import csv
import io
import random
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import NamedTuple

import xlwt  # type: ignore[import-untyped]
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from liushou_desk.domain.idcard import check_digit


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# 留守类型 as the archive words it (LeftBehindKind) and the parents' situation (ParentSituation)
BOTH, FATHER_AWAY, MOTHER_AWAY = "父母均外出", "父亲外出", "母亲外出"
NOT, UNKNOWN = "非留守", "待认定"
AWAY, HOME, DECEASED, INCAPABLE = "外出务工", "在家", "已故", "无监护能力"
# the everyday relation words and what the archive's list (GuardianRelation) calls them;
# 舅舅 / 婶婶 are not on the list: 其他亲属, the word kept
RELATIONS = {
    "爷爷": "祖父",
    "奶奶": "祖母",
    "外公": "外祖父",
    "外婆": "外祖母",
    "姑姑": "姑姑/姨妈",
    "哥哥": "哥哥/姐姐",
    "舅舅": "其他亲属",
    "婶婶": "其他亲属",
}
OWN_WORD = frozenset({"舅舅", "婶婶"})

SCHOOL, CLASS = "渠县青山镇中心小学", "五年级（2）班"
REGION = "511725"  # 四川省达州市渠县
VILLAGES = ("石桥村", "青山村", "柏林村", "龙潭村", "高峰村", "双河村", "白果村", "新华村")
WORK = _words(
    "广东省东莞市 广东省深圳市 浙江省宁波市 浙江省义乌市 福建省晋江市 江苏省苏州市 上海市 "
    "重庆市 四川省成都市 新疆维吾尔自治区乌鲁木齐市"
)
SURNAMES = "李王张刘陈杨唐罗何邓黄赵吴周徐孙马朱胡郭曾蒋彭向熊雷谢冉"
BOY = _words(
    "子轩 浩然 宇轩 俊杰 梓豪 一鸣 家豪 博文 思远 天佑 明轩 晨阳 宇航 铭泽 文博 锦程 志鹏 "
    "星宇 泽宇 子墨 鑫 睿 涛"
)
GIRL = _words(
    "欣怡 梓涵 诗涵 雨欣 可馨 佳怡 思琪 语桐 一诺 梦瑶 紫萱 欣妍 静怡 若汐 佳琪 婉清 雅琪 "
    "诗雨 雨桐 思彤 悦 琳 婷"
)
MEN = _words("建国 国强 志勇 德明 小兵 永福 海军 建华 明亮 德福 长贵 大军")
WOMEN = _words("秀英 桂英 玉兰 淑芬 小红 春梅 丽娟 翠花 冬梅 晓燕 玉珍 桂芳")
# names that old encodings, fonts and input methods get wrong (𬌗 and 𠇔 are outside the BMP)
RARE = (
    ("吴", "𬌗", True),
    ("欧阳", "䶮", True),
    ("王", "𠇔", True),
    ("单", "琳", False),
    ("赵", "文赟", True),
    ("郭", "昳菲", False),
    ("司马", "玥", False),
)
_MOBILE = _words(
    "138 139 135 136 137 150 151 152 158 159 182 187 130 131 132 155 156 185 186 133 153 "
    "180 189 177"
)


@dataclass(frozen=True)
class Child:
    """One child a correct import takes, and what it must know of them."""

    row: int  # the sheet row (the first one, when the child spans two)
    name: str  # exactly as written
    id_number: str  # "" when the file has none
    sex: str  # 男 / 女
    birth_date: str  # ISO; "" when the file gives none (no ID, no date)
    kind: str  # 留守类型: 父母均外出 / 父亲外出 / 母亲外出 / 非留守 / 待认定
    father_situation: str | None = None  # 外出务工 / 在家 / 已故 / 无监护能力; None: not stated
    mother_situation: str | None = None
    father_name: str | None = None
    father_phone: str | None = None
    father_work: str | None = None  # 务工地点 as written
    mother_name: str | None = None
    mother_phone: str | None = None
    mother_work: str | None = None
    guardian_relation: str | None = None  # the archive's word (祖母, 其他亲属 …)
    guardian_word: str | None = None  # the file's own word, kept, when not on the list (舅舅)
    guardian_name: str | None = None
    guardian_phone: str | None = None
    student_number: str | None = None  # 学籍号
    note: str | None = None  # 备注, kept as a note on the child
    rows: int = 1  # sheet rows the child spans (2 in the one-row-per-parent sheet)


class Problem(NamedTuple):
    """A row a correct import refuses (or skips) and names."""

    row: int  # 1-based sheet row
    name: str | None  # the child's name as written, when the row has one
    reason: str  # a short part of the message
    rows: int = 1  # sheet rows the refused child spans


@dataclass(frozen=True)
class Sample:
    """One written file and its expected import."""

    path: Path
    children: tuple[Child, ...]
    problems: tuple[Problem, ...]
    header_rows: int  # title, 填报单位 line and header rows above the first child
    data_rows: int  # rows holding children, good or bad
    trailer_rows: int = 0  # 合计, 注 and signature rows under the children
    encoding: str = ""  # the text encoding of a CSV

    @property
    def rows(self) -> int:
        """Every non-empty row of the sheet (line of the CSV)."""
        return self.header_rows + self.data_rows + self.trailer_rows

    def child(self, name: str) -> Child:
        return next(c for c in self.children if c.name == name)


# --- people ------------------------------------------------------------------------------------


@dataclass
class _Kid:
    name: str
    male: bool
    born: date
    id_number: str
    address: str
    father: str
    father_phone: str
    father_id: str
    mother: str
    mother_phone: str
    mother_id: str
    grand_word: str  # the at-home guardian: 爷爷 / 奶奶 / 外公 / 外婆 / 舅舅 …
    grand: str
    grand_phone: str
    work: str
    work2: str

    @property
    def sex(self) -> str:
        return "男" if self.male else "女"


class _People:
    """Children and families drawn from one seed; no ID number used twice, nor a child's name
    (or, for a big roster, the same name and birth date)."""

    def __init__(self, seed: int, *, unique_names: bool = True) -> None:
        self.rng = random.Random(seed)
        self.ids: set[str] = set()
        self.names: set[tuple[str, date | None]] = set()
        self.unique_names = unique_names

    def phone(self) -> str:
        return self.rng.choice(_MOBILE) + f"{self.rng.randrange(10**8):08d}"

    def id_number(self, born: date, male: bool) -> str:
        while True:
            seq = self.rng.randrange(500) * 2 + (1 if male else 0)
            first = f"{REGION}{born:%Y%m%d}{seq:03d}"
            number = first + check_digit(first)
            if number not in self.ids:
                self.ids.add(number)
                return number

    def adult(self, surname: str, male: bool, years: tuple[int, int]) -> tuple[str, str]:
        born = date(self.rng.randint(*years), 1, 1) + timedelta(days=self.rng.randrange(365))
        given = self.rng.choice(MEN if male else WOMEN)
        return surname + given, self.id_number(born, male)

    def kid(self, rare: tuple[str, str, bool] | None = None) -> _Kid:
        r = self.rng
        while True:
            born = date(2014, 9, 1) + timedelta(days=r.randrange(1095))
            if rare:
                surname, given, male = rare
            else:
                surname, male = r.choice(SURNAMES), r.random() < 0.5
                given = r.choice(BOY if male else GIRL)
            key = (surname + given, None if self.unique_names else born)
            if key not in self.names:
                break
            rare = None  # a rare name drawn twice: the second child gets an ordinary one
        self.names.add(key)
        father, father_id = self.adult(surname, True, (1982, 1990))
        mother, mother_id = self.adult(r.choice(SURNAMES), False, (1984, 1992))
        grand_word = r.choice(("爷爷", "奶奶", "奶奶", "外婆", "外公", "奶奶"))
        grand_surname = surname if grand_word in ("爷爷", "奶奶") else mother[0]
        grand, _ = self.adult(grand_surname, grand_word in ("爷爷", "外公"), (1952, 1962))
        village = r.choice(VILLAGES)
        return _Kid(
            name=surname + given,
            male=male,
            born=born,
            id_number=self.id_number(born, male),
            address=f"四川省达州市渠县青山镇{village}{r.randint(1, 9)}组",
            father=father,
            father_phone=self.phone(),
            father_id=father_id,
            mother=mother,
            mother_phone=self.phone(),
            mother_id=mother_id,
            grand_word=grand_word,
            grand=grand,
            grand_phone=self.phone(),
            work=r.choice(WORK),
            work2=r.choice(WORK),
        )

    def kids(self, n: int, rare: int = 0) -> list[_Kid]:
        """``n`` children, the first ``rare`` of RARE spread among them."""
        slots = {(i * n) // max(rare, 1) + 1: RARE[i] for i in range(rare)}
        return [self.kid(slots.get(i)) for i in range(n)]


def bad_check_digit(number: str) -> str:
    """The same number with a wrong last character (GB 11643 check fails)."""
    right = number[-1]
    wrong = "0" if right == "X" else str((int(right) + 1) % 10)
    return number[:-1] + wrong


def _expect(k: _Kid, row: int, kind: str, known: dict[str, str | None], rows: int = 1) -> Child:
    born = k.born.isoformat()
    return Child(row, k.name, k.id_number, k.sex, born, kind, rows=rows, **known)  # type: ignore[arg-type]


def _guardian(word: str, name: str, phone: str | None) -> dict[str, str | None]:
    return {
        "guardian_relation": RELATIONS[word],
        "guardian_word": word if word in OWN_WORD else None,
        "guardian_name": name,
        "guardian_phone": phone,
    }


# --- a. 学籍系统 学生基础信息 (.xls, BIFF8) ------------------------------------------------------

XUEJI_BASIC = _words(
    "姓名 性别 出生日期 出生地行政区划代码 籍贯 民族 国籍/地区 身份证件类型 身份证件号 "
    "港澳台侨外 政治面貌 健康状况 学籍辅号 个人标识码 班内学号 年级 班级 入学年月 "
    "入学方式 就读方式 现住址 通信地址 家庭地址 户口所在地 户口性质 是否独生子女 "
    "是否受过学前教育 是否进城务工人员随迁子女 是否留守儿童 是否孤儿 是否烈士或优抚子女 "
    "是否需要申请资助 是否享受一补"
)
XUEJI_MEMBER = _words("姓名 关系 现住址 户口所在地 联系电话 是否监护人 身份证件类型 身份证件号")
XUEJI_HEADERS = tuple(XUEJI_BASIC) + tuple(f"成员{i}{w}" for i in (1, 2) for w in XUEJI_MEMBER)
_XUEJI_SAME = (
    dict(
        zip(
            _words("出生地行政区划代码 籍贯 民族 国籍/地区 港澳台侨外 政治面貌 健康状况 年级 班级"),
            (
                REGION,
                "四川省达州市渠县",
                "汉族",
                "中国",
                "否",
                "少先队员",
                "健康或良好",
                "五年级",
                "2班",
            ),
            strict=True,
        )
    )
    | dict(
        zip(
            _words("入学年月 入学方式 就读方式 户口性质 是否独生子女 是否受过学前教育"),
            ("202209", "就近入学", "走读", "农业户口", "否", "是"),
            strict=True,
        )
    )
    | dict.fromkeys(
        _words(
            "是否进城务工人员随迁子女 是否孤儿 是否烈士或优抚子女 是否需要申请资助 是否享受一补"
        ),
        "否",
    )
)
# 是否留守儿童 for each of the 40 rows (blank: the system left it empty)
_XUEJI_STATUS = ["双亲留守儿童"] * 14 + ["单亲留守儿童"] * 6 + ["非留守儿童"] * 16 + [""] * 2


def _member(
    name: str, word: str, where: str, phone: str, guardian: bool, id_number: str
) -> list[str]:
    kind = "居民身份证" if id_number else ""
    flag = "是" if guardian else "否"
    return [name, word, where, "四川省达州市渠县", phone, flag, kind, id_number]


def xueji_xls(folder: Path) -> Sample:
    """全国中小学生学籍信息管理系统 — 学生基础信息, as the system exports it: header on row 1,
    the system's words, 出生日期 "20150308", 个人标识码 = "G" + ID, 成员1/成员2 with 关系 and
    是否监护人.
    40 rows: 38 children (one whose ID the system left blank), one bad check digit, one child
    listed twice."""
    people = _People(1401)
    kids = people.kids(38, rare=4)
    order = list(_XUEJI_STATUS)
    people.rng.shuffle(order)
    rows = [(k, s, k.id_number) for k, s in zip(kids, order, strict=True)]
    rows[9] = (rows[9][0], rows[9][1], "")  # the system left the ID number blank
    bad = people.kid()
    rows.insert(22, (bad, "非留守儿童", bad_check_digit(bad.id_number)))
    rows.insert(31, rows[5])  # the same child again (transferred out and back in)
    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet("学生基础信息")
    for c, text in enumerate(XUEJI_HEADERS):
        ws.write(0, c, text)
    children: list[Child] = []
    problems: list[Problem] = []
    first_row: dict[str, int] = {}
    for r, (k, status, id_number) in enumerate(rows, start=2):
        number = f"G{id_number}" if id_number else f"L{k.born:%Y%m%d}{r:05d}"
        basic = _XUEJI_SAME | {
            "姓名": k.name,
            "性别": k.sex,
            "出生日期": f"{k.born:%Y%m%d}",
            "身份证件类型": "居民身份证" if id_number else "",
            "身份证件号": id_number,
            "个人标识码": number,
            "班内学号": str(r - 1),
            "是否留守儿童": status,
        }
        basic |= dict.fromkeys(("现住址", "通信地址", "家庭地址", "户口所在地"), k.address)
        known: dict[str, str | None] = {"father_name": k.father, "father_phone": k.father_phone}
        if status == "双亲留守儿童":
            second = _member(k.grand, k.grand_word, k.address, k.grand_phone, True, "")
            first = _member(k.father, "父亲", k.work, k.father_phone, False, k.father_id)
            kind = BOTH
            known |= {"father_situation": AWAY, "mother_situation": AWAY}
            known |= _guardian(k.grand_word, k.grand, k.grand_phone)
        else:
            first = _member(
                k.father,
                "父亲",
                k.work if status == "单亲留守儿童" else k.address,
                k.father_phone,
                status != "单亲留守儿童",
                k.father_id,
            )
            second = _member(k.mother, "母亲", k.address, k.mother_phone, True, k.mother_id)
            kind = {"单亲留守儿童": UNKNOWN, "非留守儿童": NOT}.get(status, UNKNOWN)
            known |= {"mother_name": k.mother, "mother_phone": k.mother_phone}
        for c, value in enumerate([basic.get(h, "") for h in XUEJI_BASIC] + first + second):
            ws.write(r - 1, c, value)
        if id_number and id_number != k.id_number:
            problems.append(Problem(r, k.name, "校验位"))
        elif k.id_number in first_row:
            problems.append(Problem(r, k.name, "同一名学生"))
        else:
            first_row[k.id_number] = r
            child = _expect(k, r, kind, known | {"student_number": number})
            children.append(child if id_number else replace(child, id_number=""))
    path = folder / "学生基础信息.xls"
    book.save(str(path))
    return Sample(path, tuple(children), tuple(problems), header_rows=1, data_rows=len(rows))


# --- b. the county 农村留守儿童 statistics sheet (.xlsx) ------------------------------------------

COUNTY_GROUPS = (
    ("序号", 1),
    ("基本信息", 7),
    ("留守类型", 1),
    ("父亲", 3),
    ("母亲", 3),
    ("监护人", 3),
    ("备注", 1),
)
COUNTY_FIELDS = _words(
    "序号 姓名 性别 民族 出生日期 公民身份证号码 家庭住址 就读年级 留守类型 姓名 务工地点 "
    "联系电话 姓名 务工地点 联系电话 姓名 关系 联系电话 备注"
)
_COUNTY_KINDS = (
    ("父母均外出", 22),
    ("父亲外出母亲无监护能力", 3),
    ("母亲外出父亲无监护能力", 2),
    ("父亲外出母亲已故", 2),
)
_COUNTY_NOTES = {
    "父亲外出母亲无监护能力": "母亲患病，长期服药",
    "母亲外出父亲无监护能力": "父亲残疾（肢体二级）",
    "父亲外出母亲已故": "母亲2021年病故",
}


def _county_row(k: _Kid, kind_words: str) -> tuple[list[object], str, dict[str, str | None]]:
    """The sheet's cells (from 姓名 on), the archive's 留守类型 and what the row states."""
    father = [k.father, k.work, k.father_phone]
    mother = [k.mother, k.work2, k.mother_phone]
    known: dict[str, str | None] = {"father_name": k.father, "mother_name": k.mother}
    if kind_words == "父母均外出":
        kind, fs, ms = BOTH, AWAY, AWAY
    elif kind_words == "父亲外出母亲无监护能力":
        kind, fs, ms = FATHER_AWAY, AWAY, INCAPABLE
        mother[1] = "/"
    elif kind_words == "母亲外出父亲无监护能力":
        kind, fs, ms = MOTHER_AWAY, INCAPABLE, AWAY
        father[1] = "/"
    else:  # 父亲外出母亲已故: her work place and phone "—"
        kind, fs, ms = FATHER_AWAY, AWAY, DECEASED
        mother[1:] = ["—", "—"]
    for who, cells in (("father", father), ("mother", mother)):
        known[f"{who}_work"] = "" if cells[1] in ("/", "—") else cells[1]
        known[f"{who}_phone"] = "" if cells[2] == "—" else cells[2]
    known |= {"father_situation": fs, "mother_situation": ms}
    word = k.grand_word
    known |= _guardian(word, k.grand, k.grand_phone)
    note = _COUNTY_NOTES.get(kind_words, "")
    known["note"] = note or None
    born = datetime(k.born.year, k.born.month, k.born.day)
    row: list[object] = [
        k.name,
        k.sex,
        "汉族",
        born,
        k.id_number,
        k.address,
        "五年级",
        kind_words,
        *father,
        *mother,
        k.grand,
        word,
        k.grand_phone,
        note,
    ]
    return row, kind, known


def _county_book(
    kids: list[_Kid], kinds: list[str], bad: dict[int, str]
) -> tuple[Workbook, list[Child], list[Problem]]:
    book = Workbook()
    ws = book.active
    assert isinstance(ws, Worksheet)
    ws.title = "留守儿童统计表"
    width = len(COUNTY_FIELDS)
    ws.append([f"渠县{date(2026, 9, 1):%Y}年秋季农村留守儿童基本情况统计表"])
    ws.append([f"填报单位（盖章）：{SCHOOL}　　　　　　　　　　填报日期：2026年9月15日"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    ws["A1"].font = Font(bold=True, size=16)
    ws["A1"].alignment = Alignment(horizontal="center")
    column = 1
    for text, span in COUNTY_GROUPS:
        ws.cell(3, column, text).alignment = Alignment(horizontal="center", vertical="center")
        if span > 1:
            ws.merge_cells(
                start_row=3, start_column=column, end_row=3, end_column=column + span - 1
            )
        column += span
    for c, text in enumerate(COUNTY_FIELDS, start=1):
        if ws.cell(3, c).value != text:  # 序号, 留守类型, 备注 are merged down over both rows
            ws.cell(4, c, text)
    for c in (1, 9, width):
        ws.merge_cells(start_row=3, start_column=c, end_row=4, end_column=c)
    children: list[Child] = []
    problems: list[Problem] = []
    for i, (k, kind_words) in enumerate(zip(kids, kinds, strict=True)):
        r = 5 + i
        cells, kind, known = _county_row(k, kind_words)
        if i in bad:  # the birth date typed one day off the ID number
            cells[3] = datetime(k.born.year, k.born.month, k.born.day) + timedelta(days=1)
            problems.append(Problem(r, k.name, bad[i]))
        else:
            children.append(_expect(k, r, kind, known))
        ws.append([i + 1, *cells])
        ws.cell(r, 5).number_format = "yyyy-mm-dd"
    return book, children, problems


def _county_footer(ws: Worksheet, count: int) -> None:
    width = len(COUNTY_FIELDS)
    ws.append(["合计", f"共{count}人"])
    ws.append(
        [
            "注：1. 留守类型填写“父母均外出”“父亲外出母亲无监护能力”“母亲外出父亲无监护能力”等；"
            "2. 已故人员的务工地点、联系电话填“—”；3. 务工地点填写到省、市。"
        ]
    )
    ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=width)
    row = ["单位负责人："] + [""] * 5 + ["复核人："] + [""] * 5 + ["填表人（签名）："] + [""] * 3
    ws.append([*row, "联系电话："])


def county_sheet(folder: Path) -> Sample:
    """The county's 农村留守儿童 statistics sheet: title, 填报单位 line, two header rows with
    基本信息 / 父亲 / 母亲 / 监护人 merged over the field words, 留守类型 in the form's words, "—"
    and "/" where a field does not apply; 合计, 注 and a signature row under the children, one
    of whom has a birth date that disagrees with the ID number (30 children)."""
    people = _People(1402)
    kinds = [w for w, n in _COUNTY_KINDS for _ in range(n)]
    people.rng.shuffle(kinds)
    kinds.append("父母均外出")
    kids = people.kids(len(kinds), rare=3)
    book, children, problems = _county_book(kids, kinds, {13: "不一致"})
    ws = book.active
    assert isinstance(ws, Worksheet)
    _county_footer(ws, len(kids))
    path = folder / "农村留守儿童统计表.xlsx"
    book.save(path)
    return Sample(
        path, tuple(children), tuple(problems), header_rows=4, data_rows=len(kids), trailer_rows=3
    )


def big_roster(folder: Path, rows: int) -> Sample:
    """The county sheet with ``rows`` children and no bad row: the import benchmark's file."""
    people = _People(1499, unique_names=False)
    weights = [n for _, n in _COUNTY_KINDS]
    kinds = people.rng.choices([w for w, _ in _COUNTY_KINDS], weights, k=rows)
    kids = people.kids(rows, rare=len(RARE))
    book, children, problems = _county_book(kids, kinds, {})
    ws = book.active
    assert isinstance(ws, Worksheet)
    _county_footer(ws, rows)
    path = folder / f"留守儿童统计表_{rows}.xlsx"
    book.save(path)
    return Sample(
        path, tuple(children), tuple(problems), header_rows=4, data_rows=rows, trailer_rows=3
    )


# --- c. 班级通讯录 and the one-row-per-parent 家长联系表 (.xlsx) --------------------------------

_NOTES = (
    "父母在广东打工，过年回来",
    "",
    "",
    "奶奶耳背，请打爸爸电话",
    "",
    "对花生过敏",
    "",
    "爸爸在外地，妈妈在家",
    "",
    "住校，周五接",
)


def _title(ws: Worksheet, text: str, width: int) -> None:
    ws.append([text])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws["A1"].font = Font(bold=True, size=14)


def contacts(folder: Path) -> Sample:
    """班级通讯录: 家长1 / 家长2 merged over 姓名 · 关系 · 电话, and 备注 in free text. The file
    says nothing of the parents' work: every child 待认定. 30 rows, one with a bad check digit, two
    without an ID number."""
    people = _People(1403)
    kids = people.kids(30, rare=3)
    book = Workbook()
    ws = book.active
    assert isinstance(ws, Worksheet)
    ws.title = "通讯录"
    heads = [
        "序号",
        "姓名",
        "性别",
        "身份证号",
        "家长1",
        "",
        "",
        "家长2",
        "",
        "",
        "家庭住址",
        "备注",
    ]
    _title(ws, f"{CLASS}学生家长通讯录（2026年秋季）", len(heads))
    ws.append(heads)
    ws.append(["", "", "", "", "姓名", "关系", "电话", "姓名", "关系", "电话", "", ""])
    for c in (5, 8):
        ws.merge_cells(start_row=2, start_column=c, end_row=2, end_column=c + 2)
    for c in (1, 2, 3, 4, 11, 12):
        ws.merge_cells(start_row=2, start_column=c, end_row=3, end_column=c)
    children: list[Child] = []
    problems: list[Problem] = []
    for i, k in enumerate(kids):
        r = 4 + i
        note = _NOTES[i % len(_NOTES)]
        known: dict[str, str | None] = {"note": note or None}
        style = i % 3
        if style == 0:  # 爸爸 and 妈妈
            parents = [(k.father, "爸爸", k.father_phone), (k.mother, "妈妈", k.mother_phone)]
            known |= {
                "father_name": k.father,
                "father_phone": k.father_phone,
                "mother_name": k.mother,
                "mother_phone": k.mother_phone,
            }
        else:  # the grandparent (or an aunt, an uncle) first, then one parent
            word = {4: "姑姑", 10: "舅舅"}.get(i, k.grand_word)
            parents = [(k.grand, word, k.grand_phone), (k.mother, "母亲", k.mother_phone)]
            known |= {"mother_name": k.mother, "mother_phone": k.mother_phone}
            known |= _guardian(word, k.grand, k.grand_phone)
        id_number = "" if i in (7, 19) else k.id_number
        if i == 24:
            id_number = bad_check_digit(k.id_number)
        cells: list[object] = [i + 1, k.name, k.sex, id_number]
        for p in parents:
            cells += list(p)
        ws.append([*cells, k.address, note])
        if i == 24:
            problems.append(Problem(r, k.name, "校验位"))
            continue
        child = _expect(k, r, UNKNOWN, known)
        children.append(child if id_number else replace(child, id_number="", birth_date=""))
    path = folder / "班级通讯录.xlsx"
    book.save(path)
    return Sample(path, tuple(children), tuple(problems), header_rows=3, data_rows=len(kids))


# the parents' 务工地 in the one-row-per-parent sheet: (father, mother) → what the file states
_PER_PARENT = (("city", "city"), ("city", "在家"), ("在家", "city"), ("city", ""), ("在家", "在家"))


def contacts_per_parent(folder: Path) -> Sample:
    """家长联系表, one row per parent: the child's cells (序号 · 姓名 · 性别 · 身份证号 · 家庭住址 ·
    备注) merged down over two rows, each row one parent (关系 · 家长姓名 · 联系电话 · 务工地).
    20 children: one with a single row (mother only), one with a bad check digit."""
    people = _People(1404)
    kids = people.kids(20, rare=2)
    book = Workbook()
    ws = book.active
    assert isinstance(ws, Worksheet)
    ws.title = "家长联系表"
    heads = [
        "序号",
        "姓名",
        "性别",
        "身份证号",
        "家庭住址",
        "关系",
        "家长姓名",
        "联系电话",
        "务工地",
        "备注",
    ]
    _title(ws, f"{CLASS}学生家庭情况登记表", len(heads))
    ws.append(heads)
    children: list[Child] = []
    problems: list[Problem] = []
    data_rows = 0
    for i, k in enumerate(kids):
        r = ws.max_row + 1
        single = i == 11  # the mother's row only: away, the father not stated
        f_where, m_where = ("", "city") if single else _PER_PARENT[i % len(_PER_PARENT)]
        f_where = k.work if f_where == "city" else f_where
        m_where = k.work2 if m_where == "city" else m_where
        note = "父亲已故" if single else ("" if i % 4 else "孩子有哮喘")
        id_number = bad_check_digit(k.id_number) if i == 16 else k.id_number
        head: list[object] = [i + 1, k.name, k.sex, id_number, k.address]
        lines = [] if single else [["父亲", k.father, k.father_phone, f_where]]
        lines.append(["母亲", k.mother, k.mother_phone, m_where])
        ws.append([*head, *lines[0], note])
        for line in lines[1:]:
            ws.append(["", "", "", "", "", *line, ""])
        span = len(lines)
        data_rows += span
        if span > 1:
            for c in (1, 2, 3, 4, 5, 10):
                ws.merge_cells(start_row=r, start_column=c, end_row=r + 1, end_column=c)
        if i == 16:
            problems.append(Problem(r, k.name, "校验位", rows=2))
            continue
        known: dict[str, str | None] = {
            "mother_name": k.mother,
            "mother_phone": k.mother_phone,
            "note": note or None,
        }
        situation = {"在家": HOME, "": None}
        known["mother_situation"] = situation.get(m_where, AWAY)
        known["mother_work"] = m_where if known["mother_situation"] == AWAY else None
        if not single:
            known |= {
                "father_name": k.father,
                "father_phone": k.father_phone,
                "father_situation": situation.get(f_where, AWAY),
            }
            known["father_work"] = f_where if known["father_situation"] == AWAY else None
        kind = _kind(known.get("father_situation"), known["mother_situation"])
        children.append(_expect(k, r, kind, known, rows=span))
    path = folder / "家长联系表_一行一位家长.xlsx"
    book.save(path)
    return Sample(path, tuple(children), tuple(problems), header_rows=2, data_rows=data_rows)


def _kind(father: str | None, mother: str | None) -> str:
    """The rule for the cases the corpus has: both away, one at home, or one not stated."""
    if father == AWAY and mother == AWAY:
        return BOTH
    if HOME in (father, mother):
        return NOT
    return UNKNOWN


# --- d. saved by WPS or Excel as CSV -------------------------------------------------------------

CSV_HEADERS = _words(
    "序号 姓名 性别 出生年月 身份证号 家庭住址 是否留守 父亲务工地 母亲务工地 监护人 "
    "与学生关系 监护人电话 备注"
)
_CSV_WORDS = ("舅舅", "婶婶", "姑姑", "哥哥", "爷爷", "奶奶", "外婆")


def _csv_sample(folder: Path, name: str, encoding: str) -> Sample:
    people = _People(1405)
    kids = people.kids(35, rare=4)
    lines: list[list[str]] = [[f"{SCHOOL}{CLASS}学生信息表"] + [""] * (len(CSV_HEADERS) - 1)]
    lines.append(list(CSV_HEADERS))
    children: list[Child] = []
    problems: list[Problem] = []
    for i, k in enumerate(kids):
        r = 3 + i
        flag = ("是", "是", "否", "")[i % 4]
        works = (k.work, k.work2) if flag == "是" else ("", "")
        word = _CSV_WORDS[i % len(_CSV_WORDS)] if flag != "否" else "母亲"
        guardian = (k.grand, word, k.grand_phone)
        if flag == "否":
            guardian = (k.mother, "母亲", k.mother_phone)
        known: dict[str, str | None] = {}
        if flag != "否":
            known |= _guardian(word, k.grand, k.grand_phone)
        if i == 5:  # one cell: "奶奶 王桂英", the relation column empty
            guardian = (f"奶奶 {k.grand}", "", k.grand_phone)
            known |= _guardian("奶奶", k.grand, k.grand_phone)
        if flag == "是":
            kind = BOTH
            known |= {
                "father_situation": AWAY,
                "mother_situation": AWAY,
                "father_work": works[0],
                "mother_work": works[1],
            }
        else:
            kind = NOT if flag == "否" else UNKNOWN
        month = f"{k.born:%Y.%m}"
        id_number = k.id_number
        if i == 12:  # Excel showed the ID as a number; saved as such
            id_number = f"{int(k.id_number):.5E}"  # 5.11725E+17
        if i == 27:  # the month typed wrong: it disagrees with the ID number
            month = f"{k.born.year}.{(k.born.month % 12) + 1:02d}"
        note = "父母在外务工，春节回家" if flag == "是" and i % 3 == 0 else ""
        known["note"] = note or None
        lines.append(
            [str(i + 1), k.name, k.sex, month, id_number, k.address, flag, *works, *guardian, note]
        )
        if i == 12:
            problems.append(Problem(r, k.name, "身份证号"))
        elif i == 27:
            problems.append(Problem(r, k.name, "出生"))
        else:
            children.append(_expect(k, r, kind, known))
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(lines)
    path = folder / name
    path.write_bytes(out.getvalue().encode(encoding))
    return Sample(
        path,
        tuple(children),
        tuple(problems),
        header_rows=2,
        data_rows=len(kids),
        encoding=encoding,
    )


def wps_csv(folder: Path) -> Sample:
    """WPS's CSV: GB18030, CRLF, the title on the first line, 是/否 for 是否留守, 出生年月
    "2015.03" with full ID numbers, guardians 舅舅 / 婶婶 / 姑姑 / 哥哥, "奶奶 王桂英" in one cell.
    35 rows: an ID saved as 5.11725E+17 and a 出生年月 that disagrees with the ID number are
    refused."""
    return _csv_sample(folder, "学生信息表_WPS.csv", "gb18030")


def wps_csv_utf8(folder: Path) -> Sample:
    """The same sheet saved by Excel as “CSV UTF-8”: UTF-8 with a BOM, CRLF."""
    return _csv_sample(folder, "学生信息表_UTF8.csv", "utf-8-sig")


FORMATS: dict[str, Callable[[Path], Sample]] = {
    "xueji_xls": xueji_xls,
    "county_sheet": county_sheet,
    "contacts": contacts,
    "contacts_per_parent": contacts_per_parent,
    "wps_csv": wps_csv,
    "wps_csv_utf8": wps_csv_utf8,
}


def write_all(folder: Path) -> Iterator[tuple[str, Sample]]:
    folder.mkdir(parents=True, exist_ok=True)
    for key, make in FORMATS.items():
        yield key, make(folder)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python tests/roster_corpus.py OUTDIR")
    for key, sample in write_all(Path(sys.argv[1])):
        print(
            f"{key:20} {sample.path.name:28} children {len(sample.children):3}  "
            f"problems {[(p.row, p.reason) for p in sample.problems]}"
        )
