"""打印统计表（附件3）: the class's counts with their checks, as PDF or .xlsx, for the window's
打印 menu and the ``form3`` command; each copy that leaves the app in the 操作日志. The
principal's overview adds the opened classes up with ``school_form3``."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from liushou_desk.domain.print_options import PrintOptions
from liushou_desk.ops.archive import Archive
from liushou_desk.ops.printing import Printout
from liushou_desk.services.form3 import FormThree

TITLE = "统计表（附件3）"


def when(today: date) -> str:
    return f"{today.year}年{today.month}月{today.day}日"


def class_form(archive: Archive, today: date) -> FormThree:
    from liushou_desk.services.form3 import class_form3

    return class_form3(archive, today)


def printout(form: FormThree, today: date, *, out: Path | None = None) -> Printout:
    """附件3 of ``form`` (a class's or a school's) as a one-page PDF."""
    from liushou_desk.pdf.form3 import form3_pdf

    rendered = form3_pdf(form, when(today))
    if out is not None:
        from liushou_desk.safe_files import write_bytes_safely

        write_bytes_safely(out, rendered.data)
    return Printout.of(
        rendered,
        kind="form3",
        title=f"{TITLE}-{today.isoformat()}",
        what=f"{TITLE} {form.total} 人",
        options=PrintOptions(),
    )


def form3_xlsx(archive: Archive | None, form: FormThree, today: date, out: Path) -> None:
    """附件3 as an .xlsx at ``out``; logged when it is the teacher's own archive."""
    from liushou_desk.io.form3_xlsx import form3_xlsx as write

    write(form, when(today), out)
    if archive is not None:
        from liushou_desk.services import audit

        audit.record(archive, audit.Action.EXPORT, f"{TITLE} {form.total} 人", f"Excel {out.name}")


def school_form3(forms: Sequence[FormThree], school: str) -> FormThree:
    """The school's 附件3: the opened classes added up, each problem with its class."""
    from liushou_desk.services.form3 import combine

    return combine(forms, school)
