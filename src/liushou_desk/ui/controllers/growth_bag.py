"""成长记录袋 on the card tab: 放入材料… (or files dropped), 查看 (an image in a window, a PDF in
the print preview — never a copy left outside the archive), 移出."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from liushou_desk.ui.controllers.context import Context
    from liushou_desk.ui.controllers.printing import PrintingController


class GrowthBagController:
    def __init__(self, ctx: Context, printing: PrintingController) -> None:
        self.ctx = ctx
        self.printing = printing

    def add(self, paths: list[Path], kind: str) -> None:
        from liushou_desk.domain.profile import ValidationFailed
        from liushou_desk.ops.growth_bag import add_to_bag

        ctx = self.ctx
        pid = ctx.selection.current_pupil
        if not pid:
            ctx.prompts.info(ctx.parent, "请先选择学生。")
            return
        if not paths:
            chosen = ctx.prompts.choose_attachment(ctx.parent)
            paths = [chosen] if chosen is not None else []
        problems = []
        for path in paths:
            try:
                ctx.settle(add_to_bag(ctx.archive, pid, path, kind, ctx.today()))
            except ValidationFailed as exc:
                problems.append(exc.errors[0].message)
        if problems:
            ctx.prompts.error(ctx.parent, "有材料没有放入成长记录袋。", "\n".join(problems))

    def view(self, item_id: int) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QPixmap
        from PySide6.QtWidgets import QDialog, QLabel, QScrollArea, QVBoxLayout

        from liushou_desk.ops.printing import Printout
        from liushou_desk.services.growth_bag import PDF, item_data

        ctx = self.ctx
        found = item_data(ctx.archive, item_id)
        if found is None:
            return
        mime, data = found
        if mime == PDF:
            from liushou_desk.domain.print_options import PrintOptions

            self.printing.preview(
                Printout("bag", "成长记录袋材料", "成长记录袋材料", data, 0, PrintOptions())
            )
            return
        dialog = QDialog(ctx.parent)
        dialog.setWindowTitle("成长记录袋 — 查看")
        picture = QLabel()
        pixmap = QPixmap()
        pixmap.loadFromData(data)
        picture.setPixmap(pixmap.scaled(900, 600, aspectMode=Qt.AspectRatioMode.KeepAspectRatio))
        area = QScrollArea()
        area.setWidget(picture)
        area.setWidgetResizable(True)
        QVBoxLayout(dialog).addWidget(area)
        dialog.resize(960, 660)
        ctx.exec_dialog(dialog)

    def remove(self, item_id: int) -> None:
        from liushou_desk.ops.growth_bag import remove_from_bag

        ctx = self.ctx
        if ctx.prompts.confirm(
            ctx.parent, "把这份材料移出成长记录袋吗？", "可以用“编辑 → 撤销”放回。"
        ):
            ctx.settle(remove_from_bag(ctx.archive, item_id))
