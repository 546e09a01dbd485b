"""学期 service: the terms stored in the archive, and which one is current."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from liushou_desk.db.engine import Archive
from liushou_desk.db.models import Term
from liushou_desk.domain.terms import TermSpec, term_for


@dataclass(frozen=True)
class TermView:
    id: int
    name: str
    start: date
    end: date

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


def _view(t: Term) -> TermView:
    return TermView(t.id, t.name, t.start_date, t.end_date)


def ensure_term(session: Session, spec: TermSpec) -> Term:
    term = session.scalar(
        select(Term).where(Term.school_year == spec.school_year, Term.number == spec.number)
    )
    if term is None:
        term = Term(
            school_year=spec.school_year,
            number=spec.number,
            name=spec.name,
            start_date=spec.start,
            end_date=spec.end,
        )
        session.add(term)
        session.flush()
    return term


def current_term(archive: Archive, today: date) -> TermView:
    """The stored term that contains today; the default term is created when none does."""
    with archive.transaction() as s:
        term = s.scalar(select(Term).where(Term.start_date <= today, Term.end_date >= today))
        if term is None:
            term = ensure_term(s, term_for(today))
        return _view(term)


def list_terms(archive: Archive) -> list[TermView]:
    """Every stored term, newest first."""
    with archive.transaction() as s:
        return [_view(t) for t in s.scalars(select(Term).order_by(Term.start_date.desc()))]


def term_of(archive: Archive, spec: TermSpec) -> TermView:
    """The stored term for ``spec``, or the default dates when the archive has none (not saved:
    reading a report must not write to the archive)."""
    with archive.transaction() as s:
        term = s.scalar(
            select(Term).where(Term.school_year == spec.school_year, Term.number == spec.number)
        )
        if term is not None:
            return _view(term)
    return TermView(0, spec.name, spec.start, spec.end)
