"""The text layer of the PDFs: font fallback per character, the ToUnicode CMap for characters
outside the BMP, and Chinese line breaking (禁则)."""

from __future__ import annotations

import random
import re

import pytest

from liushou_desk.pdf.fonts import MAIN, register, to_unicode_cmap
from liushou_desk.pdf.text import CANNOT_END, CANNOT_START, break_lines

fonts = register()


@pytest.mark.parametrize(
    ("ch", "face"),
    [
        ("王", MAIN),
        ("A", MAIN),
        ("，", MAIN),
        ("䶮", "LiushouHanaA"),  # U+4DAE, CJK Ext A
        ("𠇔", "LiushouHanaA"),  # U+201D4, Ext B
        ("𬌗", "LiushouHanaA"),  # U+2C317, Ext E
        ("\U0002ebe0", "LiushouHanaB"),  # the last Ext F character
        ("\U00030000", None),  # Ext G: no bundled face
    ],
)
def test_each_character_gets_the_first_face_that_has_it(ch: str, face: str | None) -> None:
    assert fonts.face_for(ch) == face


def test_runs_keep_every_character_in_order() -> None:
    text = "吴𬌗与王䶮，李𠇔。"
    runs = fonts.runs(text)
    assert "".join(piece for _face, piece in runs) == text
    assert [face for face, _ in runs][:2] == [MAIN, "LiushouHanaA"]
    assert fonts.runs("张\U00030000") == [(MAIN, "张□")]
    assert fonts.missing("张\U00030000张\U00030000") == ["\U00030000"]


def test_to_unicode_writes_surrogate_pairs_beyond_the_bmp() -> None:
    cmap = to_unicode_cmap("F1+0", [0x5434, 0x2C317, 0x201D4])
    assert "<00> <5434>" in cmap
    assert "<01> <D870DF17>" in cmap  # 𬌗 as UTF-16BE, not the 5-digit <2C317>
    assert "<02> <D840DDD4>" in cmap
    assert not re.search(r"<[0-9A-F]{5}>", cmap)


def _measure(unit: str) -> float:
    return fonts.text_width(unit, 10)


SAMPLE = (
    "孩子说：“我想妈妈了！”老师问：“为什么？”他说，妈妈（在广东）很久没打电话了……"
    "我们商定：每周三晚上视频一次；《两地书》活动里给妈妈写信。电话138****8000，"
    "下次跟进2026-12-05。"
)


@pytest.mark.parametrize("width", [31, 47, 64, 80, 101, 133, 160, 240])
def test_no_line_starts_with_closing_or_ends_with_opening_punctuation(width: int) -> None:
    lines = break_lines(SAMPLE * 3, width, _measure)
    assert "".join(lines) == SAMPLE * 3  # nothing lost, nothing added
    for line in lines[1:]:
        assert line[0] not in CANNOT_START, (width, line)
    for line in lines[:-1]:
        assert line[-1] not in CANNOT_END, (width, line)
    assert all(_measure(line) <= width + 0.01 for line in lines)


def test_random_texts_keep_the_rules() -> None:
    rng = random.Random(4)
    pieces = [
        *"的一是了我不人在他有这个上们来到时大地为子中你说生国年着就那和要她出也得里后",
        *"，。、；：！？“”《》（）…",
        "2026",
        "ok",
    ]
    for _ in range(300):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(5, 120)))
        lines = break_lines(text, rng.choice([40, 55, 90, 150]), _measure)
        assert "".join(lines) == text
        assert not any(line[0] in "，。、；：！？”》）…" for line in lines[1:] if line)


def test_numbers_and_words_stay_whole_when_they_fit() -> None:
    lines = break_lines("电话号码是138****8000请联系", 75, _measure)
    assert any("138****8000" in line for line in lines)


def test_hard_line_breaks_are_kept() -> None:
    assert break_lines("第一行\n\n第三行", 200, _measure) == ["第一行", "", "第三行"]


def _table(texts: list[str]):  # type: ignore[no-untyped-def]
    from reportlab.lib.colors import black, white

    from liushou_desk.pdf.rows import RuledTable
    from liushou_desk.pdf.text import Para, TextStyle

    style = TextStyle(size=9, leading=12)
    rows = [[Para("表头", style, fonts)]] + [[Para(t, style, fonts)] for t in texts]
    return RuledTable(rows, [200.0], True, (), black, white, page_height=700)


def test_a_row_that_fits_a_page_moves_whole_to_the_next_page() -> None:
    table = _table(["第一行", "很长的内容。" * 60])  # the second row: about 20 lines, < a page
    table.wrap(200, 1000)
    first_row = table._heights[0] + table._heights[1]
    parts = table.split(200, first_row + 30)
    assert len(parts) == 2 and len(parts[0].rows) == 2  # header + 第一行; the long row intact
    assert parts[1].rows[1][0].text == "很长的内容。" * 60
    assert _table(["很长的内容。" * 60]).split(200, 60) == []  # not cut: it fits a fresh page


def test_a_row_taller_than_a_page_is_cut_inside_its_cells() -> None:
    text = "非常长的谈心记录。" * 400
    table = _table([text])
    parts = table.split(200, 300)
    assert len(parts) == 2
    first, rest = parts[0].rows[1][0], parts[1].rows[1][0]
    assert (first.text + rest.text).replace("\n", "") == text
