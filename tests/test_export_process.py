"""导出档案's workbook and national forms made by a second process (issue 20): the child really
makes them — also for an encrypted archive, whose key it gets through the pipe —, the export
still completes when no second process can be had or the child fails, and a cancel or a failure
leaves no child behind."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest
from openpyxl import load_workbook

from liushou_desk.db.cipher import DataKey
from liushou_desk.db.schema import open_archive
from liushou_desk.io import export_process, xlsx_export
from liushou_desk.io.usb_archive import export_archive, read_archive
from liushou_desk.services.notices import Cancelled

from .conftest import EXPORT_PASSWORD, TODAY


def _refused_here(*_args, **_kwargs):  # type: ignore[no-untyped-def]
    raise AssertionError("to be made by the second process")


def _export(db: Path, folder: Path, progress=None):  # type: ignore[no-untyped-def]
    """导出档案 of ``db`` into ``folder`` (its ``progress`` told), the archive closed after."""
    archive = open_archive(db)
    try:
        return export_archive(archive, folder, EXPORT_PASSWORD, TODAY, progress)
    finally:
        archive.close()


def _sheets(opened) -> list[str]:  # type: ignore[no-untyped-def]
    return load_workbook(opened.workbook, read_only=True).sheetnames


@pytest.mark.parametrize("encrypted", [False, True])
def test_the_second_process_makes_the_workbook_and_the_forms(
    demo_db, tmp_path, monkeypatch, encrypted
):  # type: ignore[no-untyped-def]
    if encrypted:
        from liushou_desk.db.encrypt import encrypt_in_place

        encrypt_in_place(demo_db, DataKey(bytes(range(32))))  # the key held, as when unlocked
    monkeypatch.setattr(xlsx_export, "export_workbook", _refused_here)  # not in this process
    monkeypatch.setattr(export_process, "national_forms", _refused_here)
    result = _export(demo_db, tmp_path)
    opened = read_archive(result.path, EXPORT_PASSWORD, tmp_path / "open")
    assert "学生名册" in _sheets(opened)
    assert opened.form1 is not None and opened.form3 is not None
    assert "留守儿童" in _text(opened.form1) and result.form_pages >= 2
    assert multiprocessing.active_children() == []


def _text(pdf: Path) -> str:
    from pypdf import PdfReader

    return "".join(page.extract_text() for page in PdfReader(pdf).pages[:2])


def test_without_a_second_process_everything_is_made_here(demo_db, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    def no_processes(_method):  # type: ignore[no-untyped-def]
        raise OSError("进程数已达上限")

    monkeypatch.setattr(multiprocessing, "get_context", no_processes)
    written: list[Path] = []
    real = xlsx_export.export_workbook

    def here(archive, out, *args, **kwargs):  # type: ignore[no-untyped-def]
        written.append(out)
        return real(archive, out, *args, **kwargs)

    monkeypatch.setattr(xlsx_export, "export_workbook", here)
    result = _export(demo_db, tmp_path)
    assert len(written) == 1
    opened = read_archive(result.path, EXPORT_PASSWORD, tmp_path / "open")
    assert "学生名册" in _sheets(opened)


def test_a_child_that_fails_is_replaced_by_this_process(demo_db, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    written: list[Path] = []
    real = xlsx_export.export_workbook
    monkeypatch.setattr(
        xlsx_export,
        "export_workbook",
        lambda archive, out, *a, **k: written.append(out) or real(archive, out, *a, **k),
    )
    forms: list[bool] = []
    real_forms = export_process.national_forms
    monkeypatch.setattr(
        export_process,
        "national_forms",
        lambda *a, **k: forms.append(True) or real_forms(*a, **k),
    )
    monkeypatch.setattr(  # the child is stopped, as if it had died
        export_process.ExportProcess,
        "wait",
        lambda job, progress, timeout=0: job.cancel() or export_process.ChildWork(),
    )
    result = _export(demo_db, tmp_path)
    assert len(written) == 1 and forms == [True]  # both made here
    opened = read_archive(result.path, EXPORT_PASSWORD, tmp_path / "open")
    assert "留守儿童" in _text(opened.form1)  # type: ignore[arg-type]
    assert multiprocessing.active_children() == []


@pytest.mark.parametrize("at", [30, 61])  # drawing the report; waiting for the child
def test_a_cancel_stops_the_child(demo_db, tmp_path, at):  # type: ignore[no-untyped-def]
    seen: list[int] = []

    def progress(done: int, _total: int) -> None:
        seen.append(done)
        if done >= at:
            raise Cancelled

    stick = tmp_path / "U盘"
    stick.mkdir()
    with pytest.raises(Cancelled):
        _export(demo_db, stick, progress)
    assert list(stick.iterdir()) == []
    assert multiprocessing.active_children() == []
    assert seen == sorted(seen)  # the bar never goes back


def test_the_bar_moves_while_the_child_works(demo_db, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """The wait for the child tells its progress (the workbook, then the forms)."""
    seen: list[int] = []
    _export(demo_db, tmp_path, lambda d, _t: seen.append(d))
    assert seen == sorted(seen) and seen[-1] == 100
    # the child's own steps (told through the pipe) between the report (60) and the zip (80)
    assert len({d for d in seen if 60 < d < 80}) >= 5, sorted(set(seen))


def test_the_child_says_what_it_made_and_what_failed(demo_db, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """The child's words, as the parent reads them: its progress, the workbook made, the forms
    failed (the type of the error only), then the end — the parent makes the forms itself."""
    import threading

    from liushou_desk.domain.print_options import PrintOptions

    def broken(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("陈晨鹏 511725201607270670")  # a child's details: never passed on

    monkeypatch.setattr(export_process, "national_forms", broken)
    reading, sending = multiprocessing.Pipe(duplex=False)
    out = tmp_path / "archive.xlsx"
    child = threading.Thread(
        target=export_process.work_in_child,
        args=(str(demo_db), None, str(out), TODAY.isoformat(), PrintOptions(), False, sending),
    )
    child.start()
    said = []
    while not said or said[-1][0] != "end":
        said.append(reading.recv())
    child.join(10)
    words = [(what, value) for what, value in said if what != "progress"]
    assert words == [("workbook", ""), ("forms", "RuntimeError"), ("end", None)]
    steps = [value[0] for what, value in said if what == "progress"]
    assert steps == sorted(steps) and steps[-1] >= 50  # the workbook's half told
    assert out.is_file() and "学生名册" in load_workbook(out, read_only=True).sheetnames
