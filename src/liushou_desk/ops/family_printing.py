"""打印联系卡与告家长书 (issue 17): the families' printouts, the same for the window and the
command line, logged when they leave the app like every printout (children by number)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from liushou_desk.ops.printing import Printout, class_page

if TYPE_CHECKING:
    from liushou_desk.db.engine import Archive
    from liushou_desk.domain.print_options import PrintOptions
    from liushou_desk.services.family_print import Letter


def contact_cards(
    archive: Archive, today: date, pupil_ids: list[int] | None = None,
    options: PrintOptions | None = None,
) -> Printout:  # fmt: skip
    """留守儿童联系卡 of the children (None: every left-behind child in class)."""
    from liushou_desk.domain.print_options import PrintOptions
    from liushou_desk.pdf.family_print import contact_cards_pdf
    from liushou_desk.services.family_print import contact_cards as cards_of

    options = options or PrintOptions()
    cards = cards_of(archive, pupil_ids, today)
    page, term = class_page(archive, today, "留守儿童联系卡")
    rendered = contact_cards_pdf(page, cards, options)
    return Printout.of(
        rendered,
        kind="contact_cards",
        title=f"留守儿童联系卡-{term.name}",
        what=f"留守儿童联系卡（{len(cards)} 张）",
        options=options,
        cards=len(cards),
        term_name=term.name,
    )


def letters(
    archive: Archive, today: date, pupil_ids: list[int] | None = None,
    drafts: list[Letter] | None = None, options: PrintOptions | None = None,
) -> Printout:  # fmt: skip
    """在校情况告家长书 of the children (``drafts``: as the teacher edited them)."""
    from liushou_desk.domain.print_options import PrintOptions
    from liushou_desk.pdf.family_print import letters_pdf
    from liushou_desk.services.archive_info import get_info
    from liushou_desk.services.family_print import draft_letters

    options = options or PrintOptions()
    page, term = class_page(archive, today, "在校情况告家长书")
    chosen = drafts if drafts is not None else draft_letters(archive, pupil_ids, term, today)
    school = get_info(archive).title
    rendered = letters_pdf(page, chosen, school, today, options)
    return Printout.of(
        rendered,
        kind="letters",
        title=f"在校情况告家长书-{term.name}",
        what=f"在校情况告家长书（{len(chosen)} 封）",
        options=options,
        cards=len(chosen),
        term_name=term.name,
    )
