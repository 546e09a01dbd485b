"""Two-step start-up: the roster read with the standard library equals the SQLAlchemy one, the
first step loads no SQLAlchemy, and the window becomes whole once the archive is attached."""

from __future__ import annotations

import subprocess
import sys

from liushou_desk.db.first_paint import read_roster_facts
from liushou_desk.db.schema import open_archive
from liushou_desk.services import roster, status
from liushou_desk.services.roster_rows import build_rows

from .conftest import TODAY
from .ui_helpers import ScriptedPrompts, add_known_pupil


def orm_roster(archive, today):  # type: ignore[no-untyped-def]
    """The roster as the ORM reads it — pupils, parents and guardians as objects: the oracle
    the plain-SQL reading (first paint and list_roster alike) must agree with."""
    from sqlalchemy import select
    from sqlalchemy.orm import selectinload

    from liushou_desk.db.models import Pupil
    from liushou_desk.services.roster_rows import GuardianFacts, PupilFacts
    from liushou_desk.services.status import parent_facts

    facts = []
    with archive.transaction() as s:
        stmt = (
            select(Pupil)
            .where(Pupil.deleted_at.is_(None))
            .options(selectinload(Pupil.parents), selectinload(Pupil.guardians))
        )
        for p in s.scalars(stmt):
            g = p.guardians[0] if p.guardians else None
            facts.append(
                PupilFacts(
                    id=p.id,
                    name=p.name,
                    search_keys=p.search_keys,
                    sex=p.sex,
                    birth_date=p.birth_date,
                    student_number=p.student_number,
                    village=p.village,
                    boarding=p.boarding,
                    health_physical=p.health_physical,
                    health_mental=p.health_mental,
                    enrolment=p.enrolment,
                    left_on=p.left_on,
                    computed_kind=p.computed_kind,
                    override_kind=p.override_kind,
                    parents=parent_facts(p),
                    first_guardian=GuardianFacts(g.relation, g.name, g.phone) if g else None,
                    focus=p.focus_since is not None,
                )
            )
    return build_rows(facts, today)


def test_first_paint_rows_equal_the_full_roster(demo_db):
    archive = open_archive(demo_db)
    add_known_pupil(archive, "张冬月")
    status.set_override(archive, roster.list_roster(archive, TODAY)[5].id, "父亲外出", "测试理由")
    full = orm_roster(archive, TODAY)
    assert roster.list_roster(archive, TODAY) == full  # the open archive's reading
    archive.close()
    quick = build_rows(read_roster_facts(demo_db), TODAY)
    assert quick == full
    assert any(not r.is_active for r in quick) and any("人工认定" in r.flags for r in quick)


def test_the_first_step_loads_no_sqlalchemy():
    code = (
        "import sys\n"
        "import liushou_desk.cli, liushou_desk.ui.app, liushou_desk.ui.main_window\n"
        "import liushou_desk.db.first_paint, liushou_desk.db.schema\n"
        "import liushou_desk.services.roster_rows\n"
        "heavy = [m for m in ('sqlalchemy', 'alembic', 'pypinyin', 'phonenumbers') "
        "if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_window_opens_on_due_and_reads_the_roster_when_it_is_shown(qtbot, demo_db):
    """Issue 20: start-up does what the first screen needs. The window opens on 待办; the
    roster is read the first time it is shown (or a child is asked for), through the open
    archive, and the archive's changes before that cost no reading."""
    from liushou_desk.ui.main_window import MainWindow
    from liushou_desk.ui.roster_model import COLUMNS

    window = MainWindow(today=lambda: TODAY, prompts=ScriptedPrompts())
    qtbot.addWidget(window)
    window.show()
    tab = window.roster_tab
    assert window.tabs.currentWidget() is window.due_slot
    assert window.profile_slot.waiting.text() == "正在打开档案…"

    archive = open_archive(demo_db)
    with qtbot.waitSignal(window.ready, timeout=5000):
        window.attach(archive)
    window.runner.wait_idle()
    assert tab.waiting() and tab.model.rowCount() == 0  # not read: not shown
    assert tab.model.contacts == {}  # nor its 上次谈心 / 通话 / 家访
    window.reload_roster()  # a change before it was shown: still nothing read
    assert tab.waiting()
    window.tabs.setCurrentWidget(tab)
    active = [r for r in roster.list_roster(archive, TODAY) if r.is_active]
    assert not tab.waiting() and tab.model.rowCount() == len(active)
    window.runner.wait_idle()  # the last contacts, read off the GUI thread once shown
    talked = next(pid for pid, days in tab.model.contacts.items() if days[0] is not None)
    row = next(i for i, r in enumerate(tab.model.rows) if r.id == talked)
    column = [c.key for c in COLUMNS].index("last_talk")
    assert tab.model.index(row, column).data()  # 上次谈心 shown
    assert tab.add_button.isEnabled()
    qtbot.keyClicks(tab.search, "zh")
    assert tab.visible_names()
    window.roster_tab.select_pupil(tab.model.rows[0].id)
    assert window.profile_tab.pupil_id == tab.current_pupil_id() != 0
    assert window.windowTitle().startswith("留守儿童关爱档案 — 青山镇中心小学")


def test_a_child_asked_for_before_the_roster_is_shown_is_found(qtbot, demo_db):
    """From 待办 a double-click picks a child: the roster is read then, not before."""
    from liushou_desk.ui.main_window import MainWindow

    archive = open_archive(demo_db)
    window = MainWindow(archive, today=lambda: TODAY, prompts=ScriptedPrompts())
    qtbot.addWidget(window)
    window.show()
    gone = next(r for r in roster.list_roster(archive, TODAY) if not r.is_active)
    assert window.roster_tab.waiting()
    window.select_pupil(gone.id)  # a child who left, asked for by id
    assert window.current_pupil == gone.id and not window.roster_tab.waiting()
