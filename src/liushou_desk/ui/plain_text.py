"""纯文本显示 (plain text): labels that show the archive's or a file's text — a child's name, a
school name, an error message naming a file — show it as the characters typed. Qt's labels
guess: text that looks like HTML (``<b>``, ``<img src=…>``) would be rendered, so a name pasted
from a web page or a crafted archive could change what the teacher or the principal sees."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget


def plain_label(text: str = "", parent: QWidget | None = None) -> QLabel:
    """A QLabel that never reads its text as HTML."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    return label
