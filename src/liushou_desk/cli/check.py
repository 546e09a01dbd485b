"""检查档案: ``check --db PATH [--json]`` — integrity, data version, rows per table, the 操作日志
(read only). Exit 1 with the problems named when anything is wrong."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from liushou_desk.cli.common import EXIT_FAILED, EXIT_OK


def add(sub: Any) -> None:
    p = sub.add_parser(
        "check",
        help="检查档案文件",
        description="检查档案文件：完整性、数据版本、各表行数、操作日志。",
    )
    p.add_argument("--db", type=Path, required=True, help="要检查的档案文件")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from liushou_desk.cli.session import refused
    from liushou_desk.ops.commands import unlock_for

    def unlock() -> int:
        unlock_for(args.db)
        return 0

    code = refused(unlock)
    if code:
        return code
    from liushou_desk.services.check import check_archive

    report = check_archive(args.db)
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        print(f"档案文件：{report.path}")
        if report.revision is not None:
            print(f"数据版本：{report.revision}（本软件：{report.head_revision}）")
        if report.integrity:
            print(f"完整性检查：{report.integrity}")
        print(f"加密：{'是（SQLCipher）' if report.encrypted else '否'}")
        for table, count in report.counts.items():
            print(f"  {table}: {count}")
        if report.audit:
            print(f"操作日志核对：{report.audit}")
        print("结论：正常" if report.healthy else "结论：有问题")
        for problem in report.problems:
            print(f"  - {problem}", file=sys.stderr)
        for warning in report.warnings:
            print(f"  注意：{warning}", file=sys.stderr)
    return EXIT_OK if report.healthy else EXIT_FAILED
