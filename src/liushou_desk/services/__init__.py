"""Services: one module per aggregate. Each public function is one unit of work on an
``Archive``; it validates, writes, and returns plain data (never live ORM objects)."""
