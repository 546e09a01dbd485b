"""打印 from the command line: ``report`` (期末总结报告), ``card`` (成长记录卡 of one child or
several: ``--pupil`` again for each), ``contact-cards`` (留守儿童联系卡) and ``letters``
(在校情况告家长书) as PDF, made and logged by ``ops`` exactly as the window makes them. Without
``--pupil`` the report carries every left-behind child's card, and the contact cards and
letters are for every left-behind child in class.

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
    p.add_argument(
        "--case-names", action="store_true", help="典型案例写出学生的姓名（默认写作“某同学”）"
    )
    p.add_argument(
        "--full-records",
        action="store_true",
        help="成长记录卡上的关爱记录印全文（默认每条一行）",
    )


def add(sub: Any) -> None:
    report = sub.add_parser(
        "report", help="生成期末总结报告", description="生成期末总结报告（PDF）。"
    )
    _common(report)
    report.add_argument(
        "--pupil", action="append", help="只附这名学生的成长记录卡（姓名或学籍号，可写多次）"
    )
    report.set_defaults(run=run_report)
    card = sub.add_parser(
        "card", help="生成成长记录卡", description="生成学生的成长记录卡（PDF，可以一次多名）。"
    )
    _common(card)
    card.add_argument(
        "--pupil", action="append", required=True, help="学生姓名（或学籍号），可写多次"
    )
    card.set_defaults(run=run_card)
    for name, what, run in (
        ("contact-cards", "留守儿童联系卡（每页 8 张，沿虚线剪开）", run_contact_cards),
        ("letters", "在校情况告家长书（每名学生一页，带回执）", run_letters),
    ):
        family = sub.add_parser(
            name, help=f"生成{what.split('（')[0]}", description=f"生成{what}。"
        )
        family.add_argument("--db", type=Path, required=True, help="档案数据库文件")
        family.add_argument("--out", type=Path, required=True, help="要写入的 PDF 文件")
        family.add_argument(
            "--pupil", action="append", help="学生姓名或学籍号，可写多次（默认：全班留守儿童）"
        )
        family.set_defaults(run=run)


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
    options = PrintOptions(
        mask=not args.unmasked,
        include_sensitive=args.sensitive,
        case_names=args.case_names,
        full_records=args.full_records,
    )
    name = ""
    ids = _pupils(archive, args.pupil or [])
    if isinstance(ids, str):
        return fail(ids)
    try:
        if card:
            name = "、".join(_names(archive, ids))
            printout = printing.growth_cards(archive, ids, term, today, options, out=args.out)
        else:
            printout = printing.term_report(
                archive, term, today, options, out=args.out, pupil_ids=ids or None
            )
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


def _pupils(archive: Archive, names: list[str]) -> list[int] | str:
    """The pupils named (each once, in order), or why one cannot be found."""
    ids: list[int] = []
    for who in names:
        found = _one_pupil(archive, who)
        if isinstance(found, str):
            return found
        if found.id not in ids:
            ids.append(found.id)
    return ids


def _names(archive: Archive, ids: list[int]) -> list[str]:
    from liushou_desk.services.roster import list_roster

    by_id = {r.id: r.name for r in list_roster(archive, date.today())}
    return [by_id.get(i, "") for i in ids]


def run_contact_cards(args: argparse.Namespace) -> int:
    return _family(args, letters=False)


def run_letters(args: argparse.Namespace) -> int:
    return _family(args, letters=True)


def _family(args: argparse.Namespace, *, letters: bool) -> int:
    problem = out_problem(args.out)
    if problem is not None:
        return problem
    from liushou_desk.cli.session import with_archive

    def make(archive: Archive) -> int:
        from liushou_desk.ops import family_printing
        from liushou_desk.ops.printing import delivered

        ids = _pupils(archive, args.pupil or [])
        if isinstance(ids, str):
            return fail(ids)
        make_pdf = family_printing.letters if letters else family_printing.contact_cards
        printout = make_pdf(archive, date.today(), ids or None)
        if not printout.cards:
            return fail("没有要打印的学生（全班没有留守儿童），未生成文件。")
        try:
            from liushou_desk.safe_files import write_bytes_safely

            write_bytes_safely(args.out, printout.data)
        except OSError as exc:
            return fail(f"无法写入“{args.out}”：{exc.strerror or exc}")
        delivered(archive, printout, f"命令行写出 {args.out}")
        _warn(printout)
        what = "告家长书" if letters else "联系卡"
        print(f"已生成{what} {printout.cards} 份（{printout.pages} 页）：{args.out}")
        return EXIT_OK

    return with_archive(args.db, make, writes=True)


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
