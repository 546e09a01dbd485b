"""成长记录袋 (issue 17): a child's growth card printed with 20 attachments — phone photos of
letters, certificates and drawings (4000×3000, reduced to 1600 px when put in the bag).

Timed, in turns in one run:
- the card with its bag, as 打印成长记录卡 → 附上成长记录袋 makes it (read, lay out, write the
  PDF) — goal ≤ 1 s;
- the same card without the bag;
- the floor: a plain ReportLab document drawing the same 20 JPEGs, one with a caption per
  half page, nothing else.
Also: putting one photo in the bag (reduce + thumbnail + write), and the card tab's list of
thumbnails for the child.

    python benchmarks/bench_bag.py [--items 20] [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from datetime import date
from io import BytesIO
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
TODAY = date(2026, 11, 23)


def _phone_photo(path: Path, seed: int) -> None:
    """A 4000×3000 photo with a photo's detail (noise over shapes), saved as a phone would."""
    from PIL import Image, ImageDraw, ImageFilter

    rng = random.Random(seed)
    image = Image.effect_noise((4000, 3000), 40).convert("RGB")
    draw = ImageDraw.Draw(image)
    for _ in range(60):
        x, y = rng.randrange(4000), rng.randrange(3000)
        colour = tuple(rng.randrange(256) for _ in range(3))
        draw.rectangle((x, y, x + rng.randrange(50, 900), y + rng.randrange(30, 500)), colour)
    image.filter(ImageFilter.GaussianBlur(1)).save(path, "JPEG", quality=90)


def _plain(images: list[bytes]) -> bytes:
    """The floor: the same images in a bare ReportLab story (a caption under each)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Image, KeepTogether, Paragraph, SimpleDocTemplate

    out = BytesIO()
    style = getSampleStyleSheet()["Normal"]
    story = [
        KeepTogether(
            [
                Image(BytesIO(data), width=160 * mm, height=115 * mm, kind="proportional"),
                Paragraph(f"item {i}", style),
            ]
        )
        for i, data in enumerate(images)
    ]
    SimpleDocTemplate(out, pagesize=A4).build(story)
    return out.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=20)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp())
    os.environ["LIUSHOU_HOME"] = str(tmp)
    from liushou_desk.db.schema import open_archive
    from liushou_desk.demo.maker import make_demo
    from liushou_desk.domain.print_options import PrintOptions
    from liushou_desk.ops.printing import growth_card
    from liushou_desk.services import growth_bag
    from liushou_desk.services.roster import list_roster
    from liushou_desk.services.terms import current_term

    db = tmp / "class.sqlite"
    make_demo(db, pupils=45, today=TODAY)
    archive = open_archive(db, create=False)
    pupil = next(r for r in list_roster(archive, TODAY) if r.is_left_behind)
    kinds = ("letter", "certificate", "work", "self_intro")
    adding = []
    for i in range(args.items):
        photo = tmp / f"IMG_{i:04d}.jpg"
        _phone_photo(photo, i)
        start = time.perf_counter()
        growth_bag.add_item(archive, pupil.id, photo, kinds[i % len(kinds)], f"材料{i + 1}", TODAY)
        adding.append((time.perf_counter() - start) * 1000)
        photo.unlink()
    images = [
        (growth_bag.item_data(archive, item.id) or ("", b""))[1]
        for item in growth_bag.list_items(archive, pupil.id)
    ]
    stored = sum(len(d) for d in images)
    print(
        f"{args.items} phone photos (4000×3000) put in {pupil.name}'s bag: median "
        f"{statistics.median(adding):.0f} ms each; kept {stored / 2**20:.1f} MiB in all"
    )
    term = current_term(archive, TODAY)
    with_bag, without, plain, listing = [], [], [], []
    pages = {}
    for _ in range(args.runs):  # in turns: the same machine state for each
        for name, samples, options in (
            ("bag", with_bag, PrintOptions(bag=True)),
            ("card", without, PrintOptions()),
        ):
            start = time.perf_counter()
            printout = growth_card(archive, pupil.id, term, TODAY, options)
            samples.append((time.perf_counter() - start) * 1000)
            pages[name] = printout.pages
        start = time.perf_counter()
        _plain(images)
        plain.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        growth_bag.list_items(archive, pupil.id)
        listing.append((time.perf_counter() - start) * 1000)
    archive.close()
    floor = statistics.median(plain)
    for label, samples in (
        (f"card + bag of {args.items} ({pages['bag']} pages)", with_bag),
        (f"card alone ({pages['card']} pages)", without),
        (f"plain ReportLab, the {args.items} images alone (floor)", plain),
        ("the card tab's list of thumbnails", listing),
    ):
        median = statistics.median(samples)
        print(
            f"{label}: median {median:.0f} ms, max {max(samples):.0f} ms, "
            f"{median / floor:.2f}× the floor"
        )
    extra = statistics.median(with_bag) - statistics.median(without)
    print(f"the bag adds {extra:.0f} ms to the card (goal: the card with its bag ≤ 1000 ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
