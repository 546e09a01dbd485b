"""打印 (printing) in the main window: 期末总结 (the teacher's text), the term report and a
child's growth card — made by ``ops.printing`` on the background runner with a cancellable
progress bar, shown in a preview, then printed, saved, or opened in the system's PDF reader;
each copy that leaves the app is written in the 操作日志."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

    from liushou_desk.ops.printing import PrintOptions, Printout
    from liushou_desk.services.terms import TermView
    from liushou_desk.ui.controllers.context import Context
    from liushou_desk.ui.pdf_preview import PdfPreviewDialog
    from liushou_desk.ui.runner import Progress


class PrintingController:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def _current_term(self) -> TermView:
        from liushou_desk.services.terms import current_term

        return current_term(self.ctx.archive, self.ctx.today())

    # -- 期末总结 ---------------------------------------------------------------------------
    def write_term_summary(self, term: TermView | None = None) -> bool:
        """期末总结: write the term's three texts; True when saved."""
        from liushou_desk.services.term_report import build_term_report
        from liushou_desk.services.term_summary import load_summary, save_summary
        from liushou_desk.ui.term_summary_dialog import TermSummaryDialog

        ctx = self.ctx
        archive = ctx.archive
        term = term or self._current_term()
        report = build_term_report(archive, term, ctx.today(), pupil_ids=[])
        n = report.work.by_kind
        reminder = (
            f"{term.name}：留守儿童 {report.left_behind_total} 人；谈心 {n['talk']} 次"
            f"（谈到 {report.work.children_talked} 人），三沟通 {n['contact']} 次，"
            f"亲情电话 {n['family_call']} 次，家访 {n['home_visit']} 次，活动 {n['activity']} 次，"
            f"会议 {n['meeting']} 次，帮扶计划 {len(report.plans)} 份。"
        )
        dialog = TermSummaryDialog(
            term,
            load_summary(archive, term),
            reminder,
            lambda s: save_summary(archive, term, s),
            ctx.parent,
        )
        if ctx.exec_dialog(dialog):
            ctx.selection.show_status(f"已保存{term.name}的期末总结")
            return True
        return False

    # -- choosing and making ---------------------------------------------------------------
    def print_term_report(self) -> None:
        self._ask_and_make(card_of=None)

    def print_growth_card(self, pupil_id: int | None = None) -> None:
        pupil_id = pupil_id or self.ctx.selection.current_pupil
        if not pupil_id:
            self.ctx.prompts.info(self.ctx.parent, "请先在名册中选中一名学生。")
            return
        self._ask_and_make(card_of=pupil_id)

    def _ask_and_make(self, card_of: int | None) -> None:
        from liushou_desk.services.profile import load_profile
        from liushou_desk.services.term_summary import load_summary
        from liushou_desk.services.terms import list_terms
        from liushou_desk.ui.print_dialog import PrintDialog

        ctx = self.ctx
        current = self._current_term()
        if card_of:
            name = load_profile(ctx.archive, card_of, ctx.today()).draft.name
            what = f"成长记录卡 · {name}"
        else:
            what = "期末总结报告（含全部留守儿童的成长记录卡）"
        missing = card_of is None and load_summary(ctx.archive, current).empty
        dialog = PrintDialog(
            what, list_terms(ctx.archive), current, missing, ctx.parent, report=not card_of
        )
        if not ctx.exec_dialog(dialog):
            if dialog.write_summary and self.write_term_summary(dialog.term()):
                self._ask_and_make(card_of)
            return
        term = dialog.term()
        if not card_of:  # 统计时段: a part of the term
            span = dialog.span(term)
            term = span if not isinstance(span, str) else term
        self.make_pdf(term, dialog.options(), card_of)

    def make_pdf(self, term: TermView, options: PrintOptions, card_of: int | None) -> None:
        """Build the PDF in the background (取消 stops it), then show the preview."""
        ctx = self.ctx
        archive, today = ctx.archive, ctx.today()

        def work(progress: Progress) -> Printout:
            from liushou_desk.ops import printing

            if card_of:
                return printing.growth_card(
                    archive, card_of, term, today, options, progress=progress
                )
            return printing.term_report(archive, term, today, options, progress=progress)

        self.make("正在生成成长记录卡…" if card_of else "正在生成期末总结报告…", work)

    def make(self, what: str, work: Callable[[Progress], Printout]) -> None:
        """Any printout made in the background (取消 stops it), then shown in the preview."""
        ctx = self.ctx
        ctx.runner.run(
            what,
            work,
            self.preview,
            lambda exc: ctx.prompts.error(ctx.parent, "生成 PDF 时出错，未生成文件。", str(exc)),
            cancellable=True,
            on_cancel=lambda: ctx.selection.show_status("已取消生成 PDF"),
        )

    # -- preview, print, save, open ---------------------------------------------------------
    def preview(self, printout: Printout) -> None:
        from liushou_desk.ui.pdf_preview import PdfPreviewDialog

        shown: list[PdfPreviewDialog] = []  # the preview, for its buttons' answers
        preview = PdfPreviewDialog(
            printout.title,
            printout.data,
            printout.missing,
            lambda: self.print_pdf(printout, shown[0]),
            lambda: self.save_pdf(printout, shown[0]),
            lambda: self.open_pdf(printout),
            self.ctx.parent,
        )
        shown.append(preview)
        self.ctx.exec_dialog(preview)

    def _say(self, text: str, preview: PdfPreviewDialog | None) -> None:
        """已保存 / 已发送: in the status bar and in the preview she is looking at."""
        self.ctx.selection.show_status(text, 8000)
        if preview is not None:
            preview.say(text)

    def _delivered(self, printout: Printout, how: str) -> None:
        """操作日志: a print, a saved copy or a copy opened outside the app."""
        from liushou_desk.ops.printing import delivered

        delivered(self.ctx.archive, printout, how)

    def print_pdf(self, printout: Printout, preview: PdfPreviewDialog | None = None) -> None:
        """打印…: the system's print dialog, then the pages sent off the GUI thread."""
        from liushou_desk.ui.pdf_preview import print_pages

        ctx = self.ctx
        printer = ctx.prompts.choose_printer(ctx.parent)
        if printer is None:
            return

        def printed(pages: int) -> None:
            self._say(f"已发送 {pages} 页到打印机", preview)
            self._delivered(printout, f"送打印机 {pages} 页")

        ctx.runner.run(
            "正在发送到打印机…",
            lambda progress: print_pages(printout.data, printer, progress),
            printed,
            lambda exc: ctx.prompts.error(ctx.parent, "打印失败。", str(exc)),
            cancellable=True,
        )

    def save_pdf(self, printout: Printout, preview: PdfPreviewDialog | None = None) -> None:
        from liushou_desk.ui.pdf_preview import save_copy

        ctx = self.ctx
        out = ctx.prompts.save_pdf(ctx.parent, printout.file_name)
        if out is None:
            return
        try:
            save_copy(printout.data, out)
        except OSError as exc:
            ctx.prompts.error(ctx.parent, f"无法保存到“{out}”。", exc.strerror or str(exc))
            return
        self._say(f"已保存：{out}", preview)
        self._delivered(printout, f"另存为 {out}")

    def open_pdf(self, printout: Printout) -> None:
        """用系统 PDF 阅读器打开: a copy in the app's print folder, emptied at the next start."""
        from liushou_desk import paths
        from liushou_desk.ui.pdf_preview import save_copy

        ctx = self.ctx
        out = paths.print_temp_dir() / printout.file_name
        try:
            save_copy(printout.data, out)
        except OSError as exc:
            ctx.prompts.error(ctx.parent, "无法写出临时文件。", exc.strerror or str(exc))
            return
        self._delivered(printout, "用系统 PDF 阅读器打开")
        if not ctx.prompts.open_file(out):
            ctx.prompts.error(ctx.parent, "没有找到能打开 PDF 的程序。", f"文件在：{out}")
