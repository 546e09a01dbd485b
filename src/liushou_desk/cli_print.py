"""打印 from the command line: the term report and a child's growth card as PDF.

  liushou-desk report --db PATH [--term TERM] --out FILE.pdf [--unmasked] [--sensitive]
  liushou-desk card --db PATH --pupil NAME --out FILE.pdf [--term TERM] [--unmasked] [--sensitive]

ID numbers and phones are masked and sensitive records left out unless asked for. Characters
no bundled font can print are named (child · field) on stderr; the PDF is still written.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from liushou_desk.cli import open_existing
from liushou_desk.cli_common import EXIT_OK, EXIT_USAGE, _fail, _Parser

if TYPE_CHECKING:
    from liushou_desk.db.engine import Archive
    from liushou_desk.pdf.kit import PrintOptions
    from liushou_desk.services.terms import TermView


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", type=Path, required=True, help="档案数据库文件")
    p.add_argument("--out", type=Path, required=True, help="要写入的 PDF 文件")
    p.add_argument("--term", help="学期，如 2026-2027-1（默认：当前学期）")
    p.add_argument("--unmasked", action="store_true", help="打印完整的身份证号和电话号码")
    p.add_argument("--sensitive", action="store_true", help="打印涉及隐私的记录")


def _report_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="liushou-desk report", description="生成期末总结报告（PDF）。")
    _common(p)
    return p


def _card_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="liushou-desk card", description="生成一名学生的成长记录卡（PDF）。")
    _common(p)
    p.add_argument("--pupil", required=True, help="学生姓名（或学籍号）")
    return p


def _term(archive: Archive, text: str | None) -> TermView:
    from liushou_desk.domain.terms import parse_term, term_for
    from liushou_desk.services.terms import term_of

    spec = parse_term(text) if text else term_for(date.today())
    return term_of(archive, spec)


def _check_out(out: Path) -> str | None:
    if out.suffix.lower() != ".pdf":
        return "输出文件应以 .pdf 结尾"
    if out.exists():
        return f"文件已存在，未作改动：{out}"
    if not out.parent.exists():
        return f"文件夹不存在：{out.parent}"
    return None


def _run(argv: list[str], card: bool) -> int:
    args = (_card_parser() if card else _report_parser()).parse_args(argv)
    problem = _check_out(args.out)
    if problem:
        return _fail(problem, EXIT_USAGE if problem.startswith("输出") else 1)
    from liushou_desk.domain.terms import TermFormatError

    archive = open_existing(args.db)
    if isinstance(archive, int):
        return archive
    try:
        try:
            term = _term(archive, args.term)
        except TermFormatError as exc:
            return _fail(str(exc), EXIT_USAGE)
        from liushou_desk.pdf.kit import PrintOptions

        options = PrintOptions(mask=not args.unmasked, include_sensitive=args.sensitive)
        if card:
            return _card(archive, term, args.pupil, args.out, options)
        return _report(archive, term, args.out, options)
    except OSError as exc:
        return _fail(f"无法写入“{args.out}”：{exc.strerror or exc}")
    finally:
        archive.close()


def _report(archive: Archive, term: TermView, out: Path, options: PrintOptions) -> int:
    from liushou_desk.pdf.term_report import term_report_pdf
    from liushou_desk.services.term_report import build_term_report

    report = build_term_report(archive, term, date.today())
    rendered = term_report_pdf(report, options, out)
    _log(archive, f"期末总结报告（{term.name}）", out, options)
    _warn(rendered.missing.lines())
    cards = len(report.cards)
    print(f"已生成{term.name}期末总结报告（{rendered.pages} 页，成长记录卡 {cards} 份）：{out}")
    return EXIT_OK


def _card(archive: Archive, term: TermView, who: str, out: Path, options: PrintOptions) -> int:
    from liushou_desk.pdf.term_report import growth_card_pdf
    from liushou_desk.services.roster import find_pupils
    from liushou_desk.services.term_report import build_term_report

    found = find_pupils(archive, who)
    if not found:
        return _fail(f"档案中没有名为“{who}”的学生")
    if len(found) > 1:
        listed = "；".join(f"{p.name}（学籍号 {p.student_number or '未填'}）" for p in found)
        return _fail(f"有 {len(found)} 名学生叫“{who}”：{listed}。请用 --pupil 学籍号 指定")
    pupil = found[0]
    report = build_term_report(archive, term, date.today(), pupil_ids=[pupil.id])
    rendered = growth_card_pdf(report, options, out)
    _log(archive, f"成长记录卡 {pupil.name}（{term.name}）", out, options)
    _warn(rendered.missing.lines())
    print(f"已生成{pupil.name}的成长记录卡（{term.name}，{rendered.pages} 页）：{out}")
    return EXIT_OK


def _log(archive: Archive, what: str, out: Path, options: PrintOptions) -> None:
    from liushou_desk.services import audit

    full = "号码已遮盖" if options.mask else "完整号码"
    private = "含涉及隐私的记录" if options.include_sensitive else ""
    audit.record(
        archive,
        audit.Action.PRINT,
        what,
        "；".join(x for x in (f"命令行写出 {out}", full, private) if x),
    )


def _warn(lines: list[str]) -> None:
    if lines:
        print("注意：以下文字没有可用的字体，打印出来是“□”：", file=sys.stderr)
        for line in lines:
            print(f"  {line}", file=sys.stderr)


def report_command(argv: list[str]) -> int:
    return _run(argv, card=False)


def card_command(argv: list[str]) -> int:
    return _run(argv, card=True)
