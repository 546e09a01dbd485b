"""恢复密钥单 (PDF): the one page printed when a password is set, kept in the school's safe.

It carries the recovery key in large, unambiguous characters (no I, L, O or U), which archive
it opens, and what to do with it. With it, a forgotten password or a lost key file does not
mean losing the archive.
"""

from __future__ import annotations

from datetime import date

from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table, TableStyle

from liushou_desk.pdf.document import PageInfo, build_pdf
from liushou_desk.pdf.fonts import register
from liushou_desk.pdf.kit import BODY, SMALL_MUTED, SUBTITLE, Kit, PrintOptions
from liushou_desk.pdf.text import Missing, TextStyle

KEY_STYLE = TextStyle(size=22, leading=34, align="center", bold=True)
GROUPS_PER_LINE = 4


def recovery_sheet_pdf(recovery: str, archive_name: str, where: str, made: date) -> bytes:
    """The sheet for ``recovery`` (formatted ``XXXX-XXXX-…``) of the archive ``archive_name``
    (the file's name), kept at ``where`` (its folder)."""
    fonts = register()
    kit = Kit(fonts, PrintOptions(), Missing())
    groups = recovery.split("-")
    lines = [
        "  ".join(groups[i : i + GROUPS_PER_LINE]) for i in range(0, len(groups), GROUPS_PER_LINE)
    ]
    key_box = Table(
        [[kit.p(line, KEY_STYLE)] for line in lines],
        colWidths=[150 * mm],
        style=TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 1.2, HexColor("#2e7d6b")),
                ("BACKGROUND", (0, 0), (-1, -1), HexColor("#f3f8f6")),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        ),
    )
    facts = kit.table(
        [
            ["档案文件", archive_name],
            ["存放位置", where],
            ["制作日期", f"{made.year}年{made.month}月{made.day}日"],
        ],
        (28, 146),
        header=False,
        label_columns=(0,),
    )
    story: list[Flowable] = [
        kit.title("留守儿童关爱档案　恢复密钥单"),
        kit.p("请打印后交学校统一保管（放入保险柜或档案柜），不要和电脑放在一起。", SUBTITLE),
        kit.gap(4),
        facts,
        kit.gap(8),
        kit.p("恢复密钥", BODY),
        kit.gap(2),
        key_box,
        kit.gap(8),
        kit.h3("什么时候用"),
        kit.p("· 忘记了档案密码；"),
        kit.p("· 档案旁边的密钥文件（文件名以 .key 结尾）丢失或损坏；"),
        kit.p("· 把档案搬到另一台电脑后打不开。"),
        kit.h3("怎么用"),
        kit.p(
            "打开档案时点“忘记密码？用恢复密钥解锁”，照本单逐组输入恢复密钥"
            "（大小写、空格和短横线都不要紧），然后设置一个新密码。"
        ),
        kit.h3("注意"),
        kit.p(
            "有了这张单子，不需要密码也能打开档案，里面有学生的个人信息。请像保管公章一样保管它："
            "不要拍照发到微信群，不要夹在档案袋外面。修改密码不会改变恢复密钥，这张单子一直有效。"
        ),
        kit.gap(10),
        kit.signature_block(["保管人"], stamp=False),
        kit.gap(4),
        kit.p("本单由留守儿童关爱档案软件生成。", SMALL_MUTED),
    ]
    info = PageInfo(title="恢复密钥单", header=archive_name, generated=f"生成于 {made.isoformat()}")
    data, _pages = build_pdf(story, info, fonts)
    return data
