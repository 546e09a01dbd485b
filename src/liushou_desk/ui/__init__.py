"""The window (界面): the only package that imports PySide6."""
