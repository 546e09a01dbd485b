"""期末总结的统计 (issue 17): what a principal or a county bureau looks for in a 留守儿童工作总结,
from the term's left-behind children and records already read by ``build_term_report``:

- 班级概况 by 性别, 年龄, 留守类型, 监护类型, the guardian's 监护能力, grandparents caring, 寄宿,
  the province the parents work in, and how long they have been away;
- 联系覆盖: a row a child, a column a month — who was reached (谈心 / 与父母通话 / 与监护人联系 /
  家访) and who was not;
- the contacts of each kind a month (a chart);
- 四个优先: how many children have a measure in each of the four priorities, with examples.

Pure functions over plain values: no query of their own."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from liushou_desk.domain.dates import age_on
from liushou_desk.domain.enums import GuardianRelation, ParentSituation
from liushou_desk.domain.records import PARTY_LABELS
from liushou_desk.services.records import RecordView

GRANDPARENTS = {
    GuardianRelation.GRANDFATHER.value,
    GuardianRelation.GRANDMOTHER.value,
    GuardianRelation.MATERNAL_GRANDFATHER.value,
    GuardianRelation.MATERNAL_GRANDMOTHER.value,
}
REACH = ("谈", "电", "监", "访")  # 谈心, 与外出父母通话, 与在家监护人联系, 家访
REACH_WORDS = {"谈": "谈心", "电": "与父母通话", "监": "与监护人联系", "访": "家访"}
PRIORITY_FIELDS = {"safety": "安全教育与监护", "study": "学习辅导", "life": "生活照料",
                   "activities": "活动参与"}  # fmt: skip
UNKNOWN = "未填"


@dataclass(frozen=True)
class ChildFacts:
    """What the statistics need of one left-behind child (from the ORM pupil)."""

    pupil_id: int
    name: str
    sex: str
    birth_date: date | None
    kind: str  # 留守类型
    boarding: bool
    guardianship_type: str
    guardian_relation: str  # the first guardian's
    guardian_capacity: str
    provinces: tuple[str, ...]  # where the parents away work
    away_since: date | None  # the parent away longest: since when


@dataclass
class TermStats:
    groups: list[tuple[str, list[tuple[str, int]]]] = field(default_factory=list)
    months: list[date] = field(default_factory=list)
    matrix: list[tuple[str, list[str]]] = field(default_factory=list)  # child → a cell a month
    unreached: dict[str, int] = field(default_factory=dict)  # month label → children
    per_month: list[tuple[str, dict[str, int]]] = field(default_factory=list)
    priorities: list[tuple[str, int, list[str]]] = field(default_factory=list)
    # the term's exams: (exam, {全班: mean, 留守儿童: mean}) — the mean of each child's subjects
    grades: list[tuple[str, dict[str, float]]] = field(default_factory=list)


def facts_of(p: object, kind: str) -> ChildFacts:
    """The statistics' facts of an ORM pupil whose parents and guardians are loaded."""
    parents = [x for x in getattr(p, "parents", ()) if x.situation == ParentSituation.AWAY.value]
    guardians = list(getattr(p, "guardians", ()))
    g = guardians[0] if guardians else None
    since = [x.away_since for x in parents if x.away_since]
    return ChildFacts(
        pupil_id=p.id,  # type: ignore[attr-defined]
        name=p.name,  # type: ignore[attr-defined]
        sex=p.sex or UNKNOWN,  # type: ignore[attr-defined]
        birth_date=p.birth_date,  # type: ignore[attr-defined]
        kind=kind,
        boarding=bool(p.boarding),  # type: ignore[attr-defined]
        guardianship_type=p.guardianship_type or UNKNOWN,  # type: ignore[attr-defined]
        guardian_relation=(g.relation if g else "") or "",
        guardian_capacity=(g.capacity if g else "") or UNKNOWN,
        provinces=tuple(dict.fromkeys(x.work_province or UNKNOWN for x in parents)),
        away_since=min(since) if since else None,
    )


def _age_band(age: int | None) -> str:
    if age is None:
        return UNKNOWN
    if age < 6:
        return "6岁以下"
    if age <= 9:
        return "6—9岁"
    if age <= 12:
        return "10—12岁"
    return "13岁以上"


def _away_band(since: date | None, on: date) -> str:
    if since is None:
        return UNKNOWN
    years = (on - since).days / 365.25
    if years < 1:
        return "不满1年"
    if years < 3:
        return "1—3年"
    return "3年以上"


def _ordered(counts: Counter[str], order: Sequence[str] = ()) -> list[tuple[str, int]]:
    """The known words first in ``order``, then the rest by count, 未填 last."""
    known = [(w, counts[w]) for w in order if counts.get(w)]
    rest = sorted(
        ((w, n) for w, n in counts.items() if w not in order and w != UNKNOWN),
        key=lambda x: (-x[1], x[0]),
    )
    tail = [(UNKNOWN, counts[UNKNOWN])] if counts.get(UNKNOWN) else []
    return known + rest + tail


def class_groups(
    children: Sequence[ChildFacts], on: date
) -> list[tuple[str, list[tuple[str, int]]]]:
    """班级概况: the left-behind children counted by each of the bureau's breakdowns."""
    bands = ("6岁以下", "6—9岁", "10—12岁", "13岁以上")
    provinces: Counter[str] = Counter(p for c in children for p in c.provinces)
    top = provinces.most_common(6)
    if len(provinces) > 6:
        top.append(("其他省份", sum(provinces.values()) - sum(n for _, n in top)))
    return [
        ("性别", _ordered(Counter(c.sex for c in children), ("男", "女"))),
        ("年龄", _ordered(Counter(_age_band(age_on(c.birth_date, on)) for c in children), bands)),
        ("留守类型", _ordered(Counter(c.kind for c in children))),
        ("监护类型", _ordered(Counter(c.guardianship_type for c in children))),
        (
            "监护人监护能力",
            _ordered(Counter(c.guardian_capacity for c in children), ("较好", "一般", "差")),
        ),
        (
            "由谁照顾",
            _ordered(
                Counter(
                    "祖辈"
                    if c.guardian_relation in GRANDPARENTS
                    else (c.guardian_relation or "没有在家监护人")
                    for c in children
                ),
                ("祖辈",),
            ),
        ),
        ("寄宿", _ordered(Counter("寄宿" if c.boarding else "走读" for c in children))),
        ("父母务工省份", top),
        (
            "父母外出时长",
            _ordered(
                Counter(_away_band(c.away_since, on) for c in children),
                ("不满1年", "1—3年", "3年以上"),
            ),
        ),
    ]


def _reach(v: RecordView) -> tuple[str, ...]:
    """Whom a record reached, as REACH letters."""
    if v.kind == "talk":
        return ("谈",)
    if v.kind == "family_call":
        return ("电",)
    if v.kind == "home_visit":
        return ("访", "监")
    if v.kind == "contact":
        party = PARTY_LABELS.get(v.values.get("party", ""), "")
        return {"child": ("谈",), "parent": ("电",), "guardian": ("监",)}.get(party, ())
    return ()


def coverage(
    children: Sequence[ChildFacts], views: Iterable[RecordView], months: Sequence[date]
) -> TermStats:
    """The child × month matrix, the unreached count a month, the contacts a month."""
    cells: dict[tuple[int, date], set[str]] = {}
    per_month: dict[date, Counter[str]] = {m: Counter() for m in months}
    ids = {c.pupil_id for c in children}
    for v in views:
        first = date(v.occurred_on.year, v.occurred_on.month, 1)
        if first not in per_month or v.pupil_id not in ids:
            continue
        for letter in _reach(v):
            cells.setdefault((v.pupil_id, first), set()).add(letter)
            per_month[first][REACH_WORDS[letter]] += 1
    stats = TermStats(months=list(months))
    for c in children:
        row = []
        for m in months:
            got = cells.get((c.pupil_id, m), set())
            row.append("".join(x for x in REACH if x in got) or "—")
        stats.matrix.append((c.name, row))
    stats.unreached = {
        f"{m.month}月": sum(1 for c in children if (c.pupil_id, m) not in cells) for m in months
    }
    stats.per_month = [(f"{m.month}月", dict(per_month[m])) for m in months]
    return stats


def priorities(
    views: Iterable[RecordView], names: dict[int, str]
) -> list[tuple[str, int, list[str]]]:
    """四个优先: each priority with the children who have a measure in it and two examples
    (different measures, without their closing full stop: the report joins them with "；")."""
    children: dict[str, set[int]] = {k: set() for k in PRIORITY_FIELDS}
    examples: dict[str, list[str]] = {k: [] for k in PRIORITY_FIELDS}
    seen: dict[str, set[str]] = {k: set() for k in PRIORITY_FIELDS}
    for v in views:
        if v.kind != "priorities" or v.pupil_id is None or v.sensitive:
            continue
        for key in PRIORITY_FIELDS:
            text = v.values.get(key, "").strip().rstrip("。；;.， ")
            if text:
                children[key].add(v.pupil_id)
                if len(examples[key]) < 2 and text not in seen[key]:
                    seen[key].add(text)
                    examples[key].append(f"{names.get(v.pupil_id, '')}：{text}")
    return [(PRIORITY_FIELDS[k], len(children[k]), examples[k]) for k in PRIORITY_FIELDS]


def grades_against_class(
    views: Iterable[RecordView], left_behind: set[int]
) -> list[tuple[str, dict[str, float]]]:
    """Each exam of the term (by its name and month), the class's mean against the left-behind
    children's — each child's mean over the subjects she sat, then averaged over the children."""
    exams: dict[tuple[date, str], dict[int, float]] = {}
    for v in views:
        if v.kind != "grade" or v.pupil_id is None or not v.scores:
            continue
        marks = []
        for value in v.scores.values():
            try:
                marks.append(float(value))
            except ValueError:
                continue
        if marks:
            first = date(v.occurred_on.year, v.occurred_on.month, 1)
            key = (first, v.values.get("exam", "考试"))
            exams.setdefault(key, {})[v.pupil_id] = sum(marks) / len(marks)
    out = []
    for (first, exam), by_child in sorted(exams.items()):
        mine = [m for pid, m in by_child.items() if pid in left_behind]
        means = {"全班": sum(by_child.values()) / len(by_child)}
        if mine:
            means["留守儿童"] = sum(mine) / len(mine)
        out.append((f"{first.month}月{exam}", means))
    return out


@dataclass(frozen=True)
class PlanFlow:
    """帮扶计划 / 个别教育管理方案 over a term: opened in it or carried over from before, and
    how many ended (结束 / 结案) by the term's end or by ``today`` — whichever comes first."""

    opened: int
    carried: int
    ended: int

    @property
    def running(self) -> int:
        return self.opened + self.carried - self.ended

    def words(self, what: str, ended_word: str) -> str:
        """本学期新订 2 份，上学期延续 1 份；已结束 1 份，仍在执行 2 份。"""
        total = self.opened + self.carried
        if not total:
            return ""
        return (
            f"本学期共有{what} {total} 份：本学期新订 {self.opened} 份，此前延续 "
            f"{self.carried} 份；已{ended_word} {self.ended} 份，仍在执行 {self.running} 份。"
        )


def plan_flow(plans: Iterable[RecordView], start: date, until: date) -> PlanFlow:
    """Counts of ``plans`` (each running some time in the term starting ``start``): opened on
    or after ``start``, and ended — a 结束日期 or 结案日期 no later than ``until``."""
    opened = carried = ended = 0
    last = until.isoformat()
    for plan in plans:
        if plan.occurred_on >= start:
            opened += 1
        else:
            carried += 1
        end = plan.values.get("end") or plan.values.get("closed_on")
        if isinstance(end, str) and end and end <= last:
            ended += 1
    return PlanFlow(opened, carried, ended)
