"""Entry point of the bundled program (PyInstaller starts here)."""

from liushou_desk.cli import main

raise SystemExit(main())
