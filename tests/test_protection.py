"""Encryption at rest: the key file, the recovery key, unlocking, changing the password and
encrypting an existing archive — on real SQLCipher files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from liushou_desk.db import cipher, keyfile
from liushou_desk.db.errors import ArchiveEncryptedError
from liushou_desk.db.keyfile import KdfParams
from liushou_desk.db.models import CareRecord, Pupil
from liushou_desk.db.schema import SQLITE_MAGIC, open_archive, probe_revision
from liushou_desk.services import protection
from liushou_desk.services.backups import backup_folder, list_backups, take_backup

FAST = KdfParams(time_cost=1, memory_kib=1024)  # tests only: a real key file is ~0.6 s
PASSWORD = "班主任的密码2026"


def _counts(db: Path) -> tuple[int, int]:
    archive = open_archive(db, create=False)
    try:
        with archive.transaction() as s:
            return (
                s.scalar(select(func.count()).select_from(Pupil)) or 0,
                s.scalar(select(func.count()).select_from(CareRecord)) or 0,
            )
    finally:
        archive.close()


def _encrypted_demo(demo_db: Path) -> tuple[Path, str, tuple[int, int]]:
    before = _counts(demo_db)
    recovery = protection.encrypt_existing(demo_db, PASSWORD, PASSWORD, params=FAST)
    return demo_db, recovery, before


# --- the recovery key ---------------------------------------------------------------------------


def test_recovery_key_reads_back_however_it_is_typed() -> None:
    key = keyfile.new_recovery_key()
    groups = key.split("-")
    assert len(groups) == 8 and all(len(g) == 4 for g in groups)
    body = keyfile.parse_recovery_key(key)
    assert keyfile.parse_recovery_key(" ".join(groups).lower()) == body
    typed_o = key.replace("0", "O")  # a zero read as the letter O still works
    assert keyfile.parse_recovery_key(typed_o) == body
    assert keyfile.data_key_from_recovery(key) == keyfile.data_key_from_recovery(key.lower())


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("ABCD-EFGH", "共 32 个"),
        ("ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-2345-678!", "不该出现的字符"),
    ],
)
def test_a_malformed_recovery_key_is_named(typed: str, says: str) -> None:
    with pytest.raises(keyfile.RecoveryKeyError, match=says):
        keyfile.parse_recovery_key(typed)


def test_a_mistyped_character_fails_the_check_group() -> None:
    key = keyfile.new_recovery_key()
    swapped = ("Z" if key[0] != "Z" else "Y") + key[1:]
    with pytest.raises(keyfile.RecoveryKeyError, match="校验不通过"):
        keyfile.parse_recovery_key(swapped)


# --- a new archive ------------------------------------------------------------------------------


def test_a_new_archive_is_created_encrypted(tmp_path: Path) -> None:
    db = tmp_path / "班级档案.sqlite"
    recovery = protection.new_protected(db, PASSWORD, PASSWORD, params=FAST)
    archive = open_archive(db)
    archive.close()
    assert db.read_bytes()[:16] != SQLITE_MAGIC
    assert protection.is_protected(db)
    saved = json.loads(keyfile.keyfile_path(db).read_text(encoding="utf-8"))
    assert PASSWORD not in json.dumps(saved, ensure_ascii=False)
    assert saved["kdf"]["name"] == "argon2id"
    cipher.forget_all()
    with pytest.raises(ArchiveEncryptedError):
        probe_revision(db)
    protection.unlock(db, PASSWORD)
    assert probe_revision(db) is not None
    assert protection.recovery_key(db) == recovery


def test_a_password_too_short_or_mismatched_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite"
    with pytest.raises(protection.PasswordError, match="至少"):
        protection.new_protected(db, "12345", "12345", params=FAST)
    with pytest.raises(protection.PasswordError, match="不一样"):
        protection.new_protected(db, "春天的小树2026", "春天的小树2027", params=FAST)
    assert not keyfile.keyfile_path(db).exists()


# --- an existing archive ------------------------------------------------------------------------


def test_encrypting_an_existing_archive_keeps_every_record(demo_db: Path) -> None:
    take_backup(demo_db, tag="manual")
    db, _recovery, before = _encrypted_demo(demo_db)
    backups = list_backups(db)
    assert backups
    for b in backups:  # the old plain backups were encrypted too
        assert b.path.read_bytes()[:16] != SQLITE_MAGIC
    assert not list(db.parent.glob("*.plain-old")) and not list(db.parent.glob("*.encrypting"))
    cipher.forget_all()
    protection.unlock(db, PASSWORD)
    assert _counts(db) == before


def test_a_wrong_password_never_opens_the_data(demo_db: Path) -> None:
    db, _recovery, _before = _encrypted_demo(demo_db)
    cipher.forget_all()
    with pytest.raises(protection.WrongPasswordError):
        protection.unlock(db, "not-the-password")
    with pytest.raises(ArchiveEncryptedError):
        open_archive(db, create=False)
    wrong = cipher.DataKey(b"\x01" * 32)
    assert not cipher.opens_with(db, wrong)


def test_the_recovery_key_opens_it_and_sets_a_new_password(demo_db: Path) -> None:
    db, recovery, before = _encrypted_demo(demo_db)
    keyfile.keyfile_path(db).unlink()  # the key file is lost, too
    cipher.forget_all()
    with pytest.raises(keyfile.KeyFileError, match="找不到密钥文件"):
        protection.unlock(db, PASSWORD)
    protection.unlock_with_recovery(
        db, recovery.lower(), "新的密码abc2027", "新的密码abc2027", params=FAST
    )
    assert _counts(db) == before
    cipher.forget_all()
    protection.unlock(db, "新的密码abc2027")
    assert protection.recovery_key(db) == recovery  # the sheet can be printed again


def test_another_archives_recovery_key_is_refused(demo_db: Path, tmp_path: Path) -> None:
    db, _recovery, _before = _encrypted_demo(demo_db)
    cipher.forget_all()
    other = keyfile.new_recovery_key()
    with pytest.raises(keyfile.RecoveryKeyError, match="不属于这份档案"):
        protection.unlock_with_recovery(db, other, "新的密码abc2027", params=FAST)


def test_changing_the_password_keeps_every_record(demo_db: Path) -> None:
    db, _recovery, before = _encrypted_demo(demo_db)
    data_before = db.read_bytes()
    with pytest.raises(protection.WrongPasswordError):
        protection.change_password(db, "wrong-old", "另一个新密码2027", params=FAST)
    protection.change_password(db, PASSWORD, "另一个新密码2027", "另一个新密码2027", params=FAST)
    assert db.read_bytes() == data_before  # only the key file changed: no re-encryption
    cipher.forget_all()
    with pytest.raises(protection.WrongPasswordError):
        protection.unlock(db, PASSWORD)
    protection.unlock(db, "另一个新密码2027")
    assert _counts(db) == before


def test_a_key_file_from_another_archive_is_named(demo_db: Path, tmp_path: Path) -> None:
    db, _recovery, _before = _encrypted_demo(demo_db)
    other = tmp_path / "other.sqlite"
    protection.new_protected(other, PASSWORD, params=FAST)
    shutil.copyfile(keyfile.keyfile_path(other), keyfile.keyfile_path(db))
    cipher.forget_all()
    with pytest.raises(keyfile.KeyFileError, match="不属于这份档案"):
        protection.unlock(db, PASSWORD)


def test_a_damaged_key_file_says_so(demo_db: Path) -> None:
    db, _recovery, _before = _encrypted_demo(demo_db)
    keyfile.keyfile_path(db).write_text("{not json", encoding="utf-8")
    with pytest.raises(keyfile.KeyFileError, match="恢复密钥"):
        protection.unlock(db, PASSWORD)


def test_backups_of_an_encrypted_archive_are_encrypted(demo_db: Path) -> None:
    db, _recovery, before = _encrypted_demo(demo_db)
    info = take_backup(db, tag="manual")
    assert info.path.read_bytes()[:16] != SQLITE_MAGIC
    assert info.path.parent == backup_folder(db)
    cipher.forget_all()
    with pytest.raises(ArchiveEncryptedError):
        probe_revision(info.path)
    protection.unlock(db, PASSWORD)
    assert _counts(info.path) == before  # a held key opens copies of its archive


def test_an_encryption_cut_off_leaves_the_plain_archive(
    demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from liushou_desk.db import encrypt

    before = _counts(demo_db)
    original = demo_db.read_bytes()

    def broken(*_args: object, **_kw: object) -> None:
        raise encrypt.EncryptError("校验未通过")

    monkeypatch.setattr(encrypt, "export_copy", broken)
    with pytest.raises(encrypt.EncryptError):
        protection.encrypt_existing(demo_db, PASSWORD, params=FAST)
    assert demo_db.read_bytes() == original
    assert _counts(demo_db) == before


def test_unlock_delay_grows_after_wrong_passwords() -> None:
    delays = [protection.unlock_delay(n) for n in range(1, 10)]
    assert delays[:2] == [0, 0]
    assert delays[2] == 5 and delays[3] == 10
    assert delays == sorted(delays) and max(delays) == 300


def test_failed_unlocks_are_written_to_the_audit_log(demo_db: Path) -> None:
    from liushou_desk.services import audit

    db, _recovery, _before = _encrypted_demo(demo_db)
    failures = protection.FailedUnlocks()
    failures.add()
    failures.add(recovery=True)
    protection.unlock(db, PASSWORD)
    archive = open_archive(db, create=False)
    try:
        failures.write_to(archive)
        logged = [e for e in audit.entries(archive) if e.action == audit.Action.UNLOCK_FAILED]
        assert len(logged) == 2
        assert any("密码错误" in e.detail for e in logged)
        assert any("恢复密钥错误" in e.detail for e in logged)
        assert audit.verify(archive).ok
    finally:
        archive.close()
    assert failures.count == 0


def test_unlocking_takes_about_half_a_second_with_real_parameters() -> None:
    params = keyfile.calibrate()
    assert params.time_cost >= 3 and params.memory_kib >= 64 * 1024


def test_every_encrypted_backup_opens_on_its_own_with_the_password(
    demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    take_backup(demo_db, tag="manual")  # plain, made before the archive was encrypted
    db, _recovery, before = _encrypted_demo(demo_db)
    stick = demo_db.parent / "stick"
    stick.mkdir()
    copy = take_backup(db, tag="stick", out=stick).path
    for backup in [*(b.path for b in list_backups(db)), copy]:
        assert keyfile.keyfile_path(backup).is_file(), backup
    other = take_backup(db, tag="manual", out=stick).path  # a copy the app does not track
    from liushou_desk import paths

    monkeypatch.setattr(paths, "stick_copies_dir", lambda: stick)
    protection.change_password(db, PASSWORD, "换了新密码2099", params=FAST)
    cipher.forget_all()
    for backup in [*(b.path for b in list_backups(db)), copy]:  # the new password reaches them
        protection.unlock(backup, "换了新密码2099")
        assert _counts(backup) == before
        cipher.forget_all()
    protection.unlock(other, PASSWORD)  # a copy made elsewhere keeps the password it was made with
    assert _counts(other) == before


def test_restoring_a_backup_of_an_encrypted_archive(demo_db: Path) -> None:
    from liushou_desk.services.backups import restore_backup

    from .ui_helpers import add_known_pupil

    db, _recovery, before = _encrypted_demo(demo_db)
    backup = take_backup(db, tag="manual").path
    archive = open_archive(db, create=False)
    add_known_pupil(archive, "后来的")
    archive.close()
    cipher.forget_all()
    protection.unlock(db, PASSWORD)
    result = restore_backup(backup, db)
    assert result.safety_copy is not None
    assert db.read_bytes()[:16] != SQLITE_MAGIC
    assert _counts(db) == before
    assert _counts(result.safety_copy)[0] == before[0] + 1


def test_an_encryption_cut_off_by_a_power_cut_is_tidied(demo_db: Path) -> None:
    from liushou_desk.db.encrypt import finish_interrupted

    plain = demo_db.read_bytes()
    old = demo_db.with_name(demo_db.name + ".plain-old")
    # cut off between the two renames: the plain archive goes back
    demo_db.rename(old)
    finish_interrupted(demo_db)
    assert demo_db.read_bytes() == plain and not old.exists()
    # cut off before the plain original was wiped: it is wiped now
    db, _recovery, before = _encrypted_demo(demo_db)
    old.write_bytes(plain)
    half = demo_db.with_name(demo_db.name + ".encrypting")
    half.write_bytes(b"half")
    finish_interrupted(db)
    assert not old.exists() and not half.exists()
    assert _counts(db) == before
