from liushou_desk.cli import main

raise SystemExit(main())
