"""For the families (issue 17): 留守儿童联系卡 and 在校情况告家长书 read back from the PDF, the
letters' edits kept, the commands, several children's cards in one go, and the window's dialog
driven as the teacher drives it."""

from __future__ import annotations

import shutil
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from liushou_desk.cli import main
from liushou_desk.db.schema import open_archive
from liushou_desk.domain.profile import ProfileDraft, ValidationFailed
from liushou_desk.ops.family_printing import contact_cards, letters
from liushou_desk.services import family_print, profile, roster
from liushou_desk.services.terms import current_term

from .conftest import TODAY


def text_of(data: bytes) -> list[str]:
    return [p.extract_text() for p in PdfReader(BytesIO(data)).pages]


@pytest.fixture
def demo(demo_template: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    path = tmp_path / "class.sqlite"
    shutil.copyfile(demo_template, path)
    archive = open_archive(path)
    yield archive, path
    archive.close()


def test_contact_cards_eight_a_page_with_every_phone(demo):  # type: ignore[no-untyped-def]
    archive, _ = demo
    kids = family_print.in_class_left_behind(archive)
    cards = family_print.contact_cards(archive, None, TODAY)
    assert [c.pupil_id for c in cards] == kids
    printout = contact_cards(archive, TODAY)
    pages = text_of(printout.data)
    assert printout.cards == len(kids) and len(pages) == -(-len(kids) // 8)
    first = cards[0]
    flat = pages[0].replace("\n", "")
    assert flat.count("留守儿童联系卡") >= 8 and first.name in flat
    for p in first.away:  # the phones in full: the card is for calling them
        assert p.phone and p.phone in flat and p.name in flat
    assert first.teachers[0].role == "班主任" and first.teachers[0].phone in flat
    assert printout.missing == []


def test_a_rare_name_and_a_family_without_phones_still_print(demo):  # type: ignore[no-untyped-def]
    archive, _ = demo
    pid, _ = roster.add_pupil(archive, ProfileDraft(name="吴𬌗"), TODAY)
    draft = profile.load_profile(archive, pid, TODAY).draft
    draft.father.situation = "外出务工"
    draft.father.away_since = "2025-02-01"
    draft.mother.situation = "外出务工"
    draft.mother.away_since = "2025-02-01"
    profile.save_profile(archive, pid, draft, TODAY)
    printout = contact_cards(archive, TODAY, [pid])
    text = text_of(printout.data)[0]
    assert "吴𬌗" in text and "电话未填" in text and printout.missing == []


def test_letters_drafted_from_the_archive_and_the_teachers_edits_kept(demo):  # type: ignore[no-untyped-def]
    archive, _ = demo
    term = current_term(archive, TODAY)
    kids = family_print.in_class_left_behind(archive)[:3]
    drafts = family_print.draft_letters(archive, kids, term, TODAY)
    assert [x.pupil_id for x in drafts] == kids
    first = drafts[0]
    assert first.to.startswith("尊敬的") and first.teacher
    assert set(first.parts) == set(family_print.PARTS) and all(first.parts.values())
    assert "；。" not in "".join(first.parts.values()) and "。。" not in "".join(
        first.parts.values()
    )
    printout = letters(archive, TODAY, kids)
    pages = text_of(printout.data)
    assert len(pages) == 3 and printout.cards == 3
    one = pages[0].replace("\n", "")
    assert "在校情况告家长书" in one and first.to in one and "回　执" in one
    assert first.parts["study"][:10] in one
    family_print.save_letter(archive, term, kids[0], {**first.parts, "suggest": "请多打电话。"})
    again = family_print.draft_letters(archive, kids, term, TODAY)
    assert again[0].parts["suggest"] == "请多打电话。" and again[0].edited
    assert not again[1].edited
    with pytest.raises(ValidationFailed) as refused:
        family_print.save_letter(archive, term, kids[0], {"study": "长" * 401})
    assert refused.value.errors[0].message == "学习情况不能超过 400 个字"


def test_the_commands(demo, tmp_path, capsys):  # type: ignore[no-untyped-def]
    archive, path = demo
    kids = family_print.in_class_left_behind(archive)
    names = [family_print.contact_cards(archive, kids[:2], TODAY)[i].name for i in (0, 1)]
    archive.close()
    out = tmp_path / "cards.pdf"
    assert main(["contact-cards", "--db", str(path), "--out", str(out)]) == 0
    assert f"已生成联系卡 {len(kids)} 份" in capsys.readouterr().out
    letters_out = tmp_path / "letters.pdf"
    args = ["letters", "--db", str(path), "--out", str(letters_out)]
    assert main([*args, "--pupil", names[0], "--pupil", names[1]]) == 0
    assert len(PdfReader(letters_out).pages) == 2
    assert main([*args, "--pupil", "没有这人"]) == 1  # the file exists: refused anyway
    assert (
        main(
            ["letters", "--db", str(path), "--out", str(tmp_path / "x.pdf"), "--pupil", "没有这人"]
        )
        == 1
    )
    assert "档案中没有名为“没有这人”的学生" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()
    cards_out = tmp_path / "two.pdf"
    card = ["card", "--db", str(path), "--out", str(cards_out)]
    assert main([*card, "--pupil", names[0], "--pupil", names[1]]) == 0
    text = "".join(p.extract_text() for p in PdfReader(cards_out).pages)
    assert names[0] in text and names[1] in text
    assert f"已生成{names[0]}、{names[1]}的成长记录卡" in capsys.readouterr().out
    report_out = tmp_path / "report.pdf"
    assert main(["report", "--db", str(path), "--out", str(report_out), "--pupil", names[1]]) == 0
    assert "成长记录卡 1 份" in capsys.readouterr().out


def test_letters_reviewed_and_changed_in_the_window(qtbot, demo_db):  # type: ignore[no-untyped-def]
    from .ui_helpers import open_window

    window, archive = open_window(qtbot, demo_db)
    shown = {}

    def run(dialog) -> bool:  # type: ignore[no-untyped-def]
        if "打印在校情况告家长书" in dialog.windowTitle():
            dialog.some.setChecked(True)
            first, second = dialog.picker.rows[:2]
            dialog.picker.set_ids([first.id, second.id])
            dialog.review.setChecked(True)
            assert dialog.names.count() == 2
            dialog.parts["suggest"].set_value("寒假请多陪孩子读书。")
            dialog.names.setCurrentRow(1)  # the first letter's change is kept
            shown["first"] = first.id
            dialog.submit()
            return dialog.result() == 1
        shown["preview"] = dialog
        return False

    window.exec_dialog = run
    window._c.family.print_letters()
    qtbot.waitUntil(lambda: "preview" in shown, timeout=30000)
    assert shown["preview"].pages_label.text() == "共 2 页"
    term = current_term(archive, TODAY)
    (kept,) = family_print.draft_letters(archive, [shown["first"]], term, TODAY)
    assert kept.parts["suggest"] == "寒假请多陪孩子读书。" and kept.edited


def test_a_photo_chosen_in_the_window_prints_on_the_card(qtbot, demo_db, tmp_path):  # type: ignore[no-untyped-def]
    """五个清楚 → 选择照片 (a PNG from disk) is stored as JPEG and printed beside the card's title
    (it raised under PySide6 6.11: the format given as bytes)."""
    from PySide6.QtGui import QColor, QImage

    from liushou_desk.ops.printing import growth_card

    from .ui_helpers import ScriptedPrompts, open_window

    picture = tmp_path / "photo.png"
    image = QImage(600, 800, QImage.Format.Format_RGB32)
    image.fill(QColor("#88aacc"))
    assert image.save(str(picture))
    prompts = ScriptedPrompts()
    prompts.photo = picture
    window, archive = open_window(qtbot, demo_db, prompts)
    pid = family_print.in_class_left_behind(archive)[0]
    window.select_pupil(pid)
    window.show_profile()
    tab = window.profile_tab
    tab.photo_button.click()
    assert tab.save() and prompts.errors == []
    stored = profile.load_profile(archive, pid, TODAY).draft.photo
    assert stored and stored[:2] == b"\xff\xd8"  # JPEG, scaled down
    printout = growth_card(archive, pid, current_term(archive, TODAY), TODAY)
    reader = PdfReader(BytesIO(printout.data))
    images = [name for name in reader.pages[0].images]
    assert images, "the photo is on the card's first page"
    text = reader.pages[-1].extract_text()
    assert "帮扶教师（签名）" in text and "家长 / 监护人（已阅）（签名）" in text
