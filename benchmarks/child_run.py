"""What the benchmarks share: a figure taken in a fresh process (the script run again with
``--child …``, its last line of output JSON) and that process's peak memory."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path
from typing import Any


def peak_mib() -> float:
    """This process's peak RSS in MiB: VmHWM where Linux gives it (ru_maxrss keeps the high-water
    mark of the process this one was started from, a benchmark's big parent included)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def in_child(script: str, *args: str) -> dict[str, Any]:
    """``script --child *args`` in a fresh interpreter; the JSON object it printed last."""
    done = subprocess.run(
        [sys.executable, script, "--child", *args],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-3000:])
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result
