"""文件对话框: where the open and save dialogs start, the folder each remembers, and Qt's own
file dialog in Chinese.

Each purpose (导入名册, 另存 PDF, 导出 Excel, U 盘 …) remembers the last folder chosen for it,
across runs, in ``最近的文件夹.json`` in the data folder: folder paths only, never a file's name.
A purpose used for the first time starts in 文档 or 桌面, never in the program's own folder.

Where the system has no file dialog of its own (Linux without a desktop theme), Qt's dialog is
shown: its file types and dates are given here in Chinese (2026-12-02 14:30), since Qt takes
those from the system's language rather than from the program's translations.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from enum import Enum
from pathlib import Path

from PySide6.QtCore import QLocale, QModelIndex, QPersistentModelIndex, QStandardPaths
from PySide6.QtWidgets import (
    QFileDialog,
    QFileSystemModel,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QWidget,
)

from liushou_desk import paths
from liushou_desk.safe_files import write_bytes_safely

log = logging.getLogger(__name__)

MEMORY_FILE = "最近的文件夹.json"


class Purpose(Enum):
    """What a file dialog is for; each remembers its own last folder."""

    IMPORT = "import"  # 导入名册
    PDF = "pdf"  # 另存为 PDF
    XLSX = "xlsx"  # 导出 Excel
    USB = "usb"  # 导出档案、备份到 U 盘
    PHOTO = "photo"  # 学生照片
    BACKUP = "backup"  # 从备份文件恢复
    ARCHIVE = "archive"  # 校长打开档案


class Place(Enum):
    """The user's standard folders."""

    DOCUMENTS = QStandardPaths.StandardLocation.DocumentsLocation  # 文档
    DESKTOP = QStandardPaths.StandardLocation.DesktopLocation  # 桌面
    PICTURES = QStandardPaths.StandardLocation.PicturesLocation  # 图片


# where a purpose starts before it has a folder of its own: a standard folder, or the folder
# another purpose remembers (a backup file is looked for where backups were last put)
FIRST_PLACES: dict[Purpose, tuple[Place | Purpose, ...]] = {
    Purpose.IMPORT: (Place.DOCUMENTS, Place.DESKTOP),  # WeChat and QQ keep received files there
    Purpose.PDF: (Place.DOCUMENTS, Place.DESKTOP),
    Purpose.XLSX: (Place.DOCUMENTS, Place.DESKTOP),
    Purpose.USB: (Place.DESKTOP, Place.DOCUMENTS),
    Purpose.PHOTO: (Place.PICTURES, Place.DESKTOP),
    Purpose.BACKUP: (Purpose.USB, Place.DOCUMENTS),
    Purpose.ARCHIVE: (Place.DESKTOP, Place.DOCUMENTS),
}


def standard_folder(place: Place) -> Path | None:
    location = QStandardPaths.writableLocation(place.value)
    return Path(location) if location else None


class FolderMemory:
    """The last folder of each purpose, kept in the data folder (``paths.data_home``)."""

    def __init__(
        self,
        file: Path | None = None,
        standard: Callable[[Place], Path | None] = standard_folder,
    ) -> None:
        self._file = file
        self._standard = standard

    @property
    def file(self) -> Path:
        return self._file or paths.data_home() / MEMORY_FILE

    def _load(self) -> dict[str, str]:
        try:
            data = json.loads(self.file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict):
            return {}
        return {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, str)}

    def remembered(self, purpose: Purpose) -> Path | None:
        """The folder last chosen for ``purpose`` while it still exists (a USB stick may be
        out)."""
        text = self._load().get(purpose.value)
        if not text:
            return None
        folder = Path(text)
        return folder if folder.is_dir() else None

    def start(self, purpose: Purpose) -> Path:
        """Where a dialog for ``purpose`` opens: its last folder, else 文档 or 桌面, else the
        user's home folder."""
        remembered = self.remembered(purpose)
        if remembered is not None:
            return remembered
        for place in FIRST_PLACES[purpose]:
            folder = self.remembered(place) if isinstance(place, Purpose) else self._standard(place)
            if folder is not None and folder.is_dir():
                return folder
        return Path.home()

    def remember(self, purpose: Purpose, chosen: Path) -> None:
        """Keep the folder of ``chosen`` (a file, or a folder itself) for the next time; only
        the folder's path is written."""
        folder = chosen if chosen.is_dir() else chosen.parent
        data = self._load()
        data[purpose.value] = str(folder)
        text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)
        try:
            write_bytes_safely(self.file, text.encode("utf-8"))
        except OSError:
            log.warning("无法保存最近使用的文件夹")


# -- Qt's own file dialog in Chinese --------------------------------------------------------

# the types a teacher meets in these dialogs, named alike on every system
FILE_TYPES = {
    "xlsx": "Excel 表格",
    "xls": "Excel 表格",
    "csv": "CSV 表格",
    "pdf": "PDF 文档",
    "zip": "压缩包",
    "sqlite": "档案备份",
    "jpg": "图片",
    "jpeg": "图片",
    "png": "图片",
    "bmp": "图片",
}
SIZE_COLUMN, TYPE_COLUMN, DATE_COLUMN = 1, 2, 3


class ChineseFileColumns(QStyledItemDelegate):
    """The 大小, 类型 and 修改日期 columns of Qt's file dialog in Chinese: Qt writes them in
    the system's language (``0 bytes``, ``3 12 2026`` under an English system)."""

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        model = index.model()
        if not isinstance(model, QFileSystemModel):
            return
        cell = model.index(index.row(), index.column(), index.parent())
        text = self.text(model, cell)
        if text is not None:
            option.text = text  # type: ignore[attr-defined]

    @staticmethod
    def text(model: QFileSystemModel, cell: QModelIndex) -> str | None:
        """The Chinese text of a cell, or None to leave Qt's."""
        column = cell.column()
        if column == DATE_COLUMN:
            modified = model.lastModified(cell)
            return QLocale().toString(modified, "yyyy-MM-dd HH:mm") if modified.isValid() else None
        if model.isDir(cell):
            return None
        if column == SIZE_COLUMN:
            return QLocale().formattedDataSize(
                model.size(cell), 1, QLocale.DataSizeFormat.DataSizeTraditionalFormat
            )
        if column == TYPE_COLUMN:
            return FILE_TYPES.get(model.fileInfo(cell).suffix().lower())
        return None


def dress(dialog: QFileDialog) -> QFileDialog:
    """Chinese sizes, file types and dates in Qt's own dialog (a system dialog is left as it
    is)."""
    view = dialog.findChild(QTreeView, "treeView")
    if view is None:
        return dialog
    columns = ChineseFileColumns(view)
    header = view.header()
    for column, widest in (
        (SIZE_COLUMN, "1023.9 kB"),
        (TYPE_COLUMN, "Excel 表格"),
        (DATE_COLUMN, "2026-12-31 23:59"),
    ):
        view.setItemDelegateForColumn(column, columns)
        wide = view.fontMetrics().horizontalAdvance(widest) + 24
        header.resizeSection(column, max(header.sectionSize(column), wide))
    return dialog


def file_dialog(
    parent: QWidget | None,
    title: str,
    start: Path,
    filters: str = "",
    *,
    save: bool = False,
    folder: bool = False,
) -> QFileDialog:
    """An open, save or choose-a-folder dialog starting in ``start`` (a folder, or a folder
    and the suggested file name)."""
    dialog = QFileDialog(parent, title, str(start), filters)
    if folder:
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    elif save:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    else:
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    return dress(dialog)
