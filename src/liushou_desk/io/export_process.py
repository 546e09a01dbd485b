"""导出档案的第二个进程 (the export's second process): the workbook and the national forms made
by a second process while this one draws the term report and its cards.

The principal's archive holds the term report with every card, the national forms (登记表
附件1, 统计表 附件3) and the whole archive as .xlsx. openpyxl and ReportLab are pure Python: one
process does one at a time (600 pupils: the report ≈ 3 s, the workbook ≈ 2 s, the forms ≈ 1 s).
A second process — started with ``spawn``, so nothing of this one is copied into it — opens the
same archive read-only (the writer's lock stays with this process, which writes nothing while
it exports), writes the workbook into the export's private folder and renders the forms, the
two processes working side by side on two cores.

The data key, when the archive is encrypted, goes to the child through the pipe
``multiprocessing`` opens between the two (never on a command line or in the environment).
The child says how far it is (the progress bar moves while this process waits for it) and
what it made; whatever it could not make — it did not start, could not open the archive,
failed half-way, died — the caller makes itself, as before. ``cancel`` stops the child at once.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from liushou_desk.db.engine import Archive
    from liushou_desk.domain.print_options import PrintOptions
    from liushou_desk.pdf.form1 import RenderedForms
    from liushou_desk.pdf.form3 import RenderedForm3

log = logging.getLogger(__name__)
Progress = Callable[[int, int], None]
TIMEOUT = 300.0  # seconds for the child's whole work before the caller gives up waiting
POLL = 0.1  # seconds between two looks at the pipe (a 取消 is heard within this)

Forms = tuple["RenderedForms", "RenderedForm3"]


def national_forms(
    archive: Archive, today: date, options: PrintOptions, full: bool, progress: Progress
) -> Forms:
    """登记表（附件1） of every left-behind child and the class's 统计表（附件3）, as the
    principal's copy shows them (least data unless ``full``)."""
    from liushou_desk.pdf.form1 import form1_pdf
    from liushou_desk.pdf.form3 import form3_pdf
    from liushou_desk.services.form1 import load_forms
    from liushou_desk.services.form3 import class_form3

    forms = load_forms(archive, today, None, options, least=not full)
    when = f"{today.year}年{today.month}月{today.day}日"
    return form1_pdf(forms, options, progress), form3_pdf(class_form3(archive, today), when)


@dataclass
class ChildWork:
    """What the child made: the workbook (written to the job's ``out``), the forms."""

    workbook: bool = False
    forms: Forms | None = None


class ExportProcess:
    """The workbook and the forms being made by the child; ``wait`` says which were."""

    def __init__(
        self,
        archive_path: Path,
        out: Path,
        today: date,
        options: PrintOptions,
        *,
        full: bool,
    ) -> None:
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
                target=work_in_child,
                args=(
                    str(archive_path),
                    key.raw if key is not None else None,
                    str(out),
                    today.isoformat(),
                    options,
                    full,
                    sending,
                ),
                daemon=True,  # never outlives the app
            )
            self._process.start()
            sending.close()  # the child holds its end; a crash then reads as EOF here
        except Exception:  # no second process here (a locked-down PC): the caller does it all
            log.warning("无法启动导出用的子进程，改为在本进程中导出", exc_info=True)
            self.cancel()

    def wait(self, progress: Progress, timeout: float = TIMEOUT) -> ChildWork:
        """What the child made, its progress told to ``progress`` meanwhile (which raises
        ``Cancelled`` after 取消: the child is then stopped). The child is stopped whatever
        happens; what it did not make, the caller makes."""
        made = ChildWork()
        reply = self._reply
        if self._process is None or reply is None:
            return made
        deadline = time.monotonic() + timeout
        shown = (0, 100)
        try:
            while True:
                progress(*shown)  # a 取消 is heard while waiting, not only after
                if not reply.poll(POLL):
                    if time.monotonic() > deadline:
                        log.warning("导出用的子进程没有按时完成")
                        return made
                    continue
                what, value = reply.recv()
                if what == "progress":
                    shown = value
                elif what == "workbook":
                    made.workbook = not value and self.out.is_file()
                    if value:
                        log.warning("子进程没有写成 Excel：%s", value)
                elif what == "forms":
                    if isinstance(value, str):
                        log.warning("子进程没有做成登记表：%s", value)
                    else:
                        made.forms = value
                elif what == "end":
                    return made
        except (EOFError, OSError):  # the child died without a word
            log.warning("导出用的子进程意外退出")
            return made
        finally:
            self.cancel()

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


def work_in_child(
    archive_path: str,
    key: bytes | None,
    out: str,
    today: str,
    options: PrintOptions,
    full: bool,
    reply: Any,
) -> None:
    """The child's work: the archive opened read-only (at the newest schema, checked by the
    parent under its lock), the workbook written to ``out``, the forms rendered and sent. Each
    is answered with what was made or what went wrong (the type of the error only: no child's
    details in a message or a log), then "end"."""
    shown = -1

    def step(done: int, total: int) -> None:  # 0–50: the workbook, 50–100: the forms
        nonlocal shown
        if done * 100 // max(total, 1) != shown:
            shown = done * 100 // max(total, 1)
            reply.send(("progress", (shown, 100)))

    def half(start: int) -> Progress:
        return lambda done, total: step(start + done * 50 // max(total, 1), 100)

    try:
        archive = _open(archive_path, key)
    except BaseException as exc:
        problem = type(exc).__name__
        _send_all(reply, [("workbook", problem), ("forms", problem)])
        return
    try:
        from liushou_desk.io.xlsx_export import export_workbook

        day = date.fromisoformat(today)
        problem = ""
        try:
            export_workbook(archive, Path(out), day, half(0), redacted=not full, logged=False)
        except BaseException as exc:  # told to the parent, which writes it itself
            problem = type(exc).__name__
        reply.send(("workbook", problem))
        try:
            forms: object = national_forms(archive, day, options, full, half(50))
        except BaseException as exc:
            forms = type(exc).__name__
        reply.send(("forms", forms))
    finally:
        archive.close()
        _send_all(reply, [])


def _open(archive_path: str, key: bytes | None) -> Archive:
    from liushou_desk.db import cipher
    from liushou_desk.db.schema import open_archive

    path = Path(archive_path)
    if key is not None:
        cipher.remember(path, cipher.DataKey(key))
    return open_archive(path, create=False, settle=False, checked=True)


def _send_all(reply: Any, messages: list[tuple[str, object]]) -> None:
    """The last words to the parent, then "end"; a parent gone (cancelled) hears nothing."""
    with contextlib.suppress(OSError):
        try:
            for message in [*messages, ("end", None)]:
                reply.send(message)
        finally:
            reply.close()
