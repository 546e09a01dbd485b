"""照片: a pupil's photo as the archive stores it."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QImage


def photo_bytes(image: QImage, max_side: int = 480) -> bytes:
    """A photo scaled down and stored as JPEG, so the archive stays small."""
    if max(image.width(), image.height()) > max_side:
        image = image.scaled(
            max_side,
            max_side,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, b"JPEG", 85)
    buffer.close()
    return bytes(data.data())
