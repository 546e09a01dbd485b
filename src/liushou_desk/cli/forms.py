"""The national forms from the command line: ``form1`` (附件1 登记表, a page or a row per
left-behind child) and ``form3`` (附件3 统计表 of the class), as PDF or .xlsx by the name of
``--out``, made and logged as the window makes them.

What is still empty (form1: child · field) or does not add up (form3: child · problem) is named
on stderr; ``--strict`` then exits 1 and writes nothing."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from liushou_desk.cli.common import EXIT_FAILED, EXIT_OK, fail

if TYPE_CHECKING:
    from liushou_desk.ops.archive import Archive

SUFFIXES = (".pdf", ".xlsx")


def add(sub: Any) -> None:
    form1 = sub.add_parser(
        "form1",
        help="生成留守儿童基本情况登记表（附件1）",
        description="生成《农村留守儿童基本情况登记表》（附件1）：PDF 每名儿童一页，"
        "Excel 每名儿童一行。不带 --pupil 时为全班留守儿童。",
    )
    _common(form1)
    form1.add_argument(
        "--pupil", action="append", metavar="NAME", help="学生姓名或学籍号（可写多次）"
    )
    form1.add_argument(
        "--full-ids", action="store_true", help="父母和监护人的身份证号完整打印（默认遮盖）"
    )
    form1.set_defaults(run=run_form1)
    form3 = sub.add_parser(
        "form3",
        help="生成留守儿童统计表（附件3）",
        description="生成全班留守儿童的统计表（附件3）：按性别、年龄、留守情况、委托监护、"
        "监护类型和就学情况计数，并核对各栏合计（表间勾稽关系）。",
    )
    _common(form3)
    form3.set_defaults(run=run_form3)


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", type=Path, required=True, help="档案数据库文件")
    p.add_argument("--out", type=Path, required=True, help="要写入的文件（.pdf 或 .xlsx）")
    p.add_argument(
        "--strict", action="store_true", help="有未填写或不一致的栏目时不生成文件，退出码 1"
    )


def _run(args: argparse.Namespace, make: Callable[[Archive, argparse.Namespace], int]) -> int:
    """``--out`` checked, then ``make`` on the archive under the writer's lock (its 操作日志)."""
    from liushou_desk.cli.printing import out_problem

    problem = out_problem(args.out, SUFFIXES)
    if problem is not None:
        return problem
    from liushou_desk.cli.session import with_archive

    return with_archive(args.db, lambda archive: make(archive, args), writes=True)


def run_form1(args: argparse.Namespace) -> int:
    return _run(args, _form1)


def _pupil_ids(archive: Archive, names: list[str]) -> list[int] | str:
    from liushou_desk.cli.printing import _pupils

    return _pupils(archive, names)


def _form1(archive: Archive, args: argparse.Namespace) -> int:
    from liushou_desk.ops import form1
    from liushou_desk.ops.printing import delivered

    today = date.today()
    ids: list[int] | None = None
    if args.pupil:
        found = _pupil_ids(archive, args.pupil)
        if isinstance(found, str):
            return fail(found)
        ids = found
    empty = form1.missing(archive, today, ids)
    if empty:
        children = len({c.pupil_id for c in empty})
        print(f"{children} 名儿童还有 {len(empty)} 个栏目没填：", file=sys.stderr)
        for cell in empty:
            print(f"  {cell.name} · {cell.field}", file=sys.stderr)
        if args.strict:
            return fail("有未填写的栏目（--strict），未生成文件。", EXIT_FAILED)
    out: Path = args.out
    try:
        if out.suffix.lower() == ".xlsx":
            count = form1.form1_xlsx(archive, today, out, ids, full_ids=args.full_ids)
            print(f"已生成登记表（附件1）Excel，{count} 名儿童：{out}")
            return EXIT_OK
        printout = form1.form1_pdf(archive, today, ids, full_ids=args.full_ids, out=out)
    except OSError as exc:
        return fail(f"无法写入“{out}”：{exc.strerror or exc}")
    delivered(archive, printout, f"命令行写出 {out}")
    for line in printout.missing:
        print(f"注意：没有可用字体的文字：{line}", file=sys.stderr)
    print(f"已生成登记表（附件1），{printout.cards} 名儿童，{printout.pages} 页：{out}")
    return EXIT_OK


def run_form3(args: argparse.Namespace) -> int:
    return _run(args, _form3)


def _form3(archive: Archive, args: argparse.Namespace) -> int:
    from liushou_desk.ops import form3
    from liushou_desk.ops.printing import delivered
    from liushou_desk.services.form3 import check

    today = date.today()
    form = form3.class_form(archive, today)
    problems = check(form)
    if problems:
        print(f"有 {len(problems)} 处需要核对：", file=sys.stderr)
        for line in problems:
            print(f"  {line}", file=sys.stderr)
        if args.strict:
            return fail("统计表有未填或不一致的地方（--strict），未生成文件。", EXIT_FAILED)
    out: Path = args.out
    try:
        if out.suffix.lower() == ".xlsx":
            form3.form3_xlsx(archive, form, today, out)
        else:
            delivered(archive, form3.printout(form, today, out=out), f"命令行写出 {out}")
    except OSError as exc:
        return fail(f"无法写入“{out}”：{exc.strerror or exc}")
    print(f"已生成统计表（附件3），留守儿童 {form.total} 人：{out}")
    return EXIT_OK
