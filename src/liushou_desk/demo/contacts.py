"""示例记录 · 三沟通: the demo term's talks with each child, contacts with the parents away and the
guardians at home, 亲情电话 / 视频 and 家访 (a part of demo.records._Term)."""

from __future__ import annotations

from datetime import date, timedelta

from liushou_desk.demo.records_text import (
    AT_HOME,
    CALL_STATE,
    CHILD_TALK,
    GUARDIAN_OUTCOME,
    GUARDIAN_TALK,
    LIVING,
    OTHER_PARENT_TALK,
    PARENT_EXAM,
    PARENT_OUTCOME,
    PARENT_TALK,
    PLACES,
    QUIET_PARENT,
    SENSITIVE_TALK,
    SERIOUS,
    TOPICS,
    VISIT_CHANGE,
    VISIT_FEEDBACK,
    VISIT_NEXT,
    _Topic,
)
from liushou_desk.demo.term_base import (
    _Child,
    _TermBase,
)


class _Contacts(_TermBase):
    """Talks, contacts, family calls and home visits."""

    def talks(self, c: _Child) -> None:
        """A talk each month; the latest has a follow-up date (for a few it has passed)."""
        if not c.left_behind:
            return
        cal, rng, head = self.cal, self.rng, self.w.head
        months = cal.months()
        used: list[str] = []
        planned: list[tuple[date, dict[str, str], bool | None]] = []
        for i, (first, last) in enumerate(months):
            current = i == len(months) - 1
            if current and c.id in self.no_talk_now:
                continue
            if current and c.id in self.stale_follow_up:
                last = min(last, first + timedelta(days=6))
            day = cal.between(first, last)
            moved = cal.school_day(day)
            day = moved if first <= moved <= last else day
            if day > c.until:
                continue
            topic = self.topic(c, i, first, day, used)
            used.append(topic.name)

            said, problem, measures, effect = rng.choice(topic.stories)
            agreed = rng.sample(measures, min(len(measures), rng.choice((1, 2, 2))))
            values = {
                "date": day.isoformat(),
                "place": rng.choice(PLACES),
                "teacher": c.teacher if rng.random() < 0.25 else head,
                "topic": topic.name,
                "mood": rng.choice(topic.moods),
                "said": self.fill(said, c, day),
                "problems": self.fill(problem, c, day),
                "measures": "；".join(self.fill(m, c, day) for m in agreed) + "。",
                "effect": "" if current else self.fill(effect, c, day),
            }
            planned.append((day, values, True if topic is SENSITIVE_TALK else None))
        for k, (day, values, sensitive) in enumerate(planned):
            due = self.follow_up(c, day, planned[k + 1][0] if k + 1 < len(planned) else None)
            if due is not None:
                values["follow_up"] = due.isoformat()
            self.talk_ids.append(self.w.add("talk", c.id, values, sensitive=sensitive))

    def follow_up(self, c: _Child, day: date, nxt: date | None) -> date | None:
        """下次跟进: an earlier talk is followed up by the next one; the latest is due in the
        weeks to come — or, for a few children, already overdue."""
        rng, today = self.rng, self.cal.today
        if nxt is not None:
            if rng.random() > 0.45 or (nxt - day).days < 8:
                return None
            return day + timedelta(days=rng.randint(7, (nxt - day).days))
        if self.past:  # the term is over: the holidays came instead
            return None
        if c.id in self.stale_follow_up and (today - day).days > 6:
            return day + timedelta(days=rng.randint(5, min(12, (today - day).days - 1)))
        if c.until < today or rng.random() > 0.8:
            return None
        due = day + timedelta(days=rng.randint(14, 35))
        return due if due > today else today + timedelta(days=rng.randint(2, 20))

    def topic(self, c: _Child, month: int, first: date, day: date, used: list[str]) -> _Topic:
        if c.id in self.family_trouble and month == max(0, len(self.cal.months()) - 2):
            return SENSITIVE_TALK
        exam_before = any(first <= e.on <= day for e in self.exams)
        traits = c.traits
        weights = {
            "any": 1.0,
            "first": 6.0 if month == 0 else 0.0,
            "exam": 5.0 if exam_before else 0.0,
            "cold": 3.0 if day.month in (11, 12, 1, 2) else 0.0,
            "festival": 4.0 if day.month == 10 or (day.month in (2, 3) and month == 0) else 0.0,
            "birthday": 5.0 if c.birth and c.birth.month == day.month else 0.0,
            "miss": 3.0 if "想" in traits or c.p == "爸爸妈妈" else 1.5,
            "quiet": 3.0 if any(k in traits for k in ("内向", "不合群", "矛盾", "胆小")) else 0.7,
            "restless": 3.0 if "注意力" in traits else 0.4,
            "phone": 3.0 if "手机" in traits else 0.6,
            "guardian": 2.0 if "倔强" in traits or "脾气" in traits else 0.8,
            "life": 2.0 if "自理" in traits else 1.0,
        }
        w = [weights[t.tag] * (0.05 if t.name in used else 1.0) for t in TOPICS]
        return self.rng.choices(TOPICS, w)[0]

    # -- 三沟通 ---------------------------------------------------------------------------------

    def contacts(self, c: _Child) -> None:
        cal, rng = self.cal, self.rng
        full = c.id in self.full_ids
        if not c.left_behind:
            if full and (c.away or c.home) and rng.random() < 0.35:
                role, name = (c.away or c.home)[0]
                day = cal.between(cal.start, c.until)
                self.w.add(
                    "contact",
                    c.id,
                    {
                        "date": day.isoformat(),
                        "party": "与外出父母" if c.away else "与在家监护人",
                        "with_whom": f"{role} {name}",
                        "channel": rng.choice(("电话", "微信", "面谈")),
                        "content": self.fill(OTHER_PARENT_TALK, c, day),
                    },
                )
            return
        quiet_since = cal.today - timedelta(days=42)
        for first, last in cal.months():
            if first > c.until:
                break
            last = min(last, c.until)
            if c.away and rng.random() < (0.85 if full else 0.7):
                day = cal.between(first, last)
                quiet = c.id in self.quiet_parents
                if not (quiet and day > quiet_since):
                    self.parent_contact(c, day, quiet, full)
            if c.guardian and rng.random() < (0.75 if full else 0.55):
                self.guardian_contact(c, cal.between(first, last), full)
            if full and rng.random() < 0.12:
                day = cal.school_day(cal.between(first, last))
                if day <= c.until:
                    self.w.add(
                        "contact",
                        c.id,
                        {
                            "date": day.isoformat(),
                            "party": "与孩子",
                            "with_whom": c.name,
                            "channel": "面谈",
                            "content": self.fill(CHILD_TALK, c, day),
                        },
                    )

    def parent_contact(self, c: _Child, day: date, quiet: bool, full: bool) -> None:
        rng = self.rng
        role, name = rng.choice(c.away)
        who = f"孩子{role}"
        fits = [(ch, t) for when, ch, t in PARENT_TALK if self.cal.fits(when, day)]
        channels, talk = rng.choice(fits)
        channel = rng.choice(channels)
        content = self.fill(talk, c, day, who=who)
        outcome = self.fill(PARENT_OUTCOME, c, day, who=who)
        exams = [(i, e) for i, e in enumerate(self.exams) if e.on >= self.cal.start and e.on <= day]
        if quiet:
            content = self.fill(QUIET_PARENT, c, day, who=who)
            outcome = f"{who}答应以后多打电话，但之后仍很少联系。"
            channel = "电话"
        elif full and exams and (day - exams[-1][1].on).days < 12:
            i, exam = exams[-1]
            now = self.scores.get((i, c.id), {}).get(c.weak)
            before = self.scores.get((i - 1, c.id), {}).get(c.weak) if i else None
            if now is not None:
                trend = "和上次差不多"
                if before is not None and abs(now - before) >= 3:
                    trend = f"比上次{'提高' if now > before else '下降'}了{abs(now - before)}分"
                content = self.fill(
                    rng.choice(PARENT_EXAM),
                    c,
                    day,
                    who=who,
                    exam=exam.title,
                    score=now,
                    trend=trend,
                )
                channel = rng.choice(("电话", "微信"))
        self.w.add(
            "contact",
            c.id,
            {
                "date": day.isoformat(),
                "party": "与外出父母",
                "with_whom": f"{role} {name}",
                "channel": channel,
                "content": content,
                "outcome": outcome,
            },
        )

    def guardian_contact(self, c: _Child, day: date, full: bool) -> None:
        rng = self.rng
        assert c.guardian is not None
        relation, name = c.guardian
        values = {
            "date": day.isoformat(),
            "party": "与在家监护人",
            "with_whom": f"{relation} {name}",
        }
        if full and rng.random() < 0.06 and day.weekday() < 5:
            content, outcome, response = SERIOUS[rng.randrange(len(SERIOUS))]
            values.update(
                channel="电话",
                content=self.fill(content, c, day),
                outcome=self.fill(outcome, c, day),
                serious="是",
                parents_informed="是" if c.away else "",
                response=self.fill(response, c, day) if c.away else "",
            )
        else:
            channel, talk = rng.choice(GUARDIAN_TALK)
            values.update(
                channel=channel,
                content=self.fill(talk, c, day),
                outcome=self.fill(GUARDIAN_OUTCOME, c, day),
            )
        rid = self.w.add("contact", c.id, values)
        if full:
            self.guardian_contacts.append(rid)

    # -- 亲情电话 -------------------------------------------------------------------------------

    def family_calls(self, c: _Child) -> None:
        """The school's 亲情电话 / 视频, on Wednesday or Friday afternoons."""
        if not c.away:
            return
        cal, rng = self.cal, self.rng
        quiet_since = cal.today - timedelta(days=42)
        roles = sorted({r for r, _ in c.away})
        for first, last in cal.months():
            for chance in (0.85, 0.45):
                if rng.random() > chance:
                    continue
                day = cal.between(first, min(last, c.until))
                while day.weekday() not in (2, 4) and day > first:
                    day -= timedelta(days=1)
                if day > c.until or (c.id in self.quiet_parents and day > quiet_since):
                    continue
                both = len(roles) == 2 and rng.random() < 0.3
                parent = "父母" if both else rng.choice(roles)
                word = {"父亲": "爸爸", "母亲": "妈妈", "父母": "爸爸妈妈"}[parent]
                self.w.add(
                    "family_call",
                    c.id,
                    {
                        "date": day.isoformat(),
                        "parent": parent,
                        "mode": "视频" if rng.random() < 0.6 else "电话",
                        "minutes": str(rng.randint(5, 25)),
                        "child_state": self.fill(CALL_STATE, c, day, p=word),
                    },
                )

    # -- 家访 -----------------------------------------------------------------------------------

    def home_visits(self) -> None:
        """About half of the left-behind children, the poorest first; mostly on a Saturday."""
        cal, rng, head = self.cal, self.rng, self.w.head
        for c in self.lb:
            if not (rng.random() < 0.5 or c.hardship >= 3):
                continue
            day = min(cal.between(cal.start + timedelta(days=5), c.until), c.until)
            if day.weekday() < 5 and rng.random() < 0.7:
                saturday = day + timedelta(days=5 - day.weekday())
                day = saturday if saturday <= c.until else day
            nxt = cal.school_end - timedelta(days=rng.randint(10, 20))
            self.w.add(
                "home_visit",
                c.id,
                {
                    "date": day.isoformat(),
                    "visitors": head if c.teacher == head else f"{head}、{c.teacher}",
                    "met": f"{c.guardian[0].split('/')[0]}、孩子" if c.guardian else "孩子、邻居",
                    "living": self.fill(LIVING, c, day),
                    "child_at_home": self.fill(AT_HOME, c, day),
                    "feedback": self.fill(VISIT_FEEDBACK, c, day),
                    "change": self.fill(VISIT_CHANGE, c, day)
                    if rng.random() < 0.6
                    else "本学期第一次家访。",
                    "next_plan": self.fill(VISIT_NEXT, c, day),
                    "next_visit": nxt.isoformat() if nxt > cal.today and rng.random() < 0.6 else "",
                },
            )

    # -- 一对一帮扶 ------------------------------------------------------------------------------
