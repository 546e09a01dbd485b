"""档案体检: is an archive file healthy? Integrity, schema revision, row counts and the 操作日志
(its chain, its head inside and outside the file, the triggers that keep it append-only),
read-only."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

from liushou_desk.db import cipher
from liushou_desk.db.integrity import read_only
from liushou_desk.db.schema import (
    HEAD_REVISION,
    ArchiveOpenError,
    probe_revision,
)
from liushou_desk.services import audit_chain
from liushou_desk.services.duplicate_ids import describe, duplicates_in

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
    audit: str = ""
    audit_entries: int | None = None
    audit_problems: list[str] = field(default_factory=list)  # also in problems
    # what is worth knowing but leaves the archive healthy (pupils sharing a number)
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def check_archive(path: Path, audit_head: dict[str, object] | None = None) -> CheckReport:
    """Examine the file without writing to it. The 操作日志 is checked against ``audit_head``
    (the head recorded with a backup) or else the head kept beside the file."""
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
        with read_only(path) as con:
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
            report.audit_problems = _check_log(con, path, report, audit_head)
            report.problems += report.audit_problems
            if "pupils" in report.counts:
                report.warnings += describe(duplicates_in(con))
    except cipher.DatabaseError as exc:
        report.problems.append(f"文件已损坏：{exc}")
    report.encrypted = cipher.is_encrypted(path)
    report.healthy = not report.problems
    return report


def _check_log(
    con: cipher.Connection, path: Path, report: CheckReport, audit_head: dict[str, object] | None
) -> list[str]:
    """The 操作日志's problems (its message and length noted on ``report``)."""
    has_log = con.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_log'"
    ).fetchone()
    if not has_log:
        return ["缺少数据表 audit_log（操作日志）"] if (report.revision or "") >= "0005" else []
    outside = audit_chain.Head.parse(audit_head) or audit_chain.read_outside(path)
    try:
        verdict = audit_chain.check(
            lambda sql, params: con.execute(sql, tuple(params)), cipher.key_for(path), outside
        )
    except ValueError as exc:  # a date that is no date: the log was written by hand
        return [f"操作日志无法核对：{exc}"]
    report.audit, report.audit_entries = verdict.message, verdict.entries
    if verdict.ok:
        return []
    said = verdict.message
    return [said if said.startswith("操作日志") else f"操作日志：{said}"]
