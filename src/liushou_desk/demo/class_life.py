"""示例记录 · 班级: the demo term's activities and meetings with who took part, the monthly
留守儿童月会, 期末评语, and the edits and the duplicate in the recycle bin (a part of
demo.records._Term)."""

from __future__ import annotations

from datetime import date, timedelta

from liushou_desk.demo.records_text import (
    COMMENT_CLOSE,
    COMMENT_MIDDLE,
    COMMENT_OPEN,
    COUNSELLOR,
    EVENTS,
    LESSON_NOTES,
    LESSONS,
    MONTHLY_AGENDA,
    SAFETY_TALKS,
    TALK_ADDENDUM,
)
from liushou_desk.demo.term_base import (
    _month_name,
    _TermBase,
)
from liushou_desk.domain.dates import add_months
from liushou_desk.domain.records import RecordValues
from liushou_desk.domain.terms import term_for


class _ClassLife(_TermBase):
    """Activities, meetings, term comments, edits and the recycle bin."""

    def present(self, day: date, who: str = "lb") -> list[int]:
        """Who took part: the left-behind children or the whole class, a few away if
        ``who`` ends in _most."""
        everyone = who.startswith("all")
        ids = [c.id for c in self.children if (everyone or c.left_behind) and c.until >= day]
        if who.endswith("_most") and len(ids) > 8:
            away = set(self.rng.sample(ids, self.rng.randint(1, 4)))
            ids = [i for i in ids if i not in away]
        return ids

    def class_life(self) -> None:
        """The term's activities and meetings, in the order the seeds list them."""
        cal, rng = self.cal, self.rng
        n_lb = sum(c.left_behind for c in self.children)
        for offset, kind, sub, title, summary, who in EVENTS:
            day = cal.at(offset, 2)
            if day is None:
                continue
            ids = self.present(day, who)
            if not ids:
                continue
            text = summary.format(
                money=rng.randint(28, 45) * 10,
                n=len(ids),
                k=rng.randint(max(1, n_lb // 4), max(2, n_lb // 2)),
            )
            values = {"date": day.isoformat(), "title": title, "summary": text}
            if "{safety}" in title:
                values["title"] = SAFETY_TALKS.get(day.month, "安全教育讲座")
            values["activity_kind" if kind == "activity" else "meeting_kind"] = sub
            if sub.startswith("两地书") and len(ids) > 4:  # two letters came in late
                rid = self.w.add(kind, None, values, participants=ids[:-2])
                self.letters = (rid, ids[-2:])
            else:
                self.w.add(kind, None, values, participants=ids)

    def monthly(self) -> None:
        """Each month: a mental-health lesson, the collective birthday, and — for the months
        already over — the 留守儿童月会 (this month's is not held yet, so it shows as due)."""
        cal, rng = self.cal, self.rng
        months = cal.months()
        for k, (first, last) in enumerate(months):
            name = _month_name(first.month)
            lesson = first.replace(day=15) if first.day < 15 else first + timedelta(days=7)
            lesson = cal.school_day(lesson)
            ids = self.present(lesson)
            if first <= lesson <= last and lesson <= cal.today and ids:
                self.w.add(
                    "activity",
                    None,
                    {
                        "date": lesson.isoformat(),
                        "activity_kind": "心理健康课",
                        "title": f"留守儿童心理健康课：{LESSONS[k % len(LESSONS)]}",
                        "summary": f"{COUNSELLOR}老师上课。{LESSON_NOTES[k % len(LESSON_NOTES)]}",
                    },
                    participants=ids,
                )
            month_end = add_months(first.replace(day=1), 1) - timedelta(days=1)
            friday = month_end - timedelta(days=(month_end.weekday() - 4) % 7)
            born = [
                c
                for c in self.children
                if c.birth and c.birth.month == first.month and c.until >= friday
            ]
            if cal.start <= friday <= cal.today and born:
                lb = sum(c.left_behind for c in born)
                self.w.add(
                    "activity",
                    None,
                    {
                        "date": friday.isoformat(),
                        "activity_kind": "集体生日",
                        "title": f"{name}月集体生日会",
                        "summary": f"为本月过生日的{len(born)}名同学（其中留守儿童{lb}名）"
                        f"过集体生日，同学们送上自制贺卡，"
                        f"{rng.randint(1, max(1, lb))}位在外的家长通过视频送上祝福。",
                    },
                    participants=[c.id for c in born],
                )
            if k == len(months) - 1:
                continue  # this month's meeting is still to come
            day = cal.school_day(month_end - timedelta(days=rng.randint(2, 6)))
            ids = self.present(day, "lb_most")
            if cal.start <= day <= cal.today and ids:
                self.w.add(
                    "meeting",
                    None,
                    {
                        "date": day.isoformat(),
                        "meeting_kind": "留守儿童月会",
                        "title": f"{name}月留守儿童月会",
                        "summary": f"到会{len(ids)}人。{MONTHLY_AGENDA[k % len(MONTHLY_AGENDA)]}",
                    },
                    participants=ids,
                )

    # -- 期末评语 -------------------------------------------------------------------------------

    def term_comments(self) -> None:
        """This term's comments once its end is near; before that, last term's."""
        cal = self.cal
        if cal.today >= cal.school_end - timedelta(days=10):
            day = min(cal.school_end, cal.today)
        else:
            prev = term_for(cal.term_start - timedelta(days=1))
            day = date(prev.end.year, 7, 3) if prev.number == 2 else date(prev.end.year, 1, 17)
        for c in self.full:
            if day > c.until:
                continue
            pools = (COMMENT_OPEN, COMMENT_MIDDLE, COMMENT_CLOSE)
            text = "".join(self.fill(pool, c, day) for pool in pools)
            self.w.add("term_comment", c.id, {"date": day.isoformat(), "content": text})

    # -- later edits and the recycle bin --------------------------------------------------------

    def edits_and_bin(self) -> None:
        rng, w = self.rng, self.w

        def note(v: RecordValues) -> None:
            v.values["measures"] = v.values.get("measures", "") + TALK_ADDENDUM
            v.values.setdefault("effect", "情绪明显好转。")

        older = [t for t in self.talk_ids if w.kept[t][0].values.get("effect")]
        for rid in rng.sample(older, min(2, len(older))):
            w.edit(rid, note)
        if self.typo is not None:
            rid, right = self.typo
            w.edit(rid, lambda v: v.scores.update({"数学": right}))
        if self.plan_ids:
            rid = rng.choice(self.plan_ids)
            rv, pupil = w.kept[rid]
            others = [c.name for c in self.full if c.id != pupil and c.name != rv.values["peer"]]
            if others:
                peer = rng.choice(others)

                def swap(v: RecordValues) -> None:
                    v.values["goals"] = (
                        v.values.get("goals", "") + f"（调座位后学习小帮手改为{peer}）"
                    )
                    v.values["peer"] = peer

                w.edit(rid, swap)
        if self.letters is not None:
            rid, late = self.letters

            def add_late(v: RecordValues) -> None:
                v.participants += late
                v.values["summary"] = v.values.get("summary", "") + "请假的两名同学已补交。"

            w.edit(rid, add_late)
        if self.guardian_contacts and not self.past:  # typed twice: the copy goes to the bin
            rv, pupil = w.kept[rng.choice(self.guardian_contacts)]
            copy = w.add("contact", pupil, dict(rv.values))
            w.delete(copy)
