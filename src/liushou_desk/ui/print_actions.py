"""打印 of the main window: 期末总结 (the teacher's text), the term report and a child's growth
card — made off the GUI thread with a cancellable progress bar, shown in a preview, then
printed, saved, or opened in the system's PDF reader. A mixin of MainWindow."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from liushou_desk.pdf.kit import PrintOptions
    from liushou_desk.pdf.term_report import Rendered
    from liushou_desk.services.terms import TermView
    from liushou_desk.ui.main_window import MainWindow

    _Base = MainWindow
else:
    _Base = object


def _file_name(text: str) -> str:
    return re.sub(r'[\\/:*?"<>|\s]+', "", text) or "打印"


class PrintActions(_Base):
    def _current_term(self) -> TermView:
        from liushou_desk.services.terms import current_term

        assert self.archive is not None
        return current_term(self.archive, self.today())

    # -- 期末总结 ---------------------------------------------------------------------------
    def write_term_summary(self, term: TermView | None = None) -> bool:
        """期末总结: write the term's three texts; True when saved."""
        from liushou_desk.services.term_report import build_term_report
        from liushou_desk.services.term_summary import load_summary, save_summary
        from liushou_desk.ui.term_summary_dialog import TermSummaryDialog

        assert self.archive is not None
        archive = self.archive
        term = term or self._current_term()
        report = build_term_report(archive, term, self.today(), pupil_ids=[])
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
            self,
        )
        if self.exec_dialog(dialog):
            self.statusBar().showMessage(f"已保存{term.name}的期末总结", 5000)
            return True
        return False

    # -- choosing and making ---------------------------------------------------------------
    def print_term_report(self) -> None:
        self._ask_and_make(card_of=None)

    def print_growth_card(self, pupil_id: int | None = None) -> None:
        pupil_id = pupil_id or self._current_pupil
        if not pupil_id:
            self.prompts.info(self, "请先在名册中选中一名学生。")
            return
        self._ask_and_make(card_of=pupil_id)

    def _ask_and_make(self, card_of: int | None) -> None:
        from liushou_desk.services.profile import load_profile
        from liushou_desk.services.term_summary import load_summary
        from liushou_desk.services.terms import list_terms
        from liushou_desk.ui.print_dialog import PrintDialog

        assert self.archive is not None
        current = self._current_term()
        if card_of:
            name = load_profile(self.archive, card_of, self.today()).draft.name
            what = f"成长记录卡 · {name}"
        else:
            what = "期末总结报告（含全部留守儿童的成长记录卡）"
        missing = card_of is None and load_summary(self.archive, current).empty
        dialog = PrintDialog(what, list_terms(self.archive), current, missing, self)
        if not self.exec_dialog(dialog):
            if dialog.write_summary and self.write_term_summary(dialog.term()):
                self._ask_and_make(card_of)
            return
        self.make_pdf(dialog.term(), dialog.options(), card_of)

    def make_pdf(self, term: TermView, options: PrintOptions, card_of: int | None) -> None:
        """Build the PDF in the background (取消 stops it), then show the preview."""
        from liushou_desk.ui.background import BackgroundTask

        assert self.archive is not None
        archive, today = self.archive, self.today()

        def work(progress):  # type: ignore[no-untyped-def]
            from liushou_desk.pdf.term_report import growth_card_pdf, term_report_pdf
            from liushou_desk.services.term_report import build_term_report

            ids = [card_of] if card_of else None
            report = build_term_report(archive, term, today, pupil_ids=ids)
            if card_of:
                return report, growth_card_pdf(report, options, progress=progress)
            return report, term_report_pdf(report, options, progress=progress)

        label = "正在生成成长记录卡…" if card_of else "正在生成期末总结报告…"
        self.pdf_task = BackgroundTask(
            self,
            label,
            work,
            lambda result: self._preview(result[0], result[1], card_of),
            lambda exc: self.prompts.error(self, "生成 PDF 时出错，未生成文件。", str(exc)),
            cancellable=True,
            on_cancel=lambda: self.statusBar().showMessage("已取消生成 PDF", 5000),
        ).start()

    # -- preview, print, save, open ---------------------------------------------------------
    def _preview(self, report: Any, rendered: Rendered, card_of: int | None) -> None:
        from liushou_desk.ui.pdf_preview import PdfPreviewDialog

        if card_of and report.cards:
            title = f"成长记录卡-{report.cards[0].profile.draft.name}-{report.term.name}"
        else:
            title = f"期末总结报告-{report.info.title}-{report.term.name}"
        name = _file_name(title) + ".pdf"
        data = rendered.data
        self.preview = PdfPreviewDialog(
            title,
            data,
            rendered.missing.lines(),
            lambda: self.print_pdf(data, title),
            lambda: self.save_pdf(data, name),
            lambda: self.open_pdf(data, name),
            self,
        )
        self.exec_dialog(self.preview)

    def print_pdf(self, data: bytes, title: str = "PDF") -> None:
        from liushou_desk.ui.pdf_preview import start_printing

        self.print_task = start_printing(
            self, data, lambda pages: self._log_print(title, f"送打印机 {pages} 页")
        )

    def _log_print(self, what: str, how: str) -> None:
        """操作日志: a print, a saved copy or a copy opened outside the app."""
        from liushou_desk.services import audit

        if self.archive is not None:
            audit.record(self.archive, audit.Action.PRINT, what, how)

    def save_pdf(self, data: bytes, name: str) -> None:
        from liushou_desk.ui.pdf_preview import save_copy

        out = self.prompts.save_pdf(self, name)
        if out is None:
            return
        try:
            save_copy(data, out)
        except OSError as exc:
            self.prompts.error(self, f"无法保存到“{out}”。", exc.strerror or str(exc))
            return
        self.statusBar().showMessage(f"已保存：{out}", 8000)
        self._log_print(name, f"另存为 {out}")

    def open_pdf(self, data: bytes, name: str) -> None:
        """用系统 PDF 阅读器打开: a copy in the app's print folder, emptied at the next start."""
        from liushou_desk import paths
        from liushou_desk.ui.pdf_preview import save_copy

        out = paths.print_temp_dir() / name
        try:
            save_copy(data, out)
        except OSError as exc:
            self.prompts.error(self, "无法写出临时文件。", exc.strerror or str(exc))
            return
        self._log_print(name, "用系统 PDF 阅读器打开")
        if not self.prompts.open_file(out):
            self.prompts.error(self, "没有找到能打开 PDF 的程序。", f"文件在：{out}")
