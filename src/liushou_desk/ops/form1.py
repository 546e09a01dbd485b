"""打印登记表（附件1）: the use cases behind the window's 打印 menu, the roster's right-click
and the ``form1`` command — the cells still empty (asked before anything is made), then the PDF (one
page per child) or the .xlsx (a row per child), each copy that leaves the app in the 操作日志."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path

from liushou_desk.domain.print_options import PrintOptions
from liushou_desk.ops.archive import Archive
from liushou_desk.ops.printing import Printout, Progress
from liushou_desk.services.form1 import MissingCell

TITLE = "登记表（附件1）"


def missing(archive: Archive, today: date, pupil_ids: Iterable[int] | None) -> list[MissingCell]:
    """The cells the forms of these children (None: every left-behind child) would leave
    empty, child by child in the roster's order."""
    from liushou_desk.services.form1 import load_forms, missing_cells

    return missing_cells(load_forms(archive, today, pupil_ids).forms)


def _what(count: int, pupil_ids: Iterable[int] | None) -> str:
    whom = "全部留守儿童" if pupil_ids is None else "所选儿童"
    return f"登记表（附件1）{whom} {count} 人"


def form1_pdf(
    archive: Archive,
    today: date,
    pupil_ids: Iterable[int] | None = None,
    *,
    full_ids: bool = False,
    out: Path | None = None,
    progress: Progress | None = None,
) -> Printout:
    """附件1 of these children as a PDF; parents' and guardians' 身份证号 masked unless
    ``full_ids``."""
    from liushou_desk.pdf.form1 import form1_pdf as render
    from liushou_desk.services.form1 import load_forms

    ids = None if pupil_ids is None else list(pupil_ids)
    options = PrintOptions(mask=not full_ids)
    forms = load_forms(archive, today, ids, options)
    rendered = render(forms, options, progress)
    if out is not None:
        from liushou_desk.safe_files import write_bytes_safely

        write_bytes_safely(out, rendered.data)
    names = [f.name for f in forms.forms]
    suffix = names[0] if len(names) == 1 else f"{len(names)}人"
    return Printout.of(
        rendered,
        kind="form1",
        title=f"{TITLE}-{suffix}-{today.isoformat()}",
        what=_what(len(names), ids),
        options=options,
        cards=len(names),
    )


def form1_xlsx(
    archive: Archive,
    today: date,
    out: Path,
    pupil_ids: Iterable[int] | None = None,
    *,
    full_ids: bool = False,
) -> int:
    """附件1 of these children as an .xlsx at ``out`` (a row each); returns how many rows.
    Written to a temporary name first; recorded in the 操作日志."""
    from liushou_desk.io.form1_xlsx import form1_xlsx as write
    from liushou_desk.services import audit
    from liushou_desk.services.form1 import load_forms

    ids = None if pupil_ids is None else list(pupil_ids)
    forms = load_forms(archive, today, ids, PrintOptions(mask=not full_ids))
    write(forms, out)
    full = "完整号码" if full_ids else "号码已遮盖"
    audit.record(
        archive, audit.Action.EXPORT, _what(len(forms.forms), ids), f"Excel {out.name}；{full}"
    )
    return len(forms.forms)
