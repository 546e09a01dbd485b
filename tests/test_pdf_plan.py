"""学期关爱工作计划 and a teacher's 关爱工作清单 as printed: read back from the PDF — the 分工, the
items month by month with what became of each, the teacher's children with what is due, every
font embedded, rare characters printed."""

from __future__ import annotations

import shutil
from datetime import date
from io import BytesIO
from pathlib import Path

from pypdf import PdfReader

from liushou_desk.db.schema import open_archive
from liushou_desk.domain.profile import ProfileDraft
from liushou_desk.ops.plan_printing import plan_printout, teacher_printout
from liushou_desk.services import care_plan, roster, teachers
from liushou_desk.services.care_plan import PlanDraft

from .conftest import TODAY


def text_of(data: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(BytesIO(data)).pages)


def embedded(data: bytes) -> bool:
    for page in PdfReader(BytesIO(data)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                descriptor = descendant.get_object().get("/FontDescriptor")
                if descriptor is not None and "/FontFile2" not in descriptor.get_object():
                    return False
    return True


def test_the_plan_of_the_demo_term(demo_template: Path, tmp_path: Path):
    path = tmp_path / "class.sqlite"
    shutil.copyfile(demo_template, path)
    archive = open_archive(path)
    try:
        pid, _ = roster.add_pupil(archive, ProfileDraft(name="吴𬌗"), TODAY)  # a rare character
        tid, _ = teachers.save_teacher(archive, None, "欧阳䶮", "美术")
        teachers.assign_many(archive, [(pid, "proxy_parent", tid)])
        care_plan.add_items(
            archive,
            PlanDraft("family_video", "吴𬌗生日亲情视频", "2026-12-05", tid, [pid]),
            date(2027, 1, 31),
        )
        printout = plan_printout(archive, TODAY)
        text = text_of(printout.data)
        assert "留守儿童学期关爱工作计划" in text and "一、分工" in text and "二、工作安排" in text
        assert "欧阳䶮" in text and "代理家长：吴𬌗" in text and "吴𬌗生日亲情视频" in text
        assert "2026年11月" in text and "2026年12月" in text
        assert "已完成" in text and "过期未完成" in text
        assert "班主任（签名）" in text and printout.missing == []
        assert embedded(printout.data) and printout.pages >= 2

        page = teacher_printout(archive, tid, TODAY)
        text = text_of(page.data)
        assert "欧阳䶮老师的关爱工作清单" in text and "2026年11月" in text
        assert "负责 1 名留守儿童" in text or "吴𬌗" in text
        assert page.missing == [] and embedded(page.data)
    finally:
        archive.close()
