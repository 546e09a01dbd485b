"""存放位置: network shares and removable drives are recognised from sample /proc/mounts text,
fake sysfs folders and Windows drive types; the real check finds this test folder fine."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path, PureWindowsPath

import pytest

from liushou_desk.db import location
from liushou_desk.db.location import (
    DRIVE_FIXED,
    DRIVE_NO_ROOT_DIR,
    DRIVE_REMOTE,
    DRIVE_REMOVABLE,
    Mount,
    disk_of,
    is_network_fs,
    is_removable_disk,
    is_unc,
    linux_problem,
    mount_for,
    parse_mounts,
    storage_problem,
    unescape_mount_field,
    windows_drive_problem,
    windows_problem,
)

MOUNTS = r"""/dev/nvme0n1p2 / ext4 rw,relatime 0 0
proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0
tmpfs /run tmpfs rw,nosuid,nodev,size=1620948k,mode=755 0 0
/dev/nvme0n1p1 /boot/efi vfat rw,relatime,fmask=0077,dmask=0077 0 0
fileserver:/export/teachers /mnt/teachers nfs4 rw,relatime,vers=4.2,addr=10.0.0.5 0 0
//10.0.0.9/教务处 /mnt/school\040share cifs rw,relatime,vers=3.1.1,username=laoshi 0 0
/dev/sdb1 /media/laoshi/KINGSTON vfat rw,nosuid,nodev,relatime,uid=1000,shortname=mixed 0 0
/dev/sdc1 /media/laoshi/移动硬盘 exfat rw,nosuid,nodev,relatime,uid=1000 0 0
gvfsd-fuse /run/user/1000/gvfs fuse.gvfsd-fuse rw,nosuid,nodev,relatime,user_id=1000 0 0
laoshi@nas:/home /home/laoshi/nas fuse.sshfs rw,nosuid,nodev,relatime,user_id=1000 0 0
/dev/mmcblk0p1 /media/laoshi/SD vfat rw,nosuid,nodev,relatime 0 0
"""


@pytest.fixture
def sys_block(tmp_path: Path) -> Path:
    """A fake /sys/block: sdb a USB stick (removable 1), sdc a USB hard disk (removable 0 but on
    a USB bus), nvme0n1 the internal disk, mmcblk0 an SD card reader that says removable 1."""
    devices = tmp_path / "sys" / "devices" / "pci0000:00"
    block = tmp_path / "sys" / "block"
    block.mkdir(parents=True)
    disks = {
        "sdb": ("0000:00:14.0/usb2/2-1/2-1:1.0/host6/target6:0:0/6:0:0:0", "1"),
        "sdc": ("0000:00:14.0/usb3/3-2/3-2:1.0/host7/target7:0:0/7:0:0:0", "0"),
        "nvme0n1": ("0000:00:1d.0/0000:3d:00.0/nvme/nvme0", "0"),
        "mmcblk0": ("0000:00:1c.0/0000:02:00.0/mmc_host/mmc0/mmc0:aaaa", "1"),
    }
    for disk, (parent, removable) in disks.items():
        folder = devices / parent / "block" / disk
        folder.mkdir(parents=True)
        (folder / "removable").write_text(f"{removable}\n", encoding="ascii")
        (block / disk).symlink_to(folder, target_is_directory=True)
    return block


CJK = re.compile(r"[\u4e00-\u9fff]")


def says_network(message: str | None) -> bool:
    return message is not None and "网络共享" in message and "复制到这台电脑" in message


def says_removable(message: str | None) -> bool:
    return message is not None and "U盘" in message and "复制到这台电脑" in message


# --- /proc/mounts -------------------------------------------------------------------------------


def test_mount_fields_are_unescaped() -> None:
    assert unescape_mount_field(r"/mnt/school\040share") == "/mnt/school share"
    assert unescape_mount_field(r"/mnt/a\011b\134c\012d") == "/mnt/a\tb\\c\nd"
    assert unescape_mount_field("/media/laoshi/移动硬盘") == "/media/laoshi/移动硬盘"


def test_parse_mounts_keeps_order_and_decodes_spaces() -> None:
    mounts = parse_mounts(MOUNTS + "\n\ngarbage\n")
    assert mounts[0] == Mount("/dev/nvme0n1p2", "/", "ext4")
    assert Mount("//10.0.0.9/教务处", "/mnt/school share", "cifs") in mounts
    assert len(mounts) == 11


@pytest.mark.parametrize(
    ("path", "mount_point"),
    [
        ("/home/laoshi/archive.sqlite", "/"),
        ("/", "/"),
        ("/mnt/teachers/五年级/class.sqlite", "/mnt/teachers"),
        ("/mnt/teachers", "/mnt/teachers"),
        ("/mnt/teachers2/class.sqlite", "/"),  # a prefix of the text, not of the path
        ("/mnt/school share/班级档案/class.sqlite", "/mnt/school share"),
        ("/mnt/school/class.sqlite", "/"),
        ("/media/laoshi/KINGSTON/archive.sqlite", "/media/laoshi/KINGSTON"),
        ("/boot/efi/x", "/boot/efi"),
        ("/run/user/1000/gvfs/smb-share:server=nas,share=docs/a.sqlite", "/run/user/1000/gvfs"),
    ],
)
def test_mount_for_is_the_longest_containing_mount_point(path: str, mount_point: str) -> None:
    mount = mount_for(path, MOUNTS)
    assert mount is not None
    assert mount.mount_point == mount_point


def test_a_later_mount_on_the_same_point_covers_the_earlier() -> None:
    text = MOUNTS + "server:/x /media/laoshi/KINGSTON nfs rw 0 0\n"
    mount = mount_for("/media/laoshi/KINGSTON/a.sqlite", text)
    assert mount == Mount("server:/x", "/media/laoshi/KINGSTON", "nfs")


def test_no_mounts_no_answer() -> None:
    assert mount_for("/home/a.sqlite", "") is None
    assert linux_problem("/home/a.sqlite", "") is None


@pytest.mark.parametrize(
    "fstype",
    [
        "nfs",
        "nfs4",
        "cifs",
        "smb3",
        "smbfs",
        "9p",
        "afs",
        "ceph",
        "glusterfs",
        "sshfs",
        "fuse.sshfs",
        "davfs",
        "fuse.davfs2",
        "fuse.gvfsd-fuse",
        "fuse.rclone",
        "vboxsf",
        "NFS4",
    ],
)
def test_network_file_systems(fstype: str) -> None:
    assert is_network_fs(fstype)


@pytest.mark.parametrize(
    "fstype",
    ["ext4", "xfs", "btrfs", "vfat", "exfat", "ntfs3", "fuseblk", "fuse.portal", "tmpfs", "f2fs"],
)
def test_local_file_systems(fstype: str) -> None:
    assert not is_network_fs(fstype)


@pytest.mark.parametrize(
    ("device", "disk"),
    [
        ("/dev/sdb1", "sdb"),
        ("/dev/sdb", "sdb"),
        ("/dev/sdaa12", "sdaa"),
        ("/dev/vda3", "vda"),
        ("/dev/xvdb1", "xvdb"),
        ("/dev/mmcblk0p1", "mmcblk0"),
        ("/dev/mmcblk0", "mmcblk0"),
        ("/dev/nvme0n1p1", "nvme0n1"),
        ("/dev/nvme0n1", "nvme0n1"),
        ("/dev/loop0p1", "loop0"),
        ("/dev/md0", "md0"),
        ("/dev/dm-0", "dm-0"),
        ("/dev/root", None),
        ("tmpfs", None),
        ("fileserver:/export/teachers", None),
        ("//10.0.0.9/share", None),
    ],
)
def test_disk_of(device: str, disk: str | None) -> None:
    assert disk_of(device) == disk


def test_removable_disks_from_sysfs(sys_block: Path) -> None:
    assert is_removable_disk("sdb", sys_block)  # removable 1
    assert is_removable_disk("sdc", sys_block)  # removable 0, but on a USB bus
    assert is_removable_disk("mmcblk0", sys_block)
    assert not is_removable_disk("nvme0n1", sys_block)
    assert not is_removable_disk("sdz", sys_block)  # no such disk


def test_an_encrypted_volume_is_judged_by_the_disk_beneath(sys_block: Path, tmp_path: Path) -> None:
    dm = tmp_path / "sys" / "devices" / "virtual" / "block" / "dm-0"
    (dm / "slaves").mkdir(parents=True)
    (dm / "removable").write_text("0\n", encoding="ascii")
    (dm / "slaves" / "sdb1").mkdir()
    (sys_block / "dm-0").symlink_to(dm, target_is_directory=True)
    assert is_removable_disk("dm-0", sys_block)


@pytest.mark.parametrize(
    ("path", "problem"),
    [
        ("/home/laoshi/archive.sqlite", None),
        ("/boot/efi/archive.sqlite", None),
        ("/mnt/teachers/class.sqlite", "network"),
        ("/mnt/school share/班级档案/class.sqlite", "network"),
        ("/run/user/1000/gvfs/smb-share:server=nas,share=docs/a.sqlite", "network"),
        ("/home/laoshi/nas/class.sqlite", "network"),
        ("/media/laoshi/KINGSTON/archive.sqlite", "removable"),
        ("/media/laoshi/移动硬盘/archive.sqlite", "removable"),
        ("/media/laoshi/SD/archive.sqlite", "removable"),
    ],
)
def test_linux_problem(path: str, problem: str | None, sys_block: Path) -> None:
    message = linux_problem(path, MOUNTS, sys_block)
    if problem is None:
        assert message is None
    elif problem == "network":
        assert says_network(message), message
    else:
        assert says_removable(message), message


def test_the_message_names_the_place(sys_block: Path) -> None:
    message = linux_problem("/mnt/school share/class.sqlite", MOUNTS, sys_block)
    assert message is not None and "/mnt/school share" in message
    message = linux_problem("/media/laoshi/KINGSTON/a.sqlite", MOUNTS, sys_block)
    assert message is not None and "KINGSTON" in message


# --- Windows ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("drive_type", "problem"),
    [
        (DRIVE_REMOTE, "network"),
        (DRIVE_REMOVABLE, "removable"),
        (DRIVE_FIXED, None),
        (DRIVE_NO_ROOT_DIR, None),
        (0, None),
        (5, None),  # CD-ROM
        (6, None),  # RAM disk
    ],
)
def test_windows_drive_problem(drive_type: int, problem: str | None) -> None:
    message = windows_drive_problem(drive_type, "Z:")
    if problem is None:
        assert message is None
    elif problem == "network":
        assert says_network(message) and "Z:" in message, message
    else:
        assert says_removable(message) and "Z:" in message, message


@pytest.mark.parametrize(
    ("path", "unc"),
    [
        (r"\\fileserver\教务处\五年级\class.sqlite", True),
        (r"\\10.0.0.9\share\class.sqlite", True),
        ("//fileserver/share/class.sqlite", True),
        (r"\\?\UNC\fileserver\share\class.sqlite", True),
        (r"\\?\C:\Users\laoshi\class.sqlite", False),
        (r"\\.\C:\Users\laoshi\class.sqlite", False),
        (r"C:\Users\laoshi\AppData\Local\liushou-desk\archive.sqlite", False),
        (r"Z:\班级档案\class.sqlite", False),
        (r"D:class.sqlite", False),
    ],
)
def test_unc_paths(path: str, unc: bool) -> None:
    assert is_unc(path) is unc
    assert is_unc(PureWindowsPath(path)) is unc


DRIVES = {"C:": DRIVE_FIXED, "D:": DRIVE_FIXED, "E:": DRIVE_REMOVABLE, "Z:": DRIVE_REMOTE}


@pytest.mark.parametrize(
    ("path", "problem"),
    [
        (r"C:\Users\laoshi\class.sqlite", None),
        (r"d:\档案\class.sqlite", None),
        (r"E:\class.sqlite", "removable"),
        (r"Z:\班级档案\class.sqlite", "network"),  # a mapped network drive
        (r"z:\class.sqlite", "network"),
        (r"\\?\Z:\class.sqlite", "network"),
        (r"\\fileserver\share\class.sqlite", "network"),
        (r"\\?\UNC\fileserver\share\class.sqlite", "network"),
    ],
)
def test_windows_problem(path: str, problem: str | None) -> None:
    asked: list[str] = []

    def drive_type_of(drive: str) -> int:
        asked.append(drive)
        return DRIVES[drive]

    message = windows_problem(PureWindowsPath(path), drive_type_of)
    if problem is None:
        assert message is None
    elif problem == "network":
        assert says_network(message), message
    else:
        assert says_removable(message), message
    if is_unc(path):
        assert asked == []  # a share needs no drive lookup
        assert message is not None and r"\\fileserver\share" in message


# --- the real system ----------------------------------------------------------------------------


def test_this_test_folder_is_fine(tmp_path: Path) -> None:
    assert storage_problem(tmp_path / "class.sqlite") is None
    assert storage_problem(tmp_path) is None


def test_the_real_check_never_raises(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(location, "MOUNTS", tmp_path / "no-such-file")
    assert storage_problem(tmp_path / "class.sqlite") is None
    monkeypatch.setattr(location, "linux_problem", lambda *_: 1 / 0)
    assert storage_problem(tmp_path / "class.sqlite") is None


def test_macos_has_no_problem(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sys, "platform", "darwin")
    assert storage_problem(Path("/Volumes/KINGSTON/class.sqlite")) is None


def test_off_windows_the_drive_lookup_is_an_os_error() -> None:
    if sys.platform == "win32":
        pytest.skip("Windows has the lookup")
    with pytest.raises(OSError):
        location._windows_drive_type("C:")


def test_the_module_loads_nothing_heavy() -> None:
    code = (
        "import sys, liushou_desk.db.location; "
        "print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))"
    )
    src = str(Path(__file__).resolve().parents[1] / "src")
    env = {**os.environ, "PYTHONPATH": src}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    loaded = set(result.stdout.split())
    assert "liushou_desk" in loaded
    for heavy in ("PySide6", "shiboken6", "sqlalchemy", "alembic", "sqlite3", "ctypes"):
        assert heavy not in loaded
