"""Issue 20 ("Flat in class size and in years") as one table: this machine's figures, each beside
its floor measured in the same run (alternating, by the per-figure benchmarks), the ratio, the
goal and whether it is met; peak memory (RSS) beside each time where the benchmark gives it.

Runs the per-figure scripts of this folder as subprocesses (this interpreter, LIUSHOU_HOME in a
temporary folder, QT_QPA_PLATFORM=offscreen) and reads the lines they print:

- bench_startup.py: 45 and 2,000 pupils, a fresh 600-pupil class and the same class kept ten
  years (``aged_archive.make_aged``), all four archives in one alternating run;
- bench_card.py --years 10, bench_due.py --pupils 600 --years 10,
  bench_report.py --pupils 600 --years 10: the 10-year archive against a new one;
- bench_export.py on the 2,000-pupil class, bench_archive.py --pupils 600,
  bench_import.py --rows 9999 10000, bench_fonts.py, bench_demo.py, bench_search.py.

The shared demo classes (45 and 2,000 pupils, the fresh and the 10-year 600-pupil class) are made
once. A figure whose line is not found is shown as "not extracted" with the script's raw output
under the table. Progress goes to stderr.

    python benchmarks/bench_table.py [--quick] [--skip NAME ...] [--out FILE.md]

NAME is one of: startup card due report export-xlsx export-archive import fonts demo search.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
JOBS = (
    "startup",
    "card",
    "due",
    "report",
    "export-xlsx",
    "export-archive",
    "import",
    "fonts",
    "demo",
    "search",
)
TIMEOUT = 1800  # seconds for any one script

MAKE_AGED = """
import sys
from datetime import date
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from aged_archive import make_aged
from liushou_desk.demo import make_demo
fresh, aged = Path(sys.argv[2]), Path(sys.argv[3])
pupils, years = int(sys.argv[4]), int(sys.argv[5])
today = date.today()
make_demo(fresh, pupils=pupils, seed=2026, today=today)
print(make_aged(fresh, aged, years, pupils=pupils, seed=2026, today=today))
"""


@dataclass
class Row:
    what: str
    goal: str
    now: str = "—"
    floor: str = "—"
    ratio: str = "—"
    met: str = "?"


@dataclass
class Run:
    """One script's run: its command, output and how long it took."""

    name: str
    cmd: list[str]
    out: str = ""
    err: str = ""
    rc: int | None = None
    seconds: float = 0.0
    problem: str = ""

    def tail(self, lines: int = 15) -> str:
        text = (self.out.rstrip() + "\n" + self.err.rstrip()).strip()
        return "\n".join(text.splitlines()[-lines:]) or "(no output)"


@dataclass
class Table:
    rows: list[Row] = field(default_factory=list)
    raw: dict[str, Run] = field(default_factory=dict)  # runs whose figures were not all found
    notes: list[str] = field(default_factory=list)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run(name: str, cmd: list[str], env: dict[str, str], timeout: float = TIMEOUT) -> Run:
    """``cmd`` in a session of its own (killed whole on a timeout); never raises."""
    result = Run(name, cmd)
    start = time.perf_counter()
    try:
        proc = subprocess.Popen(
            cmd,
            env=env,
            cwd=HERE.parent,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
    except OSError as exc:
        result.problem = f"could not start: {exc}"
        return result
    try:
        result.out, result.err = proc.communicate(timeout=timeout)
        result.rc = proc.returncode
        if proc.returncode:
            result.problem = f"exit status {proc.returncode}"
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        result.out, result.err = proc.communicate()
        result.problem = f"timed out after {timeout:.0f} s"
    result.seconds = time.perf_counter() - start
    return result


def num(pattern: str, text: str) -> re.Match[str]:
    found = re.search(pattern, text, re.M)
    if found is None:
        raise LookupError(pattern)
    return found


def verdict(ok: bool) -> str:
    return "yes" if ok else "**no**"


def ms(value: float) -> str:
    return f"{value:.0f} ms" if value >= 100 else f"{value:.1f} ms"


# --- what each script prints, read into rows ---------------------------------------------------


def startup_rows(r: Run, dbs: dict[str, Path]) -> list[Row]:
    big = Row("start-up to ready, 2,000 pupils vs 45", "≤ +20 %")
    aged = Row("start-up, 10-year archive (600 pupils, 20 terms) vs a fresh one", "≤ +20 %")
    ready = {
        m.group(1): float(m.group(2))
        for m in re.finditer(r"^(.*): ready \(to exit\) median (\d+) ms", r.out, re.M)
    }
    bare = num(r"bare QMainWindow\+QTabWidget \(to exit\): median (\d+) ms", r.out).group(1)
    for row, (test, base, what) in (
        (big, ("d2000", "d45", ("2,000 pupils", "45 pupils"))),
        (aged, ("aged600", "fresh600", ("10 years", "fresh"))),
    ):
        t, f = ready.get(str(dbs.get(test))), ready.get(str(dbs.get(base)))
        if t is None or f is None:
            row.now = "not extracted"
            continue
        ratio = t / f
        row.now = f"{t:.0f} ms ({what[0]})"
        row.floor = f"{f:.0f} ms ({what[1]}); bare window {bare} ms"
        row.ratio = f"{ratio:.2f}× ({100 * (ratio - 1):+.0f} %)"
        row.met = verdict(ratio <= 1.20)
    return [big, aged]


def card_rows(r: Run) -> list[Row]:
    row = Row("a child's growth card, 10-year archive", "≤ 50 ms")
    new = float(num(r"new archive: median ([\d.]+) ms", r.out).group(1))
    m = num(r"archive \d+ years old: median ([\d.]+) ms, max ([\d.]+) ms", r.out)
    aged = float(m.group(1))
    row.now = f"{ms(aged)} median (max {ms(float(m.group(2)))})"
    row.floor = f"{ms(new)} new archive"
    row.ratio = f"{aged / new:.2f}×"
    row.met = verdict(aged <= 50)
    return [row]


def due_rows(r: Run) -> list[Row]:
    row = Row("待办, 10-year archive (600 pupils)", "≤ 100 ms")
    new = float(num(r"due_items, new archive: median ([\d.]+) ms", r.out).group(1))
    aged = float(num(r"due_items, archive \d+ years old: median ([\d.]+) ms", r.out).group(1))
    row.now = f"{ms(aged)} median"
    row.floor = f"{ms(new)} new archive"
    row.ratio = f"{aged / new:.2f}×"
    row.met = verdict(aged <= 100)
    return [row]


REPORT_LINE = (
    r"^(\d+) pupils{} \(.*?\): (\d+) pages, [\d.]+ MB; median ([\d.]+) s .*?"
    r"peak RSS (\d+) MiB; plain ReportLab document of \d+ pages ([\d.]+) s"
)


def report_rows(r: Run) -> list[Row]:
    row = Row("term report of the current term, 10-year archive (600 pupils)", "≤ 1.2× fresh")
    new = num(REPORT_LINE.format(""), r.out)
    aged = num(REPORT_LINE.format(r", \d+ years behind"), r.out)
    vs = num(r"years behind vs new: time ([\d.]+)×, reading ([\d.]+)×, peak RSS ([\d.]+)×", r.out)
    row.now = f"{float(aged.group(3)):.2f} s, {aged.group(4)} MiB ({aged.group(2)} pages)"
    row.floor = (
        f"{float(new.group(3)):.2f} s, {new.group(4)} MiB fresh "
        f"(plain ReportLab, same pages: {float(new.group(5)):.2f} s)"
    )
    time_ratio, rss_ratio = float(vs.group(1)), float(vs.group(3))
    row.ratio = f"time {time_ratio:.2f}×, RSS {rss_ratio:.2f}×"
    row.met = verdict(time_ratio <= 1.2 and rss_ratio <= 1.2)
    return [row]


FLOOR_LINE = (
    r": ([\d.]+) s, (\d+) MiB( \([^)]*\))? \| floor ([\d.]+) s, (\d+) MiB.*?\| ([\d.]+)× floor"
    r" \(goal ≤ (\d+)×"
)


def floor_row(row: Row, m: re.Match[str], floor_name: str) -> Row:
    row.now = f"{float(m.group(1)):.2f} s, {m.group(2)} MiB{m.group(3) or ''}"
    row.floor = f"{floor_name} {float(m.group(4)):.2f} s, {m.group(5)} MiB"
    row.ratio = f"{float(m.group(6)):.2f}×"
    row.met = verdict(float(m.group(6)) <= float(m.group(7)))
    return row


def export_xlsx_rows(r: Run) -> list[Row]:
    row = Row("export-xlsx, 2,000 pupils", "≤ 3× floor")
    m = num(r"^\d+ pupils \(.*?\)" + FLOOR_LINE, r.out)
    return [floor_row(row, m, "openpyxl writing the same cells")]


def export_archive_rows(r: Run) -> list[Row]:
    row = Row("export-archive, 600 pupils", "≤ 3× floor")
    m = num(r"^\d+ pupils, export-archive" + FLOOR_LINE, r.out)
    pages = num(r"(\d+) pages \(report", r.out).group(1)
    return [floor_row(row, m, f"plain ReportLab, same {pages} pages,")]


def import_rows(r: Run) -> list[Row]:
    rows = [Row("import 9,999 rows", "≤ 3× floor")]
    m = num(r"^9999 rows, school roster \(one header row\)" + FLOOR_LINE, r.out)
    floor_row(rows[0], m, "openpyxl read-only")
    exact = Row("import of exactly 10,000 rows", "accepted")
    rows.append(exact)
    refused = re.search(r"^10000 rows, school roster.*?: REFUSED — (.*)$", r.out, re.M)
    if refused:
        exact.now = f"refused: {refused.group(1)[:80]}"
        exact.met = verdict(False)
        return rows
    m = num(r"^10000 rows, school roster \(one header row\)" + FLOOR_LINE, r.out)
    floor_row(exact, m, "openpyxl read-only")
    added = num(r"^10000 rows, school roster.*?; added (\d+), problem rows (\d+)", r.out)
    exact.now = f"accepted: {added.group(1)} added, {added.group(2)} problem rows; " + exact.now
    exact.met = verdict(True)
    return rows


def fonts_rows(r: Run) -> list[Row]:
    row = Row("report fixed cost (fonts), a one-page PDF in a fresh process", "≤ 0.6 s")
    cases = re.findall(
        r"^(.*?)\s+floor\s+(\d+) ms, app\s+(\d+) ms: fixed (-?[\d.]+) s$", r.out, re.M
    )
    if not cases:
        raise LookupError("fixed")
    label, floor, app, fixed = max(cases, key=lambda c: float(c[3]))
    first = cases[0]
    row.now = f"fixed {float(first[3]):.2f} s ({first[0]}), worst {float(fixed):.2f} s ({label})"
    row.floor = f"plain ReportLab page {int(floor) / 1000:.2f} s (app {int(app) / 1000:.2f} s)"
    row.ratio = f"{int(app) / int(floor):.1f}× (worst case, app / floor)"
    row.met = verdict(max(float(c[3]) for c in cases) <= 0.6)
    return [row]


def demo_rows(r: Run) -> list[Row]:
    rows = []
    bare = num(r"^start-up floor\s+([\d.]+) s", r.out).group(1)
    for label, what, goal in (
        ("one term", "make-demo 45 pupils", 3.0),
        ("--years 10", "make-demo 45 pupils --years 10 (not in the issue's table)", 60.0),
    ):
        row = Row(what, f"≤ {goal:.0f} s")
        rows.append(row)
        m = num(rf"^{re.escape(label)}\s+([\d.]+) s\s+(\d+) MiB\s+([\d.]+) s\s+(\d+)×", r.out)
        t = float(m.group(1))
        row.now = f"{t:.2f} s, {m.group(2)} MiB"
        row.floor = f"sqlite3 executemany of the same rows {float(m.group(3)):.3f} s; "
        row.floor += f"`--version` process {bare} s"
        row.ratio = f"{m.group(4)}× executemany"
        row.met = verdict(t <= goal)
    return rows


def search_rows(r: Run) -> list[Row]:
    row = Row("search keystroke, 2,000 pupils", "≤ 30 ms median")
    m = num(r"keystrokes: (\d+); median ([\d.]+) ms, p95 ([\d.]+) ms, max ([\d.]+) ms", r.out)
    median = float(m.group(2))
    row.now = f"{median:.1f} ms median (p95 {m.group(3)}, max {m.group(4)}; {m.group(1)} keys)"
    row.met = verdict(median <= 30)
    return [row]


# what each job's rows are called before they are measured (for a skip or a failure)
PLACEHOLDERS = {
    "startup": [
        ("start-up to ready, 2,000 pupils vs 45", "≤ +20 %"),
        ("start-up, 10-year archive (600 pupils, 20 terms) vs a fresh one", "≤ +20 %"),
    ],
    "card": [("a child's growth card, 10-year archive", "≤ 50 ms")],
    "due": [("待办, 10-year archive (600 pupils)", "≤ 100 ms")],
    "report": [("term report of the current term, 10-year archive (600 pupils)", "≤ 1.2× fresh")],
    "export-xlsx": [("export-xlsx, 2,000 pupils", "≤ 3× floor")],
    "export-archive": [("export-archive, 600 pupils", "≤ 3× floor")],
    "import": [("import 9,999 rows", "≤ 3× floor"), ("import of exactly 10,000 rows", "accepted")],
    "fonts": [("report fixed cost (fonts), a one-page PDF in a fresh process", "≤ 0.6 s")],
    "demo": [
        ("make-demo 45 pupils", "≤ 3 s"),
        ("make-demo 45 pupils --years 10 (not in the issue's table)", "≤ 60 s"),
    ],
    "search": [("search keystroke, 2,000 pupils", "≤ 30 ms median")],
}


def placeholders(job: str, text: str) -> list[Row]:
    return [Row(what, goal, now=text) for what, goal in PLACEHOLDERS[job]]


def display(cmd: list[str]) -> str:
    """A command as shown: the interpreter as ``python``, scripts by name, temporary paths short."""
    shown = []
    for c in cmd:
        if c == sys.executable:
            c = "python"
        elif c.endswith(".py") or "/bench_table_" in c:
            c = Path(c).name
        shown.append(c)
    return shlex.join(shown)


def copy_archive(src: Path, folder: Path) -> Path:
    """A private copy of an archive with what lies beside it (the 操作日志's head, a key)."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / src.name
    shutil.copyfile(src, target)
    for suffix in (".audit", ".key"):
        side = src.with_name(src.name + suffix)
        if side.exists():
            shutil.copyfile(side, target.with_name(target.name + suffix))
    return target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs and repeats")
    parser.add_argument("--skip", nargs="+", default=[], choices=JOBS, metavar="NAME")
    parser.add_argument("--out", type=Path, help="also write the table to this markdown file")
    args = parser.parse_args()
    began = time.perf_counter()
    started = datetime.now(timezone.utc)
    q = args.quick
    py = sys.executable
    tmp = Path(tempfile.mkdtemp(prefix="bench_table_"))
    env = {**os.environ, "LIUSHOU_HOME": str(tmp / "home"), "QT_QPA_PLATFORM": "offscreen"}
    env.pop("LIUSHOU_PASSWORD", None)  # plain demo archives, as bench_demo makes them
    (tmp / "home").mkdir()
    jobs = [j for j in JOBS if j not in args.skip]
    table = Table()

    # --- the shared archives, made once ---
    dbs: dict[str, Path] = {}
    made_problems: dict[str, str] = {}
    needs = {
        "d45": {"startup"},
        "d2000": {"startup", "export-xlsx", "search"},
        "aged600": {"startup"},
    }

    def wanted(name: str) -> bool:
        return bool(needs[name] & set(jobs))

    for pupils in (45, 2000):
        name = f"d{pupils}"
        if not wanted(name):
            continue
        path = tmp / "shared" / f"demo-{pupils}.sqlite"
        path.parent.mkdir(exist_ok=True)
        log(f"making the shared {pupils}-pupil demo class …")
        cmd = [py, "-m", "liushou_desk", "make-demo", str(path), "--pupils", str(pupils)]
        made = run(f"make-demo {pupils}", cmd, env)
        log(f"  {made.seconds:.1f} s {made.problem}")
        if made.problem:
            made_problems[name] = f"make-demo --pupils {pupils}: {made.problem}"
            table.raw[f"make-demo --pupils {pupils}"] = made
        else:
            dbs[name] = path
    if wanted("aged600"):
        fresh, aged = tmp / "shared" / "fresh-600.sqlite", tmp / "shared" / "aged-600-10y.sqlite"
        fresh.parent.mkdir(exist_ok=True)
        log("making the shared fresh 600-pupil class and its 10-year copy …")
        cmd = [py, "-c", MAKE_AGED, str(HERE), str(fresh), str(aged), "600", "10"]
        made = run("make_aged 600", cmd, env)
        log(f"  {made.seconds:.1f} s ({made.out.strip() or made.problem})")
        table.notes.append(
            f"start-up's 10-year archive: {made.out.strip() or made.problem} "
            f"(600 pupils, made in {made.seconds:.0f} s)"
        )
        if made.problem:
            made_problems["aged600"] = f"fresh and 10-year 600-pupil classes: {made.problem}"
            table.raw["make_aged 600 pupils, 10 years"] = made
        else:
            dbs["fresh600"], dbs["aged600"] = fresh, aged

    # --- the scripts ---
    def bench(script: str, *extra: str) -> list[str]:
        return [py, str(HERE / script), *extra]

    plan: dict[str, tuple[Callable[[], list[str] | str], Callable[[Run], list[Row]]]] = {}

    def startup_cmd() -> list[str] | str:
        missing = [made_problems[n] for n in ("d45", "d2000", "aged600") if n in made_problems]
        if missing:
            return "not run: " + "; ".join(missing)
        paths = [dbs[n] for n in ("d45", "d2000", "fresh600", "aged600")]
        return bench("bench_startup.py", "--db", *map(str, paths), "--runs", "3" if q else "9")

    plan["startup"] = (startup_cmd, lambda r: startup_rows(r, dbs))
    plan["card"] = (
        lambda: bench("bench_card.py", "--years", "10", "--runs", "5" if q else "10"),
        card_rows,
    )
    plan["due"] = (
        lambda: bench(
            "bench_due.py", "--pupils", "600", "--years", "10", "--runs", "5" if q else "10"
        ),
        due_rows,
    )
    plan["report"] = (
        lambda: bench(
            "bench_report.py",
            *("--pupils", "600", "--years", "10", "--runs", "1"),
            *("--rounds", "1" if q else "2"),
        ),
        report_rows,
    )

    def export_cmd() -> list[str] | str:
        if "d2000" in made_problems:
            return "not run: " + made_problems["d2000"]
        return bench(
            "bench_export.py", "--archives", str(dbs["d2000"]), "--repeat", "1" if q else "2"
        )

    plan["export-xlsx"] = (export_cmd, export_xlsx_rows)
    plan["export-archive"] = (
        lambda: bench("bench_archive.py", "--pupils", "600", "--runs", "1" if q else "2"),
        export_archive_rows,
    )
    plan["import"] = (
        lambda: bench(
            "bench_import.py", "--rows", "9999", "10000", "--quick", "--repeat", "1" if q else "2"
        ),
        import_rows,
    )
    plan["fonts"] = (lambda: bench("bench_fonts.py", "--runs", "2" if q else "5"), fonts_rows)
    plan["demo"] = (
        lambda: bench(
            "bench_demo.py", "--pupils", "45", "--years", "10", "--runs", "1" if q else "3"
        ),
        demo_rows,
    )

    def search_cmd() -> list[str] | str:
        if "d2000" in made_problems:
            return "not run: " + made_problems["d2000"]
        copy = copy_archive(dbs["d2000"], tmp / "search")  # the script opens it where it lies
        return bench("bench_search.py", "--db", str(copy), "--rounds", "1" if q else "2")

    plan["search"] = (search_cmd, search_rows)

    runs: list[Run] = []
    for n, job in enumerate(JOBS, 1):
        if job not in jobs:
            table.rows += placeholders(job, "skipped (--skip)")
            continue
        make_cmd, parse = plan[job]
        cmd = make_cmd()
        if isinstance(cmd, str):
            log(f"[{n}/{len(JOBS)}] {job}: {cmd}")
            table.rows += placeholders(job, cmd)
            continue
        log(f"[{n}/{len(JOBS)}] {job}: {display(cmd)} …")
        result = run(job, cmd, env)
        result.cmd = cmd
        runs.append(result)
        log(f"    {result.seconds:.1f} s{' — ' + result.problem if result.problem else ''}")
        try:
            rows = parse(result)
        except Exception as exc:  # a missing line is shown, never a crash
            rows = placeholders(job, "not extracted (raw output below)")
            table.raw[job] = result
            log(f"    not extracted: {type(exc).__name__}: {exc}")
        else:
            if any(r.now.startswith("not extracted") for r in rows):
                table.raw[job] = result
            if result.problem:
                table.raw[job] = result
        table.rows += rows
        for row in rows:
            log(f"    {row.what}: {row.now} | {row.floor} | {row.ratio} | met: {row.met}")

    total = time.perf_counter() - began
    text = render(table, runs, started, total, args)
    print(text)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text + "\n", encoding="utf-8")
        log(f"written to {args.out}")
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def render(
    table: Table, runs: list[Run], started: datetime, total: float, args: argparse.Namespace
) -> str:
    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    python = os.path.relpath(sys.executable) if not sys.executable.startswith("/usr") else "python"
    command = shlex.join([python, os.path.relpath(__file__), *sys.argv[1:]])
    lines = [
        "## Issue 20: flat in class size and in years — this machine's figures",
        "",
        f"- date: {started:%Y-%m-%d %H:%M} UTC ({date.today():%Y-%m-%d} local)",
        f"- machine: {cpu_model()}, {os.cpu_count()} cores, {platform.system()} "
        f"{platform.machine()}, Python {platform.python_version()}",
        f"- command: `{command}`",
        f"- total: {total / 60:.1f} min; each floor measured in the same run as its figure, "
        "alternating (see each benchmark's docstring)",
        "",
        "| what | this run | floor in the same run | ratio | goal | met? |",
        "|---|---|---|---|---|---|",
    ]
    for r in table.rows:
        cells = (r.what, r.now, r.floor, r.ratio, r.goal, r.met)
        lines.append("| " + " | ".join(cell(c) for c in cells) + " |")
    lines += [""] + [f"- {note}" for note in table.notes]
    lines += ["", "Scripts run (seconds each):", ""]
    for r in runs:
        lines.append(f"- `{display(r.cmd)}`: {r.seconds:.0f} s {r.problem}".rstrip())
    for name, r in table.raw.items():
        lines += ["", f"Raw output of {name} ({r.problem or 'a line not found'}), its tail:", ""]
        lines += ["```", r.tail(), "```"]
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
