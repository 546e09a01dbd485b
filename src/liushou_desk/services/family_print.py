"""给家庭的打印件 (issue 17, for the families — many parents and grandparents have no internet):

- 留守儿童联系卡: one card per child — the child and class, each parent away with where they work
  and their phone, the guardian at home, the head teacher's and the 帮扶教师's phones — to cut
  out for the family at home and the parents away;
- 在校情况告家长书: a one-page letter per child for the parents away (or the guardian), drafted
  from the archive — study (the term's newest exam), health, the term's 闪光点, what the teacher
  suggests (the newest talk's measures or the term comment), the teacher's contact — and the
  teacher's own edits, kept per term and child (``save_letter``) so a reprint keeps them.

Without children named: every left-behind child in class, in the roster's order. Read-only but
for the letters' edits."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select

from liushou_desk.db.engine import Archive
from liushou_desk.db.models import Pupil, Setting
from liushou_desk.domain.enums import Enrolment, LeftBehindKind, ParentSituation
from liushou_desk.domain.form_checks import FieldError, ValidationFailed
from liushou_desk.domain.text import clean_text
from liushou_desk.services.archive_info import get_info
from liushou_desk.services.terms import TermView

LETTER_KEY = "letter:{term}:{pupil}"  # the teacher's edits of one letter (settings)
PARTS = ("study", "health", "bright", "suggest")  # the letter's paragraphs, in order
PART_LABELS = {
    "study": "学习情况",
    "health": "身体和心理",
    "bright": "本学期的闪光点",
    "suggest": "老师的建议",
}
MAX_PART = 400


@dataclass(frozen=True)
class Person:
    role: str  # 父亲 / 母亲 / 祖母 / 班主任 / 帮扶教师
    name: str
    phone: str
    place: str = ""  # where a parent works


@dataclass(frozen=True)
class ContactCard:
    pupil_id: int
    name: str
    class_title: str
    away: tuple[Person, ...]
    guardian: Person | None
    teachers: tuple[Person, ...]


@dataclass
class Letter:
    pupil_id: int
    name: str
    to: str  # 尊敬的张建国、李秀兰家长 / 尊敬的王桂英（祖母）
    parts: dict[str, str] = field(default_factory=dict)
    teacher: str = ""
    phone: str = ""
    edited: bool = False


def in_class_left_behind(archive: Archive) -> list[int]:
    """The left-behind children in class, in the roster's (pinyin) order."""
    with archive.transaction() as s:
        return [
            pid
            for pid, override, computed in s.execute(
                select(Pupil.id, Pupil.override_kind, Pupil.computed_kind)
                .where(Pupil.deleted_at.is_(None), Pupil.enrolment == Enrolment.ACTIVE.value)
                .order_by(Pupil.search_keys, Pupil.id)
            )
            if (override or computed)
            not in (LeftBehindKind.NOT.value, LeftBehindKind.UNKNOWN.value)
        ]


def _teachers_of(archive: Archive) -> tuple[dict[int, dict[str, int]], dict[int, Person]]:
    from liushou_desk.services.teachers import assignments, list_teachers

    staff = {t.id: Person("", t.name, t.phone) for t in list_teachers(archive)}
    return assignments(archive), staff


def _head(archive: Archive, staff: dict[int, Person]) -> Person:
    head = get_info(archive).head_teacher
    phone = next((p.phone for p in staff.values() if p.name == head), "")
    return Person("班主任", head, phone)


def contact_cards(archive: Archive, pupil_ids: list[int] | None, today: date) -> list[ContactCard]:
    """One card per child (``pupil_ids`` in that order; None: the left-behind in class)."""
    from liushou_desk.services.profile import load_profile

    ids = in_class_left_behind(archive) if pupil_ids is None else pupil_ids
    held, staff = _teachers_of(archive)
    head = _head(archive, staff)
    title = get_info(archive).title
    cards = []
    for pid in ids:
        d = load_profile(archive, pid, today).draft
        away = tuple(
            Person(
                p.role,
                p.name,
                p.phone or p.phone2,
                " ".join(x for x in (p.work_province, p.work_city) if x),
            )
            for p in (d.father, d.mother)
            if p.situation == ParentSituation.AWAY.value
        )
        g = next((g for g in d.guardians if g.name or g.phone), None)
        guardian = Person(g.relation or "监护人", g.name, g.phone) if g else None
        helper = staff.get(held.get(pid, {}).get("helper", 0))
        teachers: tuple[Person, ...] = (head,)
        if helper is not None and helper.name != head.name:
            teachers += (Person("帮扶教师", helper.name, helper.phone),)
        cards.append(ContactCard(pid, d.name, title, away, guardian, teachers))
    return cards


def _load_edits(archive: Archive, term: TermView, ids: list[int]) -> dict[int, dict[str, str]]:
    keys = {LETTER_KEY.format(term=term.id, pupil=pid): pid for pid in ids}
    with archive.transaction() as s:
        rows = s.execute(select(Setting.key, Setting.value).where(Setting.key.in_(keys))).all()
    out = {}
    for key, value in rows:
        try:
            parts = json.loads(value)
        except ValueError:
            continue
        if isinstance(parts, dict):
            out[keys[key]] = {k: str(v) for k, v in parts.items() if k in PARTS}
    return out


def draft_letters(
    archive: Archive, pupil_ids: list[int] | None, term: TermView, today: date
) -> list[Letter]:
    """The letters, drafted from the archive; the teacher's saved edits replace the drafts."""
    from liushou_desk.services.profile import load_profile
    from liushou_desk.services.records import list_records_of

    ids = in_class_left_behind(archive) if pupil_ids is None else pupil_ids
    _held, staff = _teachers_of(archive)
    head = _head(archive, staff)
    records = list_records_of(archive, ids, term.start, min(term.end, today))
    edits = _load_edits(archive, term, ids)
    letters = []
    for pid in ids:
        d = load_profile(archive, pid, today).draft
        mine = records.get(pid, [])
        away = [p for p in (d.father, d.mother) if p.situation == ParentSituation.AWAY.value]
        if away:
            to = "、".join(p.name for p in away if p.name) or d.name
            to = f"尊敬的{to}家长"
        else:
            g = next((g for g in d.guardians if g.name), None)
            to = f"尊敬的{g.name}（{g.relation}）" if g else f"尊敬的{d.name}家长"
        parts = {
            "study": _study(d.name, mine),
            "health": _health(d.name, d.health_physical, d.health_mental),
            "bright": _bright(d.name, mine),
            "suggest": _suggest(d.name, mine),
        }
        edited = pid in edits
        parts.update(edits.get(pid, {}))
        letters.append(Letter(pid, d.name, to, parts, head.name, head.phone, edited))
    return letters


def _newest(records: list, kind: str):  # type: ignore[no-untyped-def]
    found = [r for r in records if r.kind == kind and not r.sensitive]
    return max(found, key=lambda r: (r.occurred_on, r.id)) if found else None


def _mean(scores: dict[str, str]) -> float | None:
    values = []
    for v in scores.values():
        try:
            values.append(float(v))
        except ValueError:
            continue
    return sum(values) / len(values) if values else None


def _study(name: str, records: list) -> str:  # type: ignore[type-arg]
    exams = sorted(
        (r for r in records if r.kind == "grade" and r.scores and not r.sensitive),
        key=lambda r: (r.occurred_on, r.id),
    )
    if not exams:
        return f"{name}本学期按时到校，学习态度端正。"
    grade = exams[-1]
    scores = "，".join(f"{s}{v}分" for s, v in grade.scores.items())
    exam = grade.values.get("exam", "考试")
    text = f"在{grade.occurred_on.month}月{grade.occurred_on.day}日的{exam}中，{scores}"
    new, old = _mean(grade.scores), _mean(exams[-2].scores) if len(exams) > 1 else None
    if new is not None and old is not None and abs(new - old) >= 3:
        way = "提高" if new > old else "下降"
        text += f"，平均分比上次{way}了 {abs(new - old):.0f} 分"
    return text + "。"


def _health(name: str, physical: str, mental: str) -> str:
    body = physical.strip().rstrip("。") or "健康"
    mind = mental.strip().rstrip("。") or "总体稳定"
    return f"身体{body}，心理状况{mind}。"


def _bright(name: str, records: list) -> str:  # type: ignore[type-arg]
    spots = [
        r.values.get("content", "").rstrip("。；;")
        for r in sorted(records, key=lambda r: r.occurred_on)
        if r.kind == "bright_spot" and not r.sensitive and r.values.get("content")
    ]
    if not spots:
        return f"老师看到了{name}的努力，期待下学期更多的进步。"
    return "；".join(dict.fromkeys(spots[-3:])) + "。"


def _suggest(name: str, records: list) -> str:  # type: ignore[type-arg]
    comment = _newest(records, "term_comment")
    if comment is not None and comment.values.get("content"):
        return comment.values["content"]
    talk = _newest(records, "talk")
    if talk is not None and talk.values.get("measures"):
        return talk.values["measures"]
    return f"请每周至少给{name}打一次电话或视频，多问问学习和心情，有事及时与老师联系。"


def save_letter(archive: Archive, term: TermView, pupil_id: int, parts: dict[str, str]) -> None:
    """Keep the teacher's edits of one letter for the term (a reprint keeps them)."""
    clean = {k: clean_text(parts.get(k, "")) for k in PARTS}
    errors = [
        FieldError(k, f"{PART_LABELS[k]}不能超过 {MAX_PART} 个字")
        for k, v in clean.items()
        if len(v) > MAX_PART
    ]
    if errors:
        raise ValidationFailed(errors)
    key = LETTER_KEY.format(term=term.id, pupil=pupil_id)
    with archive.transaction() as s:
        row = s.get(Setting, key) or Setting(key=key)
        row.value = json.dumps(clean, ensure_ascii=False)
        row.updated_at = datetime.now()
        s.add(row)


__all__ = ["ContactCard", "Letter", "Person", "contact_cards", "draft_letters"]
