"""名册模板: a blank roster workbook to hand out — the columns the import recognises, drop-down
lists where the answer is a choice, an example row, and a note on how to fill it in."""

from __future__ import annotations

from pathlib import Path

COLUMNS = (
    ("学生姓名", 10, None),
    ("性别", 6, '"男,女"'),
    ("出生日期", 12, None),
    ("身份证号码", 22, None),
    ("学籍号", 22, None),
    ("民族", 8, None),
    ("家庭住址", 28, None),
    ("村（社区）", 10, None),
    ("父亲姓名", 10, None),
    ("父亲电话", 14, None),
    ("父亲务工地", 14, None),
    ("母亲姓名", 10, None),
    ("母亲电话", 14, None),
    ("母亲务工地", 14, None),
    ("监护人", 10, None),
    ("与学生关系", 10, '"祖父,祖母,外祖父,外祖母,伯父/叔叔,姑姑/姨妈,哥哥/姐姐,其他亲属,其他"'),
    ("监护人电话", 14, None),
    ("是否留守", 8, '"是,否"'),
    ("备注", 20, None),
)
EXAMPLE = (
    "张冬月",
    "女",
    "2015-03-08",
    "511725201503081226",
    "G511725201503081226",
    "汉族",
    "四川省达州市渠县青山镇石桥村3组",
    "石桥村",
    "张建国",
    "13812348000",
    "广东省东莞市",
    "李娟",
    "13912345678",
    "广东省东莞市",
    "张德明",
    "祖父",
    "13987654321",
    "是",
    "示例行，导入前请删除",
)


def write_template(out: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    ws = book.active
    ws.title = "学生名册"
    ws.append(["留守儿童关爱档案 · 学生名册（填好后在软件中“档案 → 导入名册…”）"])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([c[0] for c in COLUMNS])
    ws.append(list(EXAMPLE))
    header_fill = PatternFill("solid", fgColor="EEF3F1")
    for i, (name, width, choices) in enumerate(COLUMNS, start=1):
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = width + 2
        cell = ws.cell(row=2, column=i)
        cell.font, cell.fill = Font(bold=True), header_fill
        if name in ("身份证号码", "学籍号", "父亲电话", "母亲电话", "监护人电话"):
            for row in range(3, 503):  # text, so Excel keeps every digit of an ID number
                ws.cell(row=row, column=i).number_format = "@"
        if choices:
            rule = DataValidation(type="list", formula1=choices, allow_blank=True)
            rule.error = "请从下拉列表中选择"
            ws.add_data_validation(rule)
            rule.add(f"{letter}3:{letter}502")
    ws.freeze_panes = "A3"
    notes = book.create_sheet("填写说明")
    for line in (
        "1. 每名学生一行；“学生姓名”必填，其余尽量填写。",
        "2. 出生日期可写 2015-03-08、2015.3.8 或 2015年3月8日。",
        "3. 身份证号码、学籍号和电话请保持文本格式，不要改成数字，否则会丢失末尾数字。",
        "4. 同一个文件重复导入不会重复添加学生；空白单元格不会清除档案里已有的内容。",
        "5. 第3行是示例，导入前请删除。",
    ):
        notes.append([line])
    notes.column_dimensions["A"].width = 80
    out.parent.mkdir(parents=True, exist_ok=True)
    book.save(out)
    return out
