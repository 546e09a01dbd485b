"""操作的上下文 (an action's context): what a controller of the main window is given — the
archive, today, the teacher's prompts, the change events, the background runner, the undo
history, the window as the parent of its dialogs, and the roster selection (``Selection``)."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Protocol, TypeVar

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog, QWidget

    from liushou_desk.ops.archive import Archive
    from liushou_desk.ops.outcome import Outcome
    from liushou_desk.ops.undo import UndoHistory
    from liushou_desk.services.roster_rows import RosterRow
    from liushou_desk.ui.events import ArchiveEvents
    from liushou_desk.ui.prompts import Prompts
    from liushou_desk.ui.runner import Runner

T = TypeVar("T")


class Selection(Protocol):
    """What the controllers ask of the window: the roster, the pupil its tabs show, and the
    few views that follow a setting."""

    @property
    def current_pupil(self) -> int:
        """The pupil 五个清楚 and 成长记录卡 show (0: none)."""

    def selected_row(self) -> RosterRow | None:
        """The roster's selected row (perhaps hidden by a search: see ``child_in_view``)."""

    def child_in_view(self) -> int:
        """The child the teacher sees highlighted or named on the page in front (0: none)."""

    def roster_rows(self) -> list[RosterRow]: ...

    def find_pupil(self, pupil_id: int) -> RosterRow | None: ...

    def select_pupil(self, pupil_id: int) -> None: ...

    def show_profile(self) -> None:
        """Bring 五个清楚 to the front."""

    def let_go(self, pupil_ids: Collection[int], *, ask: bool = True) -> bool:
        """These pupils are leaving the roster: if the tabs show one of them, show nobody —
        after asking about unsaved edits when ``ask`` (False: the teacher kept them)."""

    def confirm_leave(self) -> bool:
        """True when unsaved edits in 五个清楚 may be left (saved or dropped, as asked)."""

    def refresh_due(self) -> None: ...

    def reload_tags(self) -> None: ...

    def update_title(self) -> None: ...

    def show_status(self, message: str, ms: int = 5000) -> None: ...


@dataclass(frozen=True)
class Context:
    archive: Archive
    today: Callable[[], date]
    prompts: Prompts
    events: ArchiveEvents
    runner: Runner
    parent: QWidget  # the window: every dialog's parent
    exec_dialog: Callable[[QDialog], bool]  # tests replace the window's, so look it up late
    selection: Selection

    @property
    def history(self) -> UndoHistory:
        """The session's undo history."""
        return self.runner.history

    def settle(self, outcome: Outcome[T]) -> T:
        """A use case done on the GUI thread: announce what changed, record its undo step."""
        return self.runner.settle(outcome)
