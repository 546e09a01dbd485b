"""命令行 (the command line): the window, and the same use cases without one.

A contract for tests, benchmarks and school IT staff (``liushou-desk -h`` and
``liushou-desk 命令 -h`` say it in Chinese):

  liushou-desk [--db PATH | --demo] [--exit-after-startup]
  liushou-desk make-demo PATH [--pupils N] [--seed S]
  liushou-desk check --db PATH [--json]
  liushou-desk import FILE --db PATH [--dry-run] [--json]
  liushou-desk export-xlsx --db PATH --out FILE.xlsx
  liushou-desk report --db PATH [--term TERM] --out FILE.pdf
  liushou-desk card --db PATH --pupil NAME --out FILE.pdf
  liushou-desk form1 --db PATH --out FILE.(pdf|xlsx) [--pupil NAME …] [--strict] [--full-ids]
  liushou-desk form3 --db PATH --out FILE.(pdf|xlsx) [--strict]
  liushou-desk export-archive --db PATH --out DIR [--password-file FILE]
  liushou-desk open-archive FILE [FILE ...] [--verify] [--password-file FILE]
  liushou-desk audit-verify --db PATH [--json]
  liushou-desk backup --db PATH [--out FILE]
  liushou-desk restore BACKUP --db PATH
  liushou-desk due --db PATH [--today YYYY-MM-DD] [--json]
  liushou-desk --version

One module per command; each adds its parser and runs through ``cli.session``, which opens
the archive through ``ops.commands`` (every command that writes takes the writer's lock).
Nothing heavy is imported before a command runs: ``--help`` and ``--version`` stay instant.
"""

from __future__ import annotations

import argparse
import sys

from liushou_desk import APP_TITLE, __version__
from liushou_desk.cli import (
    archive_export,
    backups,
    check,
    due,
    export_xlsx,
    forms,
    import_roster,
    make_demo,
    printing,
    window,
)
from liushou_desk.cli.common import EXIT_OK, Parser, fail

COMMANDS = (
    make_demo,
    check,
    import_roster,
    export_xlsx,
    printing,
    forms,
    archive_export,
    backups,
    due,
)


def parser() -> argparse.ArgumentParser:
    """The whole command line: the window's options, then one sub-command per task."""
    top = Parser(
        prog="liushou-desk",
        description=f"{APP_TITLE}：班主任的留守儿童动态档案。不带命令时打开窗口。",
    )
    window.add_options(top)
    top.add_argument(
        "--version",
        action="version",
        version=f"liushou-desk {__version__}",
        help="显示版本号后退出",
    )
    sub = top.add_subparsers(
        title="命令",
        metavar="命令",
        help="每个命令的用法：liushou-desk 命令 -h",
        dest="command",
        parser_class=Parser,
    )
    for command in COMMANDS:
        command.add(sub)
    return top


def _doing(top: argparse.ArgumentParser, command: str | None) -> str:
    """What a command does, in the words of its help (``import`` → 导入名册)."""
    if command is None:
        return "打开窗口"
    for action in top._actions:
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                if choice.dest == command and choice.help:
                    return str(choice.help)
    return "操作"


def main(argv: list[str] | None = None) -> int:
    """Run one command. The error boundary of every command: a full disk, a busy archive or a
    file that cannot be read or written is said in Chinese (exit code 1, no traceback).

    Run as the program (``argv`` None), the cyclic garbage collector is told what this
    process is: it imports and builds hundreds of thousands of objects that live until it
    ends (SQLAlchemy, ReportLab, a report's pages). With the default thresholds (700, 10, 10)
    the collector walks them again and again and frees nothing (≈ 7 % of a term report's
    run): it runs every 20,000 new objects instead, cycles still freed. At the end, everything
    left is frozen, so leaving does not walk it all once more (≈ 0.1 s): files are closed and
    flushed, atexit runs, as always."""
    if argv is not None:  # a test calling it
        return _main(argv)
    import gc

    gc.set_threshold(20_000, 10, 10)
    try:
        return _main(sys.argv[1:])
    finally:
        gc.freeze()


def _main(argv: list[str]) -> int:
    top = parser()
    command: str | None = None
    try:
        args = top.parse_args(argv)
        command = args.command
        if command is None:
            return window.run(args)
        code: int = args.run(args)
        return code
    except BrokenPipeError:  # `liushou-desk due | head`: the reader stopped listening
        sys.stderr.close()
        return EXIT_OK
    except Exception as exc:
        from liushou_desk.ops.failures import explain

        words = explain(exc, _doing(top, command))
        if words is None:
            raise  # a bug: its traceback is what finds it
        return fail(words)
