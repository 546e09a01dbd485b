"""打印 in the window: the teacher's 期末总结 text, the print options, the PDF made in the
background (cancellable), the preview, printing (to a PDF printer), saving and opening."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader

from liushou_desk.services.term_summary import load_summary
from liushou_desk.services.terms import current_term
from liushou_desk.ui.pdf_preview import PdfPreviewDialog
from liushou_desk.ui.print_dialog import PrintDialog
from liushou_desk.ui.term_summary_dialog import TermSummaryDialog

from .conftest import TODAY
from .ui_helpers import ScriptedPrompts, add_known_pupil, open_window


def test_term_summary_is_written_and_saved(qtbot, demo_db: Path) -> None:  # type: ignore[no-untyped-def]
    window, archive = open_window(qtbot, demo_db)
    seen: list[TermSummaryDialog] = []

    def write(dialog):  # type: ignore[no-untyped-def]
        seen.append(dialog)
        assert "谈心" in dialog.reminder.text() and "留守儿童" in dialog.reminder.text()
        dialog.edits["work"].setPlainText("坚持每月谈心。")
        dialog.edits["problems"].setPlainText("个别监护人辅导困难。")
        dialog.edits["next_plans"].setPlainText("寒假前完成家访。")
        dialog.accept()
        return dialog.result() == 1

    window.exec_dialog = write
    assert window.printing.write_term_summary()
    saved = load_summary(archive, current_term(archive, TODAY))
    assert (saved.work, saved.problems, saved.next_plans) == (
        "坚持每月谈心。",
        "个别监护人辅导困难。",
        "寒假前完成家访。",
    )
    assert seen[0].counts["work"].text() == "7 / 6000 字"


def test_term_summary_too_long_stays_open_and_saves_nothing(qtbot, demo_db: Path) -> None:  # type: ignore[no-untyped-def]
    window, archive = open_window(qtbot, demo_db)

    def write(dialog):  # type: ignore[no-untyped-def]
        dialog.edits["problems"].setPlainText("难" * 6001)
        dialog.accept()
        assert dialog.result() == 0  # still open
        assert dialog.error.text() == "存在问题太长（最多6000字）"
        assert dialog.tabs.currentIndex() == 1
        return False

    window.exec_dialog = write
    assert not window.printing.write_term_summary()
    assert load_summary(archive, current_term(archive, TODAY)).empty


def _run_print(qtbot, window, accept_options=True):  # type: ignore[no-untyped-def]
    """Drive the print flow: accept the options, keep the preview that opens."""
    shown: dict[str, object] = {}

    def drive(dialog):  # type: ignore[no-untyped-def]
        if isinstance(dialog, PrintDialog):
            shown["options"] = dialog
            return accept_options
        if isinstance(dialog, PdfPreviewDialog):
            shown["preview"] = dialog
            return False
        raise AssertionError(type(dialog))

    window.exec_dialog = drive
    return shown


def test_card_is_made_previewed_saved_printed_and_opened(
    qtbot, demo_db: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtPrintSupport import QPrinter

    prompts = ScriptedPrompts()
    window, archive = open_window(qtbot, demo_db, prompts)
    pupil = add_known_pupil(archive, "王䶮")
    shown = _run_print(qtbot, window)
    window.printing.print_growth_card(pupil)
    options = shown["options"]
    assert not options.summary_note.isVisibleTo(options)  # a card needs no term summary
    assert options.mask_box.isChecked() and not options.sensitive_box.isChecked()
    qtbot.waitUntil(lambda: "preview" in shown, timeout=30000)
    preview = shown["preview"]
    assert preview.pages_label.text() == "共 1 页" or preview.pages_label.text() == "共 2 页"
    assert not preview.warning.isVisible()
    preview.show()
    qtbot.waitUntil(lambda: preview.model.rendered >= 1)  # the page on screen was rendered
    preview.grab().save(str(tmp_path / "preview.png"))

    prompts.pdf_path = tmp_path / "保存" / "card.pdf"
    preview.save_button.click()
    text = PdfReader(prompts.pdf_path).pages[0].extract_text()
    assert "王䶮" in text and "139****4321" in text and "13987654321" not in text
    assert prompts.asked[-1].startswith("成长记录卡-王䶮-")
    assert preview.said.text().startswith("已保存：")  # said in the preview she is looking at

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    prompts.printer = printer
    preview.print_button.click()
    qtbot.waitUntil(lambda: "已发送" in window.statusBar().currentMessage(), timeout=60000)
    assert preview.said.text().startswith("已发送")
    assert len(PdfReader(tmp_path / "printed.pdf").pages) == preview.model.rowCount()

    preview.open_button.click()
    assert prompts.opened and prompts.opened[0].read_bytes()[:5] == b"%PDF-"
    assert "打印临时文件" in str(prompts.opened[0])
    preview.reject()


def test_report_generation_can_be_cancelled(qtbot, demo_db: Path) -> None:  # type: ignore[no-untyped-def]
    window, _archive = open_window(qtbot, demo_db)
    shown = _run_print(qtbot, window)
    window.printing.print_term_report()
    assert shown["options"].summary_note.isVisibleTo(shown["options"])  # summary still empty
    (task,) = window.runner.tasks  # the report being made
    task.cancel()
    with qtbot.waitSignal(task.finished, timeout=30000):
        pass
    assert "preview" not in shown
    assert window.statusBar().currentMessage() == "已取消生成 PDF"


def test_report_preview_of_the_demo_class(qtbot, demo_db: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window, _archive = open_window(qtbot, demo_db)
    shown = _run_print(qtbot, window)
    window.printing.print_term_report()
    qtbot.waitUntil(lambda: "preview" in shown, timeout=60000)
    preview = shown["preview"]
    assert preview.model.rowCount() > 40
    preview.show()
    qtbot.waitUntil(lambda: preview.model.rendered >= 1)
    assert preview.model.rendered < 10  # only what is on screen, not every page
    preview.grab().save(str(tmp_path / "report-preview.png"))
    preview.reject()


def test_missing_characters_are_named_before_printing(qtbot, demo_db: Path) -> None:  # type: ignore[no-untyped-def]
    window, archive = open_window(qtbot, demo_db)
    pupil = add_known_pupil(archive, "张\U00030000")
    shown = _run_print(qtbot, window)
    window.printing.print_growth_card(pupil)
    qtbot.waitUntil(lambda: "preview" in shown, timeout=30000)
    warning = shown["preview"].warning
    assert warning.isVisibleTo(shown["preview"])
    assert "张\U00030000 · 姓名" in warning.text() and "U+30000" in warning.text()
    shown["preview"].reject()


def test_window_falls_back_to_the_bundled_faces_for_rare_characters(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QFontDatabase, QFontMetrics
    from PySide6.QtWidgets import QApplication

    from liushou_desk.ui.app import make_application

    app = make_application()
    assert app is QApplication.instance()
    families = app.font().families()
    assert families[-2:] == ["Liushou Hana A", "Liushou Hana B"]
    assert "Liushou Hana B" in QFontDatabase.families()
    hana_b = QFontMetrics(QFontDatabase.font("Liushou Hana B", "Regular", 12))
    assert hana_b.inFontUcs4(0x2C317)  # 𬌗
    make_application()  # a second call adds nothing twice
    assert app.font().families().count("Liushou Hana B") == 1


def test_health_can_be_left_off_the_cards(qtbot, demo_db: Path) -> None:  # type: ignore[no-untyped-def]
    from liushou_desk.services.profile import load_profile

    window, archive = open_window(qtbot, demo_db)
    pupil = add_known_pupil(archive, "赵小满")
    draft = load_profile(archive, pupil, TODAY).draft
    draft.health_mental = "常常想家睡不着"
    from liushou_desk.services.profile import save_profile

    save_profile(archive, pupil, draft, TODAY)
    shown: dict[str, object] = {}

    def drive(dialog):  # type: ignore[no-untyped-def]
        if isinstance(dialog, PrintDialog):
            dialog.health_box.setChecked(False)
            return True
        shown["preview"] = dialog
        return False

    window.exec_dialog = drive
    window.printing.print_growth_card(pupil)
    qtbot.waitUntil(lambda: "preview" in shown, timeout=30000)
    from io import BytesIO

    text = "".join(p.extract_text() for p in PdfReader(BytesIO(shown["preview"].data)).pages)
    assert "常常想家睡不着" not in text and "身体和心理健康状况不在本份材料中" in text
    shown["preview"].reject()
