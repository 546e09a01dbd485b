"""One app-level “what changed” signal (变动通知): views refresh only what they show."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from liushou_desk.services.notices import Changed


class ArchiveEvents(QObject):
    """Emitted after every successful write, with the service's ``Changed``."""

    changed = Signal(object)

    def announce(self, change: Changed) -> None:
        if change.pupil_ids or change.roster or change.message:
            self.changed.emit(change)
