"""示例记录 · 一对一帮扶: the demo term's help plans and checks, grades, progress and bright spots,
四个优先, individual education plans and aid (a part of demo.records._Term)."""

from __future__ import annotations

from datetime import date, timedelta

from liushou_desk.demo.records_text import (
    BRIGHT,
    CHECK_EFFECT,
    COUNSELLOR,
    HELPER_BRIGHT,
    PLAN_CONTENT,
    PLAN_GOALS,
    PRIORITY_ACTIVITIES,
    PRIORITY_LIFE,
    PRIORITY_SAFETY,
    PRIORITY_STUDY,
    PROGRESS,
)
from liushou_desk.demo.term_base import (
    _Child,
    _TermBase,
)


class _Plans(_TermBase):
    """Help plans, grades, progress, priorities, IEPs and aid."""

    def help_plans(self, must: set[int]) -> None:
        """A plan for most left-behind children, checked every three to four weeks; the latest
        check sets the next one (a couple are overdue)."""
        cal, rng = self.cal, self.rng
        plans: list[tuple[_Child, date, list[date]]] = []
        for c in self.lb:
            if c.id not in must and rng.random() > 0.85:
                continue
            start = cal.by(7, 11)
            if start > c.until:
                continue
            checks: list[date] = []
            day = start
            while len(checks) < 3:
                day += timedelta(days=rng.randint(21, 30))
                if day > c.until:
                    break
                day = cal.school_day(day)
                checks.append(day)
            if not checks and start < c.until:
                checks.append(c.until)
            plans.append((c, start, checks))
        late = [c.id for c, _, checks in plans if checks and (cal.today - checks[-1]).days >= 10]
        overdue = set(rng.sample(late, min(2, len(late)))) if not self.past else set()
        for c, start, checks in plans:
            content = rng.sample(PLAN_CONTENT, 2)
            first_check = checks[0] if checks else start + timedelta(days=28)
            pid = self.w.add(
                "help_plan",
                c.id,
                {
                    "date": start.isoformat(),
                    "end": cal.school_end.isoformat(),
                    "teacher": c.teacher,
                    "peer": c.peer,
                    "content": "\n".join(self.fill(x, c, start) for x in content),
                    "goals": self.fill(PLAN_GOALS, c, start),
                    "next_check": first_check.isoformat(),
                },
            )
            self.plan_ids.append(pid)
            for k, day in enumerate(checks):
                nxt: date | None
                if k + 1 < len(checks):
                    nxt = checks[k + 1]
                elif self.past:  # the plan ended with the term
                    nxt = None
                elif c.id in overdue and (cal.today - day).days >= 10:
                    nxt = day + timedelta(days=rng.randint(7, (cal.today - day).days - 2))
                else:
                    nxt = day + timedelta(days=rng.randint(21, 30))
                    if nxt <= cal.today:
                        nxt = cal.today + timedelta(days=rng.randint(3, 28))
                low = rng.randint(55, 72)
                effect = self.fill(CHECK_EFFECT, c, day, low=low, high=low + rng.randint(5, 14))
                self.w.add(
                    "plan_check",
                    c.id,
                    {
                        "date": day.isoformat(),
                        "effect": effect,
                        "next_check": nxt.isoformat() if nxt else "",
                    },
                    parent=pid,
                )

    # -- 成绩 -----------------------------------------------------------------------------------

    def grades(self) -> None:
        """The scores drawn above; one 数学 score was first typed with its digits swapped."""
        for i, exam in enumerate(self.exams):
            for c in self.full:
                scores = self.scores.get((i, c.id))
                if scores is None:
                    continue
                typed = {s: str(v) for s, v in scores.items()}
                right = scores.get("数学", 0)
                swapped = right % 10 * 10 + right // 10
                typo = self.typo is None and 20 <= right < 100 and swapped not in (right, 0)
                if typo:
                    typed["数学"] = str(swapped)
                rid = self.w.add(
                    "grade", c.id, {"date": exam.on.isoformat(), "exam": exam.name}, scores=typed
                )
                if typo:
                    self.typo = (rid, str(right))

    # -- 进步档案, 闪光点 ------------------------------------------------------------------------

    def progress_and_bright_spots(self) -> None:
        cal, rng = self.cal, self.rng
        helped = {c.peer: c.name for c in self.lb if c.peer}
        last = len(self.exams) - 1
        for c in self.full:
            now, before = self.scores.get((last, c.id)), self.scores.get((last - 1, c.id))
            if c.left_behind and now and before:
                gain, subject = max((now[s] - before[s], s) for s in now if s in before)
                if gain >= 6:
                    exam = self.exams[last]
                    day = min(exam.on + timedelta(days=rng.randint(2, 6)), c.until)
                    text = (
                        f"{exam.title}{subject}{now[subject]}分，"
                        f"比{self.exams[last - 1].title}提高了{gain}分。"
                    )
                    self.w.add("progress", c.id, {"date": day.isoformat(), "content": text})
            if c.left_behind and rng.random() < 0.4:
                day = min(cal.between(cal.start + timedelta(days=20), c.until), c.until)
                text = self.fill(PROGRESS, c, day)
                self.w.add("progress", c.id, {"date": day.isoformat(), "content": text})
            for _ in range(rng.choice((0, 1, 1, 1, 2))):
                day = cal.between(cal.start, c.until)
                text = self.fill(BRIGHT, c, day)
                if c.name in helped and rng.random() < 0.5:
                    text = self.fill(HELPER_BRIGHT, c, day, friend=helped[c.name])
                self.w.add("bright_spot", c.id, {"date": day.isoformat(), "content": text})

    # -- 四个优先 -------------------------------------------------------------------------------

    def priorities(self) -> None:
        rng = self.rng
        for c in self.lb:
            if rng.random() > 0.4:
                continue
            day = min(self.cal.by(4, 8), c.until)
            life = PRIORITY_LIFE if c.boarding else (PRIORITY_LIFE[0], PRIORITY_LIFE[2])
            self.w.add(
                "priorities",
                c.id,
                {
                    "date": day.isoformat(),
                    "safety": self.fill(PRIORITY_SAFETY, c, day),
                    "study": self.fill(PRIORITY_STUDY, c, day),
                    "life": self.fill(life, c, day),
                    "activities": self.fill(PRIORITY_ACTIVITIES, c, day),
                },
            )

    # -- 个别教育管理方案 ------------------------------------------------------------------------

    def ieps(self, open_: _Child | None, closed: _Child | None) -> None:
        """Two plans, sensitive by default: one open after a sharp fall in grades (with a
        回访 and the next one to come), one closed earlier in the term."""
        cal, rng, head = self.cal, self.rng, self.w.head
        if open_ is not None:
            c = open_
            i = len(self.exams) - 1
            now, before = self.scores.get((i, c.id), {}), self.scores.get((i - 1, c.id), {})
            falls = sorted(((before[s] - now[s], s) for s in now if s in before), reverse=True)
            if falls and falls[0][0] >= 10 and self.exams[i].on >= cal.start:
                subject, category = falls[0][1], "成绩骤降"
                problem = (
                    f"{self.exams[i].title}{subject}由{before[subject]}分降到{now[subject]}分，"
                    f"其他科目也有下滑；近一个月上课常走神，作业多次未交。"
                    f"据了解，孩子{c.parents_word}近两个月很少和孩子联系。"
                )
                day = min(self.exams[i].on + timedelta(days=rng.randint(3, 5)), cal.today)
            else:
                subject, category = c.weak, "心理障碍"
                problem = "近一个月情绪持续低落，常一个人发呆，说“没人管我”，作业多次未交。"
                day = cal.between(cal.today - timedelta(days=20), cal.today)
            review = min(day + timedelta(days=rng.randint(6, 9)), cal.today)
            plan = (
                f"1. 班主任每周谈心一次，了解思想动态；2. {c.teacher}老师每天课后辅导"
                f"{subject}20分钟；3. 与孩子{c.parents_word}电话沟通，约定每周视频一次；"
                f"4. 请{c.g}每晚检查作业；5. {COUNSELLOR}老师做一次心理辅导；6. 两周后回访。"
            )
            responsible = head if c.teacher == head else f"{head}、{c.teacher}"
            iep = self.w.add(
                "iep",
                c.id,
                {
                    "date": day.isoformat(),
                    "category": category,
                    "problem": problem,
                    "plan": plan,
                    "responsible": responsible,
                    "next_review": review.isoformat(),
                },
            )
            text = (
                "谈心两次，{pron}说{p}很久没打电话，心里难过。已电话联系{parents}，"
                "{parents}答应以后每周视频一次。作业能按时交了，上课仍有走神，继续观察。"
            )
            self.w.add(
                "iep_review",
                c.id,
                {
                    "date": review.isoformat(),
                    "content": self.fill(text, c, review),
                    "next_review": (review + timedelta(days=14)).isoformat(),
                },
                parent=iep,
            )
        if closed is not None:
            c = closed
            day = cal.by(8, 7)
            end = min(day + timedelta(days=rng.randint(38, 50)), cal.today)
            review = min(day + timedelta(days=rng.randint(14, 20)), end)
            iep = self.w.add(
                "iep",
                c.id,
                {
                    "date": day.isoformat(),
                    "category": "品德偏差",
                    "problem": "开学后两次拿同学的文具和零花钱，被发现后说谎；"
                    f"在家常向{c.g}要钱买零食。",
                    "plan": "私下谈话，不公开批评，保护自尊；与监护人商定零花钱怎么管；"
                    "安排担任班级物品管理员，培养责任感；每两周回访一次。",
                    "responsible": head,
                    "next_review": review.isoformat(),
                    "closed_on": end.isoformat(),
                },
            )
            texts = (
                (review, "{pron}主动归还了同学的笔，物品管理员做得很认真；{g}说在家要钱少了。"),
                (end, "一个多月未再发生类似情况，同学关系改善，{g}也满意，予以结案。"),
            )
            for when, text in texts if end > review else texts[1:]:
                self.w.add(
                    "iep_review",
                    c.id,
                    {"date": when.isoformat(), "content": self.fill(text, c, when)},
                    parent=iep,
                )

    # -- 资助 -----------------------------------------------------------------------------------

    def aid(self) -> None:
        """The poorest left-behind families: the county's living subsidy, and for some a
        donation or winter clothes."""
        cal, rng = self.cal, self.rng
        pool = sorted(self.lb, key=lambda c: (-c.hardship, rng.random()))
        for c in pool[: max(2, round(len(self.lb) * 0.15))]:
            day = min(cal.by(20, 10), c.until)
            amount = "625" if c.boarding else "500"
            self.w.add(
                "aid",
                c.id,
                {
                    "date": day.isoformat(),
                    "source": "县学生资助管理中心",
                    "aid_kind": "生活补助",
                    "amount": amount,
                },
            )
            if rng.random() > 0.6:
                continue
            later = min(cal.between(cal.start + timedelta(days=45), c.until), c.until)
            if rng.random() < 0.5:
                values = {
                    "source": "镇关工委“冬日暖童心”活动",
                    "aid_kind": "物品",
                    "items": rng.choice(("冬衣一套、棉鞋一双", "书包一个、文具一套")),
                }
            else:
                values = {
                    "source": "学校开学爱心募捐",
                    "aid_kind": "爱心捐款",
                    "amount": str(rng.choice((200, 300))),
                }
            self.w.add("aid", c.id, {"date": later.isoformat(), **values})

    # -- 活动 and 会议 ---------------------------------------------------------------------------
