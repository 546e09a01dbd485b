"""校长查看 (the principal's view): a class archive the teacher exported, opened read-only —
its roster, and one child's growth card made from its data snapshot (数据副本), logged like
every printout (by number, in the app's log: the principal has no archive of his own).

The snapshot was checked when the archive was opened (io/snapshot_check.py) and is read here as
it is: never upgraded, its schema's functions untrusted."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from liushou_desk.ops.questions import OpenRefused

if TYPE_CHECKING:
    from liushou_desk.io.usb_archive_read import OpenedArchive
    from liushou_desk.ops.printing import Printout, Progress
    from liushou_desk.services.form3 import FormThree
    from liushou_desk.services.roster_rows import RosterRow


def open_class_archive(path: Path, password: str, workdir: Path) -> OpenedArchive:
    """The archive at ``path`` unpacked into ``workdir`` (a private folder, wiped at close);
    raises OpenRefused naming the file and the reason. The key the teacher read out opens it
    however it is typed: case, spaces and dashes do not matter (``written_key``)."""
    from liushou_desk.io.archive_manifest import ArchiveReadError
    from liushou_desk.io.usb_archive_read import read_archive

    try:
        return read_archive(path, password, workdir)
    except ArchiveReadError as exc:
        raise OpenRefused(str(exc)) from exc


def wrong_password(exc: OpenRefused) -> bool:
    """Whether asking for the password again may help."""
    from liushou_desk.io.archive_manifest import WrongArchivePassword

    return isinstance(exc.__cause__, WrongArchivePassword)


def class_roster(opened: OpenedArchive, today: date) -> list[RosterRow]:
    """The class's roster, read straight from the snapshot (read-only)."""
    from liushou_desk.db.first_paint import read_roster_facts
    from liushou_desk.services.roster_rows import build_rows

    return build_rows(read_roster_facts(opened.snapshot), today)


def class_contacts(opened: OpenedArchive, today: date) -> dict[int, tuple[date | None, ...]]:
    """The roster's 上次谈心 / 上次通话 / 上次家访 of the class, from its snapshot (read-only;
    the least-data copy has no record marked 涉及隐私, so those do not count there)."""
    from liushou_desk.io.snapshot_check import open_checked
    from liushou_desk.services.roster_contacts import last_contacts

    archive = open_checked(opened.snapshot)
    try:
        return last_contacts(archive, today)
    finally:
        archive.close()


def class_card(
    opened: OpenedArchive, pupil_id: int, today: date, progress: Progress | None = None
) -> Printout:
    """One child's 成长记录卡 for the exported term, made from the snapshot."""
    from liushou_desk.domain.print_options import PrintOptions
    from liushou_desk.domain.terms import parse_term, term_for
    from liushou_desk.io.snapshot_check import open_checked
    from liushou_desk.ops.printing import growth_card
    from liushou_desk.services.terms import term_of

    full = opened.manifest.get("details") == "full"  # the teacher's choice at export
    bag = bool(opened.manifest.get("growth_bag"))  # carried only when the teacher chose it
    options = PrintOptions(mask=not full, include_sensitive=full, include_health=full, bag=bag)
    archive = open_checked(opened.snapshot)  # at the newest revision, as checked: no upgrade
    try:
        try:
            spec = parse_term(str(opened.manifest.get("term", "")))
        except ValueError:
            spec = term_for(today)
        return growth_card(
            archive, pupil_id, term_of(archive, spec), today, options, progress=progress
        )
    finally:
        archive.close()


def class_form3(opened: OpenedArchive, today: date) -> FormThree:
    """The class's 统计表（附件3） counted from its snapshot (read-only, never upgraded), named
    by its school and class as the teacher exported it."""
    from liushou_desk.io.snapshot_check import open_checked
    from liushou_desk.services.form3 import count, read_children

    archive = open_checked(opened.snapshot)
    try:
        children = read_children(archive)
    finally:
        archive.close()
    m = opened.manifest
    return count(children, today, " ".join(str(m.get(k, "")) for k in ("school", "class")).strip())


def school_form3(opened: list[OpenedArchive], today: date) -> Printout:
    """全校统计表（附件3）: the opened classes added up (each problem with its class), one page."""
    from liushou_desk.ops import form3

    forms = [class_form3(o, today) for o in opened]
    schools = sorted({str(o.manifest.get("school", "")) for o in opened} - {""})
    return form3.printout(form3.school_form3(forms, "、".join(schools)), today)
