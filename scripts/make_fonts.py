"""Build the fonts in resources/fonts from Debian's font packages (run by a developer, not at
install time: the results are committed).

    apt-get install fonts-wqy-microhei fonts-hanazono
    python scripts/make_fonts.py

- wqy-microhei.ttc is copied as it is: the main face of the PDFs (TrueType outlines, so
  ReportLab can embed it), covering GB 18030's common ideographs, Latin and punctuation.
- HanaMinA / HanaMinB (花園明朝, GlyphWiki) cover CJK Ext A–F, where rare name characters such
  as 䶮 U+4DAE, 𠇔 U+201D4 and 𬌗 U+2C317 live. Only the characters WenQuanYi lacks are kept,
  hinting is dropped, and the families are renamed "Liushou Hana A/B" (the Hanazono Font
  License allows modification; the renaming also honours the OFL's reserved names).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

OUT = Path(__file__).resolve().parents[1] / "resources" / "fonts"
WQY = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
HANA = Path("/usr/share/fonts/truetype/hanazono")
DOCS = Path("/usr/share/doc")


def _rename(font: TTFont, family: str) -> None:
    table = font["name"]
    for record in list(table.names):
        if record.nameID in (1, 3, 4, 6, 16, 17, 21, 22):
            table.removeNames(nameID=record.nameID)
    postscript = family.replace(" ", "")
    names = ((1, family), (2, "Regular"), (3, postscript), (4, family), (6, postscript))
    for name_id, value in names:
        table.setName(value, name_id, 3, 1, 0x409)
        table.setName(value, name_id, 1, 0, 0)


def _subset(source: Path, keep: list[int], family: str, out: Path) -> None:
    options = subset.Options()
    options.hinting = False
    options.layout_features = []
    options.drop_tables += ["BASE", "FFTM", "GSUB", "GDEF", "vhea", "vmtx", "prop"]
    options.name_IDs = ["*"]
    font = TTFont(source)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=keep)
    subsetter.subset(font)
    _rename(font, family)
    font.save(out)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(WQY, OUT / "wqy-microhei.ttc")
    main_face = set(TTCollection(WQY).fonts[0].getBestCmap())
    a = set(TTFont(HANA / "HanaMinA.ttf").getBestCmap()) - main_face
    b = set(TTFont(HANA / "HanaMinB.ttf").getBestCmap()) - main_face - a
    _subset(HANA / "HanaMinA.ttf", sorted(a), "Liushou Hana A", OUT / "LiushouHanaA.ttf")
    _subset(HANA / "HanaMinB.ttf", sorted(b), "Liushou Hana B", OUT / "LiushouHanaB.ttf")
    shutil.copyfile(DOCS / "fonts-wqy-microhei" / "copyright", OUT / "LICENSE-wqy-microhei.txt")
    shutil.copyfile(DOCS / "fonts-hanazono" / "copyright", OUT / "LICENSE-hanazono.txt")
    print(f"main {len(main_face)}, Hana A {len(a)}, Hana B {len(b)} characters")


if __name__ == "__main__":
    main()
