"""Files in and out (导入导出): Excel, PDF and archive bundles — no Qt. Filled by later work."""
