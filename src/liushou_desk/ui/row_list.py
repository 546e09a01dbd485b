"""行列表: the read-only list of rows the app's pages share (the roster, 待办, the plan, the
card's records, the pupil picker) — whole rows selected, nothing edited in place, no row
numbers, rows 26 px high."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QAbstractItemView, QTableView


def row_list(model: QAbstractItemModel, *, single: bool = True) -> QTableView:
    """A table view of ``model`` as a list of rows; ``single``: one row selected at a time."""
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if single:
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(26)
    return view
