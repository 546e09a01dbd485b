"""字体: the fonts every PDF is printed in, embedded so the page looks the same on any PC.

WenQuanYi Micro Hei (TrueType outlines, so ReportLab can embed it) is the main face. Rare name
characters it lacks — CJK Ext A such as 䶮, Ext B–F such as 𠇔 U+201D4 and 𬌗 U+2C317 — come
from the bundled "Liushou Hana A/B" faces (subsets of 花園明朝). Text is split into runs, each
in the first face that has every character of the run; a character no face has is reported, so
the teacher is told before printing (a character must never vanish silently).

The fallback faces (7 MB and 29 MB) are parsed only for a document that uses one of their
characters, and only the face that has it: which characters each face has is read from its
cmap table alone (``font_coverage``), so a character no face has costs no parse either.

ReportLab 5.1 writes wrong ToUnicode entries for characters outside the BMP (copying 吴𬌗 out of
the PDF gives other text); ``register`` installs a correct CMap writer (UTF-16 surrogate pairs).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from liushou_desk.pdf.font_coverage import Coverage, coverage
from liushou_desk.resources import resource_path

MAIN = "LiushouHei"
FALLBACKS = (("LiushouHanaA", "fonts/LiushouHanaA.ttf"), ("LiushouHanaB", "fonts/LiushouHanaB.ttf"))
MAIN_FILE = "fonts/wqy-microhei.ttc"

_lock = threading.Lock()


def _utf16_hex(code_point: int) -> str:
    """A code point as UTF-16BE hex: one unit in the BMP, a surrogate pair beyond it."""
    return chr(code_point).encode("utf-16-be", "surrogatepass").hex().upper()


def to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """ReportLab's ToUnicode CMap for one font subset, with supplementary characters right.

    ReportLab writes ``<%04X>`` of the code point, which for U+2C317 gives the 5-digit
    ``<2C317>`` — an odd number of hex digits that PDF readers map to other text. The PDF
    reference (ToUnicode, 5.9.2) wants UTF-16BE, i.e. the surrogate pair ``<D870DF17>``.
    """
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo",
        f"<< /Registry ({fontname})",
        f"/Ordering ({fontname})",
        "/Supplement 0",
        ">> def",
        f"/CMapName /{fontname} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>",
        "endcodespacerange",
    ]
    # at most 100 entries per bfchar block (PDF reference implementation limit)
    entries = [f"<{i:02X}> <{_utf16_hex(v)}>" for i, v in enumerate(subset)]
    for start in range(0, len(entries), 100):
        block = entries[start : start + 100]
        lines += [f"{len(block)} beginbfchar", *block, "endbfchar"]
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines)


@dataclass
class _Face:
    name: str
    chars: dict[int, int]  # code point → glyph


@dataclass
class _Fallback:
    """A fallback face: what it covers known from its cmap alone (``font_coverage``); parsed
    by ReportLab and registered the first time a character of a document needs it."""

    name: str
    relative: str
    covers: Coverage | None = None  # None: not read yet, or unreadable (then parse to know)
    read: bool = False
    face: _Face | None = None


class FontSet:
    """The registered faces, in fallback order, with per-character lookup and widths."""

    def __init__(self) -> None:
        self._faces: list[_Face] = []
        self._fallbacks = [_Fallback(name, relative) for name, relative in FALLBACKS]
        self._face_of: dict[str, str | None] = {}
        self._widths: dict[str, float] = {}
        self._main_chars: frozenset[str] = frozenset()
        self._names_for: object = None
        self._names: dict[tuple[str, int], str] = {}
        self._encoded: dict[str, list[tuple[str, str]]] = {}
        self._measurers: dict[float, Callable[[str], float]] = {}
        self.pdf_fonts: dict[str, TTFont] = {}

    def _load_main(self) -> None:
        font = TTFont(MAIN, str(resource_path(MAIN_FILE)), subfontIndex=0)
        pdfmetrics.registerFont(font)
        self.pdf_fonts[MAIN] = font
        self._faces.append(_Face(MAIN, font.face.charToGlyph))
        # the characters the main face prints, for the fast path of ``runs`` / ``missing``
        self._main_chars = frozenset(map(chr, font.face.charToGlyph)) | frozenset("\n\r\t")

    def _fallback_with(self, code: int) -> str | None:
        """The first fallback face that has ``code``, parsed now if it was not: a face whose
        cmap says it lacks the character is never parsed for it."""
        with _lock:
            for fallback in self._fallbacks:
                if not fallback.read:
                    fallback.covers = coverage(resource_path(fallback.relative))
                    fallback.read = True
                if fallback.covers is not None and code not in fallback.covers:
                    continue
                if fallback.face is None:
                    font = TTFont(fallback.name, str(resource_path(fallback.relative)))
                    pdfmetrics.registerFont(font)
                    self.pdf_fonts[fallback.name] = font
                    fallback.face = _Face(fallback.name, font.face.charToGlyph)
                if code in fallback.face.chars:
                    return fallback.name
        return None

    def face_for(self, ch: str) -> str | None:
        """The first face that has a glyph for ``ch``; None when no bundled face has one."""
        try:
            return self._face_of[ch]
        except KeyError:
            pass
        code = ord(ch)
        found: str | None = None
        if ch in "\n\r\t" or code < 0x20 or code in self._faces[0].chars:
            found = MAIN
        else:
            found = self._fallback_with(code)
        self._face_of[ch] = found
        return found

    def encoder(self, doc: Any) -> Callable[[str], list[tuple[str, str]]]:
        """For one document being written: a line of text → its (font resource, ``(…) Tj``)
        pieces, through ReportLab's subsetting. Labels, dates and names recur thousands of
        times in a report, so each distinct line is encoded once."""
        if self._names_for is not doc:
            self._names_for, self._names, self._encoded = doc, {}, {}
        names, cache, fonts = self._names, self._encoded, self.pdf_fonts
        from reportlab.lib.rl_accel import escapePDF

        def encode(line: str) -> list[tuple[str, str]]:
            found = cache.get(line)
            if found is not None:
                return found
            out = []
            for face, piece in self.runs(line):
                font = fonts[face]
                for subset, chunk in font.splitString(piece, doc):
                    key = (face, subset)
                    name = names.get(key)
                    if name is None:
                        name = names[key] = font.getSubsetInternalName(subset, doc)
                    out.append((name, f"({escapePDF(chunk)}) Tj"))
            cache[line] = out
            return out

        return encode

    def missing(self, text: str) -> list[str]:
        """The characters of ``text`` that no bundled face can print, each once, in order."""
        if self._main_chars.issuperset(text):
            return []
        seen: dict[str, None] = {}
        for ch in text:
            if not ch.isspace() and self.face_for(ch) is None:
                seen[ch] = None
        return list(seen)

    def runs(self, text: str) -> list[tuple[str, str]]:
        """``text`` cut into (face, piece) runs; an unprintable character becomes □ (main face)."""
        if self._main_chars.issuperset(text):
            return [(MAIN, text)]
        out: list[tuple[str, str]] = []
        for ch in text:
            face = self.face_for(ch)
            if face is None:
                face, ch = MAIN, "□"
            if out and out[-1][0] == face:
                out[-1] = (face, out[-1][1] + ch)
            else:
                out.append((face, ch))
        return out

    def unit_width(self, ch: str) -> float:
        """The advance width of one character at 1 point, in the face that prints it."""
        try:
            return self._widths[ch]
        except KeyError:
            pass
        face = self.face_for(ch)
        shown = ch if face is not None else "□"
        unit = pdfmetrics.stringWidth(shown, face or MAIN, 1000) / 1000
        self._widths[ch] = unit
        return unit

    def measurer(self, size: float) -> Callable[[str], float]:
        """A fast width function for one size (the line breaker calls it for every unit)."""
        try:
            return self._measurers[size]
        except KeyError:
            pass
        widths, unit = self._widths, self.unit_width

        def measure(text: str) -> float:
            if len(text) == 1:
                w = widths.get(text)
                return (unit(text) if w is None else w) * size
            total = 0.0
            for ch in text:
                w = widths.get(ch)
                total += unit(ch) if w is None else w
            return total * size

        self._measurers[size] = measure
        return measure

    def text_width(self, text: str, size: float) -> float:
        """The advance width of ``text`` at ``size`` points."""
        return self.measurer(size)(text)


_fonts: FontSet | None = None


def register() -> FontSet:
    """Register the bundled fonts once per process and return them."""
    global _fonts
    with _lock:
        if _fonts is None:
            ttfonts.makeToUnicodeCMap = to_unicode_cmap  # see the module docstring
            rl_config.useA85 = 0  # binary streams: smaller files, faster to write
            rl_config.shapeChecking = 0  # charts are built by our code: skip attribute checks
            fonts = FontSet()
            fonts._load_main()
            _fonts = fonts
        return _fonts
