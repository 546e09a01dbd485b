"""Qt's own dialogs in Chinese, file dialogs starting in 文档 / 桌面 and remembering the last
folder of each purpose, the calendar beside date fields, 性别 and 出生日期 from the ID number."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QDate, QLocale, Qt, QTranslator
from PySide6.QtWidgets import (
    QApplication,
    QCalendarWidget,
    QDialogButtonBox,
    QFileDialog,
    QFileSystemModel,
    QLabel,
    QLineEdit,
    QTableView,
    QToolButton,
    QTreeView,
    QWidget,
)

from liushou_desk.domain.idcard import check_digit
from liushou_desk.resources import resource_path
from liushou_desk.ui.add_pupil_dialog import AddPupilDialog
from liushou_desk.ui.app import make_application
from liushou_desk.ui.fields import DateField, Field, TextField
from liushou_desk.ui.file_dialogs import (
    MEMORY_FILE,
    ChineseFileColumns,
    FolderMemory,
    Place,
    Purpose,
    file_dialog,
)
from liushou_desk.ui.prompts import Prompts

TODAY = date(2026, 12, 2)


@pytest.fixture
def app(qapp: QApplication) -> QApplication:
    return make_application()


# -- Qt's own texts ---------------------------------------------------------------------------


def test_qt_dialogs_speak_chinese(app: QApplication) -> None:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "取消"
    dialog = QFileDialog(None, "选择名册文件", "", "表格 (*.xlsx)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    labels = {w.objectName(): w.text() for w in dialog.findChildren(QLabel) if w.objectName()}
    # the two labels Qt's catalogue lacks since Qt 6 (from the supplement) and one it has
    assert labels["lookInLabel"] == "查找范围(&L)："
    assert labels["fileTypeLabel"] == "文件类型(&T)："
    assert labels["fileNameLabel"] == "文件名称(&N)："
    tips = {b.toolTip() for b in dialog.findChildren(QToolButton) if b.toolTip()}
    assert "后退" in tips
    translate = QCoreApplication.translate
    assert translate("QAbstractFileIconProvider", "Folder", "All other platforms") == "文件夹"
    assert translate("QCalendarWidget", "Next Month") == "下个月"
    assert translate("NoSuchContext", "left alone") == "left alone"  # nothing blanked


def test_supplement_qm_says_what_its_ts_says(app: QApplication) -> None:
    """After editing the .ts, pyside6-lrelease must be run: the .qm is what the app loads."""
    ts = resource_path("translations/qt_supplement_zh_CN.ts")
    translator = QTranslator()
    assert translator.load(str(ts.with_suffix(".qm")))
    count = 0
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            comment = message.findtext("comment")
            wanted = message.findtext("translation")
            assert translator.translate(name, source, comment) == wanted, source
            count += 1
    assert count >= 5


def test_dates_follow_the_chinese_locale(app: QApplication) -> None:
    day = QDate(2026, 12, 2)
    assert QLocale().toString(day, QLocale.FormatType.LongFormat).startswith("2026年12月2日")
    assert QLocale().toString(day, QLocale.FormatType.ShortFormat) == "2026/12/2"
    assert QLocale().firstDayOfWeek() == Qt.DayOfWeek.Monday


def test_file_dialog_columns_in_chinese(app: QApplication, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "学生名册.xlsx").write_bytes(b"x" * 10)
    (tmp_path / "微信文件").mkdir()
    dialog = file_dialog(None, "选择名册文件", tmp_path, "表格 (*.xlsx)")
    qtbot.addWidget(dialog)
    view = dialog.findChild(QTreeView, "treeView")
    assert view is not None
    assert isinstance(view.itemDelegateForColumn(3), ChineseFileColumns)
    model = dialog.findChild(QFileSystemModel)
    assert model is not None
    file_index = model.index(str(tmp_path / "学生名册.xlsx"))
    qtbot.waitUntil(lambda: model.lastModified(file_index).isValid())
    text = ChineseFileColumns.text
    assert text(model, file_index.siblingAtColumn(1)) == "10 字节"
    assert text(model, file_index.siblingAtColumn(2)) == "Excel 表格"
    modified = model.lastModified(file_index)
    assert text(model, file_index.siblingAtColumn(3)) == modified.toString("yyyy-MM-dd HH:mm")
    folder_index = model.index(str(tmp_path / "微信文件"))
    assert text(model, folder_index.siblingAtColumn(2)) is None  # Qt's own 文件夹


# -- where file dialogs start -----------------------------------------------------------------


class Places:
    def __init__(self, root: Path) -> None:
        self.folders = {place: root / place.name.lower() for place in Place}
        for folder in self.folders.values():
            folder.mkdir(parents=True)

    def __call__(self, place: Place) -> Path | None:
        return self.folders[place]


class DialogSpy:
    """Stands in for running the dialog: notes where it opened, answers with ``answer``."""

    def __init__(self) -> None:
        self.answer: Path | None = None
        self.opened_in: list[Path] = []
        self.suggested: list[str] = []

    def __call__(self, dialog: QFileDialog) -> Path | None:
        self.opened_in.append(Path(dialog.directory().absolutePath()))
        chosen = dialog.selectedFiles()
        self.suggested.append(Path(chosen[0]).name if chosen else "")
        dialog.deleteLater()
        return self.answer


def _prompts(memory: Path, places: Places) -> tuple[Prompts, DialogSpy]:
    prompts = Prompts()
    prompts._folders = FolderMemory(memory, standard=places)
    spy = DialogSpy()
    prompts.run_file_dialog = spy  # type: ignore[method-assign]
    return prompts, spy


def test_dialogs_start_in_documents_and_remember_each_purpose(
    app: QApplication, tmp_path: Path
) -> None:
    parent = QWidget()
    places = Places(tmp_path / "user")
    memory = tmp_path / "data" / MEMORY_FILE
    prompts, spy = _prompts(memory, places)
    documents, desktop = places.folders[Place.DOCUMENTS], places.folders[Place.DESKTOP]

    assert prompts.choose_roster_file(parent) is None  # cancelled: nothing remembered
    assert spy.opened_in[-1] == documents
    assert not memory.exists()

    received = tmp_path / "user" / "WeChat Files" / "2026-12"
    received.mkdir(parents=True)
    spy.answer = received / "三年级二班名册.xlsx"
    assert prompts.choose_roster_file(parent) == spy.answer
    prompts.choose_roster_file(parent)
    assert spy.opened_in[-1] == received

    spy.answer = None
    assert prompts.save_pdf(parent, "成长记录卡-张子涵.pdf") is None
    assert spy.opened_in[-1] == documents  # another purpose: its own folder
    assert spy.suggested[-1] == "成长记录卡-张子涵.pdf"

    stick = tmp_path / "stick"
    stick.mkdir()
    spy.answer = stick
    assert prompts.choose_folder(parent, "把档案保存到哪里（如 U 盘）") == stick
    assert spy.opened_in[-1] == desktop
    spy.answer = stick / "成长记录卡-张子涵"
    assert prompts.save_pdf(parent, "成长记录卡-张子涵.pdf") == stick / "成长记录卡-张子涵.pdf"
    spy.answer = None
    prompts.choose_backup_file(parent)  # a backup is looked for where backups were put
    assert spy.opened_in[-1] == stick

    # the next run: the same folders, and only folders are kept (no file or child's name)
    again, spy2 = _prompts(memory, places)
    again.choose_roster_file(parent)
    again.save_xlsx(parent, "学生名册.xlsx")
    again.choose_folder(parent, "选择备份保存的位置（如 U 盘）")
    assert spy2.opened_in == [received, documents, stick]
    kept = json.loads(memory.read_text(encoding="utf-8"))
    assert kept == {"import": str(received), "pdf": str(stick), "usb": str(stick)}
    assert "张子涵" not in memory.read_text(encoding="utf-8")

    stick.rmdir()  # the stick taken out: back to the first place
    again.choose_folder(parent, "把档案保存到哪里（如 U 盘）")
    assert spy2.opened_in[-1] == desktop


def test_memory_survives_a_damaged_file(tmp_path: Path) -> None:
    memory = tmp_path / MEMORY_FILE
    memory.write_text("{not json", encoding="utf-8")
    folders = FolderMemory(memory, standard=lambda place: None)
    assert folders.start(Purpose.IMPORT) == Path.home()
    folders.remember(Purpose.IMPORT, tmp_path / "名册.xlsx")
    assert folders.start(Purpose.IMPORT) == tmp_path


# -- the calendar -----------------------------------------------------------------------------


def test_calendar_button_fills_the_date(app: QApplication, qtbot) -> None:  # type: ignore[no-untyped-def]
    field = DateField()
    qtbot.addWidget(field)
    field.show()
    field.set_value("2015.3.8")
    field.calendar_action.trigger()
    popup = field.popup
    assert popup is not None and popup.isVisible()
    calendar = popup.calendar
    assert calendar.selectedDate() == QDate(2015, 3, 8)  # opens on the date in the field
    assert calendar.firstDayOfWeek() == Qt.DayOfWeek.Monday
    assert calendar.locale().language() == QLocale.Language.Chinese
    assert calendar.verticalHeaderFormat() == QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader

    calendar.setSelectedDate(QDate(2015, 4, 6))
    grid = calendar.findChild(QTableView)
    with qtbot.waitSignals([field.edited, field.committed]):
        qtbot.keyClick(grid, Qt.Key.Key_Return)
    assert field.value() == "2015-04-06"
    assert not popup.isVisible()

    qtbot.keyClick(field.line, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert popup.isVisible()
    qtbot.mouseClick(popup.today_button, Qt.MouseButton.LeftButton)
    assert field.value() == date.today().isoformat()

    field.line.clear()  # typing still works
    qtbot.keyClicks(field.line, "2016.5.4")  # (QTest types ASCII only)
    assert field.value() == "2016.5.4"


def test_calendar_opens_on_today_for_an_empty_or_unreadable_field(app: QApplication, qtbot) -> None:  # type: ignore[no-untyped-def]
    field = DateField()
    qtbot.addWidget(field)
    field.show()
    field.set_value("去年春天")
    field.open_calendar()
    assert field.popup is not None
    assert field.popup.calendar.selectedDate() == QDate.currentDate()


# -- 新增学生 ---------------------------------------------------------------------------------


def _id(first17: str) -> str:
    return first17 + check_digit(first17)


def _line(field: Field) -> QLineEdit:
    assert isinstance(field, TextField)
    return field.line


def test_add_pupil_reads_sex_and_birth_date_from_the_id(app: QApplication, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = AddPupilDialog(None, lambda: TODAY)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    fields = dialog.fields
    girl = _id("11010520150308002")
    qtbot.keyClicks(_line(fields["id_number"]), girl[:-1])
    assert fields["sex"].value() == "" and fields["birth_date"].value() == ""
    qtbot.keyClicks(_line(fields["id_number"]), girl[-1])
    assert fields["sex"].value() == "女"
    assert fields["birth_date"].value() == "2015-03-08"

    # a corrected number replaces what the number filled in …
    boy = _id("11010520140715001")
    _line(fields["id_number"]).clear()
    qtbot.keyClicks(_line(fields["id_number"]), boy)
    assert fields["sex"].value() == "男"
    assert fields["birth_date"].value() == "2014-07-15"


def test_add_pupil_keeps_what_the_teacher_typed(app: QApplication, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = AddPupilDialog(None, lambda: TODAY)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    fields = dialog.fields
    qtbot.keyClicks(_line(fields["birth_date"]), "2015-03-09")
    qtbot.keyClicks(_line(fields["id_number"]), _id("11010520150308002"))
    assert fields["birth_date"].value() == "2015-03-09"  # hers; the check on 建立档案 compares
    assert fields["sex"].value() == "女"
    qtbot.keyClicks(_line(fields["id_number"]), "1")  # 19 characters: not a number, no change
    assert fields["sex"].value() == "女"
