"""成长记录袋 (issue 17): attachments kept inside the archive — an image reduced with a thumbnail,
a PDF as it is — refused with the file named when empty, not an image or PDF, or too big; moved
to the recycle bin and back; carried by the encrypted archive; printed after the card."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image

from liushou_desk.db.schema import open_archive
from liushou_desk.domain.form_checks import ValidationFailed
from liushou_desk.domain.profile import ProfileDraft
from liushou_desk.services import growth_bag, roster

TODAY = date(2026, 11, 23)


@pytest.fixture
def archive(tmp_path: Path):  # type: ignore[no-untyped-def]
    arc = open_archive(tmp_path / "class.sqlite")
    yield arc
    arc.close()


def _photo(path: Path, size: tuple[int, int] = (3000, 2000)) -> Path:
    Image.new("RGB", size, (120, 160, 200)).save(path, "PNG")
    return path


def test_an_image_is_reduced_and_a_pdf_kept(archive, tmp_path):  # type: ignore[no-untyped-def]
    pid, _ = roster.add_pupil(archive, ProfileDraft(name="李明"), TODAY)
    big = _photo(tmp_path / "妈妈的信.png")
    item, changed = growth_bag.add_item(archive, pid, big, "letter", "", TODAY)
    assert changed.message == "已放入成长记录袋：妈妈的信"
    pdf = tmp_path / "奖状.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%test\n")
    growth_bag.add_item(archive, pid, pdf, "certificate", "三好学生奖状", TODAY)
    letter, award = growth_bag.list_items(archive, pid)
    assert (letter.kind_word, letter.title, letter.is_pdf) == (
        "书信（与父母往来）",
        "妈妈的信",
        False,
    )
    mime, data = growth_bag.item_data(archive, item) or ("", b"")
    kept = Image.open(BytesIO(data))
    assert mime == "image/jpeg" and max(kept.size) == growth_bag.MAX_SIDE
    assert letter.thumb and max(Image.open(BytesIO(letter.thumb)).size) <= growth_bag.THUMB_SIDE
    assert award.is_pdf and growth_bag.item_data(archive, award.id) == (
        "application/pdf",
        b"%PDF-1.4\n%test\n",
    )
    growth_bag.set_removed(archive, award.id, True)
    assert [i.title for i in growth_bag.list_items(archive, pid)] == ["妈妈的信"]
    growth_bag.set_removed(archive, award.id, False)
    assert len(growth_bag.list_items(archive, pid)) == 2


def test_files_refused_with_the_file_named(archive, tmp_path):  # type: ignore[no-untyped-def]
    pid, _ = roster.add_pupil(archive, ProfileDraft(name="李明"), TODAY)
    empty = tmp_path / "空.jpg"
    empty.write_bytes(b"")
    text = tmp_path / "名单.xlsx"
    text.write_bytes(b"PK\x03\x04 not an image")
    huge = tmp_path / "扫描件.pdf"
    with huge.open("wb") as f:
        f.seek(growth_bag.MAX_BYTES + 1)
        f.write(b"\0")
    for path, words in (
        (empty, "“空.jpg”是空文件"),
        (text, "“名单.xlsx”不是能打开的图片或 PDF"),
        (huge, "“扫描件.pdf”太大"),
        (tmp_path / "不存在.jpg", "“不存在.jpg”无法读取"),
    ):
        with pytest.raises(ValidationFailed) as refused:
            growth_bag.add_item(archive, pid, path, "work", "", TODAY)
        assert words in refused.value.errors[0].message
    assert growth_bag.list_items(archive, pid) == []


def test_the_bag_on_the_card_tab(qtbot, demo_db, tmp_path):  # type: ignore[no-untyped-def]
    from .ui_helpers import ScriptedPrompts, open_window

    prompts = ScriptedPrompts()
    prompts.photo = _photo(tmp_path / "给妈妈的信.png", (1200, 900))
    window, archive = open_window(qtbot, demo_db, prompts)
    pid = next(r.id for r in window.roster_tab.model.rows if r.is_left_behind)
    window.select_pupil(pid)
    window.tabs.setCurrentWidget(window.growth_slot)
    tab = window.growth_tab
    bag = tab.bag
    assert bag.add_button.isEnabled() and bag.titles() == []
    bag.add_button.click()  # 放入材料… (the file the teacher picks)
    assert bag.titles() == ["给妈妈的信"] and prompts.errors == []
    bad = tmp_path / "名单.txt"
    bad.write_text("不是图片")
    bag.list.dropped.emit([bad, prompts.photo])  # two files dropped: one refused, named
    assert bag.titles() == ["给妈妈的信", "给妈妈的信"]
    assert prompts.errors == ["有材料没有放入成长记录袋。"]
    bag.list.setCurrentRow(0)
    bag.remove_button.click()
    assert bag.titles() == ["给妈妈的信"] and prompts.confirmed
    window.undo_action.trigger()  # 放回
    tab.refresh()
    assert len(bag.titles()) == 2
    assert len(growth_bag.list_items(archive, pid)) == 2


def test_a_card_printed_with_its_bag(archive, tmp_path):  # type: ignore[no-untyped-def]
    from pypdf import PdfReader

    from liushou_desk.domain.print_options import PrintOptions
    from liushou_desk.ops.printing import growth_card
    from liushou_desk.services.terms import current_term

    pid, _ = roster.add_pupil(archive, ProfileDraft(name="李明"), TODAY)
    growth_bag.add_item(archive, pid, _photo(tmp_path / "信.png", (900, 1200)), "letter", "", TODAY)
    pdf = tmp_path / "奖状.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%x\n")
    growth_bag.add_item(archive, pid, pdf, "certificate", "三好学生", TODAY)
    term = current_term(archive, TODAY)
    plain = PdfReader(BytesIO(growth_card(archive, pid, term, TODAY).data))
    assert "成长记录袋" not in "".join(p.extract_text() for p in plain.pages)  # not by default
    printout = growth_card(archive, pid, term, TODAY, PrintOptions(bag=True))
    reader = PdfReader(BytesIO(printout.data))
    last = reader.pages[-1]
    text = last.extract_text().replace("\n", "")
    assert "附：李明的成长记录袋（2 份）" in text and "书信（与父母往来）：信" in text
    assert "三好学生（奖状证书）" in text and list(last.images)
