"""期末总结: the teacher's own text for a term — 工作总结, 存在问题, 下学期打算 — written in the
app and printed in the term report. Kept per term in the archive's settings."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import datetime

from liushou_desk.db.engine import Archive
from liushou_desk.db.models import Setting
from liushou_desk.domain.profile import FieldError, ValidationFailed
from liushou_desk.services.notices import Changed
from liushou_desk.services.terms import TermView

PREFIX = "term_summary:"
MAX_LENGTH = 6000
LABELS = {"work": "工作总结", "problems": "存在问题", "next_plans": "下学期打算"}


@dataclass(frozen=True)
class TermSummary:
    work: str = ""
    problems: str = ""
    next_plans: str = ""

    @property
    def empty(self) -> bool:
        return not (self.work or self.problems or self.next_plans)


def _key(term: TermView) -> str:
    return f"{PREFIX}{term.id}"


def load_summary(archive: Archive, term: TermView) -> TermSummary:
    with archive.transaction() as s:
        row = s.get(Setting, _key(term))
        if row is None:
            return TermSummary()
        data = json.loads(row.value)
    if not isinstance(data, dict):
        return TermSummary()
    return TermSummary(**{k: str(data.get(k, "")) for k in LABELS})


def _clean(text: str) -> str:
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(lines).strip("\n")


def save_summary(archive: Archive, term: TermView, summary: TermSummary) -> Changed:
    """Save the three texts (all or nothing); each is at most MAX_LENGTH characters."""
    clean = TermSummary(**{k: _clean(getattr(summary, k)) for k in LABELS})
    errors = [
        FieldError(k, f"{label}太长（最多{MAX_LENGTH}字）")
        for k, label in LABELS.items()
        if len(getattr(clean, k)) > MAX_LENGTH
    ]
    if errors:
        raise ValidationFailed(errors)
    with archive.transaction() as s:
        row = s.get(Setting, _key(term))
        if row is None:
            row = Setting(key=_key(term))
            s.add(row)
        row.value = json.dumps(asdict(clean), ensure_ascii=False)
        row.updated_at = datetime.now()
        from liushou_desk.services import audit

        audit.log(s, audit.Action.SUMMARY, term.name)
    return Changed(message=f"已保存{term.name}的期末总结")
