"""Encryption at rest (issue 7): what the password costs and what SQLCipher costs.

- unlocking: Argon2id with the parameters measured on this PC (target: about 0.5–1 s, not less);
- changing the password: two derivations and a small file (target: no re-encryption, ~1–2 s);
- encrypting an existing 60-pupil archive with a full term of records, verified (target ≤ 10 s);
- reading the roster for the first paint, and the 待办 list, plain against encrypted.

    python benchmarks/bench_protection.py [--runs 5]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))


def median_ms(work, runs: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from liushou_desk.db import cipher, keyfile
    from liushou_desk.db.first_paint import read_roster_facts
    from liushou_desk.db.schema import open_archive
    from liushou_desk.demo import make_demo
    from liushou_desk.services import protection
    from liushou_desk.services.due import due_items
    from liushou_desk.services.settings import cadence

    today = date(2026, 12, 20)
    with tempfile.TemporaryDirectory() as tmp:
        import os

        os.environ["LIUSHOU_HOME"] = tmp
        plain = Path(tmp) / "plain.sqlite"
        make_demo(plain, pupils=60, seed=11, today=today)
        secured = Path(tmp) / "secured.sqlite"
        shutil.copyfile(plain, secured)
        size = plain.stat().st_size / 2**20

        started = time.perf_counter()
        params = keyfile.calibrate()
        calibrating = time.perf_counter() - started
        started = time.perf_counter()
        protection.encrypt_existing(secured, "bench-password", params=params)
        encrypting = time.perf_counter() - started
        print(f"archive: 60 pupils, {size:.1f} MiB")
        print(
            f"Argon2id parameters here: {params.time_cost} passes × {params.memory_kib // 1024} MiB"
            f" (measured in {calibrating * 1000:.0f} ms)"
        )
        print(f"encrypt the existing archive, verified: {encrypting:.2f} s")

        cipher.forget_all()
        unlock = median_ms(lambda: protection.unlock(secured, "bench-password"), args.runs)
        print(f"unlock with the password: median {unlock:.0f} ms (target 500–1000 ms)")
        change = median_ms(
            lambda: protection.change_password(
                secured, "bench-password", "bench-password", params=params
            ),
            args.runs,
        )
        print(f"change the password: median {change:.0f} ms (the archive is not rewritten)")

        for label, path in (("plain", plain), ("encrypted", secured)):
            first = median_ms(lambda p=path: read_roster_facts(p), args.runs * 4)
            archive = open_archive(path, create=False)
            try:
                steps = cadence(archive)
                due = median_ms(lambda a=archive, c=steps: due_items(a, today, c), args.runs * 2)
            finally:
                archive.close()
            print(f"{label:>9}: first-paint roster {first:.1f} ms, 待办 {due:.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
