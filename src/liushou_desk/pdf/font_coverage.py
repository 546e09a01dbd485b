"""字形覆盖 (which characters a face has): the code points of a TrueType face, read from its
``cmap`` table alone — a few kilobytes of a 29 MB file, in a millisecond — so a fallback face
is parsed by ReportLab (a tenth of a second or more) only when a character of the document
needs it.

The subtable is chosen as ReportLab's ``TTFontFile.extractInfo`` chooses it (the last suitable
encoding record), so the set is the keys of the ``charToGlyph`` that parsing the face would
give; a test keeps the two equal for the bundled faces. Formats 4 and 12 are read; any other
(or a file this reader does not understand) gives None: then the face is parsed to know.
"""

from __future__ import annotations

import struct
from bisect import bisect_right
from pathlib import Path


class Coverage:
    """A set of code points kept as sorted, non-overlapping ranges."""

    def __init__(self, ranges: list[tuple[int, int]]) -> None:
        merged: list[tuple[int, int]] = []
        for start, end in sorted(ranges):
            if merged and start <= merged[-1][1] + 1:
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
            else:
                merged.append((start, end))
        self._starts = [s for s, _ in merged]
        self._ends = [e for _, e in merged]

    def __contains__(self, code: object) -> bool:
        if not isinstance(code, int):
            return False
        i = bisect_right(self._starts, code) - 1
        return i >= 0 and code <= self._ends[i]

    def __len__(self) -> int:
        return sum(e - s + 1 for s, e in zip(self._starts, self._ends, strict=True))

    def code_points(self) -> set[int]:
        return {c for s, e in zip(self._starts, self._ends, strict=True) for c in range(s, e + 1)}


def _cmap(path: Path) -> bytes | None:
    """The ``cmap`` table of a single TrueType face (not a collection), read on its own."""
    with path.open("rb") as f:
        head = f.read(12)
        if len(head) < 12 or head[:4] not in (b"\x00\x01\x00\x00", b"true"):
            return None
        (count,) = struct.unpack_from(">H", head, 4)
        records = f.read(16 * count)
        for i in range(count):
            tag, _sum, offset, length = struct.unpack_from(">4sLLL", records, 16 * i)
            if tag == b"cmap":
                f.seek(offset)
                return f.read(length)
    return None


def _subtable(data: bytes, cmap: int) -> int | None:
    """The subtable ReportLab reads: the last record it finds suitable (see extractInfo)."""
    version, count = struct.unpack_from(">HH", data, cmap)
    if count == 0 and version != 0:
        count = version
    chosen, enc = None, 0
    for i in range(count):
        platform, encoding, offset = struct.unpack_from(">HHL", data, cmap + 4 + 8 * i)
        if platform == 3 or (platform == 1 and encoding == 1):
            enc, chosen = 1, offset
        elif platform == 1 and encoding == 0 and enc != 1:
            enc, chosen = 2, offset
        elif platform == 0 and encoding != 5:
            enc, chosen = 1, offset
    return None if chosen is None else cmap + chosen


def _format12(data: bytes, at: int) -> list[tuple[int, int]]:
    (groups,) = struct.unpack_from(">L", data, at + 12)
    return [struct.unpack_from(">LL", data, at + 16 + 12 * i) for i in range(groups)]


def _format4(data: bytes, at: int) -> list[tuple[int, int]]:
    """Every code of every segment, as ReportLab maps them (a code whose glyph is 0 included)."""
    (seg_x2,) = struct.unpack_from(">H", data, at + 6)
    segments = seg_x2 // 2
    ends = struct.unpack_from(f">{segments}H", data, at + 14)
    starts = struct.unpack_from(f">{segments}H", data, at + 16 + seg_x2)
    return [(s, e) for s, e in zip(starts, ends, strict=True) if s <= e]


def coverage(path: Path) -> Coverage | None:
    """The code points the face at ``path`` maps, or None when this reader cannot tell."""
    try:
        data = _cmap(path)
        at = None if data is None else _subtable(data, 0)
        if data is None or at is None:
            return None
        (fmt,) = struct.unpack_from(">H", data, at)
        if fmt == 12:
            return Coverage(_format12(data, at))
        if fmt == 4:
            return Coverage(_format4(data, at))
    except (OSError, struct.error):
        return None
    return None
