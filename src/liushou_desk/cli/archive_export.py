"""导出档案 / 打开档案 / 校验操作日志 from the command line.

  export-archive --db PATH --out DIR [--password-file FILE] [--full-details] [--growth-bag]
  open-archive FILE [FILE ...] [--password-file FILE] [--verify]
  audit-verify --db PATH [--json]

Without ``--password-file`` the export proposes a strong password and prints it once; the
principal's window asks for each archive's password. ``open-archive --verify`` checks archives
without a window — every check of opening one, the snapshot's too — and says whether each is
sound (exit 0) or why not (exit 1); whatever it unpacked is wiped, as the window's copies are
when it exits, however it exits."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from liushou_desk.cli.common import EXIT_OK, EXIT_USAGE, fail, password_from

if TYPE_CHECKING:
    from liushou_desk.ops.archive import Archive


def add(sub: Any) -> None:
    p = sub.add_parser(
        "export-archive",
        help="导出给校长的加密档案",
        description="导出给校长的加密档案（期末总结报告、成长记录卡、登记表、统计表、Excel、只读数据、清单）。",
    )
    p.add_argument("--db", type=Path, required=True, help="档案数据库文件")
    p.add_argument("--out", type=Path, required=True, help="保存到哪个文件夹（如 U 盘）")
    p.add_argument("--password-file", type=Path, help="密码文件（第一行是密码）；不给则自动生成")
    p.add_argument(
        "--full-details",
        action="store_true",
        help="同时导出完整的身份证号、电话和涉及隐私的内容（默认只导出必要信息）",
    )
    p.add_argument(
        "--growth-bag",
        action="store_true",
        help="附上成长记录袋里的材料（默认不附）",
    )
    p.set_defaults(run=run_export)
    p = sub.add_parser(
        "open-archive",
        help="打开导出的档案（校长）",
        description="以只读方式打开班主任导出的档案。",
    )
    p.add_argument("files", type=Path, nargs="+", help="档案文件（.zip）")
    p.add_argument("--password-file", type=Path, help="密码文件（第一行是密码）")
    p.add_argument(
        "--verify",
        action="store_true",
        help="只检查档案是否完好、未被改动，不打开窗口（完好时退出码为 0）",
    )
    p.set_defaults(run=run_open)
    p = sub.add_parser(
        "audit-verify", help="校验操作日志", description="校验操作日志是否完整、未被改动。"
    )
    p.add_argument("--db", type=Path, required=True, help="档案数据库文件")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(run=run_verify)


def run_export(args: argparse.Namespace) -> int:
    if not args.out.is_dir():
        return fail(f"文件夹不存在：{args.out}")
    if not args.db.is_file():
        return fail(f"找不到档案文件：{args.db}")
    from liushou_desk.domain.passwords import password_problem
    from liushou_desk.io.usb_archive import propose_password, written_key

    if args.password_file:
        try:
            password = password_from(args.password_file)
        except ValueError as exc:
            return fail(str(exc), EXIT_USAGE)
        weak = password_problem(written_key(password) or password)
        if weak:
            return fail(f"“{args.password_file.name}”中的密码不能用：{weak}", EXIT_USAGE)
        proposed = False
    else:
        password, proposed = propose_password(), True
    from liushou_desk.cli.session import with_archive

    return with_archive(
        args.db, lambda archive: _export(archive, args, password, proposed), writes=True
    )


def _export(archive: Archive, args: argparse.Namespace, password: str, proposed: bool) -> int:
    from liushou_desk.io.usb_archive import ArchiveExportError, export_archive

    try:
        result = export_archive(
            archive,
            args.out,
            password,
            date.today(),
            full_details=args.full_details,
            growth_bag=args.growth_bag,
        )
    except ArchiveExportError as exc:
        return fail(str(exc))
    bag = f"，附成长记录袋 {result.bag_items} 份" if result.bag_items else ""
    print(f"已导出并校验：{result.path}（{result.size / 1e6:.1f} MB，报告 {result.pages} 页{bag}）")
    if proposed:
        print(f"密码：{password}")
        print("请当面或打电话把密码告诉校长，不要写在 U 盘上或与 U 盘放在一起。")
    for line in result.missing:
        print(f"注意：没有字体的文字：{line}", file=sys.stderr)
    return EXIT_OK


def run_open(args: argparse.Namespace) -> int:
    for path in args.files:
        if not path.is_file():
            return fail(f"找不到档案文件：{path}")
    password = None
    if args.password_file:
        try:
            password = password_from(args.password_file)
        except ValueError as exc:
            return fail(str(exc), EXIT_USAGE)
    if args.verify:
        return _verify_archives(args.files, password)
    from liushou_desk.ui.platform_check import platform_problem

    problem = platform_problem()
    if problem:
        return fail(problem)
    from liushou_desk import paths
    from liushou_desk.safe_files import wipe_tree
    from liushou_desk.ui.principal_window import run_principal

    try:
        return run_principal(list(args.files), password)
    finally:
        wipe_tree(paths.opened_archives_dir())  # the unpacked copies, however it ended


def _verify_archives(files: list[Path], password: str | None) -> int:
    """Open each archive as the window would, into a private folder wiped at once; say the
    verdict. Exit 0 only when every one is sound and proven unaltered."""
    import tempfile

    from liushou_desk.io.archive_manifest import ArchiveReadError
    from liushou_desk.io.usb_archive_read import read_archive
    from liushou_desk.safe_files import wipe_tree

    if password is None:
        import getpass

        try:
            password = getpass.getpass("档案密码：")
        except (EOFError, KeyboardInterrupt):
            return fail("没有输入密码，未检查。", EXIT_USAGE)
    code = EXIT_OK
    for path in files:
        folder = Path(tempfile.mkdtemp(prefix="liushou-verify-"))
        try:
            opened = read_archive(path, password, folder)
            title, warning = opened.title, opened.warning
            pupils = opened.manifest.get("pupils", "?")
        except ArchiveReadError as exc:
            code = fail(f"“{path.name}”未通过检查：{exc}")
            continue
        finally:
            wipe_tree(folder)
        if warning:
            code = fail(f"“{path.name}”未通过检查：{warning}")
        else:
            print(
                f"“{path.name}”完好：{title}，学生 {pupils} 人；"
                "清单校验码、各部分和数据副本都检查无误。"
            )
    return code


def run_verify(args: argparse.Namespace) -> int:
    """Is the 操作日志 intact? exit 0 / 1. Read only."""
    from liushou_desk.cli.session import with_archive

    return with_archive(args.db, lambda archive: _verify(archive, args.json), writes=False)


def _verify(archive: Archive, as_json: bool) -> int:
    from liushou_desk.services.audit import verify

    verdict = verify(archive)
    if as_json:
        report = {
            "ok": verdict.ok,
            "entries": verdict.entries,
            "bad_entry": verdict.bad_id,
            "message": verdict.message,
            "keyed_from": verdict.keyed_from,
            "outside_head": verdict.outside,
        }
        print(json.dumps(report, ensure_ascii=False))
    else:
        print(verdict.message, file=sys.stdout if verdict.ok else sys.stderr)
    return EXIT_OK if verdict.ok else 1
