"""导出档案 / 打开档案 from the command line.

  liushou-desk export-archive --db PATH --out DIR [--password-file FILE] [--full-details]
  liushou-desk open-archive FILE [FILE ...] [--password-file FILE]

Without ``--password-file`` the export proposes a strong password and prints it once; the
principal's window asks for each archive's password.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from liushou_desk.cli import open_existing
from liushou_desk.cli_common import EXIT_OK, EXIT_USAGE, _fail, _Parser


def _export_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="liushou-desk export-archive",
        description="导出给校长的加密档案（期末总结报告、成长记录卡、Excel、只读数据、清单）。",
    )
    p.add_argument("--db", type=Path, required=True, help="档案数据库文件")
    p.add_argument("--out", type=Path, required=True, help="保存到哪个文件夹（如 U 盘）")
    p.add_argument("--password-file", type=Path, help="密码文件（第一行是密码）；不给则自动生成")
    p.add_argument(
        "--full-details",
        action="store_true",
        help="同时导出完整的身份证号、电话和涉及隐私的内容（默认只导出必要信息）",
    )
    return p


def _open_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="liushou-desk open-archive", description="以只读方式打开班主任导出的档案。")
    p.add_argument("files", type=Path, nargs="+", help="档案文件（.zip）")
    p.add_argument("--password-file", type=Path, help="密码文件（第一行是密码）")
    return p


def _password_from(path: Path) -> str:
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"无法读取密码文件“{path}”：{exc}") from exc
    if not lines or not lines[0].strip():
        raise ValueError(f"密码文件“{path}”是空的")
    return lines[0].strip()


def export_archive_command(argv: list[str]) -> int:
    args = _export_parser().parse_args(argv)
    if not args.out.is_dir():
        return _fail(f"文件夹不存在：{args.out}")
    if not args.db.is_file():
        return _fail(f"找不到档案文件：{args.db}")
    from liushou_desk.io.usb_archive import (
        MIN_PASSWORD,
        ArchiveExportError,
        export_archive,
        propose_password,
    )

    if args.password_file:
        try:
            password = _password_from(args.password_file)
        except ValueError as exc:
            return _fail(str(exc), EXIT_USAGE)
        if len(password) < MIN_PASSWORD:
            return _fail(f"密码太短：至少 {MIN_PASSWORD} 个字符", EXIT_USAGE)
        proposed = False
    else:
        password, proposed = propose_password(), True

    archive = open_existing(args.db)
    if isinstance(archive, int):
        return archive
    try:
        result = export_archive(
            archive, args.out, password, date.today(), full_details=args.full_details
        )
    except ArchiveExportError as exc:
        return _fail(str(exc))
    finally:
        archive.close()
    print(f"已导出并校验：{result.path}（{result.size / 1e6:.1f} MB，报告 {result.pages} 页）")
    if proposed:
        print(f"密码：{password}")
        print("请当面或打电话把密码告诉校长，不要写在 U 盘上或与 U 盘放在一起。")
    for line in result.missing:
        print(f"注意：没有字体的文字：{line}", file=sys.stderr)
    return EXIT_OK


def open_archive_command(argv: list[str]) -> int:
    args = _open_parser().parse_args(argv)
    for path in args.files:
        if not path.is_file():
            return _fail(f"找不到档案文件：{path}")
    password = None
    if args.password_file:
        try:
            password = _password_from(args.password_file)
        except ValueError as exc:
            return _fail(str(exc), EXIT_USAGE)
    from liushou_desk.ui.platform_check import platform_problem

    problem = platform_problem()
    if problem:
        return _fail(problem)
    from liushou_desk.ui.principal_window import run_principal

    return run_principal(list(args.files), password)


def audit_verify_command(argv: list[str]) -> int:
    """liushou-desk audit-verify --db PATH [--json]: is the 操作日志 intact? exit 0 / 1."""
    import json

    p = _Parser(prog="liushou-desk audit-verify", description="校验操作日志是否完整、未被改动。")
    p.add_argument("--db", type=Path, required=True, help="档案数据库文件")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    args = p.parse_args(argv)
    from liushou_desk.services.audit import verify

    archive = open_existing(args.db)
    if isinstance(archive, int):
        return archive
    try:
        verdict = verify(archive)
    finally:
        archive.close()
    if args.json:
        print(
            json.dumps(
                {
                    "ok": verdict.ok,
                    "entries": verdict.entries,
                    "bad_entry": verdict.bad_id,
                    "message": verdict.message,
                },
                ensure_ascii=False,
            )
        )
    else:
        print(verdict.message, file=sys.stdout if verdict.ok else sys.stderr)
    return EXIT_OK if verdict.ok else 1
