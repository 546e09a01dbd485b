"""Before Qt starts on Linux: a clear message instead of Qt's abort when there is no screen or
a system library of Qt's xcb plugin is missing (Windows needs none of this)."""

from __future__ import annotations

import os
import subprocess
import sys

# Libraries Qt's xcb platform plugin loads, and the Debian/Ubuntu packages that provide them.
XCB_LIBRARIES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
}


def _known_libraries() -> str | None:
    for ldconfig in ("/sbin/ldconfig", "/usr/sbin/ldconfig", "ldconfig"):
        try:
            return subprocess.run(
                [ldconfig, "-p"], capture_output=True, text=True, timeout=5, check=False
            ).stdout
        except (OSError, subprocess.SubprocessError):
            continue
    return None


def platform_problem() -> str | None:
    """Why a window cannot open here, or None when it can (or we cannot tell)."""
    if sys.platform != "linux" or os.environ.get("QT_QPA_PLATFORM"):
        return None
    if os.environ.get("WAYLAND_DISPLAY"):
        return None
    if not os.environ.get("DISPLAY"):
        return (
            "没有可用的图形界面（DISPLAY 未设置），无法打开窗口。\n"
            "No graphical display (DISPLAY is not set): cannot open the window."
        )
    known = _known_libraries()
    if known is None:
        return None
    missing = [pkg for lib, pkg in XCB_LIBRARIES.items() if lib not in known]
    if missing:
        packages = " ".join(missing)
        return (
            f"缺少 Qt 打开窗口所需的系统库。请安装：sudo apt install {packages}\n"
            f"Qt's xcb plugin needs system libraries: sudo apt install {packages}"
        )
    return None
