"""操作日志: edits, deletions, imports, exports, prints and looks at sensitive records are
logged — what and to whom, never the values — append-only and chained, so tampering is found
(`liushou-desk audit-verify`). The keyed chain, the head outside the database and the attacks
that recompute the chain are in test_audit_keyed.py."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from liushou_desk.cli import main
from liushou_desk.db.schema import open_archive
from liushou_desk.domain.idcard import check_digit
from liushou_desk.domain.profile import ProfileDraft
from liushou_desk.domain.records import RecordValues
from liushou_desk.services import audit, profile, records, roster

from .conftest import TODAY
from .ui_helpers import ScriptedPrompts, open_window

FIXTURES = Path(__file__).parent / "fixtures"
ID_NUMBER = "51172520150601122" + check_digit("51172520150601122")


def actions(archive) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    return [(e.action, e.target, e.detail) for e in reversed(audit.entries(archive))]


def test_edits_and_deletions_are_logged_without_their_values(tmp_path: Path) -> None:
    archive = open_archive(tmp_path / "a.sqlite")
    pid, _ = roster.add_pupil(archive, ProfileDraft(name="王芳", sex="女"), TODAY)
    draft = profile.load_profile(archive, pid, TODAY).draft
    draft.id_number = ID_NUMBER
    draft.health_mental = "常做噩梦"
    profile.save_profile(archive, pid, draft, TODAY)
    rid, _ = records.create_record(
        archive,
        "iep",
        pid,
        RecordValues(
            {
                "date": "2026-11-01",
                "category": "心理障碍",
                "problem": "夜里哭",
                "plan": "每周谈心",
                "responsible": "张老师",
            }
        ),
        TODAY,
    )
    records.set_deleted(archive, rid, True)
    roster.delete_pupil(archive, pid, "重复录入")
    log = actions(archive)
    kinds = [a for a, _t, _d in log]
    assert kinds[0] == "新增学生"
    assert "修改档案" in kinds and "新增记录" in kinds and "删除" in kinds and "回收站" in kinds
    assert ("修改档案", f"学生#{pid}", "身份证号") in log
    assert any(t.startswith("个别教育管理方案（记录") and "涉及隐私" in t for _a, t, _d in log)
    assert ("回收站", f"学生#{pid}", "移入回收站：重复录入") in log
    text = json.dumps(log, ensure_ascii=False)
    for secret in (ID_NUMBER, "常做噩梦", "夜里哭", "每周谈心", "王芳"):
        assert secret not in text  # what was done and to whom (by number) — never the content
    named = audit.entries(archive, named=True)
    assert any(e.target == f"王芳（#{pid}）" for e in named)  # names only when reading
    assert audit.verify(archive).ok
    archive.close()


def test_import_export_and_print_are_logged(demo_db: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import Workbook

    from liushou_desk.io.usb_archive import export_archive
    from liushou_desk.io.xlsx_export import export_workbook
    from liushou_desk.ops import importing

    archive = open_archive(demo_db)
    book = Workbook()
    book.active.append(["姓名", "性别"])
    book.active.append(["新同学", "男"])
    book.save(tmp_path / "r.xlsx")
    importing.apply(archive, importing.plan(archive, tmp_path / "r.xlsx", TODAY), TODAY)
    export_workbook(archive, tmp_path / "x.xlsx", TODAY)
    stick = tmp_path / "stick"
    stick.mkdir()
    export_archive(archive, stick, "K7QX-M3PA-ZT9H-4RWE", TODAY, full_details=True)
    archive.close()
    assert (
        main(["card", "--db", str(demo_db), "--pupil", "吴𬌗", "--out", str(tmp_path / "c.pdf")])
        == 0
    )
    archive = open_archive(demo_db)
    newest = actions(archive)[-4:]
    assert newest[0] == ("导入名册", "新增 1 名、更新 0 名学生", "跳过有问题的 0 行")
    assert newest[1] == ("导出", "Excel 工作簿 x.xlsx", "")
    assert newest[2][0] == "导出" and newest[2][1].startswith("交校长档案")
    assert "班主任选择" in newest[2][2]  # the choice to include everything is on record
    assert newest[3][0] == "打印" and newest[3][1].startswith("成长记录卡 学生#")  # by number
    assert audit.verify(archive).ok
    archive.close()


def _raw(db: Path) -> sqlite3.Connection:
    return sqlite3.connect(db, isolation_level=None)


def test_the_log_refuses_changes(demo_db: Path) -> None:
    con = _raw(demo_db)
    with pytest.raises(sqlite3.DatabaseError, match="只能追加"):
        con.execute("UPDATE audit_log SET detail = 'x' WHERE id = 2")
    with pytest.raises(sqlite3.DatabaseError, match="只能追加"):
        con.execute("DELETE FROM audit_log WHERE id = 2")
    con.close()


@pytest.mark.parametrize(
    ("tamper", "found"),
    [
        ("UPDATE audit_log SET detail = '别的内容' WHERE id = 3", "第 3 条日志的内容被改动过"),
        ("UPDATE audit_log SET at = '2020-01-01 00:00:00.000000' WHERE id = 5", "第 5 条"),
        ("DELETE FROM audit_log WHERE id = 4", "第 5 条之前的日志被删除或改动过"),
        ("DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)", "末尾的日志被删除过"),
    ],
)
def test_tampering_is_found(demo_db: Path, tamper: str, found: str, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["audit-verify", "--db", str(demo_db)]) == 0
    con = _raw(demo_db)
    con.execute("DROP TRIGGER audit_log_no_update")  # someone with the file and a SQLite tool
    con.execute("DROP TRIGGER audit_log_no_delete")
    con.execute(tamper)
    con.close()
    capsys.readouterr()
    assert main(["audit-verify", "--db", str(demo_db), "--json"]) == 1
    verdict = json.loads(capsys.readouterr().out)
    assert verdict["ok"] is False and found in verdict["message"]
    assert "操作日志的保护（禁止修改、禁止删除）被删除或改动过" in verdict["message"]


def test_an_upgraded_archive_starts_an_intact_log(tmp_path: Path) -> None:
    db = tmp_path / "old.sqlite"
    shutil.copyfile(FIXTURES / "archive-0004.sqlite", db)
    archive = open_archive(db)
    assert audit.verify(archive).ok and audit.entries(archive) == []
    assert audit.open_check(archive).entries == 0  # nothing to anchor
    roster.add_pupil(archive, ProfileDraft(name="新来的"), TODAY)
    verdict = audit.verify(archive)
    assert verdict.ok and verdict.entries == 1 and verdict.keyed_from == 1
    archive.close()


def test_the_teacher_reads_the_log_and_reveals_are_logged(
    qtbot, demo_db: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from liushou_desk.ui.audit_dialog import AuditDialog

    window, archive = open_window(qtbot, demo_db, ScriptedPrompts())
    pupil = roster.list_roster(archive, TODAY)[0]
    window.select_pupil(pupil.id)
    window.tabs.setCurrentWidget(window.growth_slot)
    window.growth_tab.reveal_box.setChecked(True)
    shown: list[AuditDialog] = []
    window.exec_dialog = lambda dialog: shown.append(dialog) or False  # type: ignore[method-assign]
    window.settings.show_audit_log()
    dialog = shown[0]
    assert dialog.verdict.text().startswith("✓ 操作日志完整")
    assert dialog.table.item(0, 2).text() == "查看敏感记录"
    assert dialog.table.item(0, 3).text() == f"{pupil.name}（#{pupil.id}）"
    assert dialog.table.rowCount() == len(audit.entries(archive))
    dialog.grab().save(str(tmp_path / "audit.png"))
