"""示例班级: a realistic demo class of a rural primary school, for trying the app out,
for screenshots, tests and benchmarks.

``make_demo`` writes a new archive file as the services write it: the class is entered as
新增学生 enters pupils (``roster.new_pupils``, each with its 建档 line and 操作日志 entry), then
``set_override``, ``save_profile``, ``set_enrolment`` for the few that change, and one term of
care records (demo/records.py), every value checked as what a teacher types. The class is the
五年级（2）班 of 青山镇中心小学 (demo/draw.py draws it): about seven in ten pupils are left
behind; one pupil has transferred out, one has a status set by hand with a written reason, a
couple have a parent who left less than 3 months ago, and a few profiles were edited after they
were first saved, so the history has something to show. Then the class's teachers, who holds
which child, the term plan and the 重点帮扶对象 (demo/care_plan.py).

``years=N`` gives the class archive N school years of life (demo/years.py): the 2N terms ending
with today's, a class of 六年级 arriving and leaving each year (some 600 pupils in ten years
for a 45-pupil class), each term's records, parents coming home — today's class made as above.

The same ``seed`` and ``today`` always give the same class (the timestamps of today's term are
the real time of writing).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from liushou_desk.db.schema import open_archive
from liushou_desk.demo.care_plan import add_care_plan
from liushou_desk.demo.data import (
    BOTH,
    CLASS_NAME,
    EDITS,
    HEAD_TEACHERS,
    OVERRIDE,
    SCHOOL,
    TRANSFER,
)
from liushou_desk.demo.draw import _Maker
from liushou_desk.demo.enrol import clean, enrol
from liushou_desk.demo.records import add_demo_records
from liushou_desk.demo.years import GRADE, Years
from liushou_desk.domain.enums import Enrolment, LeftBehindKind
from liushou_desk.services.archive_info import ClassInfo, set_info
from liushou_desk.services.profile import load_profile, save_profile
from liushou_desk.services.roster import set_enrolment
from liushou_desk.services.status import set_override
from liushou_desk.services.terms import current_term


def make_demo(
    path: Path,
    *,
    pupils: int = 45,
    seed: int = 2026,
    today: date | None = None,
    years: int = 0,
) -> Path:
    """Write a new demo archive at ``path`` and return the path: today's class of ``pupils``
    and one term of records, or with ``years`` the 2 × ``years`` terms up to today's.

    Refuses to touch an existing file (FileExistsError). If anything fails half-way, the
    half-written file is removed again.
    """
    path = Path(path)
    if pupils < 1:
        raise ValueError("pupils must be at least 1")
    if years < 0:
        raise ValueError("years must not be negative")
    if path.exists():
        raise FileExistsError(f"文件已存在：{path}")
    today = today or date.today()
    maker = _Maker(pupils, seed, today)
    if years:
        maker.grade = GRADE
    plan = maker.pupils()

    archive = open_archive(path, create=True)
    try:
        head_teacher = maker.rng.choice(HEAD_TEACHERS)
        name = CLASS_NAME if not years else CLASS_NAME.replace("五", "六")
        set_info(archive, ClassInfo(SCHOOL, name, head_teacher))
        lived = Years(archive, maker, seed, today, years) if years else None
        if lived is not None:
            lived.store_terms()
            lived.past(head_teacher)
        current_term(archive, today)
        created = lived.arrival() if lived is not None else datetime.now()
        drafts = [clean(p.draft, today) for p in plan]
        with archive.transaction() as s, s.no_autoflush:
            ids = enrol(s, drafts, today, created)
        if lived is not None:
            lived.first_term_of_today(ids)

        for pid, p in zip(ids, plan, strict=True):
            if p.family == OVERRIDE:
                set_override(archive, pid, LeftBehindKind.MOTHER_AWAY.value, p.note)

        candidates = [i for i, p in enumerate(plan) if p.family == BOTH]
        edited = maker.rng.sample(candidates, min(len(candidates), max(3, round(pupils * 3 / 45))))
        for k, i in enumerate(edited):
            draft = load_profile(archive, ids[i], today).draft
            maker.edit(draft, EDITS[k % len(EDITS)])
            save_profile(archive, ids[i], draft, today)

        for pid, p in zip(ids, plan, strict=True):
            if p.family == TRANSFER:
                left_on = today - timedelta(days=maker.rng.randint(14, 35))
                set_enrolment(
                    archive, pid, Enrolment.TRANSFERRED.value, left_on.isoformat(), p.note, today
                )
        add_demo_records(archive, maker.rng, today, head_teacher)  # today's term of care records
        add_care_plan(archive, seed, today, head_teacher)  # teachers, 分工, the term plan
    except BaseException:
        archive.close()
        for leftover in (
            path,
            path.with_name(path.name + "-wal"),
            path.with_name(path.name + "-shm"),
        ):
            leftover.unlink(missing_ok=True)
        raise
    archive.close()
    return path


__all__ = ["make_demo"]
