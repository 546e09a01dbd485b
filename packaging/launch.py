"""Entry point of the bundled program (PyInstaller starts here)."""

import multiprocessing

# 导出档案 makes its workbook and forms in a second process (io/export_process.py): in the
# bundle that process is this program started again, and freeze_support runs its work and exits
multiprocessing.freeze_support()

from liushou_desk.cli import main  # noqa: E402

raise SystemExit(main())
