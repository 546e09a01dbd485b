"""Schema migrations: every released schema's fixture opens at head with every value intact;
the upgrade machinery backs up first and a failed migration leaves the file as it was."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from liushou_desk.db import migrate, schema
from liushou_desk.db.schema import ArchiveOpenError, open_archive

FIXTURES = Path(__file__).parent / "fixtures"
MIGRATIONS = Path(migrate.__file__).with_name("migrations")
TODAY_0005 = date(2026, 11, 23)  # the day the 0005 fixture was written


def dump(path: Path) -> dict[str, list[dict]]:
    """Every row of every table of ours, in a stable order."""
    con = sqlite3.connect(path)
    try:
        tables = [
            r[0]
            for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
                "AND name != 'alembic_version' ORDER BY name"
            )
        ]
        out = {}
        for t in tables:
            cols = [r[1] for r in con.execute(f'PRAGMA table_info("{t}")')]
            out[t] = [
                dict(zip(cols, row, strict=True))
                for row in con.execute(f'SELECT * FROM "{t}" ORDER BY rowid')
            ]
        return out
    finally:
        con.close()


def as_before(after: dict[str, list[dict]], before: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """``after`` cut to what ``before`` had: its tables and their columns (a later revision adds
    columns and tables, empty)."""
    return {
        t: [{k: row[k] for k in rows[0]} for row in after[t]] if rows else after[t]
        for t, rows in before.items()
    }


@pytest.mark.parametrize("fixture", sorted(FIXTURES.glob("archive-*.sqlite")), ids=lambda p: p.stem)
def test_every_released_schema_opens_with_all_values_intact(fixture: Path, tmp_path: Path):
    path = tmp_path / fixture.name
    shutil.copyfile(fixture, path)
    before = dump(path)
    assert before["pupils"], "the fixture holds pupils"
    archive = open_archive(path, backups=tmp_path / "backups")
    archive.close()
    after = dump(path)
    for table, rows in before.items():
        assert len(after[table]) == len(rows), table
        for old, new in zip(rows, after[table], strict=True):
            kept = _parsed(table, {k: new[k] for k in old})
            assert kept == _as_coded(table, old), table  # every old column, every value
    names = [r["name"] for r in after["pupils"]]
    assert "吴𬌗" in names and "欧阳䶮" in names


def _codes_migration():  # type: ignore[no-untyped-def]
    """0006's own word → code tables, as released."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "codes_0006", MIGRATIONS / "versions" / "0006_codes.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


CODES = _codes_migration()


def _parsed(table: str, row: dict) -> dict:
    import json

    if table == "records" and row.get("data"):
        return {**row, "data": json.loads(row["data"])}
    return row


def _as_coded(table: str, row: dict) -> dict:
    """A row written before 0006 as 0006 leaves it: status words as codes, built-in meeting and
    activity kinds carrying their rule's code; nothing else changed."""
    import json

    out = dict(row)
    for t, column, mapping in CODES.COLUMNS:
        if t == table and column in out and out[column] in mapping:
            out[column] = mapping[out[column]]
    if table == "records" and out.get("data"):
        data = json.loads(out["data"])
        for kind, field, word, code in CODES.RULES:
            if out["kind"] == kind and data.get("values", {}).get(field) == word:
                data["rule"] = code
        out["data"] = data
    return out


def test_fixture_exists_for_the_current_head():
    assert (FIXTURES / f"archive-{schema.HEAD_REVISION}.sqlite").exists(), (
        "a new schema revision ships with its fixture: run tests/fixtures/make_fixtures.py"
    )


TEST_REVISION = '''
"""test only: add a column and a table"""
import sqlalchemy as sa
from alembic import op

revision = "9001"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("talks", sa.Column("id", sa.Integer, primary_key=True))
    with op.batch_alter_table("pupils") as batch:
        batch.add_column(sa.Column("nickname", sa.String(20), nullable=False, server_default=""))
    {tail}


def downgrade() -> None:
    pass
'''


HEAD = schema.HEAD_REVISION


@pytest.fixture
def scripts_with_test_revision(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A copy of the app's migrations plus a test revision 9001 on top, made the app's head."""

    def make(tail: str) -> Path:
        folder = tmp_path / "migrations"
        shutil.copytree(MIGRATIONS, folder, ignore=shutil.ignore_patterns("__pycache__"))
        (folder / "versions" / "9001_test.py").write_text(
            TEST_REVISION.replace("{tail}", tail).replace("{head}", HEAD), encoding="utf-8"
        )
        monkeypatch.setattr(migrate, "MIGRATIONS", folder)
        monkeypatch.setattr(schema, "KNOWN_REVISIONS", (*schema.KNOWN_REVISIONS, "9001"))
        monkeypatch.setattr(schema, "HEAD_REVISION", "9001")
        return folder

    return make


def _old_archive(tmp_path: Path) -> Path:
    """An archive written at the app's real head, which the test revision finds behind."""
    path = tmp_path / "class.sqlite"
    shutil.copyfile(FIXTURES / f"archive-{HEAD}.sqlite", path)
    return path


def test_an_archive_behind_is_backed_up_then_upgraded(tmp_path, scripts_with_test_revision):
    scripts_with_test_revision("pass")
    path = _old_archive(tmp_path)
    before = dump(path)
    archive = open_archive(path, backups=tmp_path / "backups")
    archive.close()
    after = dump(path)
    assert "talks" in after
    assert all(r["nickname"] == "" for r in after["pupils"])
    assert [
        {k: r[k] for k in old} for r, old in zip(after["pupils"], before["pupils"], strict=True)
    ] == before["pupils"]
    (backup,) = (tmp_path / "backups").iterdir()
    assert backup.name.startswith(f"class.before-upgrade-{HEAD}-")
    assert dump(backup) == before
    assert schema.probe_revision(path) == "9001"


def test_a_failed_migration_leaves_the_archive_exactly_as_it_was(
    tmp_path, scripts_with_test_revision
):
    scripts_with_test_revision('raise RuntimeError("磁盘已满")')
    path = _old_archive(tmp_path)
    before = dump(path)
    for attempt in range(2):  # failing again keeps the earlier backups
        with pytest.raises(ArchiveOpenError, match=r"升级档案“class\.sqlite”失败"):
            open_archive(path, backups=tmp_path / "backups")
        assert dump(path) == before  # no half-made table, no extra column
        assert schema.probe_revision(path) == HEAD
        con = sqlite3.connect(path)
        leftovers = [
            r[0]
            for r in con.execute(
                "SELECT name FROM sqlite_master WHERE name LIKE '_alembic_tmp_%' OR name='talks'"
            )
        ]
        con.close()
        assert leftovers == []
        assert len(list((tmp_path / "backups").iterdir())) == attempt + 1


def _upgrade_with_failure_at(path: Path, k: int, monkeypatch: pytest.MonkeyPatch) -> int:
    """Open (and so upgrade) ``path`` with a fault injected at the k-th SQL statement the
    upgrade runs (0: no fault). Returns how many statements ran."""
    from sqlalchemy import event

    from liushou_desk.db import engine as engine_module

    real = engine_module.make_engine
    ran = [0]

    def failing_engine(p: Path):
        e = real(p)

        @event.listens_for(e, "before_cursor_execute")
        def _count(conn, cursor, statement, parameters, context, executemany):
            ran[0] += 1
            if ran[0] == k:
                raise RuntimeError(f"注入故障：第 {k} 条语句 {statement[:40]}")

        return e

    monkeypatch.setattr(engine_module, "make_engine", failing_engine)
    try:
        open_archive(path, backups=path.parent / "backups").close()
    finally:
        monkeypatch.setattr(engine_module, "make_engine", real)
    return ran[0]


def test_a_fault_after_any_statement_of_the_real_migrations_changes_nothing(tmp_path, monkeypatch):
    """From the oldest fixture to head, a failure injected at every single statement."""
    oldest = sorted(FIXTURES.glob("archive-*.sqlite"))[0]
    clean = tmp_path / "clean.sqlite"
    shutil.copyfile(oldest, clean)
    total = _upgrade_with_failure_at(clean, 0, monkeypatch)
    assert schema.probe_revision(clean) == HEAD
    assert total > 3
    before = dump(oldest)
    revision = schema.probe_revision(oldest)
    for k in range(1, total):
        path = tmp_path / f"k{k}" / "class.sqlite"
        path.parent.mkdir()
        shutil.copyfile(oldest, path)
        try:
            _upgrade_with_failure_at(path, k, monkeypatch)
        except ArchiveOpenError:
            assert schema.probe_revision(path) == revision, k
            assert dump(path) == before, k
            con = sqlite3.connect(path)
            leftovers = con.execute(
                "SELECT name FROM sqlite_master WHERE name LIKE '_alembic_tmp_%'"
            ).fetchall()
            con.close()
            assert leftovers == [], k
            assert list((path.parent / "backups").iterdir()), "the backup stays"
        except RuntimeError:  # the fault hit the check after a finished, committed upgrade
            assert schema.probe_revision(path) == HEAD, k


def test_0006_stores_codes_and_the_screen_shows_the_same_words(tmp_path: Path):
    """The archive of 0005 (words in the status columns, the 集体生日 found by its word) upgrades
    to codes in the file; read through the app every word is what it was, and the 待办 rules
    find the built-in kinds by code."""
    import json

    from liushou_desk.services import profile, roster

    path = tmp_path / "class.sqlite"
    shutil.copyfile(FIXTURES / "archive-0005.sqlite", path)
    con = sqlite3.connect(path)
    words_before = con.execute(
        "SELECT id, sex, enrolment, computed_kind FROM pupils ORDER BY id"
    ).fetchall()
    guardians_before = con.execute(
        "SELECT pupil_id, relation, health, literacy, capacity FROM guardians ORDER BY id"
    ).fetchall()
    con.close()
    assert {w[1] for w in words_before} >= {"男", "女"}

    archive = open_archive(path, backups=tmp_path / "backups")
    try:
        rows = {r.id: r for r in roster.list_roster(archive, TODAY_0005)}
        for pid, sex, enrolment, _kind in words_before:
            if pid in rows:
                assert rows[pid].sex == sex and rows[pid].enrolment == enrolment
        drafts = {pid: profile.load_profile(archive, pid, TODAY_0005).draft for pid in rows}
        shown = sorted(
            (pid, g.relation, g.health, g.literacy, g.capacity)
            for pid, d in drafts.items()
            for g in d.guardians
        )
        assert shown == sorted(g for g in guardians_before if g[0] in rows)
    finally:
        archive.close()

    con = sqlite3.connect(path)
    try:
        assert {r[0] for r in con.execute("SELECT sex FROM pupils")} <= {"male", "female", ""}
        assert {r[0] for r in con.execute("SELECT role FROM parents")} == {"father", "mother"}
        kinds = {r[0] for r in con.execute("SELECT computed_kind FROM pupils")}
        assert kinds <= {"not", "both_away", "father_away", "mother_away"}
        relations = {r[0] for r in con.execute("SELECT relation FROM guardians")}
        assert relations and all(r.isascii() for r in relations)
        birthdays = [
            json.loads(d)
            for (d,) in con.execute("SELECT data FROM records WHERE kind = 'activity'")
        ]
        marked = [b for b in birthdays if b["values"].get("activity_kind") == "集体生日"]
        assert marked and all(b["rule"] == "collective_birthday" for b in marked)
        assert all("rule" not in b for b in birthdays if b not in marked)
    finally:
        con.close()


# --- 0007: one 身份证号, one 学籍号 per pupil ---------------------------------------------


def _indexes(path: Path) -> set[str]:
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        return {
            r[0]
            for r in con.execute("SELECT name FROM sqlite_master WHERE name LIKE 'uq_pupils_%'")
        }
    finally:
        con.close()


def test_0007_guards_the_numbers_of_a_0006_archive_with_every_value_intact(tmp_path: Path):
    from liushou_desk.db.models import Pupil
    from liushou_desk.db.unique_ids import DuplicateIdError
    from liushou_desk.services import duplicate_ids

    path = tmp_path / "class.sqlite"
    shutil.copyfile(FIXTURES / "archive-0006.sqlite", path)
    before = dump(path)
    archive = open_archive(path, backups=tmp_path / "backups")
    try:
        assert duplicate_ids.find_duplicates(archive) == []
        assert duplicate_ids.recorded(archive) == []
        with pytest.raises(DuplicateIdError) as refused, archive.transaction() as s:
            pupil = s.get(Pupil, 4)
            assert pupil is not None
            pupil.id_number = "511725201512129017"  # 王喆's
        assert str(refused.value) == "该身份证号已属于 王喆，没有保存，档案保持原样。"
        assert [(e.field, e.message) for e in refused.value.errors] == [
            ("id_number", "该身份证号已属于 王喆")
        ]
    finally:
        archive.close()
    after = as_before(dump(path), before)
    assert {t: rows for t, rows in after.items() if t != "settings"} == {
        t: rows for t, rows in before.items() if t != "settings"
    }
    assert after["settings"] == before["settings"]  # no duplicates recorded
    assert _indexes(path) == {"uq_pupils_id_number", "uq_pupils_student_number"}
    assert schema.probe_revision(path) == schema.HEAD_REVISION  # 0007 and on


def _with_duplicates(tmp_path: Path) -> tuple[Path, int]:
    """The 0006 fixture with two 学籍号 held twice: a new pupil 杨坤 with 杨堃's (pupil 3), and
    the pupil in the 回收站 (15) with 赵文赟's (pupil 2). Returns the file and 杨坤's id."""
    path = tmp_path / "class.sqlite"
    shutil.copyfile(FIXTURES / "archive-0006.sqlite", path)
    con = sqlite3.connect(path)
    columns = [r[1] for r in con.execute("PRAGMA table_info(pupils)") if r[1] != "id"]
    chosen = ", ".join(
        {"name": "'杨坤'", "id_number": "''", "search_keys": "'yangkun'"}.get(c, c) for c in columns
    )
    cur = con.execute(
        f"INSERT INTO pupils ({', '.join(columns)}) SELECT {chosen} FROM pupils WHERE id = 3"
    )
    con.execute(
        "UPDATE pupils SET student_number = (SELECT student_number FROM pupils WHERE id = 2) "
        "WHERE id = 15"
    )
    con.commit()
    con.close()
    assert cur.lastrowid is not None
    return path, cur.lastrowid


def test_0007_upgrades_an_archive_with_duplicate_numbers_and_names_both_children(
    tmp_path: Path,
):
    from liushou_desk.ops.commands import archive_for_command
    from liushou_desk.services import duplicate_ids, profile

    path, twin = _with_duplicates(tmp_path)
    before = dump(path)
    archive = open_archive(path, backups=tmp_path / "backups")  # does not fail
    try:
        found = duplicate_ids.find_duplicates(archive)
        assert sorted((d.field, d.pupil_ids) for d in found) == [
            ("student_number", [2, 15]),
            ("student_number", [3, twin]),
        ]
        lines = sorted(duplicate_ids.describe(found))
        assert any("赵文赟、误录学生（在回收站中）" in line for line in lines)
        assert any("杨堃、杨坤" in line and "学籍号相同" in line for line in lines)
        assert sorted((r["field"], r["pupils"]) for r in duplicate_ids.recorded(archive)) == [
            ("student_number", [2, 15]),
            ("student_number", [3, twin]),
        ]
    finally:
        archive.close()
    after = as_before(dump(path), before)
    for table, rows in before.items():
        if table != "settings":
            assert after[table] == rows, table  # every value as it was
    assert _indexes(path) == {"uq_pupils_id_number"}  # the other one left out, not failed

    # the teacher puts them right: 杨坤's 学籍号 in the form, the one in the 回收站 by hand
    archive = open_archive(path)
    try:
        view = profile.load_profile(archive, twin, TODAY_0005)
        view.draft.student_number = "G511725201509251071"
        profile.save_profile(archive, twin, view.draft, TODAY_0005)
    finally:
        archive.close()
    con = sqlite3.connect(path)
    con.execute("UPDATE pupils SET student_number = '' WHERE id = 15")
    con.commit()
    con.close()
    with archive_for_command(path, writes=False, upgrade=False):
        pass
    assert _indexes(path) == {"uq_pupils_id_number"}  # a read-only command writes nothing
    archive = open_archive(path)  # the next opening makes the index
    try:
        assert duplicate_ids.find_duplicates(archive) == []
        assert duplicate_ids.recorded(archive) == []
    finally:
        archive.close()
    assert _indexes(path) == {"uq_pupils_id_number", "uq_pupils_student_number"}


def test_a_pupil_in_the_recycle_bin_keeps_her_number_and_comes_back(tmp_path: Path):
    from liushou_desk.domain.profile import ProfileDraft, ValidationFailed
    from liushou_desk.services import roster

    path = tmp_path / "class.sqlite"
    shutil.copyfile(FIXTURES / "archive-0006.sqlite", path)
    archive = open_archive(path, backups=tmp_path / "backups")
    try:
        roster.delete_pupil(archive, 2, "转学")
        with pytest.raises(ValidationFailed, match="在回收站中"):
            roster.add_pupil(
                archive,
                ProfileDraft(name="新同学", student_number="G511725201512180015"),
                TODAY_0005,
            )
        roster.restore_pupil(archive, 2)  # never meets a second holder
        assert 2 in {r.id for r in roster.list_roster(archive, TODAY_0005)}
    finally:
        archive.close()


def test_the_window_names_pupils_sharing_a_number_as_the_archive_opens(tmp_path: Path):
    """An archive brought over with two children on one 学籍号 opens, and the teacher is told
    which children share it; a sound archive says nothing."""
    from liushou_desk.ops.opening import Opening
    from liushou_desk.ops.questions import CommandAnswers

    told: list[list[str]] = []

    class Told(CommandAnswers):
        def numbers_shared(self, lines: list[str]) -> None:
            told.append(lines)

    path, _twin = _with_duplicates(tmp_path)
    archive = Opening(path, None, questions=Told()).open()
    archive.close()
    assert len(told) == 1 and any("杨堃、杨坤" in line for line in told[0])

    sound = tmp_path / "sound" / "class.sqlite"
    sound.parent.mkdir()
    shutil.copyfile(FIXTURES / "archive-0006.sqlite", sound)
    Opening(sound, None, questions=Told()).open().close()
    assert len(told) == 1


def test_check_names_pupils_sharing_a_number_and_keeps_the_archive_healthy(tmp_path: Path, capsys):
    from liushou_desk.cli import main

    path, _twin = _with_duplicates(tmp_path)
    open_archive(path, backups=tmp_path / "backups").close()  # upgraded, duplicates kept
    assert main(["check", "--db", str(path)]) == 0
    said = capsys.readouterr()
    assert "结论：正常" in said.out
    assert "注意：" in said.err and "杨堃、杨坤" in said.err


# --- 0008: reads bounded by the term --------------------------------------------------------

READ_TABLES = ("records", "record_participants", "archive_changes")


def _read_indexes(path: Path) -> dict[str, str]:
    """The indexes of the care records, who took part and the changes: name → SQL."""
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        marks = ", ".join("?" * len(READ_TABLES))
        return {
            name: " ".join((sql or "").split())
            for name, sql in con.execute(
                f"SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                f"AND tbl_name IN ({marks})",
                READ_TABLES,
            )
        }
    finally:
        con.close()


def test_0008_indexes_the_reads_of_a_0007_archive_with_every_value_intact(tmp_path: Path):
    from liushou_desk.services.due import due_items
    from liushou_desk.services.growth_card import growth_card
    from liushou_desk.services.records import list_records
    from liushou_desk.services.terms import current_term

    path = tmp_path / "class.sqlite"
    shutil.copyfile(FIXTURES / "archive-0007.sqlite", path)
    before = dump(path)
    assert "ix_records_deleted_at" in _read_indexes(path)
    archive = open_archive(path, backups=tmp_path / "backups")
    try:
        term = current_term(archive, TODAY_0005)
        joined = {r["record_id"] for r in before["record_participants"] if r["pupil_id"] == 1}
        mine = sorted(
            (r["occurred_on"], r["id"])
            for r in before["records"]
            if r["deleted_at"] is None and (r["pupil_id"] == 1 or r["id"] in joined)
        )
        in_term = [i for day, i in mine if term.start.isoformat() <= day <= term.end.isoformat()]
        assert len(in_term) >= 5 and len(mine) > len(in_term)
        assert [r.id for r in growth_card(archive, 1, term, TODAY_0005).records] == in_term
        assert [r.id for r in list_records(archive, 1)] == [i for _, i in reversed(mine)]
        assert due_items(archive, TODAY_0005)
    finally:
        archive.close()
    assert as_before(dump(path), before) == before  # indexes only: every row, every value
    assert schema.probe_revision(path) == schema.HEAD_REVISION
    made = tmp_path / "new.sqlite"
    open_archive(made).close()
    indexes = _read_indexes(path)
    assert indexes == _read_indexes(made)  # what a new archive gets, name for name
    assert "ix_records_deleted_at" not in indexes
    assert "ix_record_participants_pupil_id" not in indexes
    assert "ix_archive_changes_pupil_id" not in indexes
    assert indexes["ix_records_in_bin"].endswith("WHERE deleted_at IS NOT NULL")
    for name in (
        "ix_records_pupil_day",
        "ix_records_pupil_kind_day",
        "ix_records_pupil_party_day",
        "ix_records_kind_day",
    ):
        assert indexes[name].endswith("WHERE deleted_at IS NULL"), name


def test_0009_adds_the_national_forms_fields_to_a_0008_archive_with_every_value_intact(
    tmp_path: Path,
):
    """附件1's fields: a 0008 archive gains them empty (未填) — every old row and value as it was —
    and the upgraded archive keeps what the teacher fills in, each change in the history."""
    from liushou_desk.services import changes, profile

    path = tmp_path / "class.sqlite"
    shutil.copyfile(FIXTURES / "archive-0008.sqlite", path)
    before = dump(path)
    assert "grandparents" not in before
    archive = open_archive(path, backups=tmp_path / "backups")
    try:
        pid = before["pupils"][0]["id"]
        view = profile.load_profile(archive, pid, TODAY_0005)
        draft = view.draft
        assert (draft.hukou_registered, draft.schooling, draft.income_sources) == ("", "", "")
        assert [g.role for g in draft.grandparents] == ["祖父", "祖母", "外祖父", "外祖母"]
        assert all(g.empty for g in draft.grandparents)
        draft.hukou_registered, draft.schooling = "是", "小学"
        draft.income_sources = "种养殖业，打工收入"  # typed in any order, kept in the form's
        draft.grandparents[2].deceased = True
        draft.father.id_number = "511725198503120032"
        profile.save_profile(archive, pid, draft, TODAY_0005)
        again = profile.load_profile(archive, pid, TODAY_0005).draft
        assert (again.hukou_registered, again.schooling) == ("是", "小学")
        assert again.income_sources == "打工收入、种养殖业"
        assert again.grandparents[2].deceased and again.father.birth_date == "1985-03-12"
        labels = {c.label for c in changes.list_changes(archive, pid)}
        assert {"是否登记户口", "就学情况", "家庭经济来源", "外祖父已故", "父亲身份证号"} <= labels
    finally:
        archive.close()
    after = dump(path)
    kept = as_before(after, before)
    for table, rows in before.items():  # every old column of every old row, as it was
        if table == "settings":  # the 操作日志's head moves on with the log
            continue
        if table == "pupils":  # one pupil saved: her updated_at only
            rows = [{**r, "updated_at": None} for r in rows]
            kept[table] = [{**r, "updated_at": None} for r in kept[table]]
        assert kept[table][: len(rows)] == rows, table
    untouched = [p for p in after["pupils"] if p["id"] != pid]
    assert all(p["hukou_place"] == "" and p["hukou_registered"] is None for p in untouched)
    assert {r["income_sources"] for r in after["pupils"] if r["id"] == pid} == {"wages,farming"}
    assert [(g["role"], g["deceased"]) for g in after["grandparents"]] == [
        ("maternal_grandfather", 1)
    ]
    assert schema.probe_revision(path) == schema.HEAD_REVISION


# --- 0010: the term plan, 分工, 重点帮扶对象 ---------------------------------------------------


def test_0010_adds_the_plan_and_the_teachers_to_a_0009_archive_with_every_value_intact(
    tmp_path: Path,
):
    """A 0009 archive gains the tables and columns empty — every old row and value as it was —
    and then takes a teacher (credited with the records that name her), a plan, a 重点帮扶对象."""
    from liushou_desk.services import care_plan, focus, teachers
    from liushou_desk.services.due import Cadence, due_items

    path = tmp_path / "class.sqlite"
    shutil.copyfile(FIXTURES / "archive-0009.sqlite", path)
    before = dump(path)
    assert "teachers" not in before and "focus_since" not in before["pupils"][0]
    import json

    named = [  # the records whose 谈心教师 / 家访教师 / 帮扶教师 / 责任人 names her
        r["id"]
        for r in before["records"]
        if r["deleted_at"] is None
        and any(
            "王丽华" in json.loads(r["data"])["values"].get(f, "")
            for f in ("teacher", "visitors", "responsible")
        )
    ]
    archive = open_archive(path, backups=tmp_path / "backups")
    try:
        assert teachers.list_teachers(archive) == []
        assert care_plan.list_plan(archive, date(2020, 1, 1), date(2030, 1, 1)) == []
        pid = before["pupils"][0]["id"]
        assert focus.focus_of(archive, pid).on is False
        tid, changed = teachers.save_teacher(archive, None, "王丽华", "语文")
        assert len(named) >= 2 and f"{len(named)} 条记录上写着她的名字" in changed.message
        care_plan.add_items(
            archive,
            care_plan.PlanDraft(kind="home_visit", planned_on="2026-11-25", pupil_ids=[pid]),
            date(2027, 1, 31),
        )
        focus.set_focus(archive, pid, "监护人年老体弱", {"talk": 14}, TODAY_0005)
        kinds = {i.kind for i in due_items(archive, date(2026, 11, 26), Cadence())}
        assert "planned" in kinds
    finally:
        archive.close()
    after = dump(path)
    kept = as_before(after, before)
    for table, rows in before.items():  # every old column of every old row, as it was
        if table in ("settings", "archive_changes"):  # the log moves on; a history line added
            continue
        if table == "pupils":  # one pupil flagged: her updated_at only
            rows = [{**r, "updated_at": None} for r in rows]
            kept[table] = [{**r, "updated_at": None} for r in kept[table]]
        assert kept[table][: len(rows)] == rows, table
    linked = {r["id"] for r in after["records"] if r["teacher_id"] == tid}
    assert linked == set(named)
    untouched = [p for p in after["pupils"] if p["id"] != pid]
    assert all(p["focus_since"] is None and p["cadence"] == "" for p in untouched)
    assert [(p["focus_reason"], p["cadence"]) for p in after["pupils"] if p["id"] == pid] == [
        ("监护人年老体弱", '{"talk": 14}')
    ]
    assert schema.probe_revision(path) == schema.HEAD_REVISION


def test_0011_adds_the_growth_bag_to_a_0010_archive_with_every_value_intact(tmp_path: Path):
    """成长记录袋: a 0010 archive gains the empty table — every old row as it was — and takes a
    child's attachments."""
    from PIL import Image

    from liushou_desk.services import growth_bag

    path = tmp_path / "class.sqlite"
    shutil.copyfile(FIXTURES / "archive-0010.sqlite", path)
    before = dump(path)
    assert "attachments" not in before
    archive = open_archive(path, backups=tmp_path / "backups")
    try:
        pid = before["pupils"][0]["id"]
        assert growth_bag.list_items(archive, pid) == []
        picture = tmp_path / "信.png"
        Image.new("RGB", (400, 300)).save(picture, "PNG")
        growth_bag.add_item(archive, pid, picture, "letter", "", TODAY_0005)
        assert [i.title for i in growth_bag.list_items(archive, pid)] == ["信"]
    finally:
        archive.close()
    after = dump(path)
    kept = as_before(after, before)
    for table, rows in before.items():
        if table == "settings":  # the 操作日志's head moves on with the log
            continue
        assert kept[table][: len(rows)] == rows, table
    assert len(after["attachments"]) == 1
    assert schema.probe_revision(path) == schema.HEAD_REVISION
