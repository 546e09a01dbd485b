"""打印 for the families and several children (issue 17): 留守儿童联系卡, 在校情况告家长书 (read
and changed letter by letter first, if she likes) and the 成长记录卡 of the children ticked —
each made off the GUI thread with a progress bar, then shown in the print preview."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from liushou_desk.ops.printing import Printout
    from liushou_desk.services.roster_rows import RosterRow
    from liushou_desk.ui.controllers.context import Context
    from liushou_desk.ui.controllers.printing import PrintingController


class FamilyController:
    def __init__(self, ctx: Context, printing: PrintingController) -> None:
        self.ctx = ctx
        self.printing = printing

    def _children(self) -> list[RosterRow]:
        rows = [r for r in self.ctx.selection.roster_rows() if r.is_active and r.is_left_behind]
        if not rows:
            self.ctx.prompts.info(self.ctx.parent, "班里还没有认定为留守儿童的学生。")
        return rows

    def _ask(self, title: str, letters: bool = False):  # type: ignore[no-untyped-def]
        from liushou_desk.ui.family_print_dialog import FamilyPrintDialog

        ctx = self.ctx
        rows = self._children()
        if not rows:
            return None
        letters_for = None
        if letters:
            from liushou_desk.services.family_print import draft_letters
            from liushou_desk.services.terms import current_term

            archive, today = ctx.archive, ctx.today()
            term = current_term(archive, today)

            def letters_for(ids: list[int]):  # type: ignore[no-untyped-def]
                return draft_letters(archive, ids, term, today)

        child = ctx.selection.child_in_view()
        first = child if any(r.id == child for r in rows) else 0
        dialog = FamilyPrintDialog(title, rows, letters_for, first, ctx.parent)
        return dialog if ctx.exec_dialog(dialog) else None

    def print_contact_cards(self) -> None:
        dialog = self._ask("打印留守儿童联系卡")
        if dialog is None:
            return
        archive, today, ids = self.ctx.archive, self.ctx.today(), dialog.pupil_ids()

        def work(_progress: object) -> Printout:
            from liushou_desk.ops.family_printing import contact_cards

            return contact_cards(archive, today, ids)

        self.printing.make("正在生成联系卡…", work)

    def print_letters(self) -> None:
        from liushou_desk.domain.profile import ValidationFailed
        from liushou_desk.services.family_print import save_letter
        from liushou_desk.services.terms import current_term

        dialog = self._ask("打印在校情况告家长书", letters=True)
        if dialog is None:
            return
        ctx = self.ctx
        archive, today, ids = ctx.archive, ctx.today(), dialog.pupil_ids()
        reviewed = dialog.edited_letters()
        term = current_term(archive, today)
        try:
            for letter in reviewed:
                if letter.edited:
                    save_letter(archive, term, letter.pupil_id, letter.parts)
        except ValidationFailed as exc:
            ctx.prompts.error(ctx.parent, "告家长书没有保存。", exc.errors[0].message)
            return
        drafts = reviewed or None

        def work(_progress: object) -> Printout:
            from liushou_desk.ops.family_printing import letters

            return letters(archive, today, ids, drafts)

        self.printing.make("正在生成告家长书…", work)

    def print_cards(self) -> None:
        """成长记录卡 of several children in one PDF."""
        dialog = self._ask("打印多名学生的成长记录卡")
        if dialog is None:
            return
        ctx = self.ctx
        archive, today = ctx.archive, ctx.today()
        ids = dialog.pupil_ids() or [r.id for r in self._children()]

        def work(progress):  # type: ignore[no-untyped-def]
            from liushou_desk.ops.printing import growth_cards
            from liushou_desk.services.terms import current_term

            term = current_term(archive, today)
            return growth_cards(archive, ids, term, today, progress=progress)

        self.printing.make("正在生成成长记录卡…", work)
