"""段落: a paragraph of Chinese text that wraps by the rules of Chinese typesetting.

ReportLab's own CJK wrap lacks Chinese punctuation in its "cannot start a line" list (a line may
begin with "，") and hangs at most one character. Here a line never starts with closing
punctuation (，。、；：！？”’》」）…) and never ends with opening punctuation (“‘《「（); the break
moves back instead. Latin words and numbers (dates, masked phone numbers) are kept whole when
they fit. Every character is drawn in the first bundled face that has it (see ``fonts``), and a
character no face has is reported through ``Missing`` with where it was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib.colors import Color, black
from reportlab.lib.rl_accel import fp_str
from reportlab.platypus.flowables import Flowable

from liushou_desk.pdf.fonts import FontSet

CANNOT_START = set("，。、；：！？）》」』】〕〗〉”’…—～·％‰℃°,.;:!?)]}%>々ー")
CANNOT_END = set("（《「『【〔〖〈“‘([{<")
_WORD = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-/:@+*#&'")


@dataclass
class Missing:
    """Characters no bundled font can print, with where they were (child · field)."""

    places: dict[str, list[str]] = field(default_factory=dict)

    def add(self, where: str, chars: list[str]) -> None:
        known = self.places.setdefault(where or "（未注明）", [])
        known.extend(c for c in chars if c not in known)

    def lines(self) -> list[str]:
        return [
            f"{where}：{'、'.join(f'“{c}”(U+{ord(c):04X})' for c in chars)}"
            for where, chars in self.places.items()
        ]


@dataclass(frozen=True)
class TextStyle:
    size: float = 10.5
    leading: float = 15.0
    color: Color = black
    bold: bool = False
    align: str = "left"  # left | center | right
    space_before: float = 0.0
    space_after: float = 0.0


def _units(text: str) -> list[str]:
    """Breakable units: one CJK character, or a whole Latin word / number."""
    units: list[str] = []
    word = ""
    for ch in text:
        if ch in _WORD:
            word += ch
            continue
        if word:
            units.append(word)
            word = ""
        units.append(ch)
    if word:
        units.append(word)
    return units


def break_lines(
    text: str,
    width: float,
    measure: Callable[[str], float],
) -> list[str]:
    """Lines of ``text`` no wider than ``width``, following the kinsoku rules above."""
    return measured_lines(text, width, measure)[0]


def measured_lines(
    text: str, width: float, measure: Callable[[str], float]
) -> tuple[list[str], list[float]]:
    """``break_lines`` with the width of each line (every unit is measured once)."""
    lines: list[str] = []
    widths: list[float] = []
    for paragraph in text.split("\n"):
        units = _units(paragraph)
        sizes = [measure(u) for u in units]
        start = 0
        while start < len(units):
            head = units[start]
            if len(head) > 1 and sizes[start] > width:
                # one word wider than the line: cut it by characters
                cut = 1
                while cut < len(head) and measure(head[: cut + 1]) <= width:
                    cut += 1
                units[start : start + 1] = [head[:cut], head[cut:]]
                sizes[start : start + 1] = [measure(head[:cut]), measure(head[cut:])]
            used = 0.0
            end = start
            while end < len(units):
                w = sizes[end]
                if used + w > width + 0.01 and end > start:
                    break
                used += w
                end += 1
            if end < len(units):
                before = len(units)
                end = _legal_break(units, start, end)
                if _illegal(units, end):
                    end = _fallback_break(units, start, end)
                if len(units) != before:  # a word was cut in two
                    sizes = [measure(u) for u in units]
            line = "".join(units[start:end])
            line_width = sum(sizes[start:end])
            while line.endswith(" "):
                line = line[:-1]
                line_width -= measure(" ")
            lines.append(line)
            widths.append(line_width)
            start = end
            while start < len(units) and units[start] == " ":
                start += 1
        if not units:
            lines.append("")
            widths.append(0.0)
    return lines, widths


def _illegal(units: list[str], at: int) -> bool:
    return 0 < at < len(units) and (units[at][0] in CANNOT_START or units[at - 1][-1] in CANNOT_END)


def _fallback_break(units: list[str], start: int, end: int) -> int:
    """No legal break on this line (a long number or word, then punctuation): take the word's
    last character to the next line with the punctuation; failing that, let the punctuation
    hang at the end of this line."""
    for at in range(end - 1, start - 1, -1):
        word = units[at]
        if len(word) > 1 and word[-1] not in CANNOT_START and word[-2] not in CANNOT_END:
            units[at : at + 1] = [word[:-1], word[-1]]
            return at + 1
    while end < len(units) and units[end][0] in CANNOT_START:
        end += 1
    return end


def _legal_break(units: list[str], start: int, end: int) -> int:
    """Move a break at ``end`` back until the next line does not start with closing punctuation
    and this one does not end with opening punctuation; keep ``end`` if no break is legal."""
    candidate = end
    while candidate > start + 1 and (
        units[candidate][0] in CANNOT_START or units[candidate - 1][-1] in CANNOT_END
    ):
        candidate -= 1
    if units[candidate][0] in CANNOT_START or units[candidate - 1][-1] in CANNOT_END:
        return end
    return candidate


class Para(Flowable):
    """A wrapped paragraph in the bundled fonts; splits across pages line by line."""

    def __init__(
        self,
        text: str,
        style: TextStyle,
        fonts: FontSet,
        missing: Missing | None = None,
        where: str = "",
    ) -> None:
        super().__init__()
        self.text = text
        self.style = style
        self.fonts = fonts
        self.spaceBefore = style.space_before
        self.spaceAfter = style.space_after
        self._lines: list[str] = []
        self._line_widths: list[float] = []
        self._wrapped_for: float | None = None
        if missing is not None:
            lost = fonts.missing(text)
            if lost:
                missing.add(where, lost)

    def _measure(self, unit: str) -> float:
        return self.fonts.measurer(self.style.size)(unit)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if self._wrapped_for != availWidth:
            measure = self.fonts.measurer(self.style.size)
            whole = measure(self.text) if "\n" not in self.text else None
            if whole is not None and whole <= availWidth:  # the common short cell: one line
                self._lines, self._line_widths = [self.text], [whole]
            else:
                self._lines, self._line_widths = measured_lines(self.text, availWidth, measure)
            self._wrapped_for = availWidth
        self.width = availWidth
        self.height = len(self._lines) * self.style.leading
        return availWidth, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self.wrap(availWidth, availHeight)
        fit = int(availHeight // self.style.leading)
        if fit <= 0 or fit >= len(self._lines):
            return [] if fit <= 0 else [self]
        first = Para("\n".join(self._lines[:fit]), self.style, self.fonts)
        rest = Para("\n".join(self._lines[fit:]), self.style, self.fonts)
        rest.spaceBefore = 0
        first.spaceAfter = 0
        return [first, rest]

    def draw(self) -> None:
        self.draw_at(self.canv, 0.0, 0.0)

    def draw_at(self, canvas: Any, left: float, bottom: float) -> None:
        """The lines as one PDF text object, written directly and wrapped in q/Q so the
        canvas's own graphics state is untouched: ReportLab's text object and state stack cost
        more per call than the text itself. Fonts still go through ReportLab's subsetting
        (``splitString`` / ``getSubsetInternalName``)."""
        doc = canvas._doc
        style = self.style
        colour = style.color
        rgb = f"{fp_str(colour.red, colour.green, colour.blue)}"
        ops = ["q", f"{rgb} rg", "BT"]
        if style.bold:  # the faces have no bold: fill and stroke the outline
            ops[2:2] = [f"{rgb} RG", f"{fp_str(style.size * 0.035)} w"]
            ops.append("2 Tr")
        size = fp_str(style.size)
        encode = self.fonts.encoder(doc)
        current = ""
        y = bottom + self.height - style.leading + (style.leading - style.size) / 2
        y += style.size * 0.12
        for line, line_width in zip(self._lines, self._line_widths, strict=True):
            x = left
            if style.align == "center":
                x += (self.width - line_width) / 2
            elif style.align == "right":
                x += self.width - line_width
            ops.append(f"1 0 0 1 {fp_str(x, y)} Tm")
            for name, shown in encode(line):
                if name != current:
                    ops.append(f"{name} {size} Tf")
                    current = name
                ops.append(shown)
            y -= style.leading
        ops += ["ET", "Q"]
        canvas._code.append(" ".join(ops))
