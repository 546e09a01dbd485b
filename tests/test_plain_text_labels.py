"""A child's name, a school name or an error's text with HTML in it (pasted, imported, or from a
crafted file) is shown as the characters typed, never rendered as rich text — in every tab of
the window and in every message box."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox

from .ui_helpers import ScriptedPrompts, open_window

NAME = "<b>粗</b><img src=x>"
SCHOOL = "<h1 style='font-size:90px'>大</h1>"


def _rich_labels_showing(window, needles: tuple[str, ...]) -> list[str]:  # type: ignore[no-untyped-def]
    found = []
    for label in window.findChildren(QLabel):
        text = label.text()
        if any(n in text for n in needles) and label.textFormat() != Qt.TextFormat.PlainText:
            found.append(f"{type(label.parent()).__name__}: {text[:60]}")
    return found


def test_html_in_a_name_or_school_is_shown_as_typed(qtbot, demo_db: Path) -> None:  # type: ignore[no-untyped-def]
    with sqlite3.connect(demo_db) as con:
        pid = con.execute("SELECT min(id) FROM pupils WHERE deleted_at IS NULL").fetchone()[0]
        con.execute("UPDATE pupils SET name = ? WHERE id = ?", (NAME, pid))
        con.execute("UPDATE archive_info SET school = ?, head_teacher = ?", (SCHOOL, NAME))
    con.close()
    window, archive = open_window(qtbot, demo_db, ScriptedPrompts())
    try:
        window.select_pupil(pid)
        for index in range(window.tabs.count()):
            window.tabs.setCurrentIndex(index)
            qtbot.wait(20)
            window.runner.wait_idle()
        window.select_pupil(pid)
        assert _rich_labels_showing(window, (NAME, SCHOOL, "<b>粗")) == []
        # and the app's own markup is never shown as tags (待办 N 项，其中已过期 M 项 in red)
        shown_as_tags = [
            label.text()[:60]
            for label in window.findChildren(QLabel)
            if label.textFormat() == Qt.TextFormat.PlainText
            and any(tag in label.text().replace(NAME, "") for tag in ("<b", "<span", "<br"))
        ]
        assert shown_as_tags == []
        assert "已过期" in window.due_tab.summary.text()  # the demo has overdue work
        assert window.due_tab.summary.textFormat() == Qt.TextFormat.RichText
    finally:
        window.close()
        archive.close()


def test_message_boxes_show_text_as_typed(qtbot) -> None:  # type: ignore[no-untyped-def]
    from liushou_desk.ui.prompts import message_box

    box = message_box(QMessageBox.Icon.Warning, f"“{NAME}”的档案无法保存", None)
    box.setInformativeText(SCHOOL)
    qtbot.addWidget(box)
    formats = {label.textFormat() for label in box.findChildren(QLabel) if label.text()}
    assert formats == {Qt.TextFormat.PlainText}
