"""最少数据的数据副本: the archive snapshot that goes to the principal, with ID numbers (the
parents' and guardians' too) and phones masked, health and psychological details (附件1's
身体情况, 残疾 and 患病 too) and photos left out, records marked 涉及隐私
deleted, earlier versions, drafts, the letters' edits and the edit history's old and new values
removed, the teachers' phones masked — then VACUUMed, so nothing removed survives in free pages
of the file.

The 成长记录袋 (attachments) goes only when the teacher chooses it (``bag``), in either copy;
what is in its recycle bin never goes (``strip_bag``)."""

from __future__ import annotations

from pathlib import Path

from liushou_desk.db import cipher
from liushou_desk.db.unique_ids import UNIQUE_IDS
from liushou_desk.domain.idcard import mask_id_number
from liushou_desk.domain.phones import mask_phone

LETTERS = "letter:%"  # services/family_print.LETTER_KEY: the letters as the teacher edited them
KEPT_HISTORY = ("建档", "留守认定", "在读状态")  # the class's changes the report speaks of


def _student_number(text: str) -> str:
    if len(text) == 19 and text[1:18].isdigit():
        return text[0] + mask_id_number(text[1:])
    return text


def _dropped_bag(bag: bool) -> str:
    """The statement that takes the 成长记录袋 out: all of it, or (``bag``) its recycle bin."""
    return "DELETE FROM attachments" + (" WHERE deleted_at IS NOT NULL" if bag else "")


def strip_bag(path: Path, *, bag: bool) -> None:
    """The 成长记录袋 out of the snapshot at ``path`` (a copy made for export), or, with
    ``bag``, only the items in its recycle bin; VACUUMed."""
    con = cipher.connect(path, isolation_level=None)
    try:
        con.execute("PRAGMA journal_mode = DELETE")
        con.execute("PRAGMA secure_delete = ON")
        con.execute(_dropped_bag(bag))
        con.execute("VACUUM")
    finally:
        con.close()


def redact_snapshot(path: Path, *, bag: bool = False) -> None:
    """Redact the snapshot at ``path`` in place (a copy made for export, never the archive);
    the 成长记录袋 stays only with ``bag``."""
    con = cipher.connect(path, isolation_level=None)  # encrypted like the archive it copies
    try:
        con.execute("PRAGMA journal_mode = DELETE")  # one file, opened read-only elsewhere
        con.execute("PRAGMA foreign_keys = ON")
        con.execute("PRAGMA secure_delete = ON")
        con.execute("BEGIN")
        # masked numbers may coincide (same region and birthday, same last digits): the
        # one-holder guard serves the teacher's writes, and no one writes to this copy
        for unique in UNIQUE_IDS:
            con.execute(f"DROP INDEX IF EXISTS {unique.index}")
        rows = con.execute("SELECT id, id_number, student_number FROM pupils").fetchall()
        con.executemany(
            "UPDATE pupils SET id_number = ?, student_number = ?, photo = NULL, "
            "health_physical = '', health_mental = '', "
            "body_condition = '', disability = '', illness = '' WHERE id = ?",
            [(mask_id_number(i) if i else "", _student_number(s or ""), pid) for pid, i, s in rows],
        )
        for table, columns in (("parents", ("phone", "phone2")), ("guardians", ("phone",))):
            for column in columns:
                found = con.execute(f"SELECT id, {column} FROM {table} WHERE {column} != ''")
                con.executemany(
                    f"UPDATE {table} SET {column} = ? WHERE id = ?",
                    [(mask_phone(value), rid) for rid, value in found.fetchall()],
                )
        for table in ("parents", "guardians"):  # 附件1's numbers of the adults
            found = con.execute(f"SELECT id, id_number FROM {table} WHERE id_number != ''")
            con.executemany(
                f"UPDATE {table} SET id_number = ? WHERE id = ?",
                [(mask_id_number(value), rid) for rid, value in found.fetchall()],
            )
        con.execute("UPDATE guardians SET health = ''")
        found = con.execute("SELECT id, phone FROM teachers WHERE phone != ''")
        con.executemany(
            "UPDATE teachers SET phone = ? WHERE id = ?",
            [(mask_phone(value), rid) for rid, value in found.fetchall()],
        )
        con.execute(f"DELETE FROM settings WHERE key LIKE '{LETTERS}'")  # health, grades …
        con.execute(_dropped_bag(bag))
        con.execute("DELETE FROM records WHERE sensitive = 1")
        con.execute("DELETE FROM record_versions")
        con.execute("DELETE FROM drafts")
        marks = ",".join("?" for _ in KEPT_HISTORY)
        con.execute(
            "UPDATE archive_changes SET old_value = '', new_value = '' "
            f"WHERE kind NOT IN ({marks})",
            KEPT_HISTORY,
        )
        con.execute("COMMIT")
        con.execute("VACUUM")
    finally:
        con.close()
