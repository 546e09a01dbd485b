"""导入计划 (the import plan): what reading a roster found — the children to add, update or leave,
the rows with problems (by row, column and child), and what happens to each child's status.
Nothing here is written; ``services.roster_import`` writes a plan."""

from __future__ import annotations

from dataclasses import dataclass, field

from liushou_desk.domain.profile import ProfileDraft
from liushou_desk.io.roster_columns import HeaderRow


@dataclass(frozen=True)
class Problem:
    row: int  # the sheet's own 1-based row number
    column: str | None  # the header text
    message: str
    name: str = ""  # the child, when the row names one


@dataclass
class ImportRow:
    row: int
    draft: ProfileDraft
    left_behind: bool | None
    match: int | None = None  # the existing pupil's id
    changes: list[str] = field(default_factory=list)
    rows: tuple[int, ...] = ()  # every sheet row of this child (one parent per row: two)
    override: tuple[str, str] | None = None  # 人工认定 the file states: (kind word, reason)
    remark: str = ""  # 备注, kept in the child's 档案变动
    notes: list[str] = field(default_factory=list)  # what happens to the status, in words
    conflicts: list[str] = field(default_factory=list)  # file vs archive, left as the archive
    kind: str = ""  # the 留守类型 the child will have (the rule, or the file's 人工认定)


@dataclass
class ImportPlan:
    added: list[ImportRow] = field(default_factory=list)
    updated: list[ImportRow] = field(default_factory=list)
    unchanged: list[ImportRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    columns: dict[int, str] = field(default_factory=dict)  # column index → field path
    unknown_columns: list[str] = field(default_factory=list)
    header: HeaderRow | None = None  # every column, what it was recognised and mapped as
    source: str = ""  # the file's name, for the reasons written into the archive

    def as_json(self) -> dict[str, object]:
        return {
            "imported": len(self.added),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "unknown_columns": list(self.unknown_columns),  # not imported (no mapping)
            "problems": [
                {"row": p.row, "column": p.column, "message": p.message, "name": p.name}
                for p in self.problems
            ],
            "status": [
                {"row": r.row, "name": r.draft.name, "notes": r.notes, "conflicts": r.conflicts}
                for r in (*self.added, *self.updated, *self.unchanged)
                if r.notes or r.conflicts
            ],
        }
