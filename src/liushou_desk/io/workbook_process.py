"""导出档案的 Excel 表, written by a second process while this one draws the PDFs.

The principal's archive holds the term report with every card, the national forms and the
whole archive as .xlsx. openpyxl and ReportLab are pure Python: one process does one at a time
(600 pupils: the PDFs ≈ 4.5 s, then the workbook ≈ 2 s). A second process — started with
``spawn``, so nothing of this one is copied into it — opens the same archive read-only (the
writer's lock stays with this process, which writes nothing while it exports) and writes the
workbook into the export's private folder, the two working side by side on two cores.

The data key, when the archive is encrypted, goes to the child through the pipe
``multiprocessing`` opens between the two (never on a command line or in the environment).
Whatever the child cannot do — start, open the archive, write — is told back; the caller then
writes the workbook itself, as before. ``cancel`` stops the child at once.
"""

from __future__ import annotations

import contextlib
import logging
from datetime import date
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)
START_TIMEOUT = 120.0  # seconds for the whole workbook before the caller gives up waiting


class WorkbookJob:
    """The workbook being written by the child; ``wait`` says whether it was."""

    def __init__(self, archive_path: Path, out: Path, today: date, *, redacted: bool) -> None:
        import multiprocessing

        from liushou_desk.db.cipher import key_for

        self.out = out
        self._process: Any = None
        self._reply: Any = None
        try:
            key = key_for(archive_path)
            context = multiprocessing.get_context("spawn")
            self._reply, sending = context.Pipe(duplex=False)
            self._process = context.Process(
                target=write_in_child,
                args=(
                    str(archive_path),
                    key.raw if key is not None else None,
                    str(out),
                    today.isoformat(),
                    redacted,
                    sending,
                ),
                daemon=True,  # never outlives the app
            )
            self._process.start()
            sending.close()  # the child holds its end; a crash then reads as EOF here
        except Exception:  # no second process here (a locked-down PC): the caller writes it
            log.warning("无法启动导出 Excel 的子进程，改为在本进程中导出", exc_info=True)
            self.cancel()

    def wait(self, timeout: float = START_TIMEOUT) -> bool:
        """True when the child wrote the workbook; False (and the child stopped) otherwise —
        the caller then writes it itself."""
        if self._process is None or self._reply is None:
            return False
        try:
            if not self._reply.poll(timeout):
                log.warning("导出 Excel 的子进程没有按时完成")
                return False
            problem = self._reply.recv()
        except (EOFError, OSError):  # the child died without a word
            log.warning("导出 Excel 的子进程意外退出")
            return False
        finally:
            self.cancel()
        if problem:
            log.warning("导出 Excel 的子进程没有完成：%s", problem)
            return False
        return self.out.is_file()

    def cancel(self) -> None:
        """Stop the child (a cancel, a failure elsewhere) and release the pipe."""
        process, self._process = self._process, None
        if process is not None and process.ident is not None:  # started
            if process.is_alive():
                process.terminate()
            process.join(5)
        reply, self._reply = self._reply, None
        if reply is not None:
            with contextlib.suppress(OSError):
                reply.close()


def write_in_child(
    archive_path: str,
    key: bytes | None,
    out: str,
    today: str,
    redacted: bool,
    reply: Any,
) -> None:
    """The child's work: the archive opened read-only (at the newest schema, checked by the
    parent under its lock), the workbook written to ``out``; "" or what went wrong sent back
    (the type of the error only: no child's details in a message or a log)."""
    problem = ""
    try:
        from liushou_desk.db import cipher
        from liushou_desk.db.schema import open_archive
        from liushou_desk.io.xlsx_export import export_workbook

        path = Path(archive_path)
        if key is not None:
            cipher.remember(path, cipher.DataKey(key))
        archive = open_archive(path, create=False, settle=False, checked=True)
        try:
            export_workbook(
                archive, Path(out), date.fromisoformat(today), redacted=redacted, logged=False
            )
        finally:
            archive.close()
    except BaseException as exc:  # told to the parent, which writes the workbook itself
        problem = type(exc).__name__
    try:
        reply.send(problem)
    finally:
        reply.close()
