"""代码 (codes): the 0005 → 0006 upgrade checked against the app's own vocabularies, not against
the migration's tables — every word of every vocabulary (status, sex, relation …) comes out as
its enum's code, free text and every other value stay as they were, built-in meeting and
activity kinds carry their 待办 rule's code, the screen still reads the words, and the
downgrade gives the 0005 file back."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

from liushou_desk.db.models import Base
from liushou_desk.db.schema import open_archive
from liushou_desk.db.types import EnumCode
from liushou_desk.domain.enums import LabelledEnum, LeftBehindKind
from liushou_desk.domain.records import MENTAL_HEALTH_LESSON, RULE_WORDS

from .test_migrations import CODES, FIXTURES, dump

FREE_TEXT = "舅舅（自填）"  # a word typed where the list is offered: never a code
NEWER_THAN_0005 = {LeftBehindKind.UNKNOWN}  # added with 0006: never stored as a word


def _columns_of_0005() -> set[tuple[str, str]]:
    con = sqlite3.connect(FIXTURES / "archive-0005.sqlite")
    try:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {(t, r[1]) for t in tables for r in con.execute(f'PRAGMA table_info("{t}")')}
    finally:
        con.close()


def coded_columns() -> list[tuple[str, str, type[LabelledEnum]]]:
    """Every column the app stores by code that held words before 0006, read from the models
    (a column added later — 0009's 附件1 fields — holds codes from its first row)."""
    before = _columns_of_0005()
    return [
        (table.name, column.name, column.type.enum)
        for table in Base.metadata.sorted_tables
        for column in table.columns
        if isinstance(column.type, EnumCode) and (table.name, column.name) in before
    ]


def test_every_coded_column_is_converted_by_the_migration():
    """A column stored by code that 0006 does not convert would show its old words raw."""
    converted = {(t, c) for t, c, _ in CODES.COLUMNS}
    assert {(t, c) for t, c, _ in coded_columns()} == converted


def test_the_migration_codes_are_the_enum_codes():
    """0006's frozen word → code tables agree with the vocabularies, member for member: a code
    changed in the enums (a member renamed) would orphan every stored row."""
    tables = {(t, c): mapping for t, c, mapping in CODES.COLUMNS}
    for table, column, enum in coded_columns():
        mapping = tables[(table, column)]
        expected = {m.label: m.code for m in enum if m not in NEWER_THAN_0005}
        assert mapping == expected, f"{table}.{column}"
    for code, (field, word) in RULE_WORDS.items():
        if code == MENTAL_HEALTH_LESSON:  # a rule of issue 16: older records read by the word
            continue
        assert any(r[1:] == (field, word, code) for r in CODES.RULES), code


def _seed_every_word(path: Path) -> dict[tuple[str, str, int], str]:
    """Write every word of each column's vocabulary (and one free-text value) into the 0005
    file's rows, round robin; returns (table, column, row id) → the word written."""
    written: dict[tuple[str, str, int], str] = {}
    con = sqlite3.connect(path)
    try:
        for table, column, enum in coded_columns():
            words = [m.label for m in enum if m not in NEWER_THAN_0005] + [FREE_TEXT]
            ids = [r[0] for r in con.execute(f'SELECT id FROM "{table}" ORDER BY id')]
            assert len(ids) >= len(words), f"{table} has rows for every word"
            for rid, word in zip(ids, words, strict=False):
                con.execute(f'UPDATE "{table}" SET "{column}" = ? WHERE id = ?', (word, rid))
                written[(table, column, rid)] = word
        con.commit()
    finally:
        con.close()
    return written


def test_0005_to_0006_every_word_becomes_its_code_and_back(tmp_path: Path):
    from alembic import command

    from liushou_desk.db.engine import make_engine
    from liushou_desk.db.migrate import alembic_config
    from liushou_desk.db.models import Guardian, Parent, Pupil

    path = tmp_path / "class.sqlite"
    shutil.copyfile(FIXTURES / "archive-0005.sqlite", path)
    written = _seed_every_word(path)
    before = dump(path)

    archive = open_archive(path, backups=tmp_path / "backups")
    with archive.transaction() as s:  # the screen reads the words, as before
        models = {"pupils": Pupil, "parents": Parent, "guardians": Guardian}
        for (table, column, rid), word in written.items():
            assert getattr(s.get(models[table], rid), column) == word, (table, column, word)
    archive.close()

    after = dump(path)
    enums = {(t, c): e for t, c, e in coded_columns()}
    for table, rows in before.items():
        assert len(after[table]) == len(rows), table
        for old, new in zip(rows, after[table], strict=True):
            for column, value in old.items():
                got = new[column]
                enum = enums.get((table, column))
                if table == "records" and column == "data" and value:
                    _check_record(old["kind"], json.loads(value), json.loads(got))
                elif enum is not None and value is not None and enum.from_label(value):
                    assert got == enum.from_label(value).code, (table, column, value)
                else:  # free text, empty, NULL and every other column: as it was
                    assert got == value, (table, column)
    assert FREE_TEXT in {r["relation"] for r in after["guardians"]}

    engine = make_engine(path)  # and back: 0005's own words, every row as it was
    try:
        config = alembic_config()
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            command.downgrade(config, "0005")
    finally:
        engine.dispose()
    assert _parsed(dump(path)) == _parsed(before)  # SQLite's json_set writes JSON without spaces


def _parsed(rows: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """Every row, records' JSON read as data."""
    records = [
        {**r, "data": json.loads(r["data"]) if r["data"] else r["data"]} for r in rows["records"]
    ]
    return {**rows, "records": records}


def _check_record(kind: str, old: dict, new: dict) -> None:
    """A record's JSON: unchanged, plus the rule's code where its kind is a built-in one."""
    rule = new.pop("rule", None)
    assert new == old
    expected = next(
        (
            code
            for code, (field, word) in RULE_WORDS.items()
            if code != MENTAL_HEALTH_LESSON  # issue 16's rule reads older records by the word
            and old.get("values", {}).get(field) == word
            and kind == ("activity" if field == "activity_kind" else "meeting")
        ),
        None,
    )
    assert rule == expected, (kind, old.get("values"))


def _words_stored(path: Path) -> list[tuple[str, str, str]]:
    """Every cell of a coded column that holds one of its vocabulary's words (not its code)."""
    con = sqlite3.connect(path)
    try:
        found = []
        for table, column, enum in coded_columns():
            labels = set(enum.labels())
            for (value,) in con.execute(f'SELECT DISTINCT "{column}" FROM "{table}"'):
                if value in labels:
                    found.append((table, column, value))
        return found
    finally:
        con.close()


def test_every_write_path_stores_codes_and_the_screen_shows_the_words(demo_db: Path, tmp_path):
    """The demo class (bulk 建档, profile saves, 留守认定, 人工认定, leavers) and a roster
    imported with the words schools write: codes in the file, the same words on screen."""
    from openpyxl import Workbook

    from liushou_desk.ops import importing
    from liushou_desk.services import profile, roster

    from .conftest import TODAY

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["姓名", "性别", "出生日期", "父亲姓名", "母亲姓名", "监护人", "与学生关系"])
    sheet.append(["林小满", "男", "2015-03-08", "林大山", "周红", "林奶奶", "祖母"])
    book.save(tmp_path / "名册.xlsx")
    archive = open_archive(demo_db)
    plan = importing.plan(archive, tmp_path / "名册.xlsx", TODAY)
    assert importing.apply(archive, plan, TODAY).value.written == 1
    (pid,) = [r.id for r in roster.list_roster(archive, TODAY) if r.name == "林小满"]
    draft = profile.load_profile(archive, pid, TODAY).draft
    assert (draft.sex, draft.guardians[0].relation) == ("男", "祖母")
    archive.close()

    assert _words_stored(demo_db) == []
    con = sqlite3.connect(demo_db)
    try:
        (sex,) = con.execute("SELECT sex FROM pupils WHERE id = ?", (pid,)).fetchone()
        kinds = {r[0] for r in con.execute("SELECT DISTINCT computed_kind FROM pupils")}
    finally:
        con.close()
    assert sex == "male"
    assert kinds <= {m.code for m in LeftBehindKind} and len(kinds) > 1
