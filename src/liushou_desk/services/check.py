"""档案体检: is an archive file healthy? Integrity, schema revision and row counts, read-only."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

from liushou_desk.db import cipher
from liushou_desk.db.schema import (
    HEAD_REVISION,
    ArchiveOpenError,
    connect_readonly,
    probe_revision,
)

TABLES = (
    "archive_info",
    "terms",
    "pupils",
    "parents",
    "guardians",
    "archive_changes",
    "records",
    "record_versions",
    "record_participants",
    "drafts",
    "settings",
)


@dataclass
class CheckReport:
    path: str
    healthy: bool = False
    integrity: str = ""
    revision: str | None = None
    head_revision: str = HEAD_REVISION
    counts: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    encrypted: bool = False

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def check_archive(path: Path) -> CheckReport:
    """Examine the file without writing to it."""
    report = CheckReport(path=str(path))
    if not path.is_file():
        report.problems.append(f"找不到档案文件：{path}")
        return report
    try:
        report.revision = probe_revision(path)
    except ArchiveOpenError as exc:
        report.problems.append(str(exc))
        return report
    if report.revision != HEAD_REVISION:
        report.problems.append(
            f"数据版本为 {report.revision or '空'}，本软件的数据版本为 {HEAD_REVISION}"
        )
    try:
        con = connect_readonly(path)
        try:
            rows = con.execute("PRAGMA integrity_check").fetchall()
            report.integrity = "; ".join(r[0] for r in rows)[:2000]
            if report.integrity != "ok":
                report.problems.append(f"完整性检查未通过：{report.integrity}")
            fk = con.execute("PRAGMA foreign_key_check").fetchall()
            if fk:
                report.problems.append(f"有 {len(fk)} 条记录的关联已断开")
            for table in TABLES:
                try:
                    count = con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
                except cipher.OperationalError:
                    report.problems.append(f"缺少数据表 {table}")
                else:
                    report.counts[table] = count
        finally:
            con.close()
    except cipher.DatabaseError as exc:
        report.problems.append(f"文件已损坏：{exc}")
    report.encrypted = cipher.is_encrypted(path)
    report.healthy = not report.problems
    return report
