"""打印 from the command line: ``report`` (期末总结报告) and ``card`` (one child's 成长记录卡) as
PDF, made and logged by ``ops.printing`` exactly as the window makes them.

ID numbers and phones are masked and sensitive records left out unless asked for. Characters
no bundled font can print are named (child · field) on stderr; the PDF is still written."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from liushou_desk.cli.common import EXIT_OK, EXIT_USAGE, fail

if TYPE_CHECKING:
    from liushou_desk.ops.archive import Archive
    from liushou_desk.ops.printing import Printout
    from liushou_desk.services.roster import PupilMatch


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", type=Path, required=True, help="档案数据库文件")
    p.add_argument("--out", type=Path, required=True, help="要写入的 PDF 文件")
    p.add_argument("--term", help="学期，如 2026-2027-1（默认：当前学期）")
    p.add_argument("--unmasked", action="store_true", help="打印完整的身份证号和电话号码")
    p.add_argument("--sensitive", action="store_true", help="打印涉及隐私的记录")


def add(sub: Any) -> None:
    report = sub.add_parser(
        "report", help="生成期末总结报告", description="生成期末总结报告（PDF）。"
    )
    _common(report)
    report.set_defaults(run=run_report)
    card = sub.add_parser(
        "card", help="生成成长记录卡", description="生成一名学生的成长记录卡（PDF）。"
    )
    _common(card)
    card.add_argument("--pupil", required=True, help="学生姓名（或学籍号）")
    card.set_defaults(run=run_card)


def out_problem(out: Path, suffixes: tuple[str, ...] = (".pdf",)) -> int | None:
    """Why ``out`` cannot be written (its exit code, the reason said), or None."""
    if out.suffix.lower() not in suffixes:
        return fail(f"输出文件应以 {' 或 '.join(suffixes)} 结尾", EXIT_USAGE)
    if out.exists():
        return fail(f"文件已存在，未作改动：{out}")
    if not out.parent.exists():
        return fail(f"文件夹不存在：{out.parent}")
    return None


def run_report(args: argparse.Namespace) -> int:
    return _run(args, card=False)


def run_card(args: argparse.Namespace) -> int:
    return _run(args, card=True)


def _run(args: argparse.Namespace, *, card: bool) -> int:
    problem = out_problem(args.out)
    if problem is not None:
        return problem
    from liushou_desk.cli.session import with_archive

    return with_archive(args.db, lambda archive: _print(archive, args, card), writes=True)


def _print(archive: Archive, args: argparse.Namespace, card: bool) -> int:
    from liushou_desk.domain.print_options import PrintOptions
    from liushou_desk.domain.terms import TermFormatError
    from liushou_desk.ops import printing

    today = date.today()
    try:
        term = printing.term_named(archive, args.term, today)
    except TermFormatError as exc:
        return fail(str(exc), EXIT_USAGE)
    options = PrintOptions(mask=not args.unmasked, include_sensitive=args.sensitive)
    name = ""
    try:
        if card:
            pupil = _one_pupil(archive, args.pupil)
            if isinstance(pupil, str):
                return fail(pupil)
            name = pupil.name
            printout = printing.growth_card(archive, pupil.id, term, today, options, out=args.out)
        else:
            printout = printing.term_report(archive, term, today, options, out=args.out)
    except OSError as exc:
        return fail(f"无法写入“{args.out}”：{exc.strerror or exc}")
    printing.delivered(archive, printout, f"命令行写出 {args.out}")
    _warn(printout)
    if card:
        print(f"已生成{name}的成长记录卡（{term.name}，{printout.pages} 页）：{args.out}")
    else:
        print(
            f"已生成{term.name}期末总结报告（{printout.pages} 页，"
            f"成长记录卡 {printout.cards} 份）：{args.out}"
        )
    return EXIT_OK


def _one_pupil(archive: Archive, who: str) -> PupilMatch | str:
    """The one pupil called ``who`` (name or 学籍号), or why not."""
    from liushou_desk.services.roster import find_pupils

    found = find_pupils(archive, who)
    if not found:
        return f"档案中没有名为“{who}”的学生"
    if len(found) > 1:
        listed = "；".join(f"{p.name}（学籍号 {p.student_number or '未填'}）" for p in found)
        return f"有 {len(found)} 名学生叫“{who}”：{listed}。请用 --pupil 学籍号 指定"
    return found[0]


def _warn(printout: Printout) -> None:
    if printout.missing:
        print("注意：以下文字没有可用的字体，打印出来是“□”：", file=sys.stderr)
        for line in printout.missing:
            print(f"  {line}", file=sys.stderr)
