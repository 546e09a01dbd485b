"""打开档案时的错误: why an archive file cannot be opened, each with a Chinese message."""

from __future__ import annotations


class ArchiveOpenError(Exception):
    """The file cannot be opened as a class archive; the message says why, in Chinese."""


class ArchiveCorruptError(ArchiveOpenError):
    """The file is one of ours but damaged: offer the newest verified backup."""


class ArchiveEncryptedError(ArchiveOpenError):
    """档案已加密: the file is encrypted and this process holds no key that opens it."""
