#!/usr/bin/env python3
"""Estimate the size of the Windows one-folder bundle (dist\\liushou-desk\\) from Windows wheels.

The Windows build cannot run on Linux, so this script measures what it can from the
win_amd64 wheels of the app's dependencies and adds documented figures for the rest:

* Qt: the DLLs, bindings, plugins and translation the app needs. Starting from the
  bindings the app imports (QtCore, QtGui, QtWidgets) and the plugins it needs, the
  script follows the PE import tables of the DLLs inside the PySide6-Essentials and
  shiboken6 wheels, as PyInstaller's dependency analysis does. DLLs that are not in a
  wheel (KERNEL32.dll, api-ms-win-*, python3.dll, ...) are part of Windows or of the
  Python runtime and are left to that row.
* For comparison, an unfiltered PyInstaller build: every plugin of the types PyInstaller's
  Qt hooks collect for QtGui and QtWidgets (minus those whose Qt DLLs are missing, as
  PyInstaller does), their dependencies, all qt_*/qtbase_* translations and
  opengl32sw.dll. And the whole PySide6 + shiboken6 wheels unpacked.
* Compiled extensions of the other wheels (.pyd), measured.
* Pure-Python packages: every module compiled to bytecode by this interpreter (run it with
  CPython 3.11, the version the Windows build uses) and zlib-compressed at level 6, as
  PyInstaller stores it in the PYZ archive inside liushou-desk.exe. Every module of the
  package is counted, so this is an upper bound for packages whose hooks do not collect
  all submodules.
* Data files that hooks collect: pypinyin's dictionaries (pypinyin's own hook collects
  all its data files; the other packages' hooks collect none).
* The Python runtime: python311.dll, python3.dll and the standard library's extension
  modules (.pyd and the DLLs they load) are not in any wheel. PYTHON_RUNTIME_FIGURES holds
  approximate sizes of python.org's CPython 3.11 x64 files (+-15 %); pass --python-dir with
  a Windows CPython 3.11 install to measure them instead. The standard
  library's bytecode and base_library.zip were measured in a Linux PyInstaller build of
  the app (pure bytecode is the same on both systems); pass --linux-bundle to re-measure.
  The list of extension modules is the one that Linux build collected, mapped to the
  modules that are separate files on Windows (many are built into python311.dll there).
* The bootloader (runw.exe, the windowed one), measured from the PyInstaller wheel for
  Windows when it is in the wheels folder.

Usage (on Linux, any machine with pip; pin the versions the build uses, as in
packaging/README.md):

    pip download --no-deps --only-binary=:all: --platform win_amd64 --python-version 3.11 \\
        -d /tmp/winwheels "PySide6-Essentials==6.11.*" "shiboken6==6.11.*" SQLAlchemy \\
        alembic Mako MarkupSafe platformdirs phonenumbers pypinyin filelock \\
        typing_extensions pyinstaller
    python packaging/estimate_windows_size.py --wheels /tmp/winwheels [--details]

Prints a table in MiB (2**20 bytes). Only the standard library is used.
"""

from __future__ import annotations

import argparse
import collections
import marshal
import re
import struct
import sys
import tempfile
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

MIB = 2**20
REPO = Path(__file__).resolve().parent.parent
PYZ_ZLIB_LEVEL = 6  # PyInstaller's ZlibArchiveWriter default
ZIP_ZLIB_LEVEL = 6  # what a zip tool's deflate does by default: for the "zipped" column

# --- Qt: what the app needs ------------------------------------------------------------------

# The bindings the app imports (grep "from PySide6" src/) and shiboken's own module.
QT_BINDINGS = [
    "PySide6/QtCore.pyd",
    "PySide6/QtGui.pyd",
    "PySide6/QtWidgets.pyd",
    "shiboken6/Shiboken.pyd",
]
# Plugins the app needs on Windows, and why.
QT_PLUGINS_NEEDED = {
    "platforms/qwindows.dll": "the Windows platform plugin; Qt cannot start without it",
    "styles/qmodernwindowsstyle.dll": "the windowsvista / windows11 styles (native look)",
    "iconengines/qsvgicon.dll": "QIcon from resources/icons/app.svg (window, taskbar)",
    "imageformats/qsvg.dll": "SVG images",
    "imageformats/qico.dll": ".ico images",
    "imageformats/qjpeg.dll": "JPEG photos (PNG and BMP are built into Qt6Gui)",
}
# app.py loads qtbase_zh_CN so that standard buttons read 确定/取消.
QT_TRANSLATIONS_NEEDED = ["qtbase_zh_CN.qm"]

# Plugin types PyInstaller's Qt hooks collect for QtGui and QtWidgets
# (PyInstaller/utils/hooks/qt/_modules_info.py); used for the "unfiltered" comparison.
QT_PLUGIN_TYPES_DEFAULT = [
    "accessiblebridge",
    "egldeviceintegrations",
    "generic",
    "iconengines",
    "imageformats",
    "platforms",
    "platforminputcontexts",
    "platformthemes",
    "xcbglintegrations",
    "styles",
]
QT_TRANSLATION_BASES_DEFAULT = ["qt", "qtbase"]  # those of QtCore in _modules_info.py

# --- Python runtime: figures for what no wheel holds -----------------------------------------

# Approximate sizes of python.org's CPython 3.11 x64 files (python311.dll beside python.exe,
# the rest in DLLs\). Not measured here: no Windows Python can be fetched on this machine, so
# take them as +-15 %; pass --python-dir to measure them. Which extension modules: those the
# Linux build of the app collected (lib-dynload) that are separate files on Windows; the
# others (_json, _datetime, math, zlib, _sha*, _bisect, ...) are built into python311.dll.
# _overlapped is added because asyncio imports it on Windows only.
PYTHON_RUNTIME_FIGURES = {
    "python311.dll": 5.60,
    "python3.dll": 0.07,  # the stable-ABI forwarder that PySide6's abi3 modules link to
    "vcruntime140.dll": 0.10,
    "vcruntime140_1.dll": 0.05,
    "libcrypto-3.dll": 5.00,  # for _hashlib and _ssl
    "libssl-3.dll": 0.75,  # for _ssl
    "sqlite3.dll": 1.50,  # for _sqlite3
    "libffi-8.dll": 0.04,  # for _ctypes
    "unicodedata.pyd": 1.10,
    "_decimal.pyd": 0.25,
    "pyexpat.pyd": 0.19,
    "_ssl.pyd": 0.17,
    "_lzma.pyd": 0.15,
    "_ctypes.pyd": 0.12,
    "_sqlite3.pyd": 0.09,
    "_bz2.pyd": 0.08,
    "_socket.pyd": 0.07,
    "_hashlib.pyd": 0.06,
    "_asyncio.pyd": 0.06,
    "_overlapped.pyd": 0.05,
    "_zoneinfo.pyd": 0.04,
    "_multiprocessing.pyd": 0.03,
    "_queue.pyd": 0.03,
    "select.pyd": 0.03,
    "_uuid.pyd": 0.02,
}
# Measured in a Linux PyInstaller 6 build of the app (CPython 3.11): the standard-library
# part of the PYZ archive (modules named in sys.stdlib_module_names) and base_library.zip.
STDLIB_PYZ_MIB = 2.66
BASE_LIBRARY_ZIP_MIB = 1.38
# Measured from pyinstaller-6.x-py3-none-win_amd64.whl when it is not in --wheels.
BOOTLOADER_MIB = 0.29

# Top-level names in the wheels folder that do not go into the bundle: PyInstaller and its
# helpers, and greenlet (SQLAlchemy 2.1 needs it only for its asyncio extra, unused here).
NOT_RUNTIME_PACKAGES = {
    "pyinstaller",
    "_pyinstaller_hooks_contrib",
    "altgraph",
    "pefile",
    "win32ctypes",
    "greenlet",
}


# How each group of the summary was measured.
GROUP_HOW = {
    "Qt DLLs": "file sizes in the PySide6 wheel; the set found by following PE imports",
    "PySide6/shiboken6 bindings": "Qt*.pyd, Shiboken.pyd, the abi3 DLLs: file sizes in the wheels",
    "MSVC runtime (from the wheel)": "msvcp140*, vcruntime140* that Qt imports: sizes in the wheel",
    "Qt plugins": "qwindows, qmodernwindowsstyle, qsvgicon, qsvg, qico, qjpeg: sizes in the wheel",
    "Qt translation": "qtbase_zh_CN.qm: file size in the wheel",
    "compiled extensions (other wheels)": "SQLAlchemy's Cython modules, MarkupSafe: .pyd sizes",
    "data files": "pypinyin's dictionaries and .pyi, as its hook collects them: sizes in the wheel",
    "pure-Python packages (bytecode)": "every module compiled here, zlib level 6 (upper bound)",
    "the app": "src/liushou_desk compiled here, zlib 6; resources/ sizes",
    "Python runtime": "python311.dll, stdlib .pyd/DLLs (python.org 3.11 figures, or --python-dir); "
    "stdlib bytecode, base_library.zip (Linux build); runw.exe (PyInstaller wheel)",
}


@dataclass
class Row:
    group: str
    item: str
    size: int  # bytes
    zipped: int | None  # bytes after deflate, or None when not measured
    how: str


@dataclass
class WheelFiles:
    """All files of all wheels in a folder, by their path inside the wheel."""

    files: dict[str, tuple[zipfile.ZipFile, zipfile.ZipInfo]] = field(default_factory=dict)
    wheel_of: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, folder: Path) -> WheelFiles:
        self = cls()
        wheels = sorted(folder.glob("*.whl"))
        if not wheels:
            sys.exit(f"no .whl files in {folder}")
        for wheel in wheels:
            zf = zipfile.ZipFile(wheel)
            for info in zf.infolist():
                if info.is_dir():
                    continue
                self.files.setdefault(info.filename, (zf, info))
                self.wheel_of.setdefault(info.filename, wheel.name)
        return self

    def size(self, path: str) -> int:
        return self.files[path][1].file_size

    def read(self, path: str) -> bytes:
        zf, info = self.files[path]
        return zf.read(info)

    def under(self, prefix: str) -> list[str]:
        return [p for p in self.files if p.startswith(prefix)]


# --- PE import tables ------------------------------------------------------------------------


def pe_imports(data: bytes) -> list[str]:
    """Names of the DLLs in a PE file's import table (not the delay-load table: PyInstaller
    does not follow those either)."""
    if data[:2] != b"MZ":
        return []
    pe = struct.unpack_from("<I", data, 0x3C)[0]
    if data[pe : pe + 4] != b"PE\0\0":
        return []
    (n_sections,) = struct.unpack_from("<H", data, pe + 6)
    (opt_size,) = struct.unpack_from("<H", data, pe + 20)
    opt = pe + 24
    (magic,) = struct.unpack_from("<H", data, opt)
    dirs = opt + (112 if magic == 0x20B else 96)  # PE32+ or PE32 data directories
    (n_dirs,) = struct.unpack_from("<I", data, dirs - 4)
    if n_dirs < 2:
        return []
    import_rva, _ = struct.unpack_from("<II", data, dirs + 8)  # directory 1: imports
    if not import_rva:
        return []
    sections = []
    for i in range(n_sections):
        vsize, vaddr, raw_size, raw_ptr = struct.unpack_from(
            "<IIII", data, opt + opt_size + 40 * i + 8
        )
        sections.append((vaddr, max(vsize, raw_size), raw_ptr))

    def offset(rva: int) -> int:
        for vaddr, size, raw_ptr in sections:
            if vaddr <= rva < vaddr + size:
                return rva - vaddr + raw_ptr
        raise ValueError(f"RVA {rva:#x} is in no section")

    names = []
    pos = offset(import_rva)
    while True:
        lookup, _, _, name_rva, thunks = struct.unpack_from("<IIIII", data, pos)
        if not (lookup or name_rva or thunks):
            break
        start = offset(name_rva)
        names.append(data[start : data.index(b"\0", start)].decode("ascii", "replace"))
        pos += 20
    return names


class DllGraph:
    """Resolves DLL imports against the DLLs shipped in the PySide6 and shiboken6 wheels."""

    def __init__(self, wheels: WheelFiles):
        self.wheels = wheels
        self.by_name: dict[str, str] = {}
        for path in sorted(wheels.files, key=lambda p: (not p.startswith("PySide6/"), p)):
            pp = PurePosixPath(path)
            # DLLs are found beside the module that loads them: the package folders' top level.
            if (
                pp.suffix.lower() == ".dll"
                and len(pp.parts) == 2
                and pp.parts[0] in ("PySide6", "shiboken6")
            ):
                self.by_name.setdefault(pp.name.lower(), path)
        self._imports: dict[str, list[str]] = {}

    def imports(self, path: str) -> list[str]:
        if path not in self._imports:
            self._imports[path] = pe_imports(self.wheels.read(path))
        return self._imports[path]

    def closure(self, roots: list[str]) -> tuple[list[str], set[str]]:
        """The roots and every wheel DLL they load, directly or not; and the names of the
        imported DLLs that are in no wheel."""
        seen: dict[str, None] = {}
        outside: set[str] = set()
        todo = list(roots)
        while todo:
            path = todo.pop()
            if path in seen:
                continue
            seen[path] = None
            for name in self.imports(path):
                target = self.by_name.get(name.lower())
                if target is None:
                    outside.add(name)
                elif target not in seen:
                    todo.append(target)
        return list(seen), outside

    def missing_qt(self, path: str) -> list[str]:
        """Qt DLLs a plugin imports that the wheels do not have (PyInstaller skips such plugins)."""
        return [
            n
            for n in self.imports(path)
            if re.match(r"qt6", n, re.I) and n.lower() not in self.by_name
        ]


# --- measuring ---------------------------------------------------------------------------------


def deflated(data: bytes) -> int:
    return len(zlib.compress(data, ZIP_ZLIB_LEVEL))


def files_rows(wheels: WheelFiles, group: str, paths: list[str], how: str, label=None) -> list[Row]:
    rows = []
    for path in sorted(paths, key=lambda p: -wheels.size(p)):
        data = wheels.read(path)
        rows.append(Row(group, label(path) if label else path, len(data), deflated(data), how))
    return rows


def bytecode_size(source: bytes, filename: str) -> int:
    """Size of a module's bytecode as PyInstaller stores it in the PYZ: marshalled, zlib 6."""
    try:
        code = compile(source, filename, "exec", dont_inherit=True)
    except SyntaxError:
        return 0  # e.g. Python-2-only leftovers; PyInstaller would skip them too
    return len(zlib.compress(marshal.dumps(code), PYZ_ZLIB_LEVEL))


def top_package(path: str) -> str | None:
    first = PurePosixPath(path).parts[0]
    if first.endswith((".dist-info", ".data")):
        return None
    return first.removesuffix(".py")


def python_packages(
    wheels: WheelFiles,
) -> tuple[dict[str, int], dict[str, list[str]], dict[str, list[str]]]:
    """Per top-level package of the non-Qt wheels: bytecode size, .pyd files, data files."""
    bytecode: dict[str, int] = collections.Counter()
    pyds: dict[str, list[str]] = collections.defaultdict(list)
    datas: dict[str, list[str]] = collections.defaultdict(list)
    for path in wheels.files:
        pkg = top_package(path)
        if pkg is None or pkg in ("PySide6", "shiboken6") or pkg.lower() in NOT_RUNTIME_PACKAGES:
            continue
        if path.endswith(".py"):
            bytecode[pkg] += bytecode_size(wheels.read(path), path)
        elif path.endswith(".pyd"):
            pyds[pkg].append(path)
        elif pkg == "pypinyin" and "/__pyinstaller/" not in path:
            datas[pkg].append(path)  # collect_data_files('pypinyin', excludes=['__pyinstaller'])
    return bytecode, pyds, datas


def app_bytecode() -> tuple[int, int]:
    """The app's own modules (compiled like the dependencies) and its resources."""
    code = sum(
        bytecode_size(p.read_bytes(), str(p)) for p in (REPO / "src" / "liushou_desk").rglob("*.py")
    )
    resources = sum(p.stat().st_size for p in (REPO / "resources").rglob("*") if p.is_file())
    return code, resources


def linux_bundle_figures(bundle: Path) -> tuple[float, float]:
    """Standard-library part of the PYZ and base_library.zip of a Linux one-folder build."""
    from PyInstaller.archive.readers import CArchiveReader, ZlibArchiveReader  # build venv only

    exe = next(p for p in bundle.iterdir() if p.is_file() and p.stat().st_mode & 0o111)
    carchive = CArchiveReader(str(exe))
    pyz_name = next(n for n in carchive.toc if n.endswith(".pyz"))
    with tempfile.NamedTemporaryFile(suffix=".pyz") as tmp:
        tmp.write(carchive.extract(pyz_name))
        tmp.flush()
        toc = ZlibArchiveReader(tmp.name).toc
        stdlib = sum(
            length
            for name, (_, _, length) in toc.items()
            if name.split(".")[0] in sys.stdlib_module_names
        )
    base = bundle / "_internal" / "base_library.zip"
    return stdlib / MIB, base.stat().st_size / MIB


def python_runtime_rows(python_dir: Path | None, have: set[str]) -> list[Row]:
    """python311.dll and the standard library's binaries; skips DLLs already counted (have)."""
    rows = []
    for name, mib in PYTHON_RUNTIME_FIGURES.items():
        if name.lower() in have:
            continue
        if python_dir is not None:
            candidates = [python_dir / name, python_dir / "DLLs" / name]
            found = next((p for p in candidates if p.is_file()), None)
            if found is None:
                sys.exit(f"{name} is in neither {python_dir} nor {python_dir / 'DLLs'}")
            data = found.read_bytes()
            rows.append(
                Row("Python runtime", name, len(data), deflated(data), f"measured in {python_dir}")
            )
        else:
            rows.append(
                Row("Python runtime", name, int(mib * MIB), None, "python.org 3.11 x64, approx.")
            )
    return rows


# --- report --------------------------------------------------------------------------------


def fmt(n: int | float | None) -> str:
    return "—" if n is None else f"{n / MIB:7.2f}"


def print_table(title: str, rows: list[Row]) -> None:
    print(f"\n## {title}\n")
    print("| part | MiB | zipped MiB | how measured |")
    print("| --- | ---: | ---: | --- |")
    for r in rows:
        print(f"| {r.item} | {fmt(r.size)} | {fmt(r.zipped)} | {r.how} |")


def summarize(rows: list[Row]) -> list[Row]:
    groups: dict[str, list[Row]] = collections.defaultdict(list)
    for r in rows:
        groups[r.group].append(r)
    return [
        Row(
            group,
            group,
            sum(r.size for r in members),
            sum(r.zipped for r in members),
            GROUP_HOW[group],
        )
        for group, members in groups.items()
    ]


def qt_rows(wheels: WheelFiles, graph: DllGraph) -> tuple[list[Row], set[str]]:
    """What the app needs from the PySide6 and shiboken6 wheels; and the DLLs they import
    that are in no wheel."""
    plugin_paths = [f"PySide6/plugins/{p}" for p in QT_PLUGINS_NEEDED]
    files, outside = graph.closure(QT_BINDINGS + plugin_paths)
    dlls = [p for p in files if p.lower().endswith(".dll") and p not in plugin_paths]
    name = lambda p: PurePosixPath(p).name  # noqa: E731
    how = "file size in the wheel; found by following PE imports"
    rows = files_rows(wheels, "Qt DLLs", [p for p in dlls if "/Qt6" in p], how, name)
    rows += files_rows(
        wheels,
        "PySide6/shiboken6 bindings",
        [p for p in files if p.endswith(".pyd")] + [p for p in dlls if ".abi3." in p],
        how,
        name,
    )
    rows += files_rows(
        wheels,
        "MSVC runtime (from the wheel)",
        [p for p in dlls if "/Qt6" not in p and ".abi3." not in p],
        how,
        name,
    )
    rows += files_rows(
        wheels,
        "Qt plugins",
        plugin_paths,
        "file size in the wheel",
        lambda p: (key := p.removeprefix("PySide6/plugins/")) + " — " + QT_PLUGINS_NEEDED[key],
    )
    rows += files_rows(
        wheels,
        "Qt translation",
        [f"PySide6/translations/{t}" for t in QT_TRANSLATIONS_NEEDED],
        "file size in the wheel",
        name,
    )
    top_py = [
        p
        for p in wheels.files
        if p.endswith(".py")
        and len(PurePosixPath(p).parts) == 2
        and p.startswith(("PySide6/", "shiboken6/"))
    ]
    size = sum(bytecode_size(wheels.read(p), p) for p in top_py)
    rows.append(
        Row(
            "PySide6/shiboken6 bindings",
            "PySide6, shiboken6 __init__ etc. (bytecode)",
            size,
            size,
            "compiled here",
        )
    )
    return rows, outside


def unfiltered_qt_size(wheels: WheelFiles, graph: DllGraph) -> tuple[int, int]:
    """Size of what PyInstaller's Qt hooks collect unfiltered for QtCore/QtGui/QtWidgets; and
    the number of plugins in it."""
    plugins = [
        p
        for ptype in QT_PLUGIN_TYPES_DEFAULT
        for p in wheels.under(f"PySide6/plugins/{ptype}/")
        if p.lower().endswith(".dll") and not graph.missing_qt(p)
    ]
    files, _ = graph.closure(QT_BINDINGS + plugins)
    files += [p for p in ["PySide6/opengl32sw.dll"] if p in wheels.files]
    bases = "|".join(QT_TRANSLATION_BASES_DEFAULT)
    pattern = re.compile(rf"({bases})_[A-Za-z_]+\.qm$")
    files += [
        p for p in wheels.under("PySide6/translations/") if pattern.match(PurePosixPath(p).name)
    ]
    return sum(wheels.size(p) for p in set(files)), len(plugins)


def savings_rows(wheels: WheelFiles) -> list[Row]:
    """Parts counted above that the app does not use at run time (for the spec's excludes)."""
    groups = {
        "phonenumbers.geodata, .carrierdata, .tzdata (bytecode)": lambda p: re.match(
            r"phonenumbers/(geodata|carrierdata|tzdata)/.*\.py$", p
        ),
        "sqlalchemy.dialects other than sqlite (bytecode)": lambda p: re.match(
            r"sqlalchemy/dialects/(mssql|mysql|oracle|postgresql)/.*\.py$", p
        ),
    }
    rows = []
    for label, match in groups.items():
        size = sum(bytecode_size(wheels.read(p), p) for p in wheels.files if match(p))
        rows.append(Row("could be left out", label, size, size, "compiled here, zlib 6"))
    openssl = ["_ssl.pyd", "_hashlib.pyd", "libssl-3.dll", "libcrypto-3.dll"]
    size = int(sum(PYTHON_RUNTIME_FIGURES[n] for n in openssl) * MIB)
    rows.append(
        Row(
            "could be left out",
            "OpenSSL: " + ", ".join(openssl),
            size,
            None,
            "python.org 3.11 figures",
        )
    )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--wheels", type=Path, required=True, help="folder of win_amd64 wheels")
    parser.add_argument(
        "--python-dir",
        type=Path,
        help="a Windows CPython 3.11 x64 install (python311.dll, DLLs\\): measure the runtime",
    )
    parser.add_argument(
        "--linux-bundle",
        type=Path,
        help="a Linux one-folder build (dist/liushou-desk): measure the stdlib bytecode there "
        "(needs PyInstaller importable)",
    )
    parser.add_argument("--details", action="store_true", help="also list every file counted")
    args = parser.parse_args(argv)

    if sys.version_info[:2] != (3, 11):
        print(
            f"note: bytecode is measured with Python {sys.version.split()[0]}, not 3.11",
            file=sys.stderr,
        )

    wheels = WheelFiles.load(args.wheels)
    for needed in QT_BINDINGS:
        if needed not in wheels.files:
            sys.exit(f"{needed} is not in the wheels in {args.wheels}: download the Windows wheels")
    graph = DllGraph(wheels)

    rows, outside = qt_rows(wheels, graph)
    qt_dll_names = {r.item.lower() for r in rows}

    # The other wheels.
    bytecode, pyds, datas = python_packages(wheels)
    for pkg in sorted(pyds):
        rows += files_rows(
            wheels, "compiled extensions (other wheels)", pyds[pkg], "file size in the wheel"
        )
    for pkg in sorted(datas):
        size = sum(wheels.size(p) for p in datas[pkg])
        zipped = sum(deflated(wheels.read(p)) for p in datas[pkg])
        rows.append(
            Row(
                "data files", f"{pkg} (dictionaries, .pyi)", size, zipped, "file sizes in the wheel"
            )
        )
    for pkg, size in sorted(bytecode.items(), key=lambda kv: -kv[1]):
        # Already zlib-compressed: a zip of the bundle does not shrink it further.
        rows.append(
            Row(
                "pure-Python packages (bytecode)",
                pkg,
                size,
                size,
                "all modules compiled here, zlib 6",
            )
        )
    code, resources = app_bytecode()
    rows.append(Row("the app", "liushou_desk (bytecode)", code, code, "src/ compiled here, zlib 6"))
    rows.append(Row("the app", "resources/", resources, resources, "file sizes in the repo"))

    # The Python runtime.
    runtime = python_runtime_rows(args.python_dir, qt_dll_names)
    if args.linux_bundle:
        stdlib_mib, base_mib = linux_bundle_figures(args.linux_bundle)
        how = f"measured in {args.linux_bundle}"
    else:
        stdlib_mib, base_mib = STDLIB_PYZ_MIB, BASE_LIBRARY_ZIP_MIB
        how = "measured in a Linux build of the app"
    stdlib, base = int(stdlib_mib * MIB), int(base_mib * MIB)
    runtime.append(
        Row("Python runtime", "standard library bytecode (in the exe)", stdlib, stdlib, how)
    )
    runtime.append(Row("Python runtime", "base_library.zip", base, base, how))
    boot = "PyInstaller/bootloader/Windows-64bit-intel/runw.exe"
    if boot in wheels.files:
        data = wheels.read(boot)
        runtime.append(
            Row(
                "Python runtime",
                "bootloader (runw.exe)",
                len(data),
                deflated(data),
                f"in {wheels.wheel_of[boot]}",
            )
        )
    else:
        size = int(BOOTLOADER_MIB * MIB)
        runtime.append(
            Row(
                "Python runtime",
                "bootloader (runw.exe)",
                size,
                None,
                "pyinstaller 6 win_amd64 wheel",
            )
        )

    # Binaries whose compressed size is not measured: at the ratio measured for the DLLs above.
    binaries = [
        r for r in rows if r.item.lower().endswith((".dll", ".pyd")) and r.zipped is not None
    ]
    ratio = sum(r.zipped for r in binaries) / sum(r.size for r in binaries)
    rows += runtime
    for r in rows:
        if r.zipped is None:
            r.zipped = int(r.size * ratio)

    if args.details:
        print_table("Every file counted", rows)
    print_table("Windows one-folder bundle, estimated (dist\\liushou-desk\\)", summarize(rows))
    total, zipped = sum(r.size for r in rows), sum(r.zipped for r in rows)
    print(f"| **total** | **{fmt(total).strip()}** | **{fmt(zipped).strip()}** | |")
    print(
        f"\nzipped: deflate level {ZIP_ZLIB_LEVEL}, measured file by file; bytecode is already "
        "compressed; binaries not at hand (python.org figures) at the ratio measured for the "
        f"wheels' DLLs, {ratio:.2f}."
    )

    qt_needed = sum(r.size for r in rows if r.group.startswith(("Qt", "PySide6", "MSVC")))
    qt_unfiltered, n_plugins = unfiltered_qt_size(wheels, graph)
    qt_wheels = sum(
        wheels.size(p) for p in wheels.files if p.startswith(("PySide6/", "shiboken6/"))
    )
    print("\n## The Qt part compared\n")
    print("| Qt part | MiB | how measured |")
    print("| --- | ---: | --- |")
    print(
        f"| what the app needs (above) | {fmt(qt_needed)} "
        "| bindings, 6 plugins, qtbase_zh_CN, their DLLs |"
    )
    print(
        f"| unfiltered PyInstaller collection | {fmt(qt_unfiltered)} | all {n_plugins} usable "
        "plugins of the QtGui/QtWidgets types and their DLLs, qt_*/qtbase_* translations, "
        "opengl32sw.dll |"
    )
    print(f"| PySide6 + shiboken6 wheels, unpacked | {fmt(qt_wheels)} | all files of both wheels |")

    print_table(
        "Counted above, not used at run time (candidates for the spec's excludes)",
        savings_rows(wheels),
    )

    system = sorted(n for n in outside if not n.lower().startswith("api-ms-win"))
    print(
        "\nImported by the Qt files but in no wheel (Windows or the Python runtime): "
        f"{', '.join(system)}, api-ms-win-*."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
