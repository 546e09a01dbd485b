"""The term report and growth cards as PDF, read back with pypdf: every name exactly as stored
(rare characters included), masked numbers, no line starting with closing punctuation, every
font embedded, the page footer, sensitive records left out unless asked for."""

from __future__ import annotations

import re
import shutil
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from liushou_desk.db.models import CareRecord
from liushou_desk.db.schema import open_archive
from liushou_desk.domain.profile import ProfileDraft
from liushou_desk.domain.records import RecordValues
from liushou_desk.pdf.document import Cancelled
from liushou_desk.pdf.kit import PrintOptions
from liushou_desk.pdf.term_report import growth_card_pdf, term_report_pdf
from liushou_desk.services.records import create_record
from liushou_desk.services.roster import add_pupil
from liushou_desk.services.term_report import build_term_report
from liushou_desk.services.term_summary import TermSummary, load_summary, save_summary
from liushou_desk.services.terms import current_term
from tests.conftest import TODAY

# closing punctuation that must never start a line (the em dash alone is the "empty" mark)
FORBIDDEN_AT_START = "，。、；：！？”’》）」』】…"


def text_of(data: bytes) -> str:
    reader = PdfReader(BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def lines_of(data: bytes) -> list[str]:
    return [line for line in text_of(data).splitlines() if line.strip()]


@pytest.fixture(scope="module")
def demo(demo_template: Path, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("pdf") / "class.sqlite"
    shutil.copyfile(demo_template, path)
    archive = open_archive(path)
    term = current_term(archive, TODAY)
    save_summary(
        archive,
        term,
        TermSummary(
            work="本学期坚持每月谈心，开展“两地书”活动，孩子们的情绪总体稳定。" * 6,
            problems="个别监护人年纪大，辅导作业有困难；部分父母联系不上，需要学校协助。",
            next_plans="继续结对帮扶；每月召开留守儿童会；寒假前完成全部家访。",
        ),
    )
    report = build_term_report(archive, term, TODAY)
    rendered = term_report_pdf(report)
    yield archive, report, rendered
    archive.close()


def test_every_card_child_name_appears_exactly_as_stored(demo) -> None:  # type: ignore[no-untyped-def]
    _archive, report, rendered = demo
    text = text_of(rendered.data)
    names = [c.profile.draft.name for c in report.cards]
    assert len(names) >= 25
    for name in names:
        assert f"成长记录卡 {name}" in text or f"成长记录卡　{name}" in text, name
    rare = [n for n in names if any(ord(ch) > 0xFFFF or 0x3400 <= ord(ch) <= 0x4DBF for ch in n)]
    assert rare, "the demo class has children with Ext A / Ext B–F characters"
    assert "吴𬌗" in text  # U+2C317 copies out of the PDF as itself (ToUnicode is right)
    assert not rendered.missing.places


def test_numbers_are_masked_by_default(demo) -> None:  # type: ignore[no-untyped-def]
    _archive, report, rendered = demo
    text = text_of(rendered.data)
    for card in report.cards:
        draft = card.profile.draft
        if draft.id_number:
            assert draft.id_number not in text
            assert f"{draft.id_number[:6]}********{draft.id_number[-4:]}" in text
        for phone in (draft.father.phone, draft.mother.phone):
            if len(phone) == 11:
                assert phone not in text
                assert f"{phone[:3]}****{phone[-4:]}" in text


def test_no_line_starts_with_closing_punctuation(demo) -> None:  # type: ignore[no-untyped-def]
    _archive, _report, rendered = demo
    lines = lines_of(rendered.data)
    assert len(lines) > 2000
    bad = [line for line in lines if line.lstrip()[0] in FORBIDDEN_AT_START]
    assert bad == []


def test_every_font_is_embedded(demo) -> None:  # type: ignore[no-untyped-def]
    _archive, _report, rendered = demo
    reader = PdfReader(BytesIO(rendered.data))
    faces = set()
    for page in reader.pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            descriptor = font["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor, font["/BaseFont"]
            faces.add(str(font["/BaseFont"]).split("+")[-1].split("-")[0])
    assert {"WenQuanYiMicroHei", "LiushouHanaA"} <= faces


def test_footer_numbers_every_page(demo) -> None:  # type: ignore[no-untyped-def]
    _archive, _report, rendered = demo
    reader = PdfReader(BytesIO(rendered.data))
    total = len(reader.pages)
    assert total == rendered.pages
    for number in (1, total // 2, total):
        page = reader.pages[number - 1].extract_text()
        assert f"第 {number} 页 共 {total} 页" in page
        assert f"生成于 {TODAY:%Y-%m-%d}" in page


def test_report_sections_and_teacher_text(demo) -> None:  # type: ignore[no-untyped-def]
    _archive, report, rendered = demo
    first_pages = "\n".join(p.extract_text() for p in PdfReader(BytesIO(rendered.data)).pages[:8])
    for heading in (
        "一、班级概况",
        "二、开展的工作",
        "三、一对一帮扶",
        "四、个别教育管理方案",
        "五、受助情况",
        "六、工作总结",
        "七、存在问题",
        "八、下学期打算",
    ):
        assert heading in first_pages
    assert "每月谈心覆盖率" in first_pages
    assert "班主任（签名）" in first_pages and "校长（签名）" in first_pages
    assert "（学校盖章）" in first_pages
    assert "寒假前完成全部家访" in first_pages
    assert "还没覆盖到的孩子" in first_pages  # issue 16: the gaps, each with its children
    for heading in (
        "留守儿童的构成",
        "联系覆盖（每名留守儿童、每个月）",
        "四个优先",
        "每月的联系",
        "成绩：留守儿童与全班",
    ):
        assert heading in first_pages, heading  # issue 17: what a bureau looks for
    everyone = report.left_behind_total
    for name, pairs in report.stats.groups:  # every breakdown adds up to the children
        if name != "父母务工省份":
            assert sum(n for _, n in pairs) == everyone, name
    assert len(report.stats.matrix) == everyone
    assert "德育处（政教处）（签名）" in "\n".join(
        p.extract_text() for p in PdfReader(BytesIO(rendered.data)).pages
    )
    flat = first_pages.replace("\n", "")
    for kind, names in report.gaps.items():
        if names:
            assert names[0] in flat, kind
    assert f"其中留守儿童 {report.left_behind_total} 人" in first_pages.replace("\n", "")


def test_sensitive_records_are_left_out_unless_ticked(demo) -> None:  # type: ignore[no-untyped-def]
    archive, report, rendered = demo
    with archive.transaction() as s:
        iep = s.scalars(select(CareRecord).where(CareRecord.kind == "iep")).first()
        assert iep is not None and iep.sensitive
    plan_text = report.ieps[0].plan.values["plan"][:12]
    assert plan_text not in text_of(rendered.data).replace("\n", "")
    assert "涉及隐私" in text_of(rendered.data)
    shown = term_report_pdf(report, PrintOptions(include_sensitive=True))
    assert plan_text in text_of(shown.data).replace("\n", "")


def test_unmasked_when_asked(demo) -> None:  # type: ignore[no-untyped-def]
    _archive, report, _rendered = demo
    card = next(c for c in report.cards if c.profile.draft.id_number)
    single = build_term_report(_archive, report.term, TODAY, pupil_ids=[card.profile.pupil_id])
    data = growth_card_pdf(single, PrintOptions(mask=False)).data
    assert card.profile.draft.id_number in text_of(data)


def _pupil(archive, name: str, id_number: str = "") -> int:  # type: ignore[no-untyped-def]
    pupil_id, _ = add_pupil(
        archive, ProfileDraft(name=name, sex="女", birth_date="2016-05-01"), TODAY
    )
    return pupil_id


def test_rare_names_print_and_copy_exactly(tmp_path: Path) -> None:
    archive = open_archive(tmp_path / "a.sqlite")
    names = ["李𠇔", "吴𬌗", "王䶮", "赵喆堃"]
    ids = [_pupil(archive, n) for n in names]
    term = current_term(archive, TODAY)
    report = build_term_report(archive, term, TODAY, pupil_ids=ids)
    rendered = growth_card_pdf(report)
    text = text_of(rendered.data)
    for name in names:
        assert f"成长记录卡 {name}" in text or f"成长记录卡　{name}" in text
    assert not rendered.missing.places
    archive.close()


def test_a_character_no_font_has_is_reported_with_child_and_field(tmp_path: Path) -> None:
    archive = open_archive(tmp_path / "a.sqlite")
    ext_g = "\U00030000"  # CJK Ext G: in no bundled font
    pupil_id = _pupil(archive, "张" + ext_g)
    term = current_term(archive, TODAY)
    report = build_term_report(archive, term, TODAY, pupil_ids=[pupil_id])
    rendered = growth_card_pdf(report)
    lines = rendered.missing.lines()
    assert any(line.startswith(f"张{ext_g} · 姓名") and "U+30000" in line for line in lines)
    assert "张□" in text_of(rendered.data)  # shown as a box, never silently dropped
    archive.close()


def test_cancel_leaves_no_file(demo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _archive, report, _rendered = demo
    out = tmp_path / "report.pdf"
    seen: list[int] = []

    def progress(done: int, total: int) -> None:
        seen.append(done)
        if done >= 60:
            raise Cancelled

    with pytest.raises(Cancelled):
        term_report_pdf(report, out=out, progress=progress)
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []
    assert seen == sorted(seen)


def test_written_file_is_complete(demo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _archive, report, _rendered = demo
    out = tmp_path / "sub" / "报告.pdf"
    steps: list[int] = []
    rendered = growth_card_pdf(report, out=out, progress=lambda d, t: steps.append(d))
    assert out.read_bytes() == rendered.data
    assert steps[-1] == 100
    assert len(PdfReader(out).pages) == rendered.pages >= len(report.cards)


def test_teacher_text_round_trip_and_limits(tmp_path: Path) -> None:
    from liushou_desk.domain.profile import ValidationFailed

    archive = open_archive(tmp_path / "a.sqlite")
    term = current_term(archive, TODAY)
    assert load_summary(archive, term).empty
    save_summary(archive, term, TermSummary(work="  第一段\r\n第二段  \n\n"))
    assert load_summary(archive, term).work == "  第一段\n第二段"
    with pytest.raises(ValidationFailed) as failure:
        save_summary(archive, term, TermSummary(work="字" * 6001))
    assert failure.value.errors[0].message == "工作总结太长（最多6000字）"
    assert load_summary(archive, term).work == "  第一段\n第二段"  # unchanged
    archive.close()


def test_coverage_counts_children_talked_to_each_month(demo) -> None:  # type: ignore[no-untyped-def]
    archive, report, _rendered = demo
    lb = {c.profile.pupil_id for c in report.cards}  # the term's left-behind children
    with archive.transaction() as s:
        talks = s.scalars(select(CareRecord).where(CareRecord.kind == "talk")).all()
    for month in report.coverage:
        talked = {
            t.pupil_id
            for t in talks
            if t.deleted_at is None
            and t.occurred_on.replace(day=1) == month.month
            and t.pupil_id in lb
        }
        assert month.talked == len(talked)
        assert month.children == report.left_behind_total
    assert report.coverage[0].talked > 0  # the holiday months before school are left out


def test_report_of_an_empty_archive(tmp_path: Path) -> None:
    archive = open_archive(tmp_path / "a.sqlite")
    term = current_term(archive, TODAY)
    rendered = term_report_pdf(build_term_report(archive, term, TODAY))
    text = text_of(rendered.data)
    assert "本学期在班学生 0 人" in text
    assert rendered.pages == 1 or rendered.pages == 2
    archive.close()


def test_long_text_in_a_record_splits_across_pages(tmp_path: Path) -> None:
    archive = open_archive(tmp_path / "a.sqlite")
    pupil_id = _pupil(archive, "钱多多")
    long = "孩子说，" + "想妈妈了，晚上睡不着；" * 300
    create_record(
        archive,
        "talk",
        pupil_id,
        RecordValues(
            {"date": "2026-11-02", "teacher": "张老师", "topic": "想念父母", "problems": long}
        ),
        TODAY,
    )
    report = build_term_report(archive, current_term(archive, TODAY), TODAY, pupil_ids=[pupil_id])
    rendered = growth_card_pdf(report, PrintOptions(full_records=True))  # 印全文
    assert rendered.pages >= 2
    pages = []  # each page's text without its running header, footer and repeated table head
    for page in PdfReader(BytesIO(rendered.data)).pages:
        lines = page.extract_text().splitlines()
        keep = [
            x for x in lines if ("成长记录卡" not in x or "钱多多" in x) and x != "日期 记录 内容"
        ]
        pages.append("".join(keep))
    body = re.sub(r"第\d+页共\d+页|生成于[\d-]+", "", re.sub(r"\s", "", "".join(pages)))
    assert body.count("想妈妈了") == 300  # nothing lost where the row is cut across pages
    archive.close()


def test_term_parse_and_lookup_without_writing(tmp_path: Path) -> None:
    from liushou_desk.domain.terms import TermFormatError, parse_term
    from liushou_desk.services.terms import list_terms, term_of

    assert parse_term("2026-2027-1").name == "2026—2027学年第一学期"
    assert parse_term("2025—2026学年第二学期").start == date(2026, 2, 1)
    with pytest.raises(TermFormatError):
        parse_term("明年")
    archive = open_archive(tmp_path / "a.sqlite")
    view = term_of(archive, parse_term("2024-2025-2"))
    assert view.id == 0 and view.start == date(2025, 2, 1)
    assert list_terms(archive) == []
    archive.close()


def test_a_heading_never_ends_a_page_alone() -> None:
    """Issue 17: a heading with too little room under it starts the next page with its table;
    with room enough, a long table starts right under it and runs on (no page left blank)."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer

    from liushou_desk.pdf.document import FRAME_HEIGHT, PageInfo, build_pdf
    from liushou_desk.pdf.fonts import register
    from liushou_desk.pdf.kit import Kit, PrintOptions
    from liushou_desk.pdf.text import Missing

    fonts = register()
    kit = Kit(fonts, PrintOptions(), Missing())
    rows = [["学生", "说明"]] + [[f"学生{i}", "说明文字"] for i in range(60)]
    info = PageInfo("测试", "测试班", "生成于 2026-11-23")
    for room, heading_on in ((15, 2), (120, 1)):
        story = [
            Spacer(1, FRAME_HEIGHT - room * mm),
            kit.h2("七、期末评语"),
            kit.table(rows, (40, 130)),
        ]
        data, _pages = build_pdf(story, info, fonts)
        texts = [p.extract_text() for p in PdfReader(BytesIO(data)).pages]
        on = next(i + 1 for i, t in enumerate(texts) if "七、期末评语" in t)
        assert on == heading_on, room
        assert "学生0" in texts[on - 1]  # the table starts under its heading
    # a heading before a short note needs only the note's room: 20 mm left is enough for it,
    # 8 mm is not (the two go over together)
    for room, heading_on in ((20, 1), (8, 2)):
        story = [
            Spacer(1, FRAME_HEIGHT - room * mm),
            kit.h3("五、四个优先"),
            kit.p("本学期还没有记录四个优先措施。"),
        ]
        data, _pages = build_pdf(story, info, fonts)
        texts = [p.extract_text() for p in PdfReader(BytesIO(data)).pages]
        on = next(i + 1 for i, t in enumerate(texts) if "五、四个优先" in t)
        assert on == heading_on, room
        assert "本学期还没有记录" in texts[on - 1]
