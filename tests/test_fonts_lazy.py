"""Fonts parsed lazily (issue 20): a fallback face (7 MB, 29 MB) is parsed only for a document
that uses one of its characters, and only the face that has it — which characters each face
has is read from its cmap table alone (pdf/font_coverage.py), the same set ReportLab's parse
gives. Nothing changes on paper: every character still printed in the first face that has
it, embedded; a character no face has still reported."""

from __future__ import annotations

from io import BytesIO

import pytest
from pypdf import PdfReader
from reportlab.pdfbase.ttfonts import TTFont

from liushou_desk.domain.print_options import PrintOptions
from liushou_desk.pdf import fonts as fonts_module
from liushou_desk.pdf.document import PageInfo, build_pdf
from liushou_desk.pdf.font_coverage import coverage
from liushou_desk.pdf.fonts import FALLBACKS, MAIN, FontSet
from liushou_desk.pdf.kit import Kit
from liushou_desk.pdf.text import Missing
from liushou_desk.resources import resource_path


@pytest.mark.parametrize(("name", "relative"), FALLBACKS)
def test_the_cmap_read_alone_is_what_parsing_the_face_gives(name: str, relative: str) -> None:
    found = coverage(resource_path(relative))
    parsed = TTFont(name, str(resource_path(relative))).face.charToGlyph
    assert found is not None and found.code_points() == set(parsed)
    assert 0x4DAE in found or 0x4DAE not in parsed  # 䶮
    assert "x" not in found and -1 not in found  # type: ignore[operator]


def fresh_fonts(monkeypatch: pytest.MonkeyPatch) -> tuple[FontSet, list[str]]:
    """A FontSet of its own (the process's one may have parsed faces already), with the faces
    ReportLab is asked to parse listed."""
    parsed: list[str] = []

    def counting(name: str, path: str, **kw: object) -> TTFont:
        parsed.append(name)
        return TTFont(name, path, **kw)  # type: ignore[arg-type]

    fonts_module.register()  # the process's own set, registered with ReportLab, stays so
    monkeypatch.setattr(fonts_module, "TTFont", counting)
    monkeypatch.setattr(fonts_module.pdfmetrics, "registerFont", lambda _font: None)
    fonts = FontSet()
    fonts._load_main()
    return fonts, parsed


@pytest.mark.parametrize(
    ("text", "parsed", "faces"),
    [
        ("张冬月 2026年11月 家访", [], [MAIN]),
        ("王䶮", ["LiushouHanaA"], [MAIN, "LiushouHanaA"]),  # Ext A: the 7 MB face alone
        ("\U0002ebe0", ["LiushouHanaB"], ["LiushouHanaB"]),  # the last of Ext F: 29 MB alone
        ("张\U00030000", [], [MAIN]),  # Ext G: no face has it, none parsed to find out
    ],
)
def test_only_the_face_a_character_needs_is_parsed(
    monkeypatch: pytest.MonkeyPatch, text: str, parsed: list[str], faces: list[str]
) -> None:
    fonts, seen = fresh_fonts(monkeypatch)
    assert seen == [MAIN]
    runs = fonts.runs(text)
    assert seen[1:] == parsed
    assert [face for face, _ in runs] == faces
    assert "".join(piece for _, piece in runs) == text.replace("\U00030000", "□")
    assert fonts.missing(text) == (["\U00030000"] if "\U00030000" in text else [])
    fonts.runs(text + "𬌗䶮")  # the faces once parsed are kept
    assert seen.count("LiushouHanaA") <= 1 and seen.count("LiushouHanaB") <= 1


def test_a_rare_name_is_embedded_and_copied_out_as_typed() -> None:
    fonts = fonts_module.register()
    missing = Missing()
    kit = Kit(fonts, PrintOptions(), missing)
    text = "吴𬌗 王䶮 \U0002ebe0 张\U00030000"
    info = PageInfo("成长记录卡", "测试学校 · 三年级二班", "生成于 2026-11-23")
    data, pages = build_pdf([kit.p(text, where="吴𬌗 · 姓名")], info, fonts)
    assert pages == 1 and missing.lines() == ["吴𬌗 · 姓名：“\U00030000”(U+30000)"]
    page = PdfReader(BytesIO(data)).pages[0]
    words = page.extract_text().split()
    shown = text.replace("\U00030000", "□").split()
    assert any(words[i : i + 4] == shown for i in range(len(words))), words
    faces = set()
    for ref in page["/Resources"]["/Font"].values():
        font = ref.get_object()
        assert "/FontFile2" in font["/FontDescriptor"].get_object(), font["/BaseFont"]
        faces.add(str(font["/BaseFont"]).split("+")[-1].split("-")[0])  # embedded: any PC
    assert {"WenQuanYiMicroHei", "LiushouHanaA", "LiushouHanaB"} <= faces, faces
