"""导出档案's workbook written by a second process (issue 20): the child really writes it — also
for an encrypted archive, whose key it gets through the pipe —, the export still completes when
no second process can be had, and a cancel or a failure leaves no child behind."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest
from openpyxl import load_workbook

from liushou_desk.db.cipher import DataKey
from liushou_desk.db.schema import open_archive
from liushou_desk.io import xlsx_export
from liushou_desk.io.usb_archive import export_archive, read_archive
from liushou_desk.services.notices import Cancelled

from .conftest import EXPORT_PASSWORD, TODAY


def _refused_here(*_args, **_kwargs):  # type: ignore[no-untyped-def]
    raise AssertionError("the workbook was to be written by the second process")


def _sheets(opened) -> list[str]:  # type: ignore[no-untyped-def]
    return load_workbook(opened.workbook, read_only=True).sheetnames


@pytest.mark.parametrize("encrypted", [False, True])
def test_the_second_process_writes_the_workbook(demo_db, tmp_path, monkeypatch, encrypted):  # type: ignore[no-untyped-def]
    if encrypted:
        from liushou_desk.db.encrypt import encrypt_in_place

        encrypt_in_place(demo_db, DataKey(bytes(range(32))))  # the key held, as when unlocked
    monkeypatch.setattr(xlsx_export, "export_workbook", _refused_here)  # not in this process
    archive = open_archive(demo_db)
    try:
        result = export_archive(archive, tmp_path, EXPORT_PASSWORD, TODAY)
    finally:
        archive.close()
    opened = read_archive(result.path, EXPORT_PASSWORD, tmp_path / "open")
    assert "学生名册" in _sheets(opened)
    assert multiprocessing.active_children() == []


def test_without_a_second_process_the_workbook_is_written_here(demo_db, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    def no_processes(_method):  # type: ignore[no-untyped-def]
        raise OSError("进程数已达上限")

    monkeypatch.setattr(multiprocessing, "get_context", no_processes)
    written: list[Path] = []
    real = xlsx_export.export_workbook

    def here(archive, out, *args, **kwargs):  # type: ignore[no-untyped-def]
        written.append(out)
        return real(archive, out, *args, **kwargs)

    monkeypatch.setattr(xlsx_export, "export_workbook", here)
    archive = open_archive(demo_db)
    try:
        result = export_archive(archive, tmp_path, EXPORT_PASSWORD, TODAY)
    finally:
        archive.close()
    assert len(written) == 1
    opened = read_archive(result.path, EXPORT_PASSWORD, tmp_path / "open")
    assert "学生名册" in _sheets(opened)


def test_a_child_that_fails_is_replaced_by_this_process(demo_db, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    from liushou_desk.io import workbook_process

    written: list[Path] = []
    real = xlsx_export.export_workbook
    monkeypatch.setattr(
        xlsx_export,
        "export_workbook",
        lambda archive, out, *a, **k: written.append(out) or real(archive, out, *a, **k),
    )
    monkeypatch.setattr(  # the child is stopped, as if it had died
        workbook_process.WorkbookJob, "wait", lambda job, timeout=0: job.cancel() or False
    )
    archive = open_archive(demo_db)
    try:
        export_archive(archive, tmp_path, EXPORT_PASSWORD, TODAY)
    finally:
        archive.close()
    assert len(written) == 1
    assert multiprocessing.active_children() == []


def test_a_cancel_stops_the_child(demo_db, tmp_path):  # type: ignore[no-untyped-def]
    def progress(done: int, _total: int) -> None:
        if done >= 30:  # while the report is being drawn and the workbook written
            raise Cancelled

    stick = tmp_path / "U盘"
    stick.mkdir()
    archive = open_archive(demo_db)
    try:
        with pytest.raises(Cancelled):
            export_archive(archive, stick, EXPORT_PASSWORD, TODAY, progress)
    finally:
        archive.close()
    assert list(stick.iterdir()) == []
    assert multiprocessing.active_children() == []
