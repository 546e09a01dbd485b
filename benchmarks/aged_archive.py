"""An archive with years behind it, for the benchmarks that compare a class archive kept for
years with a new one (issue 20: the same speed however many years it holds).

``age(path, years)`` gives an archive ``years`` more school years: every record, who took part
and every change of the archive copied into each earlier half-year (the plans of those years
ended there), and the pupils' files opened that long ago — 20 terms of the current term's care
work for ``years=10``. ``make_demo(..., years=N)`` is used instead once the demo class can live
N years itself (``liushou-desk make-demo --years N``).

    python benchmarks/aged_archive.py FILE [--years 10]
"""

from __future__ import annotations

import argparse
import inspect
import shutil
import sqlite3
from datetime import date
from pathlib import Path


def age(path: Path, years: int) -> None:
    """Copy the archive's records, participants and changes into the ``2 * years`` half-years
    before them (a plain, unencrypted archive)."""
    con = sqlite3.connect(path)
    try:
        columns = [r[1] for r in con.execute("PRAGMA table_info(records)") if r[1] != "id"]
        top = con.execute("SELECT coalesce(max(id), 0) FROM records").fetchone()[0]
        changes = [r[1] for r in con.execute("PRAGMA table_info(archive_changes)") if r[1] != "id"]
        top_change = con.execute("SELECT coalesce(max(id), 0) FROM archive_changes").fetchone()[0]
        step = 10 ** len(str(top))
        for k in range(1, 2 * years + 1):
            days, offset = 182 * k, step * k
            shifted = {
                "occurred_on": f"date(occurred_on, '-{days} days')",
                "due_on": f"date(due_on, '-{days} days')",
                "parent_id": f"parent_id + {offset}",
                "recorded_at": f"datetime(recorded_at, '-{days} days')",
                "updated_at": f"datetime(updated_at, '-{days} days')",
                "data": (
                    "CASE WHEN kind IN ('help_plan', 'iep') THEN json_set(data, "
                    f"'$.values.end', date(occurred_on, '-{days - 90} days'), "
                    f"'$.values.closed_on', date(occurred_on, '-{days - 120} days')) ELSE data END"
                ),
            }
            picked = ", ".join(shifted.get(c, c) for c in columns)
            con.execute(
                f"INSERT INTO records (id, {', '.join(columns)}) "
                f"SELECT id + {offset}, {picked} FROM records WHERE id <= ?",
                (top,),
            )
            con.execute(
                "INSERT INTO record_participants (record_id, pupil_id) "
                f"SELECT record_id + {offset}, pupil_id FROM record_participants "
                "WHERE record_id <= ?",
                (top,),
            )
            moved = ", ".join(
                f"datetime(changed_at, '-{days} days')" if c == "changed_at" else c
                for c in changes
            )
            con.execute(
                f"INSERT INTO archive_changes ({', '.join(changes)}) "
                f"SELECT {moved} FROM archive_changes WHERE id <= ?",
                (top_change,),
            )
        back = f"'-{366 * years} days'"
        con.execute(f"UPDATE pupils SET created_at = datetime(created_at, {back})")
        con.execute(f"UPDATE archive_info SET created_at = datetime(created_at, {back})")
        con.commit()
        con.execute("VACUUM")
    finally:
        con.close()


def make_aged(fresh: Path, target: Path, years: int, *, pupils: int, seed: int, today: date) -> str:
    """``target``: the class of ``fresh`` with ``years`` behind it. Returns how it was made."""
    from liushou_desk.demo import make_demo

    if "years" in inspect.signature(make_demo).parameters:
        make_demo(target, pupils=pupils, seed=seed, today=today, years=years)  # type: ignore[call-arg]
        return f"make-demo --years {years}"
    shutil.copyfile(fresh, target)
    age(target, years)
    return f"the current term copied into {2 * years} earlier half-years"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("path", type=Path)
    parser.add_argument("--years", type=int, default=10)
    args = parser.parse_args()
    age(args.path, args.years)
    con = sqlite3.connect(args.path)
    records = con.execute("SELECT count(*) FROM records").fetchone()[0]
    con.close()
    print(f"{args.path}: {records} records")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
