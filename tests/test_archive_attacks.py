"""交校长档案 under attack: archives crafted by someone who knows the zip password (it is read
out over the phone). Each is refused with a Chinese ``ArchiveReadError`` — or opened with a
visible warning — and leaves nothing unpacked: a zip bomb, Argon2 costs that hang or crash,
a snapshot that hangs, crashes or runs its own triggers, a manifest of the wrong shape, HTML in
a school name, a forged manifest; and the export's ``.part`` on a full disk, and
``open-archive --verify``.

The archives are tiny, built here with pyzipper; the manifest's MAC is computed here from the
format's definition (canonical JSON, HMAC-SHA256 keyed from the Argon2id output), so the
format is pinned by the test, not only by the code."""

from __future__ import annotations

import base64
import errno
import hashlib
import hmac
import json
import os
import shutil
import sqlite3
import struct
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import pyzipper

from liushou_desk.db import cipher
from liushou_desk.db.cipher import DataKey
from liushou_desk.io.usb_archive import (
    CARDS,
    MANIFEST,
    REPORT,
    SNAPSHOT,
    WORKBOOK,
    ArchiveExportError,
    ArchiveReadError,
    export_archive,
    read_archive,
    read_manifest,
)
from liushou_desk.safe_files import wipe_tree

from .conftest import EXPORT_PASSWORD, TODAY, copy_exported
from .ui_helpers import ScriptedPrompts

PASSWORD = EXPORT_PASSWORD
V1, V2, V3, V4 = (f"liushou-desk-archive/{n}" for n in (1, 2, 3, 4))
FAST = {"time_cost": 1, "memory_kib": 1024, "parallelism": 1}  # Argon2id in a millisecond
SALT = bytes(range(16))
MAC_LABEL = b"liushou-desk-archive/3 manifest mac"
MiB = 1024 * 1024
Manifest = dict[str, Any]


# -- crafting archives ----------------------------------------------------------------------------
def _argon2(password: str, salt: bytes, cost: dict[str, int]) -> bytes:
    from argon2.low_level import Type, hash_secret_raw

    return hash_secret_raw(
        password.encode(),
        salt,
        time_cost=cost["time_cost"],
        memory_cost=cost["memory_kib"],
        parallelism=cost["parallelism"],
        hash_len=32,
        type=Type.ID,
    )


def _canonical(manifest: Manifest) -> bytes:
    rest = {k: v for k, v in manifest.items() if k != "mac"}
    return json.dumps(rest, ensure_ascii=True, sort_keys=True, separators=(",", ":")).encode()


def _mac(manifest: Manifest, argon2_out: bytes) -> str:
    key = hmac.new(argon2_out, MAC_LABEL, hashlib.sha256).digest()
    return hmac.new(key, _canonical(manifest), hashlib.sha256).hexdigest()


def _hashes(parts: dict[str, bytes]) -> dict[str, dict[str, Any]]:
    return {n: {"sha256": hashlib.sha256(d).hexdigest(), "bytes": len(d)} for n, d in parts.items()}


def _encrypt(plain: bytes, key: bytes, folder: Path) -> bytes:
    from liushou_desk.db.encrypt import export_copy

    source, target = folder / "craft-plain.sqlite", folder / "craft-encrypted.sqlite"
    for stale in (source, target):
        stale.unlink(missing_ok=True)
    source.write_bytes(plain)
    export_copy(source, target, DataKey(key))
    data = target.read_bytes()
    source.unlink()
    target.unlink()
    return data


def _zip(path: Path, entries: dict[str, bytes], password: str = PASSWORD) -> Path:
    with pyzipper.AESZipFile(
        path, "w", compression=pyzipper.ZIP_DEFLATED, encryption=pyzipper.WZ_AES
    ) as zf:
        zf.setpassword(password.encode())
        zf.setencryption(pyzipper.WZ_AES, nbits=256)
        for name, data in entries.items():
            zf.writestr(name, data)
    return path


def craft(
    path: Path,
    snapshot: bytes,
    *,
    fmt: str = V3,
    edit: Callable[[Manifest, dict[str, bytes]], None] | None = None,
    tamper: Callable[[Manifest], None] | None = None,
    parts: dict[str, bytes] | None = None,
    extra: dict[str, bytes] | None = None,
    raw_snapshot: bool = False,
) -> Path:
    """An archive as the export writes one, of format ``fmt``, around the plain ``snapshot``
    (encrypted for formats 2 and 3 unless ``raw_snapshot``). ``edit`` changes the manifest as
    someone with the password would (the MAC computed after); ``tamper`` changes it after."""
    folder = path.parent
    contents = {REPORT: b"%PDF-1.4 report", CARDS: b"%PDF-1.4 cards", WORKBOOK: b"PK xlsx"}
    contents.update(parts or {})
    manifest: Manifest = {
        "format": fmt,
        "app_version": "0.test",
        "created": "2026-11-23T10:00:00",
        "school": "青山镇中心小学",
        "class": "五年级（2）班",
        "head_teacher": "李老师",
        "term": "2026—2027学年第一学期",
        "pupils": 1,
        "left_behind": 1,
        "pages": 1,
        "details": "least",
    }
    out = _argon2(PASSWORD, SALT, FAST)
    if fmt == V1 or raw_snapshot:
        contents[SNAPSHOT] = snapshot
    else:
        contents[SNAPSHOT] = _encrypt(snapshot, out, folder)
    if fmt != V1:
        salt = base64.b64encode(SALT).decode()
        manifest["snapshot_cipher"] = {
            "name": "sqlcipher4-raw-key",
            "kdf": "argon2id",
            "salt": salt,
            **FAST,
        }
    manifest["parts"] = _hashes(contents)
    if edit is not None:
        edit(manifest, contents)
    if fmt == V3:
        manifest["mac"] = _mac(manifest, out)
    if tamper is not None:
        tamper(manifest)
    entries = {**contents, **(extra or {}), MANIFEST: json.dumps(manifest).encode()}
    return _zip(path, entries)


def _plain(path: Path) -> bytes:
    """The file's bytes as one plain SQLite file (its -wal folded in)."""
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=DELETE")
    con.close()
    return path.read_bytes()


@pytest.fixture(scope="session")
def head_snapshot(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A plain snapshot at the newest revision with one pupil."""
    from liushou_desk.db.schema import open_archive

    from .ui_helpers import add_known_pupil

    path = tmp_path_factory.mktemp("snapshot") / "head.sqlite"
    archive = open_archive(path)
    add_known_pupil(archive, "赵玥")
    archive.close()
    return _plain(path)


@pytest.fixture(scope="session")
def old_snapshot(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A plain, empty snapshot at revision 0005 (an archive from an older version)."""
    from alembic import command

    from liushou_desk.db.engine import make_engine
    from liushou_desk.db.migrate import alembic_config

    path = tmp_path_factory.mktemp("snapshot") / "old.sqlite"
    engine = make_engine(path)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0005")
    engine.dispose()
    return _plain(path)


def changed(snapshot: bytes, folder: Path, sql: str) -> bytes:
    """``snapshot`` after running ``sql`` on a plain copy of it."""
    path = folder / f"changed-{hashlib.sha256(sql.encode()).hexdigest()[:8]}.sqlite"
    path.unlink(missing_ok=True)
    path.write_bytes(snapshot)
    con = sqlite3.connect(path)
    con.executescript(sql)
    con.close()
    return _plain(path)


def refused(path: Path, into: Path, match: str | None = None) -> ArchiveReadError:
    """``path`` is refused with a Chinese reason, quickly, and nothing stays unpacked."""
    started = time.monotonic()
    with pytest.raises(ArchiveReadError, match=match) as info:
        read_archive(path, PASSWORD, into)
    assert time.monotonic() - started < 20
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(info.value)), info.value
    assert not into.exists() or not any(p.is_file() for p in into.rglob("*")), list(into.rglob("*"))
    return info.value


def test_a_crafted_archive_of_each_format_opens(head_snapshot: bytes, tmp_path: Path) -> None:
    """The crafting itself is sound: what the attacks change is what is refused."""
    for fmt in (V1, V2, V3):
        into = tmp_path / f"open-{fmt[-1]}"
        opened = read_archive(
            craft(tmp_path / f"{fmt[-1]}.zip", head_snapshot, fmt=fmt), PASSWORD, into
        )
        assert opened.snapshot.exists() and opened.manifest["format"] == fmt
        assert (opened.warning is None) == (fmt == V3)


# -- 1. a zip bomb ---------------------------------------------------------------------------------
def test_a_part_bigger_than_the_manifest_says_is_refused(
    head_snapshot: bytes, tmp_path: Path
) -> None:
    bomb = b"\0" * (4 * MiB)  # a few KB in the zip

    def understated(manifest: Manifest, parts: dict[str, bytes]) -> None:
        manifest["parts"][REPORT]["bytes"] = 1000  # the hash is of all of it

    path = craft(
        tmp_path / "bomb.zip", head_snapshot, fmt=V2, parts={REPORT: bomb}, edit=understated
    )
    with pyzipper.AESZipFile(path) as zf:
        assert zf.getinfo(REPORT).compress_size < 50_000  # 4 MiB from a few KB
    refused(path, tmp_path / "open", "比清单所写的大")
    with pytest.raises(ArchiveReadError, match="比清单所写的大"):
        read_manifest(path, PASSWORD)  # the check without unpacking streams too


def test_a_part_over_its_limit_is_refused_whatever_the_manifest_says(
    head_snapshot: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from liushou_desk.io import archive_manifest

    three_gib = 3 * 1024 * MiB  # what a 5 MB zip may unpack to

    def claimed(manifest: Manifest, parts: dict[str, bytes]) -> None:
        manifest["parts"][SNAPSHOT]["bytes"] = three_gib

    refused(craft(tmp_path / "a.zip", head_snapshot, fmt=V2, edit=claimed), tmp_path / "o", "大小")
    # honest about a part bigger than its limit: refused before its end is read
    monkeypatch.setitem(archive_manifest.MAX_PART_BYTES, REPORT, 1 * MiB)
    honest = craft(tmp_path / "b.zip", head_snapshot, fmt=V2, parts={REPORT: b"\0" * (2 * MiB)})
    refused(honest, tmp_path / "o")
    big_manifest = craft(
        tmp_path / "c.zip",
        head_snapshot,
        fmt=V2,
        edit=lambda m, p: m.update(padding=" " * (2 * MiB)),  # the manifest's own limit: 1 MiB
    )
    refused(big_manifest, tmp_path / "o", "比清单所写的大")


def test_only_the_known_parts_are_read(head_snapshot: bytes, tmp_path: Path) -> None:
    path = craft(
        tmp_path / "extra.zip",
        head_snapshot,
        extra={"../../escape.txt": b"x", "extra.exe": b"MZ"},
    )
    opened = read_archive(path, PASSWORD, tmp_path / "open")
    assert sorted(p.name for p in opened.folder.iterdir()) == sorted(
        ["期末总结报告.pdf", "成长记录卡.pdf", "档案.xlsx", "档案.sqlite"]
    )
    assert not (tmp_path / "escape.txt").exists()


def test_memory_stays_small_for_a_big_part(head_snapshot: bytes, tmp_path: Path) -> None:
    big = craft(tmp_path / "big.zip", head_snapshot, fmt=V2, parts={REPORT: b"\0" * (48 * MiB)})
    small = craft(tmp_path / "small.zip", head_snapshot, fmt=V2)
    read_archive(small, PASSWORD, tmp_path / "warm")  # imports and caches, not measured
    for read in (
        lambda: read_archive(big, PASSWORD, tmp_path / "open"),
        lambda: read_manifest(big, PASSWORD, check_parts=True),
    ):
        tracemalloc.start()
        try:
            before = tracemalloc.get_traced_memory()[0]
            read()
            peak = tracemalloc.get_traced_memory()[1] - before
        finally:
            tracemalloc.stop()
        assert peak < 16 * MiB, peak  # the part is 48 MiB: never held whole


# -- 2. Argon2 costs from a file ------------------------------------------------------------------
BAD_COSTS = [
    {"time_cost": 4_000_000_000},
    {"memory_kib": 16 * 1024 * 1024},  # 16 GiB
    {"time_cost": -1},
    {"time_cost": 0},
    {"memory_kib": -1},
    {"memory_kib": 0},
    {"parallelism": 0},
    {"parallelism": 1000},
    {"time_cost": True},  # a bool is an int in Python
    {"time_cost": 3.0},
    {"time_cost": "3"},
    {"memory_kib": None},
    {"time_cost": 32, "memory_kib": 1024 * 1024},  # each in bounds, together minutes
]


@pytest.mark.parametrize("bad", BAD_COSTS, ids=[str(b) for b in BAD_COSTS])
def test_argon2_costs_out_of_bounds_in_the_manifest_are_refused(
    bad: dict[str, Any], head_snapshot: bytes, tmp_path: Path
) -> None:
    path = craft(
        tmp_path / "kdf.zip",
        head_snapshot,
        fmt=V2,
        edit=lambda m, p: m["snapshot_cipher"].update(bad),
    )
    refused(path, tmp_path / "open", "加密参数")


def test_the_bounds_in_one_place() -> None:
    from liushou_desk.db.kdf_limits import checked_params

    assert checked_params(3, 65536, 1) == (3, 65536, 1)  # the archive's snapshot key
    assert checked_params(24, 128 * 1024, 1) == (24, 128 * 1024, 1)  # calibrate()'s most
    assert checked_params(1, 1024) == (1, 1024, 1)  # the tests' key files
    for bad in BAD_COSTS:
        cost = {**FAST, **bad}
        with pytest.raises(ValueError, match=r"[\u4e00-\u9fff]"):
            checked_params(cost["time_cost"], cost["memory_kib"], cost["parallelism"])


@pytest.mark.parametrize("bad", BAD_COSTS, ids=[str(b) for b in BAD_COSTS])
def test_a_key_file_with_costs_out_of_bounds_is_a_key_file_error(
    bad: dict[str, Any], tmp_path: Path
) -> None:
    from liushou_desk.db import keyfile
    from liushou_desk.db.keyfile import KdfParams
    from liushou_desk.services import protection

    db = tmp_path / "class.sqlite"
    protection.new_protected(db, "我的密码2026", params=KdfParams(1, 1024))
    path = keyfile.keyfile_path(db)
    document = json.loads(path.read_text(encoding="utf-8"))
    document["kdf"].update(bad)
    path.write_text(json.dumps(document), encoding="utf-8")
    cipher.forget_all()
    started = time.monotonic()
    with pytest.raises(keyfile.KeyFileError, match="已损坏"):
        protection.unlock(db, "我的密码2026")
    assert time.monotonic() - started < 5


# -- 3. the snapshot ------------------------------------------------------------------------------
RECURSIVE_VIEW = (
    "DROP TABLE guardians; CREATE VIEW guardians AS WITH RECURSIVE r(n) AS "
    "(SELECT 1 UNION ALL SELECT n + 1 FROM r) "
    "SELECT n AS pupil_id, '' AS relation, '' AS name, '' AS phone, 0 AS position, n AS id FROM r"
)


@pytest.mark.parametrize("fmt", [V1, V3])
def test_a_recursive_view_is_refused_not_run(
    fmt: str, head_snapshot: bytes, tmp_path: Path
) -> None:
    snapshot = changed(head_snapshot, tmp_path, RECURSIVE_VIEW)
    refused(craft(tmp_path / "view.zip", snapshot, fmt=fmt), tmp_path / "open", "视图")


def test_garbage_missing_tables_and_a_huge_page_count_are_refused(
    head_snapshot: bytes, tmp_path: Path
) -> None:
    into = tmp_path / "open"
    refused(craft(tmp_path / "g1.zip", b"garbage" * 1000, fmt=V1), into, "不是数据库")
    refused(craft(tmp_path / "g3.zip", b"\1" * 8192, raw_snapshot=True), into, "无法解密")
    header = head_snapshot[:100] + b"\0" * (len(head_snapshot) - 100)
    refused(craft(tmp_path / "h.zip", header, fmt=V1), into)
    for table in ("guardians", "pupils", "alembic_version", "audit_log"):
        snapshot = changed(head_snapshot, tmp_path, f"DROP TABLE {table}")
        refused(craft(tmp_path / f"{table}.zip", snapshot, fmt=V1), into)
    no_column = changed(head_snapshot, tmp_path, "ALTER TABLE pupils DROP COLUMN village")
    refused(craft(tmp_path / "col.zip", no_column, fmt=V1), into, "village")
    huge = bytearray(head_snapshot)
    huge[28:32] = struct.pack(">I", 0x7FFFFFFF)  # the page count in the header, made valid
    huge[92:96] = huge[24:28]
    refused(craft(tmp_path / "pages.zip", bytes(huge), fmt=V1), into)


def test_a_damaged_page_is_refused_not_shown(head_snapshot: bytes, tmp_path: Path) -> None:
    path = tmp_path / "damaged.sqlite"
    path.write_bytes(head_snapshot)
    con = sqlite3.connect(path)
    page_size = con.execute("PRAGMA page_size").fetchone()[0]
    (root,) = con.execute(
        "SELECT rootpage FROM sqlite_master WHERE type = 'index' AND tbl_name = 'guardians'"
    ).fetchone()
    con.close()
    data = bytearray(head_snapshot)
    data[(root - 1) * page_size : root * page_size] = b"\xa5" * page_size
    refused(craft(tmp_path / "d.zip", bytes(data), fmt=V1), tmp_path / "open", "完整性")


def test_generated_columns_and_unknown_triggers_are_refused(
    head_snapshot: bytes, tmp_path: Path
) -> None:
    into = tmp_path / "open"
    generated = changed(
        head_snapshot,
        tmp_path,
        "ALTER TABLE pupils ADD COLUMN big TEXT GENERATED ALWAYS AS (zeroblob(1000000000))",
    )
    refused(craft(tmp_path / "gen.zip", generated, fmt=V1), into, "计算列")
    trigger = changed(
        head_snapshot,
        tmp_path,
        "CREATE TABLE pwned(x); "
        "CREATE TRIGGER evil AFTER UPDATE ON pupils BEGIN INSERT INTO pwned VALUES (1); END",
    )
    refused(craft(tmp_path / "trig.zip", trigger, fmt=V1), into, "触发器")
    renamed = changed(  # the 操作日志's own name on another body
        head_snapshot,
        tmp_path,
        "DROP TRIGGER audit_log_no_update; CREATE TRIGGER audit_log_no_update "
        "BEFORE UPDATE ON pupils BEGIN SELECT 1; END",
    )
    refused(craft(tmp_path / "ren.zip", renamed, fmt=V1), into, "触发器")


def test_an_old_snapshots_triggers_never_run_in_its_upgrade(
    old_snapshot: bytes, tmp_path: Path
) -> None:
    evil = changed(
        old_snapshot,
        tmp_path,
        "CREATE TABLE pwned(x); CREATE TRIGGER evil AFTER UPDATE ON alembic_version "
        "BEGIN INSERT INTO pwned VALUES (1); END",
    )
    refused(craft(tmp_path / "evil.zip", evil, fmt=V1), tmp_path / "open", "触发器")


def test_an_old_snapshot_is_upgraded_in_the_private_copy_only(
    old_snapshot: bytes, tmp_path: Path
) -> None:
    from liushou_desk.db.schema import HEAD_REVISION, probe_revision
    from liushou_desk.ops.principal import class_roster

    path = craft(tmp_path / "old.zip", old_snapshot)
    before = path.read_bytes()
    opened = read_archive(path, PASSWORD, tmp_path / "open")
    assert probe_revision(opened.snapshot) == HEAD_REVISION  # the unpacked copy
    assert class_roster(opened, TODAY) == []
    assert path.read_bytes() == before  # the archive itself: never


def test_the_growth_card_never_upgrades(head_snapshot: bytes, tmp_path: Path) -> None:
    from liushou_desk.io.snapshot_check import open_checked

    opened = read_archive(craft(tmp_path / "ok.zip", head_snapshot), PASSWORD, tmp_path / "o")
    assert not cipher.is_plain(opened.snapshot)  # format 3: encrypted on disk
    archive = open_checked(opened.snapshot)
    archive.close()
    plain = changed(head_snapshot, tmp_path, "UPDATE alembic_version SET version_num = '0005'")
    stale = tmp_path / "stale.sqlite"
    stale.write_bytes(plain)
    with pytest.raises(ArchiveReadError, match="数据版本"):
        open_checked(stale)


# -- 4. the manifest's shape ---------------------------------------------------------------------
def _set(path: tuple[str, ...], value: object) -> Callable[[Manifest, dict[str, bytes]], None]:
    def edit(manifest: Manifest, parts: dict[str, bytes]) -> None:
        target = manifest
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return edit


SHAPES = {
    "parts a list": _set(("parts",), []),
    "parts a string": _set(("parts",), "all of them"),
    "a part a list": _set(("parts", REPORT), ["x"]),
    "sha256 a number": _set(("parts", REPORT, "sha256"), 12),
    "sha256 not hex": _set(("parts", REPORT, "sha256"), "z" * 64),
    "bytes a string": _set(("parts", REPORT, "bytes"), "15"),
    "bytes a bool": _set(("parts", REPORT, "bytes"), True),
    "bytes negative": _set(("parts", REPORT, "bytes"), -1),
    "school a number": _set(("school",), 5),
    "school a dict": _set(("school",), {"<b>": 1}),
    "class None": _set(("class",), None),
    "head_teacher a list": _set(("head_teacher",), ["李"]),
    "term a number": _set(("term",), 2026),
    "created a number": _set(("created",), 20261123),
    "pupils a string": _set(("pupils",), "45"),
    "pupils a bool": _set(("pupils",), True),
    "pages a float": _set(("pages",), 1.5),
    "details unknown": _set(("details",), "everything"),
    "snapshot_cipher a list": _set(("snapshot_cipher",), []),
    "salt a number": _set(("snapshot_cipher", "salt"), 7),
    "school 10k long": _set(("school",), "校" * 10_000),
    "a part named ..": lambda m, p: m["parts"].update({"..": m["parts"][REPORT]}),
    "a part missing": lambda m, p: m["parts"].pop(CARDS),
    "format a number": _set(("format",), 2),
}


@pytest.mark.parametrize("fmt", [V2, V3])
@pytest.mark.parametrize("name", list(SHAPES))
def test_a_manifest_of_the_wrong_shape_is_refused(
    name: str, fmt: str, head_snapshot: bytes, tmp_path: Path
) -> None:
    extra = {"..": b"x"} if name == "a part named .." else None
    path = craft(tmp_path / "shape.zip", head_snapshot, fmt=fmt, edit=SHAPES[name], extra=extra)
    refused(path, tmp_path / "open")
    with pytest.raises(ArchiveReadError):
        read_manifest(path, PASSWORD, check_parts=False)


def test_a_manifest_that_is_not_an_object_or_too_deep_is_refused(
    head_snapshot: bytes, tmp_path: Path
) -> None:
    good = craft(tmp_path / "good.zip", head_snapshot, fmt=V2)
    with pyzipper.AESZipFile(good) as zf:
        zf.setpassword(PASSWORD.encode())
        entries = {n: zf.read(n) for n in zf.namelist()}
    for i, manifest in enumerate((b"[1, 2]", b"[" * 100_000 + b"]" * 100_000, b"\xff\xfe")):
        path = _zip(tmp_path / f"m{i}.zip", {**entries, MANIFEST: manifest})
        refused(path, tmp_path / "open", "档案清单已损坏|不是本软件")


def _unpack_then_crash(
    monkeypatch: pytest.MonkeyPatch, head_snapshot: bytes, tmp_path: Path
) -> Path:
    from liushou_desk.ui import principal_window

    def crash(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug after unpacking")

    monkeypatch.setattr(principal_window, "ClassPanel", crash)
    monkeypatch.setattr(principal_window, "Prompts", ScriptedPrompts)  # never a modal box
    return craft(tmp_path / "ok.zip", head_snapshot, fmt=V2)


def test_the_window_wipes_what_it_unpacked_when_it_crashes(
    qtbot, head_snapshot: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from liushou_desk import paths
    from liushou_desk.ui.principal_window import run_principal

    path = _unpack_then_crash(monkeypatch, head_snapshot, tmp_path)
    with pytest.raises(RuntimeError):
        run_principal([path], PASSWORD)
    assert not paths.opened_archives_dir().exists()


def test_the_open_archive_command_wipes_its_copies_however_it_ends(
    head_snapshot: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from liushou_desk import paths
    from liushou_desk.cli import main
    from liushou_desk.ui import principal_window

    path = craft(tmp_path / "ok.zip", head_snapshot)
    secret = tmp_path / "pw.txt"
    secret.write_text(PASSWORD, encoding="utf-8")

    def unpack_then_crash(files: list[Path], password: str | None) -> int:
        read_archive(files[0], PASSWORD, paths.opened_archives_dir())
        raise RuntimeError("a bug in the window")

    monkeypatch.setattr(principal_window, "run_principal", unpack_then_crash)
    with pytest.raises(RuntimeError):
        main(["open-archive", str(path), "--password-file", str(secret)])
    assert not paths.opened_archives_dir().exists()


# -- 5. HTML in the manifest ----------------------------------------------------------------------
def test_html_in_the_manifest_is_shown_as_typed(
    qtbot, head_snapshot: bytes, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLabel

    from liushou_desk.ui.principal_window import PrincipalWindow

    school = "<h1 style='font-size:90px;color:red'>请立即转账</h1>"
    teacher = "<img src='file:///etc/passwd'>"
    path = craft(
        tmp_path / "html.zip",
        head_snapshot,
        fmt=V2,
        edit=lambda m, p: m.update(school=school, head_teacher=teacher, **{"class": "<b>五</b>&2"}),
    )
    window = PrincipalWindow(tmp_path / "opened", ScriptedPrompts())
    qtbot.addWidget(window)
    assert window.open_file(path, PASSWORD)
    labels = [w for w in window.findChildren(QLabel) if "<" in w.text()]  # the archive's
    shown = [w for w in labels if school in w.text()]
    assert shown and teacher in shown[0].text()
    for label in labels:
        assert label.textFormat() == Qt.TextFormat.PlainText, label.text()
    assert window.overview.item(0, 0).text() == school
    assert window.tabs.tabText(1) == "<b>五</b>&&2"  # the & shown, not a shortcut
    window.close()


# -- 6. a forged manifest -------------------------------------------------------------------------
TAMPERINGS = {
    "school": lambda m: m.update(school="别的学校"),
    "class": lambda m: m.update({"class": "六年级"}),
    "pupils": lambda m: m.update(pupils=46),
    "details": lambda m: m.update(details="full"),
    "created": lambda m: m.update(created="2027-01-01T00:00:00"),
    "salt": lambda m: m["snapshot_cipher"].update(salt=base64.b64encode(b"\2" * 16).decode()),
    "a field added": lambda m: m.update(audit_head={"entries": 1}),
    "the mac removed": lambda m: m.pop("mac"),
    "the mac of another": lambda m: m.update(mac="0" * 64),
}


@pytest.mark.parametrize("name", list(TAMPERINGS))
def test_a_changed_manifest_is_refused(name: str, head_snapshot: bytes, tmp_path: Path) -> None:
    path = craft(tmp_path / "forged.zip", head_snapshot, tamper=TAMPERINGS[name])
    refused(path, tmp_path / "open", "档案清单的校验码不对，档案可能被改动过")


def test_a_changed_part_with_its_hash_recomputed_is_refused(
    exported_template, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    _db, result = copy_exported(exported_template, tmp_path)
    with pyzipper.AESZipFile(result.path) as zf:
        zf.setpassword(PASSWORD.encode())
        entries = {n: zf.read(n) for n in zf.namelist()}
    manifest = json.loads(entries[MANIFEST])
    assert manifest["format"] == V4 and len(manifest["mac"]) == 64
    spec = manifest["snapshot_cipher"]
    salt = base64.b64decode(spec["salt"])
    assert manifest["mac"] == _mac(manifest, _argon2(PASSWORD, salt, spec))  # canonical, keyed
    entries[REPORT] = b"%PDF-1.4 a forged report"
    manifest["parts"][REPORT] = _hashes({REPORT: entries[REPORT]})[REPORT]
    entries[MANIFEST] = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
    forged = _zip(tmp_path / "forged.zip", entries)
    refused(forged, tmp_path / "open", "校验码不对")
    assert read_archive(result.path, PASSWORD, tmp_path / "real").warning is None


def test_an_older_format_opens_with_a_visible_warning(
    qtbot, head_snapshot: bytes, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    from liushou_desk.ui.principal_window import ClassPanel, PrincipalWindow

    window = PrincipalWindow(tmp_path / "opened", ScriptedPrompts())
    qtbot.addWidget(window)
    window.show()
    for fmt in (V2, V3):
        assert window.open_file(
            craft(tmp_path / f"{fmt[-1]}.zip", head_snapshot, fmt=fmt), PASSWORD
        )
    old, new = window.tabs.widget(1), window.tabs.widget(2)
    assert isinstance(old, ClassPanel) and isinstance(new, ClassPanel)
    assert "旧版本导出的档案，无法证明未被改动" in old.warning.text()
    for index, panel, visible in ((1, old, True), (2, new, False)):
        window.tabs.setCurrentIndex(index)
        assert panel.warning.isVisibleTo(window) is visible
    assert old.warning.textFormat() == Qt.TextFormat.PlainText
    window.close()


# -- 7. the export on a full disk ---------------------------------------------------------------
@pytest.fixture(scope="session")
def small_class(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from liushou_desk.demo import make_demo

    path = tmp_path_factory.mktemp("small") / "small.sqlite"
    make_demo(path, pupils=3, seed=3, today=TODAY)
    return path


def _failing_export(small_class: Path, tmp_path: Path) -> tuple[Path, Any]:
    from liushou_desk.db.schema import open_archive

    db = tmp_path / "class.sqlite"
    shutil.copyfile(small_class, db)
    stick = tmp_path / "U盘"
    stick.mkdir()
    return stick, open_archive(db)


def _full(*args: object, **kwargs: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


class _OsWith:
    """The ``os`` module as usb_archive sees it, one function failing (the workbook and the
    snapshot, written before, use the real one)."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __getattr__(self, attr: str) -> object:
        return _full if attr == self.name else getattr(os, attr)


@pytest.mark.parametrize("where", ["writestr", "fsync", "replace", "close"])
def test_a_full_disk_leaves_no_part_file_and_says_so(
    where: str, small_class: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stick, archive = _failing_export(small_class, tmp_path)
    from liushou_desk.io import usb_archive

    if where == "writestr":
        monkeypatch.setattr(pyzipper.AESZipFile, "writestr", _full)
    elif where == "close":  # the zip's directory, written at its end
        monkeypatch.setattr(pyzipper.AESZipFile, "_write_end_record", _full)
    else:
        monkeypatch.setattr(usb_archive, "os", _OsWith(where))
    try:
        with pytest.raises(ArchiveExportError) as info:
            export_archive(archive, stick, PASSWORD, TODAY)
    finally:
        monkeypatch.undo()
        archive.close()
    assert "磁盘已满" in str(info.value) and "档案未受影响" in str(info.value)
    assert str(stick) in str(info.value)  # the target named
    assert list(stick.iterdir()) == []


def test_anything_else_leaves_no_part_file_either(
    small_class: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stick, archive = _failing_export(small_class, tmp_path)

    def bug(*args: object, **kwargs: object) -> None:
        raise ValueError("a bug in the middle of writing")

    monkeypatch.setattr(pyzipper.AESZipFile, "writestr", bug)
    try:
        with pytest.raises(ValueError):
            export_archive(archive, stick, PASSWORD, TODAY)
    finally:
        monkeypatch.undo()
        archive.close()
    assert list(stick.iterdir()) == []


# -- 8. open-archive --verify ---------------------------------------------------------------------
def _verify(path: Path, tmp_path: Path, capsys) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    from liushou_desk.cli import main

    secret = tmp_path / "pw.txt"
    secret.write_text(PASSWORD + "\n", encoding="utf-8")
    code = main(["open-archive", str(path), "--verify", "--password-file", str(secret)])
    out = capsys.readouterr()
    return code, out.out + out.err


def test_verify_says_sound_or_why_not_and_leaves_nothing(
    exported_template, head_snapshot: bytes, tmp_path: Path, capsys, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    import tempfile

    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    _db, result = copy_exported(exported_template, tmp_path)
    code, said = _verify(result.path, tmp_path, capsys)
    assert code == 0 and "完好" in said, said
    forged = craft(tmp_path / "forged.zip", head_snapshot, tamper=TAMPERINGS["school"])
    code, said = _verify(forged, tmp_path, capsys)
    assert code == 1 and "校验码不对" in said
    view = craft(tmp_path / "view.zip", changed(head_snapshot, tmp_path, RECURSIVE_VIEW))
    code, said = _verify(view, tmp_path, capsys)
    assert code == 1 and "视图" in said
    old = craft(tmp_path / "old.zip", head_snapshot, fmt=V2)
    code, said = _verify(old, tmp_path, capsys)
    assert code == 1 and "旧版本导出的档案，无法证明未被改动" in said
    assert list(temp.iterdir()) == []  # every unpacked copy wiped


def test_a_snapshot_whose_log_is_not_the_one_exported_is_told(
    head_snapshot: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The export seals the 操作日志's head in the manifest: a snapshot whose newest log
    entries were cut (by someone with the password, every hash and the MAC recomputed) is
    shown with a visible warning, and --verify says it."""
    from liushou_desk.cli import main
    from liushou_desk.db.models import AUDIT_TRIGGERS
    from liushou_desk.services import audit

    plain = tmp_path / "plain.sqlite"
    plain.write_bytes(head_snapshot)
    head = audit.head_record(plain)
    assert int(head["count"]) >= 2  # type: ignore[call-overload]

    def with_head(manifest: Manifest, _parts: dict[str, bytes]) -> None:
        manifest["audit_head"] = head

    sound = craft(tmp_path / "sound.zip", head_snapshot, edit=with_head)
    opened = read_archive(sound, PASSWORD, tmp_path / "open1")
    assert opened.warning is None
    wipe_tree(opened.folder)

    cut = changed(
        head_snapshot,
        tmp_path,
        "DROP TRIGGER audit_log_no_delete;"
        "DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log);"
        + AUDIT_TRIGGERS[1]
        + ";",
    )
    forged = craft(tmp_path / "forged.zip", cut, edit=with_head)
    opened = read_archive(forged, PASSWORD, tmp_path / "open2")
    assert opened.warning is not None and "操作日志与导出时不符" in opened.warning
    wipe_tree(opened.folder)

    secret = tmp_path / "pw.txt"
    secret.write_text(PASSWORD, encoding="utf-8")
    assert main(["open-archive", str(forged), "--verify", "--password-file", str(secret)]) == 1
    assert "操作日志与导出时不符" in capsys.readouterr().err
