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
    if not image.save(buffer, "JPEG", 85):  # type: ignore[call-overload]  # 6.11: str, not bytes
        raise ValueError("照片无法保存为 JPEG")
    buffer.close()
    return bytes(data.data())
