"""Grabs every tab and dialog of the window on the demo class to PNG, for looking at them and
for the README. Needs CJK fonts on the machine (e.g. Debian's fonts-noto-cjk).

    python scripts/screenshots.py OUT_DIR
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "shots")
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp())
    os.environ["LIUSHOU_HOME"] = str(tmp)
    from liushou_desk.db.schema import open_archive
    from liushou_desk.demo import make_demo
    from liushou_desk.ui.app import make_application

    db = tmp / "demo.sqlite"
    make_demo(db, today=date.today())
    app = make_application()
    from liushou_desk.services import profile
    from liushou_desk.ui.add_pupil_dialog import AddPupilDialog
    from liushou_desk.ui.enrolment_dialog import EnrolmentDialog
    from liushou_desk.ui.main_window import MainWindow
    from liushou_desk.ui.override_dialog import OverrideDialog

    window = MainWindow(open_archive(db))
    window.resize(1280, 800)
    window.show()
    app.processEvents()

    def grab(widget, name: str) -> None:
        app.processEvents()
        widget.grab().save(str(out / f"{name}.png"))
        print(out / f"{name}.png")

    grab(window, "0-due")
    window.tabs.setCurrentWidget(window.roster_tab)
    grab(window, "1-roster")
    tab = window.roster_tab
    tab.search.setText("zh")
    grab(window, "2-roster-search")
    tab.search.clear()
    rows = [r for r in tab.model.rows if r.is_left_behind and len(r.flags) == 0] or tab.model.rows
    window.select_pupil(rows[0].id)
    window.tabs.setCurrentWidget(window.profile_slot)
    grab(window, "3-profile")
    window.profile_tab.scroll_area.verticalScrollBar().setValue(10_000)
    grab(window, "4-profile-contacts")
    window.profile_tab.scroll_area.verticalScrollBar().setValue(0)
    window.profile_tab.basic["id_number"].set_value("511725201506011220")
    window.profile_tab.basic["name"].set_value("")
    window.profile_tab.save()
    grab(window, "5-profile-errors")
    window.profile_tab.revert()
    window.tabs.setCurrentWidget(window.growth_slot)
    edited = next((r for r in tab.model.all_rows if "人工认定" in r.flags), rows[0])
    window.select_pupil(edited.id)
    grab(window, "6-growth-card")
    window.growth_tab.browser.verticalScrollBar().setValue(10_000)
    grab(window, "6b-growth-card-bottom")
    from liushou_desk.domain.records import KINDS
    from liushou_desk.ui.record_dialog import RecordDialog

    talk = RecordDialog(
        window.archive,
        KINDS["talk"],
        date.today,
        window.prompts,
        pupil=edited,
        teacher="王丽华",
        parent=window,
    )
    talk.resize(640, 720)
    grab(talk, "16-talk-form")
    activity = RecordDialog(
        window.archive,
        KINDS["activity"],
        date.today,
        window.prompts,
        roster_rows=[r for r in window.roster_rows() if r.is_active],  # the whole class
        teacher="王丽华",
        parent=window,
    )
    activity.picker.left_behind_button.click()
    activity.adjustSize()  # as it opens: every child's tick box at once
    grab(activity, "17-activity-form")
    contact = RecordDialog(
        window.archive, KINDS["contact"], date.today, window.prompts, pupil=edited, parent=window
    )
    grab(contact, "17b-contact-form")  # 重要事项 said once, by its tick box
    grade = RecordDialog(
        window.archive, KINDS["grade"], date.today, window.prompts, pupil=edited, parent=window
    )
    grab(grade, "18-grade-form")
    from liushou_desk.ui.pupil_picker import PupilPicker

    picker = PupilPicker(window.roster_rows(), "给哪位学生记谈心？", title="记谈心 — 选择学生")
    picker.search.setText("zh")
    grab(picker, "16b-pupil-picker")
    grab(AddPupilDialog(window.archive, date.today, window), "7-add-pupil")
    grab(EnrolmentDialog(window.archive, rows[0], date.today, window), "8-enrolment")
    view = profile.load_profile(window.archive, edited.id, date.today())
    grab(OverrideDialog(window.archive, view, window), "9-override")

    # nothing is lost: the recycle bin and the restore dialog
    from liushou_desk.services import backups, roster
    from liushou_desk.ui.prompts import Prompts
    from liushou_desk.ui.recycle_bin_dialog import RecycleBinDialog
    from liushou_desk.ui.restore_dialog import RestoreDialog

    backups.take_backup(db, tag="manual")
    backups.take_backup(db, tag="auto")
    roster.delete_pupil(window.archive, rows[1].id, "重复录入")
    grab(RecycleBinDialog(window.archive, window), "13-recycle-bin")
    grab(RestoreDialog(db, Prompts(), window), "14-restore")
    window.menuBar().actions()[0].menu().popup(window.mapToGlobal(window.rect().topLeft()))
    grab(window.menuBar().actions()[0].menu(), "15-archive-menu")

    from liushou_desk.ui.cadence_dialog import CadenceDialog
    from liushou_desk.ui.pick_lists_dialog import PickListsDialog

    grab(CadenceDialog(window.archive, window), "19-cadence")
    grab(PickListsDialog(window.archive, window), "20-pick-lists")

    # 打印: the term summary, the print options and the preview of a growth card
    from liushou_desk.pdf.term_report import growth_card_pdf
    from liushou_desk.services.term_report import build_term_report
    from liushou_desk.services.term_summary import TermSummary
    from liushou_desk.services.terms import current_term, list_terms
    from liushou_desk.ui.pdf_preview import PdfPreviewDialog
    from liushou_desk.ui.print_dialog import PrintDialog
    from liushou_desk.ui.term_summary_dialog import TermSummaryDialog

    term = current_term(window.archive, date.today())
    summary = TermSummary(work="本学期坚持每月与每名留守儿童谈心一次……")
    grab(
        TermSummaryDialog(term, summary, "留守儿童 30 人；谈心 90 次。", lambda s: None, window),
        "21-term-summary",
    )
    terms = list_terms(window.archive)
    grab(PrintDialog("期末总结报告", terms, term, True, window), "22-print-options")
    report = build_term_report(window.archive, term, date.today(), pupil_ids=[rows[0].id])
    rendered = growth_card_pdf(report)
    preview = PdfPreviewDialog(
        "成长记录卡", rendered.data, ["张𰀀 · 姓名：“𰀀”(U+30000)"], print, print, print, window
    )
    preview.show()
    for _ in range(5):
        app.processEvents()
    grab(preview, "23-print-preview")
    preview.reject()
    menus = {a.text(): a.menu() for a in window.menuBar().actions()}
    grab(menus["打印(&P)"], "24-print-menu")
    grab(menus["记录(&R)"], "24b-record-menu")

    # 列对应: a school roster with columns the import does not know
    from openpyxl import Workbook

    from liushou_desk.io.roster_columns import read_headers
    from liushou_desk.ui.column_mapping_dialog import ColumnMappingDialog

    book = Workbook()
    book.active.append(["孩子名字", "性别", "家长1姓名", "联系方式", "家庭住址"])
    book.active.append(["王芳", "女", "王建国", "13812345678", "青山村3组"])
    roster = tmp / "roster.xlsx"
    book.save(roster)
    mapping = ColumnMappingDialog(read_headers(roster), "没有找到“姓名”列。", window)
    grab(mapping, "25-column-mapping")
    from liushou_desk.ops import importing
    from liushou_desk.ui.import_dialog import ImportDialog

    school = Workbook()  # 导入名册: a school's sheet with many columns, every header whole
    school.active.append(
        ["姓名", "性别", "出生日期", "民族", "身份证件号", "家庭住址", "父亲姓名", "父亲电话",
         "母亲姓名", "母亲电话", "监护人姓名", "监护人电话", "是否留守儿童"]
    )  # fmt: skip
    school.active.append(
        ["李子涵", "男", "2015-04-02", "汉族", "", "四川省达州市渠县青山镇石桥村1组", "李建国",
         "13812345678", "王秀英", "", "李德明", "13987654321", "单亲留守儿童"]
    )  # fmt: skip
    school_file = tmp / "学生名单.xlsx"
    school.save(school_file)
    plan = importing.plan(window.archive, school_file, date.today())
    import_preview = ImportDialog(plan, school_file.name, window)
    import_preview.show()
    grab(import_preview, "25b-import-preview")
    import_preview.reject()

    # a brand-new archive: the first thing a teacher sees, and the class information dialog
    from liushou_desk.ui.class_info_dialog import ClassInfoDialog

    empty = MainWindow(open_archive(tmp / "new.sqlite"))
    empty.resize(1000, 500)
    empty.show()
    grab(empty, "10-new-archive")
    grab(ClassInfoDialog(empty.archive, empty), "11-class-info")
    # the first step of start-up, before the archive is open
    from liushou_desk.db.first_paint import read_roster_facts
    from liushou_desk.services.roster_rows import build_rows

    waiting = MainWindow(first_rows=build_rows(read_roster_facts(db), date.today()))
    waiting.resize(1000, 500)
    waiting.show()
    waiting.tabs.setCurrentIndex(1)
    grab(waiting, "12-opening")

    # protection: the password at first start, unlocking, the recovery sheet, the lock
    from liushou_desk.db.keyfile import new_recovery_key
    from liushou_desk.services.protection import FailedUnlocks
    from liushou_desk.ui.app_lock import Curtain
    from liushou_desk.ui.recovery_sheet_dialog import RecoverySheetDialog
    from liushou_desk.ui.set_password_dialog import CHANGE, ENCRYPT, NEW, SetPasswordDialog
    from liushou_desk.ui.unlock_dialog import UnlockDialog

    grab(SetPasswordDialog(NEW, lambda *a: None), "26-set-password")
    encrypt = SetPasswordDialog(ENCRYPT, lambda *a: None, window)
    encrypt.new.set_error("密码至少要有 6 个字符。")
    grab(encrypt, "27-encrypt-archive")
    grab(SetPasswordDialog(CHANGE, lambda *a: None, window), "28-change-password")
    unlock = UnlockDialog(db, FailedUnlocks())
    unlock.show()
    grab(unlock, "29-unlock")
    unlock.say("密码不对（已连续输错 3 次）。请等 5 秒后再试。")
    grab(unlock, "29b-unlock-wrong")
    unlock.show_page(1)
    unlock.recovery.setText("XM1P-M025-Z9A8-5VTX-4TNX")
    grab(unlock, "30-unlock-recovery")
    grab(RecoverySheetDialog(new_recovery_key(), db, Prompts(), window), "31-recovery-sheet")
    window.tabs.setCurrentWidget(window.roster_tab)
    curtain = Curtain(window)
    locked = UnlockDialog(db, FailedUnlocks(), window, locked=True)
    locked.show()
    grab(window, "32-locked-window")
    grab(locked, "33-locked-dialog")
    curtain.deleteLater()
    security = next(a for a in window.menuBar().actions() if a.text().startswith("安全"))
    grab(security.menu(), "34-security-menu")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
