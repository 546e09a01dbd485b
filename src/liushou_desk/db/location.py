"""存放位置: is the archive on a network share or a removable drive, where SQLite must not live?

SQLite's locking and write-ahead log need a local disk: on a network share (网络共享) two
computers can write at once, and a dropped connection or a pulled USB stick (U盘) in the middle
of a write can leave a damaged file. ``storage_problem`` says, in Chinese, when the archive is
in such a place, so the window can offer to copy it to this computer.

The decisions are small pure functions of text and numbers (the ``/proc/self/mounts`` text, a
Windows drive type, a sysfs folder), so tests feed them samples; only ``storage_problem`` looks
at the real system, and it never raises. Standard library only: this runs before the window.
"""

from __future__ import annotations

import logging
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path, PurePath, PurePosixPath, PureWindowsPath
from typing import NamedTuple

log = logging.getLogger(__name__)

# GetDriveTypeW results (winbase.h).
DRIVE_UNKNOWN = 0
DRIVE_NO_ROOT_DIR = 1
DRIVE_REMOVABLE = 2
DRIVE_FIXED = 3
DRIVE_REMOTE = 4

MOUNTS = Path("/proc/self/mounts")
SYS_BLOCK = Path("/sys/block")

# File systems whose files live on another computer (or the host of a virtual machine).
NETWORK_FS = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb3",
        "smbfs",
        "ncpfs",
        "9p",
        "afs",
        "coda",
        "ceph",
        "glusterfs",
        "lustre",
        "beegfs",
        "sshfs",
        "davfs",
        "vboxsf",  # VirtualBox shared folder
        "vmhgfs",  # VMware shared folder (old driver)
    }
)
# FUSE file systems (``fuse.NAME``) that reach over the network; gvfsd-fuse is where GNOME and
# Deepin/UOS file managers put the SMB, SFTP and WebDAV shares a user opened.
FUSE_NETWORK = frozenset(
    {
        "sshfs",
        "davfs2",
        "glusterfs",
        "ceph-fuse",
        "cephfs",
        "s3fs",
        "rclone",
        "gcsfuse",
        "goofys",
        "blobfuse",
        "blobfuse2",
        "juicefs",
        "curlftpfs",
        "smbnetfs",
        "gvfsd-fuse",
        "vmhgfs-fuse",
    }
)

NETWORK_MESSAGE = (
    "档案文件在网络共享文件夹上（{place}）。通过网络直接使用档案数据库，网络中断或别的电脑"
    "同时打开时可能损坏数据。本软件可以把档案复制到这台电脑上再使用。"
)
REMOVABLE_MESSAGE = (
    "档案文件在U盘或其他移动存储上（{place}）。直接在U盘上使用档案，拔出U盘或断电时可能损坏"
    "数据。本软件可以把档案复制到这台电脑上再使用，需要时再备份到U盘。"
)


def network_message(place: str) -> str:
    return NETWORK_MESSAGE.format(place=place)


def removable_message(place: str) -> str:
    return REMOVABLE_MESSAGE.format(place=place)


# --- Linux --------------------------------------------------------------------------------------


class Mount(NamedTuple):
    device: str
    mount_point: str
    fstype: str


def unescape_mount_field(text: str) -> str:
    r"""A field of /proc/mounts as written: the kernel escapes space, tab, newline and ``\``
    as ``\040``, ``\011``, ``\012`` and ``\134``."""
    return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), text)


def parse_mounts(mounts_text: str) -> list[Mount]:
    """The mounts listed in /proc/self/mounts text, in order (a later one covers an earlier)."""
    mounts = []
    for line in mounts_text.splitlines():
        fields = line.split()
        if len(fields) >= 3:
            device, mount_point, fstype = (unescape_mount_field(f) for f in fields[:3])
            mounts.append(Mount(device, mount_point, fstype))
    return mounts


def mount_for(path: str | PurePath, mounts_text: str) -> Mount | None:
    """The mount holding the absolute ``path``: the longest mount point that contains it."""
    parts = PurePosixPath(path).parts
    best: Mount | None = None
    best_length = -1
    for mount in parse_mounts(mounts_text):
        mount_parts = PurePosixPath(mount.mount_point).parts
        if parts[: len(mount_parts)] == mount_parts and len(mount_parts) >= best_length:
            best, best_length = mount, len(mount_parts)  # ``>=``: the later of two covers
    return best


def is_network_fs(fstype: str) -> bool:
    fstype = fstype.lower()
    if fstype in NETWORK_FS:
        return True
    return fstype.startswith("fuse.") and fstype[len("fuse.") :] in FUSE_NETWORK


def disk_of(device: str) -> str | None:
    """The whole disk of a block device: /dev/sdb1 → sdb, /dev/mmcblk0p1 → mmcblk0,
    /dev/nvme0n1p2 → nvme0n1; None for what is not a /dev node (tmpfs, server:/export)."""
    if not device.startswith("/dev/"):
        return None
    name = device.rsplit("/", 1)[-1]
    if not name or name == "root":  # /dev/root names no real device
        return None
    scsi_like = re.fullmatch(r"((?:s|h|v|xv)d[a-z]+)\d*", name)  # sdb1, hda2, vda3, xvdb1
    if scsi_like:
        return scsi_like.group(1)
    partition = re.fullmatch(r"(.*\d)p\d+", name)  # mmcblk0p1, nvme0n1p2, loop0p1, md0p1
    if partition:
        return partition.group(1)
    return name  # a whole disk: mmcblk0, nvme0n1, md0, dm-0


def is_removable_disk(disk: str, sys_block: Path = SYS_BLOCK, _depth: int = 0) -> bool:
    """Whether the kernel calls the disk removable, or it hangs on a USB bus (USB hard disks
    say removable 0); an encrypted or LVM volume (dm-N) is judged by the disks beneath it."""
    folder = sys_block / disk
    try:
        if (folder / "removable").read_text(encoding="ascii").strip() == "1":
            return True
    except OSError:
        return False
    if any(part.startswith("usb") for part in Path(os.path.realpath(folder)).parts):
        return True  # …/usb2/2-1/…/block/sdb
    slaves = folder / "slaves"
    if _depth < 4 and slaves.is_dir():
        for part in slaves.iterdir():
            below = disk_of(f"/dev/{part.name}")
            if below and is_removable_disk(below, sys_block, _depth + 1):
                return True
    return False


def linux_problem(
    path: str | PurePath, mounts_text: str, sys_block: Path = SYS_BLOCK
) -> str | None:
    """The problem with keeping the archive at the absolute, resolved ``path`` on Linux."""
    mount = mount_for(path, mounts_text)
    if mount is None:
        return None
    if is_network_fs(mount.fstype):
        return network_message(mount.mount_point)
    device = mount.device
    if device.startswith(("/dev/disk/", "/dev/mapper/")):  # symlinks to /dev/sdb1, /dev/dm-0
        device = os.path.realpath(device)
    disk = disk_of(device)
    if disk and is_removable_disk(disk, sys_block):
        return removable_message(mount.mount_point)
    return None


# --- Windows ------------------------------------------------------------------------------------


def _strip_device_prefix(path: str | PureWindowsPath) -> PureWindowsPath:
    r"""``\\?\C:\x`` → ``C:\x`` and ``\\?\UNC\server\share\x`` → ``\\server\share\x``."""
    text = str(path).replace("/", "\\")
    for prefix in ("\\\\?\\", "\\\\.\\"):
        if text.startswith(prefix):
            rest = text[len(prefix) :]
            if rest[:4].upper() == "UNC\\":
                return PureWindowsPath("\\\\" + rest[4:])
            return PureWindowsPath(rest)
    return PureWindowsPath(text)


def is_unc(path: str | PureWindowsPath) -> bool:
    r"""Whether a Windows path is on a network share: ``\\server\share\…`` (also ``//server``
    and ``\\?\UNC\server\share``); ``\\?\C:\…`` is a local drive."""
    drive = _strip_device_prefix(path).drive
    return drive.startswith("\\\\") and not drive.startswith(("\\\\?\\", "\\\\.\\"))


def windows_drive_problem(drive_type: int, place: str = "") -> str | None:
    """The problem with a drive of this ``GetDriveTypeW`` type (a mapped drive is REMOTE)."""
    if drive_type == DRIVE_REMOTE:
        return network_message(place)
    if drive_type == DRIVE_REMOVABLE:
        return removable_message(place)
    return None


def windows_problem(path: str | PureWindowsPath, drive_type_of: Callable[[str], int]) -> str | None:
    r"""The problem with keeping the archive at the absolute Windows ``path``;
    ``drive_type_of("Z:")`` gives the drive's type."""
    clean = _strip_device_prefix(path)
    if is_unc(clean):
        return network_message(clean.drive)
    drive = clean.drive
    if re.fullmatch(r"[A-Za-z]:", drive):
        return windows_drive_problem(drive_type_of(drive.upper()), drive.upper())
    return None


def _windows_drive_type(drive: str) -> int:
    """GetDriveTypeW of ``X:``; a mapped network drive that is disconnected, or mapped in
    another logon session, still counts as remote when the network provider knows it."""
    if sys.platform != "win32":
        raise OSError("not Windows")
    import ctypes

    kind = int(ctypes.windll.kernel32.GetDriveTypeW(ctypes.c_wchar_p(drive + "\\")))
    if kind in (DRIVE_UNKNOWN, DRIVE_NO_ROOT_DIR):
        buffer = ctypes.create_unicode_buffer(1024)
        size = ctypes.c_ulong(len(buffer))
        result = ctypes.windll.mpr.WNetGetConnectionW(
            ctypes.c_wchar_p(drive), buffer, ctypes.byref(size)
        )
        if result in (0, 234, 1201):  # NO_ERROR, ERROR_MORE_DATA, ERROR_CONNECTION_UNAVAIL
            return DRIVE_REMOTE
    return kind


# --- the real system ----------------------------------------------------------------------------


def storage_problem(path: Path) -> str | None:
    """Why the archive at ``path`` should not be used where it is (Chinese), or None.

    Windows: a UNC path, or a network (also mapped) or removable drive. Linux: a network file
    system, or a removable or USB disk. Elsewhere (macOS): None. Never raises: when the place
    cannot be determined, it is assumed to be fine.
    """
    try:
        if sys.platform == "win32":
            given = os.path.abspath(path)
            return windows_problem(given, _windows_drive_type) or windows_problem(
                os.path.realpath(given),
                _windows_drive_type,  # a link to a share
            )
        if sys.platform.startswith("linux"):
            mounts_text = MOUNTS.read_text(encoding="utf-8", errors="surrogateescape")
            return linux_problem(os.path.realpath(path), mounts_text)
    except Exception:  # a safety hint must never stop the app
        log.warning("无法判断档案的存放位置：%s", path, exc_info=True)
    return None
