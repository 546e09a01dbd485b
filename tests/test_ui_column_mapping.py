"""调整列对应 from the window: a roster whose columns the header words miss is mapped by hand in
the column-mapping dialog, the import is checked again, and the preview shows the mapped values;
a roster without a recognisable name column opens the mapping straight away."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox

from liushou_desk.services import profile, roster
from liushou_desk.ui.column_mapping_dialog import ColumnMappingDialog
from liushou_desk.ui.import_dialog import ImportDialog

from .conftest import TODAY
from .ui_helpers import ScriptedPrompts, open_window


def _csv(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def _cells(table, column_title):
    heads = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    c = heads.index(column_title)
    return [table.item(r, c).text() for r in range(table.rowCount())]


def _ok(dialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def _window(qtbot, tmp_path, source):
    prompts = ScriptedPrompts()
    prompts.choose_roster_file = lambda parent: source
    window, archive = open_window(qtbot, tmp_path / "class.sqlite", prompts)
    return window, archive, prompts


def test_an_unrecognised_column_is_mapped_and_the_preview_shows_it(qtbot, tmp_path):
    source = _csv(
        tmp_path / "名单.csv",
        "姓名,性别,出生日期,联系方式,家长名字\n"
        "张冬月,女,2015-03-08,138 1234 8000,张德明\n"
        "王喆,男,2014-09-11,,李秀英\n",
    )
    window, archive, prompts = _window(qtbot, tmp_path, source)
    seen: list[str] = []

    def script(dialog):  # the teacher's clicks, dialog by dialog
        if isinstance(dialog, ImportDialog) and not seen:
            seen.append("preview")
            assert dialog.unknown.isVisibleTo(dialog)
            assert "联系方式、家长名字" in dialog.unknown.text()
            assert "父亲电话" not in [
                dialog.added.horizontalHeaderItem(c).text()
                for c in range(dialog.added.columnCount())
            ]
            dialog.remap_button.click()
            return dialog.result() == QDialog.DialogCode.Accepted
        if isinstance(dialog, ColumnMappingDialog):
            seen.append("mapping")
            assert dialog.combos["联系方式"].currentText() == "不导入"  # unknown → 不导入
            assert dialog.combos["姓名"].currentText() == "学生姓名"  # recognised
            dialog.choose("联系方式", "father.phone")
            dialog.choose("家长名字", "father.name")
            _ok(dialog).click()
            return dialog.result() == QDialog.DialogCode.Accepted
        seen.append("mapped preview")
        assert not dialog.unknown.isVisibleTo(dialog)
        assert _cells(dialog.added, "父亲电话") == ["13812348000", ""]
        assert _cells(dialog.added, "父亲姓名") == ["张德明", "李秀英"]
        assert roster.list_roster(archive, TODAY) == []  # nothing written yet
        _ok(dialog).click()
        return dialog.result() == QDialog.DialogCode.Accepted

    window.exec_dialog = script
    window.files.import_roster()
    qtbot.waitUntil(lambda: bool(prompts.infos or prompts.errors), timeout=20000)
    assert prompts.errors == []
    assert seen == ["preview", "mapping", "mapped preview"]
    assert prompts.infos[0].startswith("导入完成：新增 2 人")
    rows = {r.name: r.id for r in roster.list_roster(archive, TODAY)}
    draft = profile.load_profile(archive, rows["张冬月"], TODAY).draft
    assert draft.father.phone == "13812348000" and draft.father.name == "张德明"


def test_without_a_name_column_the_mapping_opens_and_checks_the_choice(qtbot, tmp_path):
    source = _csv(
        tmp_path / "名单.csv", "孩子名字,性别,出生日期\n张冬月,女,2015-03-08\n王喆,男,2014-09-11\n"
    )
    window, archive, prompts = _window(qtbot, tmp_path, source)
    seen: dict[str, object] = {}

    def script(dialog):
        if isinstance(dialog, ColumnMappingDialog):
            seen["message"] = dialog.intro.text()
            seen["sample"] = dialog.table.item(0, 2).text()
            _ok(dialog).click()  # no name column chosen yet: the dialog says so and stays
            seen["no name"] = dialog.error.text() if dialog.error.isVisibleTo(dialog) else ""
            dialog.choose("孩子名字", "name")
            dialog.choose("性别", "name")  # two columns on one field: named both
            _ok(dialog).click()
            seen["twice"] = dialog.error.text()
            assert dialog.result() != QDialog.DialogCode.Accepted
            dialog.choose("性别", "sex")
            _ok(dialog).click()
            return dialog.result() == QDialog.DialogCode.Accepted
        seen["names"] = _cells(dialog.added, "学生姓名")
        return False  # the teacher looks and cancels

    window.exec_dialog = script
    window.files.import_roster()
    qtbot.waitUntil(lambda: "names" in seen or bool(prompts.errors), timeout=20000)
    assert prompts.errors == []
    assert "没有找到“姓名”列" in str(seen["message"])
    assert seen["sample"] == "张冬月"
    assert "学生姓名" in str(seen["no name"])
    assert seen["twice"] == (
        "“孩子名字”（A列）和“性别”（B列）都对应到了“学生姓名”。"
        "一个项目只能对应一列，请把其中一列改为“不导入”。"
    )
    assert seen["names"] == ["张冬月", "王喆"]
    assert roster.list_roster(archive, TODAY) == []  # cancelled: nothing written


def test_the_mapping_dialog_grabbed(qtbot, tmp_path):
    """The dialog laid out with a real roster's columns (saved for a look when SHOTS is set)."""
    import os

    from liushou_desk.io.roster_columns import read_headers

    source = _csv(
        tmp_path / "名单.csv",
        "序号,学生姓名,性别,出生年月,身份证号码,家长名字,联系方式,家庭住址,备注\n"
        "1,张冬月,女,2015.3.8,511725201503081224,张德明,13812348000,青山镇石桥村3组,\n",
    )
    dialog = ColumnMappingDialog(read_headers(source))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert [dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())][:3] == [
        "序号",
        "学生姓名",
        "性别",
    ]
    combo = dialog.combos["联系方式"]
    assert combo.width() >= combo.sizeHint().width() - 4  # the field names are not cut off
    image = dialog.grab()
    assert not image.isNull()
    if os.environ.get("SHOTS"):
        os.makedirs(os.environ["SHOTS"], exist_ok=True)
        image.save(os.path.join(os.environ["SHOTS"], "column_mapping.png"))
