"""导出档案 / 打开档案: the principal's encrypted archive — its parts and manifest, AES-256,
verified after writing, nothing left behind by a failure or a cancel, and the read-only view."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
import pyzipper
from pypdf import PdfReader

from liushou_desk.db.schema import open_archive
from liushou_desk.io.archive_manifest import FORM1, FORM3
from liushou_desk.io.usb_archive import (
    CARDS,
    MANIFEST,
    REPORT,
    SNAPSHOT,
    WORKBOOK,
    ArchiveExportError,
    ArchiveReadError,
    export_archive,
    propose_password,
    read_archive,
    read_manifest,
    snapshot_key,
)
from liushou_desk.services.notices import Cancelled
from liushou_desk.services.roster import count_pupils

from .conftest import EXPORT_PASSWORD, TODAY, copy_exported
from .ui_helpers import ScriptedPrompts, open_window

PASSWORD = EXPORT_PASSWORD


@pytest.fixture
def exported(exported_template, tmp_path: Path):  # type: ignore[no-untyped-def]
    db, result = copy_exported(exported_template, tmp_path)
    archive = open_archive(db)
    yield archive, result
    archive.close()


def test_the_archive_holds_every_part_encrypted_with_aes_256(exported) -> None:  # type: ignore[no-untyped-def]
    _archive, result = exported
    assert result.path.name == "青山镇中心小学五年级（2）班2026—2027学年第一学期留守儿童档案.zip"
    assert [p.name for p in result.path.parent.iterdir()] == [result.path.name]  # no .part
    with pyzipper.AESZipFile(result.path) as zf:
        infos = {i.filename: i for i in zf.infolist()}
        assert set(infos) == {REPORT, CARDS, WORKBOOK, SNAPSHOT, FORM1, FORM3, MANIFEST}
        for info in infos.values():
            assert info.flag_bits & 0x1  # encrypted
            assert info.wz_aes_vendor_id == b"AE" and info.wz_aes_strength == 3  # AES-256
        with pytest.raises(RuntimeError):
            zf.read(REPORT)  # no password, no content
        zf.setpassword(PASSWORD.encode())
        manifest = json.loads(zf.read(MANIFEST))
        for name, part in manifest["parts"].items():
            assert hashlib.sha256(zf.read(name)).hexdigest() == part["sha256"]
    assert manifest["term"] == "2026—2027学年第一学期"
    assert manifest["pupils"] >= 44 and manifest["left_behind"] >= 25
    assert result.parts == {n: p["sha256"] for n, p in manifest["parts"].items()}


def test_the_principal_side_unpacks_and_checks_every_part(exported, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    archive, result = exported
    opened = read_archive(result.path, PASSWORD, tmp_path / "open")
    assert opened.title == "青山镇中心小学 五年级（2）班 2026—2027学年第一学期"
    assert opened.warning is None  # sealed, and the copy's 操作日志 is the one exported
    assert len(PdfReader(opened.report).pages) == opened.manifest["pages"] == result.pages
    assert "成长记录卡" in PdfReader(opened.cards).pages[0].extract_text()
    snapshot = open_archive(opened.snapshot, create=False)
    assert count_pupils(snapshot) == count_pupils(archive)
    snapshot.close()
    from openpyxl import load_workbook

    assert "学生名册" in load_workbook(opened.workbook, read_only=True).sheetnames


def test_the_archive_carries_both_national_forms_with_the_least_data(
    exported, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """登记表（附件1）: a page per left-behind child, every number masked and 身体情况 left out
    (least data); 统计表（附件3）: the class's counts, its total the left-behind children."""
    from liushou_desk.domain.idcard import mask_id_number
    from liushou_desk.services.form1 import load_forms

    archive, result = exported
    opened = read_archive(result.path, PASSWORD, tmp_path / "open")
    assert opened.form1 is not None and opened.form3 is not None
    form1 = PdfReader(opened.form1)
    forms = load_forms(archive, TODAY).forms  # the left-behind children in class now
    children = len(forms)
    assert len(form1.pages) == children > 20 and result.form_pages == children + 1
    text = "\n".join(p.extract_text() for p in form1.pages)
    for f in forms:
        assert f.name in text
        if f.id_number:
            assert f.id_number not in text and mask_id_number(f.id_number) in text
        for phone in (f.father.phone, f.mother.phone):
            assert not phone or phone == "—" or phone not in text
    assert "☑健康" not in text and "☑患病" not in text  # health left out
    form3 = PdfReader(opened.form3).pages[0].extract_text()
    assert "农村留守儿童统计表" in form3 and f"合计 {children}" in form3


def test_the_cards_are_the_reports_own_card_pages(exported, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """成长记录卡.pdf is the report's appendix copied, not drawn a second time: the same pages
    (text, numbers and all), a bookmark per child, each at its card's first page."""
    _archive, result = exported
    opened = read_archive(result.path, PASSWORD, tmp_path / "open")
    report, cards = PdfReader(opened.report), PdfReader(opened.cards)
    first = len(report.pages) - len(cards.pages)
    assert 0 < first < len(report.pages)
    report_text = [p.extract_text() for p in report.pages[first:]]
    assert [p.extract_text() for p in cards.pages] == report_text
    assert "附：留守儿童成长记录卡" not in report.pages[first - 1].extract_text()
    assert all("期末总结报告　附：留守儿童成长记录卡" in text for text in report_text)
    assert f"第 {first + 1} 页 共 {len(report.pages)} 页" in report_text[0]
    children = [(item.title, cards.get_destination_page_number(item)) for item in cards.outline]
    assert len(children) == opened.manifest["left_behind"] >= 25
    for title, page in children:
        name = title.removeprefix("成长记录卡 · ")
        assert name in cards.pages[page].extract_text()
        assert page == 0 or name not in cards.pages[page - 1].extract_text()
    assert cards.metadata is not None and cards.metadata.title == "成长记录卡"
    assert cards.metadata.author == report.metadata.author


def test_wrong_password_and_damage_are_named(exported, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _archive, result = exported
    with pytest.raises(ArchiveReadError, match="密码不对"):
        read_manifest(result.path, "WRONG-PASS-WORD")
    damaged = tmp_path / "damaged.zip"
    data = bytearray(result.path.read_bytes())
    data[len(data) // 3] ^= 0xFF  # one flipped byte inside a part
    damaged.write_bytes(bytes(data))
    with pytest.raises(ArchiveReadError):
        read_manifest(damaged, PASSWORD)
    not_zip = tmp_path / "note.zip"
    not_zip.write_text("不是压缩包", encoding="utf-8")
    with pytest.raises(ArchiveReadError, match="不是完好的档案文件"):
        read_manifest(not_zip, PASSWORD)


def test_an_existing_archive_is_never_overwritten(exported) -> None:  # type: ignore[no-untyped-def]
    archive, result = exported
    before = result.path.read_bytes()
    with pytest.raises(ArchiveExportError, match="已存在"):
        export_archive(archive, result.path.parent, PASSWORD, TODAY)
    assert result.path.read_bytes() == before


def test_short_or_common_passwords_refused(demo_db: Path, tmp_path: Path) -> None:
    archive = open_archive(demo_db)
    for weak, said in (
        ("1234", "至少要有 8 个字符"),
        ("password", "常见密码"),
        ("woaini1314", "常见密码"),
        ("青山镇中心小学123", "学校、班级或老师的名字"),
    ):
        with pytest.raises(ArchiveExportError, match=said):
            export_archive(archive, tmp_path, weak, TODAY)
    assert list(tmp_path.glob("*.zip*")) == []  # refused before anything was made
    archive.close()


def test_the_command_refuses_a_weak_password_file(demo_db: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from liushou_desk.cli import main

    secret = tmp_path / "pw.txt"
    secret.write_text("qwerty123", encoding="utf-8")
    out = tmp_path / "stick"
    out.mkdir()
    code = main(
        ["export-archive", "--db", str(demo_db), "--out", str(out), "--password-file", str(secret)]
    )
    assert code == 2 and "pw.txt" in capsys.readouterr().err
    assert list(out.iterdir()) == []


def test_a_stick_pulled_out_leaves_nothing_that_looks_complete(
    demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = open_archive(demo_db)
    real = pyzipper.AESZipFile.writestr
    calls = []

    def pulled_out(self, name, data, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(name)
        if len(calls) == 3:
            raise OSError(5, "Input/output error")
        return real(self, name, data, *args, **kwargs)

    monkeypatch.setattr(pyzipper.AESZipFile, "writestr", pulled_out)
    stick = tmp_path / "stick"
    stick.mkdir()
    with pytest.raises(ArchiveExportError, match="无法写入"):
        export_archive(archive, stick, PASSWORD, TODAY)
    assert list(stick.iterdir()) == []
    archive.close()


def test_cancel_leaves_nothing(demo_db: Path, tmp_path: Path) -> None:
    archive = open_archive(demo_db)

    def progress(done: int, total: int) -> None:
        if done >= 85:
            raise Cancelled

    stick = tmp_path / "stick"
    stick.mkdir()
    with pytest.raises(Cancelled):
        export_archive(archive, stick, PASSWORD, TODAY, progress)
    assert list(stick.iterdir()) == []
    archive.close()


def test_proposed_passwords_are_strong_and_readable() -> None:
    words = {propose_password() for _ in range(50)}
    assert len(words) == 50
    for word in words:
        assert len(word) == 19 and word.count("-") == 3
        assert not set(word) & set("0O1IL")


def test_cli_export_with_a_password_file_and_without(demo_db: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from liushou_desk.cli import main

    secret = tmp_path / "密码.txt"
    secret.write_text("my-own-secret-1\n", encoding="utf-8")
    one, two = tmp_path / "a", tmp_path / "b"
    one.mkdir()
    two.mkdir()
    assert (
        main(
            [
                "export-archive",
                "--db",
                str(demo_db),
                "--out",
                str(one),
                "--password-file",
                str(secret),
            ]
        )
        == 0
    )
    zip_one = next(one.glob("*.zip"))
    assert read_manifest(zip_one, "my-own-secret-1")["term"]
    assert "密码：" not in capsys.readouterr().out
    assert main(["export-archive", "--db", str(demo_db), "--out", str(two)]) == 0
    out = capsys.readouterr().out
    password = out.split("密码：")[1].split()[0]
    assert read_manifest(next(two.glob("*.zip")), password)
    assert main(["export-archive", "--db", str(demo_db), "--out", str(tmp_path / "none")]) == 1
    assert main(["open-archive", str(tmp_path / "none.zip")]) == 1


def test_principal_window_opens_archives_read_only(qtbot, exported, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from liushou_desk.ui.pdf_preview import PdfPreviewDialog
    from liushou_desk.ui.principal_window import ClassPanel, PrincipalWindow

    _archive, result = exported
    prompts = ScriptedPrompts()
    answers = ["WRONG-PASS-WORD", PASSWORD]
    prompts.archive_password = lambda parent, name: answers.pop(0)  # type: ignore[method-assign]
    window = PrincipalWindow(tmp_path / "opened", prompts)
    qtbot.addWidget(window)
    window.show()
    assert window.open_file(result.path)
    assert prompts.errors == [
        "无法打开“" + result.path.name + "”。"
    ]  # the wrong one, then asked again
    assert window.overview.rowCount() == 1
    assert window.overview.item(0, 1).text() == "五年级（2）班"
    panel = window.tabs.widget(1)
    assert isinstance(panel, ClassPanel)
    assert panel.roster.model.rowCount() >= 44
    assert not panel.roster.add_button.isVisibleTo(panel)
    assert not panel.roster.enrolment_button.isVisibleTo(panel)
    shown: list[PdfPreviewDialog] = []
    window.exec_dialog = lambda dialog: shown.append(dialog) or False  # type: ignore[method-assign]
    panel.report_button.click()
    assert shown[-1].model.rowCount() == result.pages
    assert not shown[-1].save_button.isVisibleTo(shown[-1])  # read and print only
    panel.show_card(panel.roster.model.rows[0].id)  # made off the GUI thread
    qtbot.waitUntil(lambda: len(shown) == 2, timeout=20000)
    assert shown[-1].model.rowCount() >= 1
    assert "成长记录卡-" in shown[-1].windowTitle()
    panel.form1_button.click()  # 登记表（附件1）: a page per left-behind child
    assert shown[-1].windowTitle().startswith("打印预览 · 登记表（附件1）")
    assert shown[-1].model.rowCount() == result.form_pages - 1
    panel.form3_button.click()
    assert shown[-1].model.rowCount() == 1
    second = tmp_path / "second.zip"  # another class of the school: here, the same one again
    second.write_bytes(result.path.read_bytes())
    prompts.archive_password = lambda parent, name: PASSWORD  # type: ignore[method-assign]
    assert window.open_file(second)
    window.school_form3_button.click()  # the school's 附件3 from the classes opened
    school = PdfReader(__import__("io").BytesIO(shown[-1].data)).pages[0].extract_text()
    assert f"合计 {2 * (result.form_pages - 1)}" in school
    window.tabs.setCurrentIndex(1)
    window.grab().save(str(tmp_path / "principal.png"))
    opened = window.opened[0]
    # second names for the unpacked files: what they show after closing is what the disk holds
    peeks = {}
    for part in (opened.report, opened.cards, opened.workbook, opened.snapshot):
        peek = tmp_path / f"peek-{len(peeks)}"
        os.link(part, peek)
        peeks[peek] = part.stat().st_size
    window.close()
    assert not (tmp_path / "opened").exists()  # the unpacked copies are gone
    for peek, size in peeks.items():
        assert peek.read_bytes() == b"\0" * size  # overwritten before they were deleted


def test_teacher_window_exports_and_shows_the_password_once(
    qtbot, demo_db: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    prompts = ScriptedPrompts()
    shown: list[tuple[Path, str]] = []
    prompts.archive_password_shown = lambda parent, path, pw: shown.append((path, pw))  # type: ignore[method-assign]
    prompts.folder = tmp_path / "stick"
    prompts.folder.mkdir()
    window, _archive = open_window(qtbot, demo_db, prompts)
    window.files.export_usb_archive()
    qtbot.waitUntil(lambda: bool(shown) or bool(prompts.errors), timeout=60000)
    assert prompts.errors == []
    path, password = shown[0]
    assert read_manifest(path, password)["class"] == "五年级（2）班"


def _plain_snapshot(data: bytes, key, folder: Path) -> bytes:  # type: ignore[no-untyped-def]
    """The snapshot's bytes as a plain SQLite file (it is encrypted with ``key``)."""
    from liushou_desk.db.encrypt import export_copy

    encrypted, plain = folder / "snapshot.sqlite", folder / "plain.sqlite"
    encrypted.write_bytes(data)
    export_copy(encrypted, plain, None, source_key=key)
    return plain.read_bytes()


def _plain_parts(path: Path, password: str) -> dict[str, bytes]:
    """Every part decrypted, the .xlsx unzipped too, the PDFs as their extracted text, the
    snapshot as a plain SQLite file."""
    import io
    import tempfile
    import zipfile

    out = {}
    with pyzipper.AESZipFile(path) as zf:
        zf.setpassword(password.encode())
        key = snapshot_key(json.loads(zf.read(MANIFEST)), password)
        assert key is not None
        for name in zf.namelist():
            data = zf.read(name)
            if name == SNAPSHOT:
                with tempfile.TemporaryDirectory() as folder:
                    data = _plain_snapshot(data, key, Path(folder))
            elif name.endswith(".xlsx"):
                with zipfile.ZipFile(io.BytesIO(data)) as book:
                    data = b"".join(book.read(n) for n in book.namelist())
            elif name.endswith(".pdf"):
                reader = PdfReader(io.BytesIO(data))
                data = "".join(p.extract_text() for p in reader.pages).encode()
            out[name] = data
    return out


def _secrets(archive) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from liushou_desk.db.models import CareRecord, Guardian, Parent, Pupil

    with archive.transaction() as s:
        pupils = s.scalars(select(Pupil)).all()
        return {
            "ID numbers": [p.id_number for p in pupils if p.id_number][:20],
            "phones": [p.phone for p in s.scalars(select(Parent)) if len(p.phone) == 11][:20]
            + [g.phone for g in s.scalars(select(Guardian)) if len(g.phone) == 11][:20],
            "health": [p.health_mental for p in pupils if len(p.health_mental) > 6][:10],
            "sensitive records": [
                json.loads(r.data)["values"].get("plan", "")[:12]
                for r in s.scalars(select(CareRecord).where(CareRecord.kind == "iep"))
            ],
        }


def test_least_data_by_default_in_every_part(exported) -> None:  # type: ignore[no-untyped-def]
    archive, result = exported
    parts = _plain_parts(result.path, PASSWORD)
    secrets = _secrets(archive)
    assert all(secrets.values()), secrets  # the demo class has each kind of secret
    for kind, values in secrets.items():
        for value in values:
            for name, data in parts.items():
                assert value.encode() not in data, (kind, value, name)
    masked = secrets["ID numbers"][0]
    assert f"{masked[:6]}********{masked[-4:]}".encode() in parts[SNAPSHOT]
    assert json.loads(parts[MANIFEST])["details"] == "least"


def test_full_details_when_the_teacher_asks(demo_db: Path, tmp_path: Path) -> None:
    archive = open_archive(demo_db)
    result = export_archive(archive, tmp_path, PASSWORD, TODAY, full_details=True)
    parts = _plain_parts(result.path, PASSWORD)
    secrets = _secrets(archive)
    assert secrets["ID numbers"][0].encode() in parts[SNAPSHOT]
    assert secrets["health"][0].encode() in parts[WORKBOOK]
    assert json.loads(parts[MANIFEST])["details"] == "full"
    archive.close()


def test_two_children_whose_masked_numbers_coincide_still_export(
    demo_db: Path, tmp_path: Path
) -> None:
    """Two children of one county whose ID numbers end alike: their masked numbers are equal,
    which the archive's one-holder guard must not turn into a failure."""
    import sqlite3

    con = sqlite3.connect(demo_db)
    ids = [r[0] for r in con.execute("SELECT id FROM pupils ORDER BY id LIMIT 2")]
    for pid, number in zip(ids, ("511725201501019017", "511725201512129017"), strict=True):
        con.execute(
            "UPDATE pupils SET id_number = ?, student_number = ? WHERE id = ?",
            (number, "G" + number, pid),
        )
    con.commit()
    con.close()
    archive = open_archive(demo_db)
    try:
        result = export_archive(archive, tmp_path, PASSWORD, TODAY)
    finally:
        archive.close()
    opened = read_archive(result.path, PASSWORD, tmp_path / "open")
    assert opened.warning is None
