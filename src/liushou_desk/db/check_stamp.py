"""已核对 (checked at close): the archive file as it was when the app last closed it after
SQLite's quick_check had passed in that session — its size and modification time, kept in
the app's data folder (never inside the archive).

quick_check reads the whole file, so it grows with the years (a ten-year archive of 125 MB:
~170 ms, a new one ~10 ms). When the file opens exactly as the app left it, the check does
not hold up the first screen: the same check runs off the GUI thread once the class is shown
(``Opening.check_whole_log``). A file changed in any other way — another program, a copy, a
restore, a crash that left its write-ahead log — is checked before anything is shown, as
always."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from liushou_desk import paths

STAMPS = "已核对.json"
KEEP = 64  # archives remembered (the newest stamps)
log = logging.getLogger(__name__)


def _stamps_file() -> Path:
    return paths.data_home() / STAMPS


def _stamp(path: Path) -> list[int] | None:
    """(size, modification time in ns) of a closed archive; None while a write-ahead log
    holds something (the file alone is not the archive then)."""
    try:
        wal = Path(f"{path}-wal")
        if wal.exists() and wal.stat().st_size:
            return None
        st = path.stat()
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns]


def _read() -> dict[str, list[int]]:
    try:
        data = json.loads(_stamps_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _key(path: Path) -> str:
    return str(path.resolve())


def unchanged(path: Path) -> bool:
    """Whether the file is exactly as the app left it after a check passed (so the blocking
    check may wait until the first screen is shown)."""
    stamp = _stamp(path)
    return stamp is not None and _read().get(_key(path)) == stamp


def record(path: Path) -> None:
    """The closed archive at ``path`` passed its check in this session: remember it as it is
    now."""
    stamp = _stamp(path)
    data = _read()
    key = _key(path)
    data.pop(key, None)
    if stamp is not None:
        data[key] = stamp
    _write(dict(list(data.items())[-KEEP:]))


def forget(path: Path) -> None:
    """The archive's check failed: check it first next time, whatever its stamp."""
    data = _read()
    if data.pop(_key(path), None) is not None:
        _write(data)


def _write(data: dict[str, list[int]]) -> None:
    """Temp-then-rename; a failure to write only means the next opening checks first."""
    try:
        from liushou_desk.safe_files import write_bytes_safely

        target = _stamps_file()
        target.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_safely(target, json.dumps(data, ensure_ascii=False).encode("utf-8"))
    except OSError as exc:
        log.warning("无法记录档案核对结果：%s", type(exc).__name__)
