"""数据副本加密: the snapshot in the principal's archive is encrypted on its own, with a key
derived from the archive's password — unreadable without it, opened by the principal's window
with it, and archives from before (a plain snapshot) still open."""

from __future__ import annotations

import base64
import hashlib
import json
import sqlite3
from pathlib import Path

import pytest
import pyzipper

from liushou_desk.db import cipher
from liushou_desk.db.cipher import SQLITE_MAGIC, DataKey
from liushou_desk.db.errors import ArchiveEncryptedError
from liushou_desk.db.schema import open_archive
from liushou_desk.io import usb_archive
from liushou_desk.io.archive_manifest import FORM1, FORM3
from liushou_desk.io.usb_archive import (
    MANIFEST,
    SNAPSHOT,
    ArchiveReadError,
    export_archive,
    read_archive,
    snapshot_key,
)
from liushou_desk.services.roster import count_pupils

from .conftest import EXPORT_PASSWORD, TODAY, copy_exported

PASSWORD = EXPORT_PASSWORD


def _names(db: Path) -> list[str]:
    con = sqlite3.connect(db)
    try:
        return [r[0] for r in con.execute("SELECT name FROM pupils ORDER BY id")]
    finally:
        con.close()


def _zip_parts(path: Path, password: str = PASSWORD) -> dict[str, bytes]:
    with pyzipper.AESZipFile(path) as zf:
        zf.setpassword(password.encode())
        return {name: zf.read(name) for name in zf.namelist()}


def _write_zip(path: Path, parts: dict[str, bytes], manifest: dict) -> Path:  # type: ignore[type-arg]
    """An archive written the way ``export_archive`` writes one, with the given manifest."""
    manifest = dict(manifest)
    manifest["parts"] = {
        n: {"sha256": hashlib.sha256(d).hexdigest(), "bytes": len(d)} for n, d in parts.items()
    }
    with pyzipper.AESZipFile(
        path, "w", compression=pyzipper.ZIP_DEFLATED, encryption=pyzipper.WZ_AES
    ) as zf:
        zf.setpassword(PASSWORD.encode())
        zf.setencryption(pyzipper.WZ_AES, nbits=256)
        for name, data in parts.items():
            zf.writestr(name, data)
        zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False))
    return path


def _roster_names(snapshot: Path) -> list[str]:
    from liushou_desk.db.first_paint import read_roster_facts

    return sorted(f.name for f in read_roster_facts(snapshot))


@pytest.fixture
def exported(exported_template, tmp_path: Path):  # type: ignore[no-untyped-def]
    db, result = copy_exported(exported_template, tmp_path)
    return _names(db), result


def test_the_snapshot_in_the_zip_is_encrypted_and_names_no_child(exported) -> None:  # type: ignore[no-untyped-def]
    names, result = exported
    parts = _zip_parts(result.path)
    snapshot = parts[SNAPSHOT]
    assert not snapshot.startswith(SQLITE_MAGIC)
    assert len(snapshot) % 1024 == 0 and len(snapshot) > 4096  # whole SQLCipher pages
    assert len(names) == 45
    for name in names:
        assert name.encode("utf-8") not in snapshot, name
    manifest = json.loads(parts[MANIFEST])
    spec = manifest["snapshot_cipher"]
    assert spec["name"] == "sqlcipher4-raw-key" and spec["kdf"] == "argon2id"
    assert (spec["time_cost"], spec["memory_kib"], spec["parallelism"]) == (3, 65536, 1)
    assert len(base64.b64decode(spec["salt"])) == 16
    # the manifest's hash is of the encrypted bytes, and the export said so too
    assert manifest["parts"][SNAPSHOT]["sha256"] == hashlib.sha256(snapshot).hexdigest()
    assert result.parts[SNAPSHOT] == manifest["parts"][SNAPSHOT]["sha256"]


def test_every_export_has_its_own_salt(demo_db: Path, tmp_path: Path) -> None:
    archive = open_archive(demo_db)
    salts = []
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        result = export_archive(archive, tmp_path / folder, PASSWORD, TODAY)
        salts.append(json.loads(_zip_parts(result.path)[MANIFEST])["snapshot_cipher"]["salt"])
    archive.close()
    assert salts[0] != salts[1]


def test_the_principal_opens_the_snapshot_with_the_archive_password(
    exported, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    names, result = exported
    cipher.forget_all()  # the principal's PC holds no key of the teacher's
    opened = read_archive(result.path, PASSWORD, tmp_path / "open")
    assert cipher.is_encrypted(opened.snapshot)  # on disk, unpacked, still encrypted
    assert opened.manifest["audit_head"]["count"] > 0
    assert opened.warning is None  # the copy's 操作日志 ends where the teacher's did
    snapshot = open_archive(opened.snapshot, create=False)
    try:
        assert count_pupils(snapshot) == 45
    finally:
        snapshot.close()
    assert _roster_names(opened.snapshot) == sorted(names)  # the window's first paint


def test_without_the_right_key_the_snapshot_does_not_open(exported, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _names, result = exported
    opened = read_archive(result.path, PASSWORD, tmp_path / "open")
    cipher.forget_all()
    with pytest.raises(ArchiveEncryptedError):
        open_archive(opened.snapshot, create=False)
    with pytest.raises(ArchiveEncryptedError):
        _roster_names(opened.snapshot)
    wrong = snapshot_key(opened.manifest, "WRONG-PASS-WORD")
    assert wrong is not None and not cipher.opens_with(opened.snapshot, wrong)
    con = cipher.connect_readonly(opened.snapshot, key=wrong)
    try:
        with pytest.raises(cipher.DatabaseError):
            con.execute("SELECT count(*) FROM pupils").fetchone()
    finally:
        con.close()
    plain = sqlite3.connect(f"{opened.snapshot.as_uri()}?mode=ro", uri=True)
    try:
        with pytest.raises(sqlite3.DatabaseError):
            plain.execute("SELECT count(*) FROM pupils").fetchone()  # no SQLite tool reads it
    finally:
        plain.close()
    right = snapshot_key(opened.manifest, PASSWORD)
    assert right is not None and cipher.opens_with(opened.snapshot, right)


def test_an_archive_from_before_with_a_plain_snapshot_still_opens(
    exported, demo_db: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from liushou_desk.db.backup import snapshot_verified
    from liushou_desk.io.redacted_snapshot import redact_snapshot

    names, result = exported
    parts = _zip_parts(result.path)
    manifest = json.loads(parts.pop(MANIFEST))
    del manifest["snapshot_cipher"], manifest["mac"]
    assert manifest["format"] == "liushou-desk-archive/4"
    manifest["format"] = "liushou-desk-archive/1"  # as the earlier version wrote it
    for form in (FORM1, FORM3):  # the national forms came with format 4
        del parts[form], manifest["parts"][form]
    plain = snapshot_verified(demo_db, tmp_path / "plain.sqlite")  # as the earlier version
    redact_snapshot(plain)
    parts[SNAPSHOT] = plain.read_bytes()
    assert parts[SNAPSHOT].startswith(SQLITE_MAGIC)
    old = _write_zip(tmp_path / "old.zip", parts, manifest)
    cipher.forget_all()
    opened = read_archive(old, PASSWORD, tmp_path / "open")
    assert cipher.is_plain(opened.snapshot)
    assert _roster_names(opened.snapshot) == sorted(names)
    snapshot = open_archive(opened.snapshot, create=False)
    try:
        assert count_pupils(snapshot) == 45
    finally:
        snapshot.close()


def test_a_snapshot_cipher_from_a_newer_version_is_refused(exported, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _names, result = exported
    parts = _zip_parts(result.path)
    manifest = json.loads(parts.pop(MANIFEST))
    manifest["snapshot_cipher"]["name"] = "sqlcipher9-future"
    newer = _write_zip(tmp_path / "newer.zip", parts, manifest)
    into = tmp_path / "open"
    with pytest.raises(ArchiveReadError, match="更新版本的软件导出"):
        read_archive(newer, PASSWORD, into)
    assert not into.exists() or not any(into.rglob("*"))  # nothing unpacked


def test_a_damaged_snapshot_cipher_entry_is_named() -> None:
    entry = {
        "name": "sqlcipher4-raw-key",
        "kdf": "argon2id",
        "salt": base64.b64encode(b"\1" * 16).decode(),
        "time_cost": 3,
        "memory_kib": 65536,
        "parallelism": 1,
    }
    assert isinstance(snapshot_key({"snapshot_cipher": entry}, PASSWORD), DataKey)
    assert snapshot_key({}, PASSWORD) is None
    for broken in ({"salt": "不是base64"}, {"time_cost": "three"}, {"time_cost": 0}):
        with pytest.raises(ArchiveReadError, match="档案清单已损坏"):
            snapshot_key({"snapshot_cipher": {**entry, **broken}}, PASSWORD)
    with pytest.raises(ArchiveReadError, match="更新版本"):
        snapshot_key({"snapshot_cipher": {**entry, "kdf": "scrypt"}}, PASSWORD)


def test_a_snapshot_that_does_not_decrypt_is_refused_and_nothing_stays(
    exported, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    _names, result = exported
    parts = _zip_parts(result.path)
    manifest = json.loads(parts.pop(MANIFEST))
    manifest["snapshot_cipher"]["salt"] = base64.b64encode(b"\0" * 16).decode()  # another key
    changed = _write_zip(tmp_path / "changed.zip", parts, manifest)
    into = tmp_path / "open"
    with pytest.raises(ArchiveReadError, match="校验码不对"):  # format 4: its MAC says so first
        read_archive(changed, PASSWORD, into)
    assert not into.exists() or not any(into.rglob("*.*"))
    manifest["format"] = "liushou-desk-archive/2"  # no MAC: the snapshot itself does not open
    del manifest["mac"]
    for form in (FORM1, FORM3):  # the national forms came with format 4
        del parts[form], manifest["parts"][form]
    older = _write_zip(tmp_path / "older.zip", parts, manifest)
    with pytest.raises(ArchiveReadError, match="数据副本无法解密"):
        read_archive(older, PASSWORD, into)
    assert not any(into.rglob("*.*"))  # the unpacked parts were wiped


def test_a_teachers_encrypted_archive_gives_a_snapshot_under_the_archive_password(
    demo_db: Path, tmp_path: Path
) -> None:
    from liushou_desk.db.encrypt import encrypt_in_place

    names = _names(demo_db)
    teacher = DataKey(bytes(range(32)))
    encrypt_in_place(demo_db, teacher)  # holds the teacher's key, as an unlocked app does
    archive = open_archive(demo_db)
    stick = tmp_path / "U盘"
    stick.mkdir()
    result = export_archive(archive, stick, PASSWORD, TODAY)
    archive.close()
    snapshot = tmp_path / "in-zip.sqlite"
    snapshot.write_bytes(_zip_parts(result.path)[SNAPSHOT])
    assert not cipher.opens_with(snapshot, teacher)  # not the teacher's key
    cipher.forget_all()  # the principal's PC
    opened = read_archive(result.path, PASSWORD, tmp_path / "open")
    assert _roster_names(opened.snapshot) == sorted(names)


def test_the_exports_plain_working_copies_are_wiped(
    demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    wiped: list[str] = []
    real = usb_archive.wipe_file

    def recording(path: Path) -> None:
        wiped.append(path.name)
        real(path)

    monkeypatch.setattr(usb_archive, "wipe_file", recording)
    archive = open_archive(demo_db)
    export_archive(archive, tmp_path, PASSWORD, TODAY)
    archive.close()
    assert {"archive.xlsx", "snapshot.sqlite", "snapshot.encrypted.sqlite"} <= set(wiped)
