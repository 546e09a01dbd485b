"""命令行通用 (what every command shares): exit codes, a parser that speaks Chinese — its help,
its usage line and its complaints — and saying why a command failed."""

from __future__ import annotations

import argparse
import re
import sys
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2

_COMPLAINTS = (  # argparse's own messages, in the words of the rest of the app
    (re.compile(r"the following arguments are required: (.*)"), r"缺少必填参数：\1"),
    (re.compile(r"unrecognized arguments: (.*)"), r"无法识别的参数：\1"),
    (re.compile(r"argument (\S+): invalid int value: (.*)"), r"参数 \1 应是整数，而不是 \2"),
    (
        re.compile(r"argument (\S+): invalid choice: (.*?) \(choose from (.*)\)"),
        r"参数 \1 不能是 \2（可选：\3）",
    ),
    (re.compile(r"argument (\S+): expected one argument"), r"参数 \1 后面要跟一个值"),
    (re.compile(r"argument (\S+): not allowed with argument (\S+)"), r"参数 \1 不能和 \2 一起用"),
)


def in_chinese(message: str) -> str:
    for pattern, chinese in _COMPLAINTS:
        if pattern.fullmatch(message):
            return pattern.sub(chinese, message)
    return message


class HelpFormatter(argparse.HelpFormatter):
    """The usage line headed 用法."""

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


class Parser(argparse.ArgumentParser):
    """argparse with its help, headings and complaints in Chinese."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument(
            "-h", "--help", action="help", default=argparse.SUPPRESS, help="显示本帮助后退出"
        )

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}：参数有误：{in_chinese(message)}\n")


def fail(message: str, code: int = EXIT_FAILED) -> int:
    """Say why on stderr; the exit code."""
    print(message, file=sys.stderr)
    return code


def day_from(text: str | None) -> date:
    """``--today`` as a date (today when not given); ValueError in Chinese."""
    if text is None:
        return date.today()
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"日期格式不对：{text}（请写成 2026-11-23）") from None


def password_from(path: Path) -> str:
    """The first line of a password file; ValueError in Chinese."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"无法读取密码文件“{path}”：{exc}") from exc
    if not lines or not lines[0].strip():
        raise ValueError(f"密码文件“{path}”是空的")
    return lines[0].strip()
