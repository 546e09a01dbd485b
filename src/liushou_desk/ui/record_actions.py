"""关爱记录的操作 of the main window: quick entry, the record forms, the 待办 items, deleting
and the version history of records. A mixin of MainWindow, kept apart to keep that module small;
it uses the window's archive, roster, prompts, events and undo history."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence

if TYPE_CHECKING:
    from liushou_desk.ui.main_window import MainWindow

    _Base = MainWindow
else:
    _Base = object


class CareRecordActions(_Base):
    def setup_quick_entry(self) -> None:
        """Ctrl+T 记谈心 and Ctrl+K 记沟通 for the selected child, from anywhere."""
        for keys, kind in (("Ctrl+T", "talk"), ("Ctrl+K", "contact")):
            act = QAction(self)
            act.setShortcut(QKeySequence(keys))
            act.triggered.connect(
                lambda _c=False, k=kind: self.open_record_form(
                    k, self.roster_tab.current_pupil_id()
                )
            )
            self.addAction(act)

    def open_record_form(
        self, kind_key: str, pupil_id: int, *, parent_id: int = 0, preset=None, record=None
    ) -> bool:  # type: ignore[no-untyped-def]
        """Add (or edit) a record; returns True when something was saved."""
        from liushou_desk.domain.records import KINDS
        from liushou_desk.services.archive_info import get_info
        from liushou_desk.services.settings import pick_lists
        from liushou_desk.ui.record_dialog import RecordDialog

        assert self.archive is not None
        kind = KINDS[kind_key]
        pupil = None
        if not kind.class_level:
            pupil = self.roster_tab.model.find(pupil_id) if pupil_id else None
            if pupil is None:
                self.prompts.info(self, "请先在班级名册中选择一名学生。")
                return False
        rows = [r for r in self.roster_tab.model.all_rows if r.is_active]
        dialog = RecordDialog(
            self.archive,
            kind,
            self.today,
            self.prompts,
            pupil=pupil,
            roster_rows=rows,
            record=record,
            parent_id=parent_id or None,
            preset=preset,
            teacher=get_info(self.archive).head_teacher,
            choices=pick_lists(self.archive),
            parent=self,
        )
        if not (self.exec_dialog(dialog) and dialog.changed is not None):
            return False
        self.events.announce(dialog.changed)
        from liushou_desk.domain.records import RecordValues
        from liushou_desk.services import records

        archive, rid, today = self.archive, dialog.record_id, self.today
        if record is None:
            self._push(
                f"新增{kind.label}",
                lambda: records.set_deleted(archive, rid, False),
                lambda: records.set_deleted(archive, rid, True),
            )
        elif dialog.changed.pupil_ids:  # an edit was saved: undo writes the old version back

            def as_values(r: records.RecordView) -> RecordValues:
                return RecordValues(dict(r.values), dict(r.scores), list(r.participants))

            after = records.get_record(archive, rid)
            self._push(
                f"修改{kind.label}",
                lambda: records.update_record(
                    archive, rid, as_values(after), today(), sensitive=after.sensitive
                ),
                lambda: records.update_record(
                    archive, rid, as_values(record), today(), sensitive=record.sensitive
                ),
            )
        return True

    def open_due_item(self, item) -> None:  # type: ignore[no-untyped-def]
        """待办 → the right form for that child, filled in."""
        from liushou_desk.domain.records import RecordValues

        pid = item.pupil_id or 0
        if item.kind == "status_review":
            self.select_pupil(pid)
            self.tabs.setCurrentWidget(self.profile_slot)
            return
        if pid:
            self.select_pupil(pid)
        left_behind = [
            r.id for r in self.roster_tab.model.all_rows if r.is_active and r.is_left_behind
        ]
        preset = None
        if item.kind == "parent_contact":
            preset = RecordValues({"party": "与外出父母"})
        elif item.kind == "guardian_contact":
            preset = RecordValues({"party": "与在家监护人"})
        elif item.kind == "class_meeting":
            preset = RecordValues({"meeting_kind": "留守儿童月会"}, participants=left_behind)
        elif item.kind == "birthday":
            preset = RecordValues({"activity_kind": "集体生日"}, participants=[pid])
            self.open_record_form("activity", 0, preset=preset)
            return
        if item.form:
            self.open_record_form(item.form, pid, parent_id=item.record_id or 0, preset=preset)

    def edit_record(self, record_id: int) -> None:
        from liushou_desk.services import records

        assert self.archive is not None
        record = records.get_record(self.archive, record_id)
        self.open_record_form(record.kind, record.pupil_id or 0, record=record)

    def delete_record(self, record_id: int) -> None:
        from liushou_desk.services import records

        assert self.archive is not None
        record = records.get_record(self.archive, record_id)
        if not self.prompts.confirm(
            self,
            f"删除这条{record.label}（{record.occurred_on:%Y-%m-%d}）吗？",
            "记录会移入回收站，可以恢复。",
        ):
            return
        archive = self.archive
        self.events.announce(records.set_deleted(archive, record_id, True))
        self._push(
            f"删除{record.label}",
            lambda: records.set_deleted(archive, record_id, True),
            lambda: records.set_deleted(archive, record_id, False),
        )

    def show_record_history(self, record_id: int) -> None:
        from liushou_desk.services import records

        assert self.archive is not None
        current = records.get_record(self.archive, record_id)
        lines = [
            f"第 {v.version} 版（{v.updated_at:%Y-%m-%d %H:%M} 被修改前）：{v.summary}"
            for v in records.record_history(self.archive, record_id)
        ]
        lines.append(f"现在（第 {current.version} 版）：{current.summary}")
        self.prompts.info(self, f"{current.label}的历史版本", "\n\n".join(lines))

    def open_draft(self, key: str) -> None:
        """A form left unsaved (crash, closed window): open it again, its draft restored."""
        from liushou_desk.domain.records import KINDS
        from liushou_desk.services import drafts, records

        assert self.archive is not None
        kind, pupil, record = ([*key.split(":"), "", "", ""])[:3]
        if kind not in KINDS:
            drafts.discard_draft(self.archive, key)
            self.due_tab.refresh()
            return
        pupil_id = int(pupil) if pupil.isdigit() else 0
        try:
            existing = records.get_record(self.archive, int(record)) if record.isdigit() else None
        except LookupError:
            existing = None
        if pupil_id and self.roster_tab.model.find(pupil_id) is None:
            self.prompts.info(self, "这份草稿的学生已不在名册中（可能在回收站里）。")
            return
        if pupil_id:
            self.select_pupil(pupil_id)
        self.open_record_form(kind, pupil_id, record=existing)
        self.due_tab.refresh()
