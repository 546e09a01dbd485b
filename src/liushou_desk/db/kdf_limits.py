"""密钥推导参数的界限 (the bounds of Argon2id's cost): the cost read from a file — a key file
(``*.key``) or the manifest of an archive for the principal — is used only within these bounds.

A crafted file could otherwise ask for four billion passes or 16 GiB of memory (the app hangs
or is killed) or for 0 or −1 (a traceback). The bounds hold every cost the app itself writes:
``keyfile.calibrate`` stops at 24 passes over 128 MiB, the archive's snapshot key takes 3 passes
over 64 MiB, and tests write key files of 1 pass over 1 MiB. ``MAX_WORK_KIB`` bounds passes ×
memory together, so the slowest accepted cost is a few seconds, not minutes.

Only whole numbers are accepted: a bool (``True`` is an ``int`` in Python), a float or a string
is refused, whatever its value.
"""

from __future__ import annotations

MIN_TIME_COST = 1
MAX_TIME_COST = 32  # calibrate() writes at most 24
MIN_MEMORY_KIB = 1024  # 1 MiB (tests' key files); Argon2 itself needs 8 KiB per lane
MAX_MEMORY_KIB = 1024 * 1024  # 1 GiB
MIN_PARALLELISM = 1
MAX_PARALLELISM = 8
MAX_WORK_KIB = 4 * 1024 * 1024  # passes × memory: at most 4 GiB of memory filled in all


def _whole(value: object, low: int, high: int, what: str) -> int:
    if type(value) is not int:  # not bool, float or str
        raise ValueError(f"{what}应是整数，而不是“{str(value)[:20]}”")
    if not low <= value <= high:
        raise ValueError(f"{what}应在 {low} 到 {high} 之间，而不是 {value}")
    return value


def checked_params(
    time_cost: object, memory_kib: object, parallelism: object = 1
) -> tuple[int, int, int]:
    """(time_cost, memory_kib, parallelism) as read from a file, when all are within bounds;
    ValueError with the reason in Chinese otherwise. Callers make their ``KdfParams`` from it
    (``KdfParams(*checked_params(...))``: this module imports nothing, so db/keyfile.py can
    use it without an import circle)."""
    passes = _whole(time_cost, MIN_TIME_COST, MAX_TIME_COST, "密钥推导的迭代次数")
    memory = _whole(memory_kib, MIN_MEMORY_KIB, MAX_MEMORY_KIB, "密钥推导的内存（KiB）")
    lanes = _whole(parallelism, MIN_PARALLELISM, MAX_PARALLELISM, "密钥推导的并行度")
    if passes * memory > MAX_WORK_KIB:
        raise ValueError(f"密钥推导的计算量太大（{passes} 次 × {memory} KiB）")
    return passes, memory, lanes
