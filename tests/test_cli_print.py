"""`liushou-desk report` and `liushou-desk card`: the PDF contract of the command line."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from pypdf import PdfReader

from liushou_desk.cli import main
from liushou_desk.db.schema import open_archive
from liushou_desk.domain.profile import ProfileDraft
from liushou_desk.services.roster import add_pupil
from tests.conftest import TODAY
from tests.test_cli import run


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_report_writes_the_current_term(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "期末总结.pdf"
    result = run("report", "--db", str(demo_db), "--out", str(out), env_home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "期末总结报告" in result.stdout and "成长记录卡" in result.stdout
    text = PdfReader(out).pages[0].extract_text()
    assert "留守儿童关爱工作期末总结" in text
    assert "学年第一学期" in text


def test_report_for_a_named_term(demo_db: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "r.pdf"
    assert main(["report", "--db", str(demo_db), "--term", "2025-2026-2", "--out", str(out)]) == 0
    assert "2025—2026学年第二学期" in PdfReader(out).pages[0].extract_text()


def test_card_for_one_child(demo_db: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "card.pdf"
    assert main(["card", "--db", str(demo_db), "--pupil", "吴𬌗", "--out", str(out)]) == 0
    text = "\n".join(p.extract_text() for p in PdfReader(out).pages)
    assert "成长记录卡 吴𬌗" in text or "成长记录卡　吴𬌗" in text
    assert "已生成吴𬌗的成长记录卡" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--pupil", "没有这人"], 1, "档案中没有名为“没有这人”的学生"),
        (["--term", "明年"], 2, "看不懂学期“明年”"),
    ],
)
def test_card_refusals(demo_db: Path, tmp_path: Path, capsys, args, code, message) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "card.pdf"
    argv = ["card", "--db", str(demo_db), "--out", str(out), *args]
    if "--pupil" not in args:
        argv += ["--pupil", "吴𬌗"]
    before = sha(demo_db)
    assert main(argv) == code
    assert message in capsys.readouterr().err
    assert not out.exists()
    assert sha(demo_db) == before


def test_two_children_with_one_name_are_listed(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "a.sqlite"
    archive = open_archive(db)
    for number in ("S001", "S002"):
        add_pupil(archive, ProfileDraft(name="王芳", student_number=number), TODAY)
    archive.close()
    assert main(["card", "--db", str(db), "--pupil", "王芳", "--out", str(tmp_path / "c.pdf")]) == 1
    err = capsys.readouterr().err
    assert "有 2 名学生叫“王芳”" in err and "S001" in err and "S002" in err
    assert main(["card", "--db", str(db), "--pupil", "S002", "--out", str(tmp_path / "c.pdf")]) == 0


def test_existing_output_and_missing_archive_are_refused(
    demo_db: Path, tmp_path: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "r.pdf"
    out.write_bytes(b"teacher's own file")
    assert main(["report", "--db", str(demo_db), "--out", str(out)]) == 1
    assert out.read_bytes() == b"teacher's own file"
    assert (
        main(["report", "--db", str(tmp_path / "none.sqlite"), "--out", str(tmp_path / "x.pdf")])
        == 1
    )
    assert main(["report", "--db", str(demo_db), "--out", str(tmp_path / "x.txt")]) == 2
    err = capsys.readouterr().err
    assert "文件已存在" in err and "找不到档案文件" in err and ".pdf" in err
