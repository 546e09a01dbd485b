"""关爱记录 (care records) in the main window: the record forms (Ctrl+T 记谈心, Ctrl+K 记沟通,
Ctrl+J 记亲情电话, Ctrl+H 记家访 from anywhere, for the child in view — or after asking which
child), the 待办 items and forms left unsaved, deleting, and a record's earlier versions.
Saving, deleting and their undo steps are use cases in ``ops.records``."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from liushou_desk.domain.records import RecordValues
    from liushou_desk.services.due import DueItem
    from liushou_desk.services.records import RecordView
    from liushou_desk.ui.controllers.context import Context


class RecordsController:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.last_saved: int | None = None  # the id of the record the last form added

    def open_record_form(
        self,
        kind_key: str,
        pupil_id: int,
        *,
        parent_id: int = 0,
        preset: RecordValues | None = None,
        record: RecordView | None = None,
    ) -> bool:
        """Add (or edit) a record; returns True when something was saved."""
        from liushou_desk.domain.records import KINDS
        from liushou_desk.services.archive_info import get_info
        from liushou_desk.services.settings import pick_lists
        from liushou_desk.ui.record_dialog import RecordDialog

        ctx = self.ctx
        kind = KINDS[kind_key]
        pupil = None
        if not kind.class_level:
            pupil = ctx.selection.find_pupil(pupil_id) if pupil_id else None
            if pupil is None:
                ctx.prompts.info(ctx.parent, "请先在班级名册中选择一名学生。")
                return False
        rows = [r for r in ctx.selection.roster_rows() if r.is_active]
        dialog = RecordDialog(
            ctx.archive,
            kind,
            ctx.today,
            ctx.prompts,
            pupil=pupil,
            roster_rows=rows,
            record=record,
            parent_id=parent_id or None,
            preset=preset,
            teacher=self._teacher_for(pupil.id if pupil else 0, kind_key)
            or get_info(ctx.archive).head_teacher,
            choices=pick_lists(ctx.archive),
            people=self._people(pupil.id, kind_key) if pupil is not None else None,
            parent=ctx.parent,
        )
        self.last_saved = None
        if not (ctx.exec_dialog(dialog) and dialog.outcome is not None):
            return False
        value = ctx.settle(dialog.outcome)
        self.last_saved = value if isinstance(value, int) and record is None else None
        return True

    def open_for_child(self, kind_key: str, pupil_id: int | None = None) -> bool:
        """记谈心 / 记沟通 / 记亲情电话 / 记家访 for ``pupil_id`` (the roster's highlighted row) or
        the child in view — highlighted in the roster, or named by 五个清楚 / 成长记录卡. With
        none (a search hides the selected child, nobody selected, the 待办 page), ask which
        child: never a guess."""
        from liushou_desk.domain.records import KINDS
        from liushou_desk.ui.pupil_picker import pick_pupil
        from liushou_desk.ui.roster_tab import WEEKLY_RECORDS

        ctx = self.ctx
        selection = ctx.selection
        pid = selection.child_in_view() if pupil_id is None else pupil_id
        row = selection.find_pupil(pid) if pid else None
        if row is not None and row.is_active:
            return self.open_record_form(kind_key, row.id)
        note = f"{row.name} 已离班，不再添加新记录。" if row is not None else ""
        verb = {k: text for k, text, _keys in WEEKLY_RECORDS}.get(kind_key)
        verb = verb or f"记{KINDS[kind_key].label}"
        pid = pick_pupil(
            selection.roster_rows(),
            f"给哪位学生{verb}？",
            ctx.exec_dialog,
            ctx.parent,
            title=f"{verb} — 选择学生",
            note=note,
        )
        if not pid:
            return False
        selection.select_pupil(pid)  # the roster highlights the child the form is for
        return self.open_record_form(kind_key, pid)

    def _teacher_for(self, pupil_id: int, kind_key: str) -> str:
        """The teacher who holds the child for this kind of work (谈心 → 谈心教师, 一对一帮扶
        → 帮扶教师), to prefill the form; empty: the head teacher's name is used."""
        role = {"talk": "talk", "help_plan": "helper", "plan_check": "helper"}.get(kind_key)
        if not pupil_id or role is None:
            return ""
        from liushou_desk.services.teachers import assignments, list_teachers

        tid = assignments(self.ctx.archive).get(pupil_id, {}).get(role)
        return next((t.name for t in list_teachers(self.ctx.archive) if t.id == tid), "")

    def _people(self, pupil_id: int, kind_key: str) -> dict[str, str] | None:
        """Who 与外出父母 / 与在家监护人 means for this child, from the 五个清楚 (三沟通 only)."""
        if kind_key != "contact":
            return None
        from liushou_desk.domain.enums import ParentSituation
        from liushou_desk.services.profile import load_profile

        draft = load_profile(self.ctx.archive, pupil_id, self.ctx.today()).draft
        parents = [p for p in (draft.father, draft.mother) if p.name]
        away = [p for p in parents if p.situation == ParentSituation.AWAY.value] or parents
        guardian = draft.guardians[0] if draft.guardians else None
        return {
            "与外出父母": "、".join(f"{p.role} {p.name}" for p in away),
            "与在家监护人": f"{guardian.relation} {guardian.name}".strip() if guardian else "",
        }

    def open_due_item(self, item: DueItem) -> None:
        """待办 → the right form for that child, filled in."""
        from liushou_desk.domain.records import (
            COLLECTIVE_BIRTHDAY,
            MONTHLY_MEETING,
            RULE_WORDS,
            RecordValues,
        )
        from liushou_desk.services.settings import rule_words

        selection = self.ctx.selection
        pid = item.pupil_id or 0
        if item.kind in ("family_unknown", "unassessed"):  # 待认定: 批量填写父母外出情况
            from liushou_desk.ui.controllers.families import FamiliesController

            FamiliesController(self.ctx).open_grid()
            return
        if item.kind == "status_review":
            selection.select_pupil(pid)
            selection.show_profile()
            return
        if pid:
            selection.select_pupil(pid)
        left_behind = [r.id for r in selection.roster_rows() if r.is_active and r.is_left_behind]
        preset = None
        if item.kind in ("parent_contact", "rare_calls"):  # 督促 the parents who seldom call
            preset = RecordValues({"party": "与外出父母"})
        elif item.kind == "no_activity":  # an activity with the child ticked
            self.open_record_form("activity", 0, preset=RecordValues(participants=[pid]))
            return
        elif item.kind == "mental_health":
            from liushou_desk.domain.records import MENTAL_HEALTH_LESSON

            word = rule_words(self.ctx.archive).get(MENTAL_HEALTH_LESSON, "心理健康课")
            preset = RecordValues({"activity_kind": word}, participants=left_behind)
        elif item.kind == "guardian_contact":
            preset = RecordValues({"party": "与在家监护人"})
        elif item.kind in ("class_meeting", "birthday"):  # the kind in the teacher's word
            code = MONTHLY_MEETING if item.kind == "class_meeting" else COLLECTIVE_BIRTHDAY
            word = rule_words(self.ctx.archive)[code]
            who = left_behind if item.kind == "class_meeting" else [pid]
            preset = RecordValues({RULE_WORDS[code][0]: word}, participants=who)
            if item.kind == "birthday":
                self.open_record_form("activity", 0, preset=preset)
                return
        if item.form:
            self.open_record_form(item.form, pid, parent_id=item.record_id or 0, preset=preset)

    def edit_record(self, record_id: int) -> None:
        from liushou_desk.services import records

        record = records.get_record(self.ctx.archive, record_id)
        self.open_record_form(record.kind, record.pupil_id or 0, record=record)

    def delete_record(self, record_id: int) -> None:
        from liushou_desk.ops.records import delete_record
        from liushou_desk.services import records

        ctx = self.ctx
        record = records.get_record(ctx.archive, record_id)
        if not ctx.prompts.confirm(
            ctx.parent,
            f"删除这条{record.label}（{record.occurred_on:%Y-%m-%d}）吗？",
            "记录会移入回收站，可以恢复。",
        ):
            return
        ctx.settle(delete_record(ctx.archive, record_id))

    def show_record_history(self, record_id: int) -> None:
        """历史版本: every version side by side, what each changed highlighted."""
        from liushou_desk.services import records
        from liushou_desk.ui.record_history_dialog import RecordHistoryDialog

        ctx = self.ctx
        current = records.get_record(ctx.archive, record_id)
        row = ctx.selection.find_pupil(current.pupil_id) if current.pupil_id else None
        history = records.record_history(ctx.archive, record_id)
        name = row.name if row is not None else ""
        ctx.exec_dialog(RecordHistoryDialog(history, current, name, ctx.parent))

    def open_draft(self, key: str) -> None:
        """A form left unsaved (crash, closed window): open it again, its draft restored."""
        from liushou_desk.domain.records import KINDS
        from liushou_desk.services import drafts, records

        ctx = self.ctx
        kind, pupil, record = ([*key.split(":"), "", "", ""])[:3]
        if kind not in KINDS:
            drafts.discard_draft(ctx.archive, key)
            ctx.selection.refresh_due()
            return
        pupil_id = int(pupil) if pupil.isdigit() else 0
        try:
            existing = records.get_record(ctx.archive, int(record)) if record.isdigit() else None
        except LookupError:
            existing = None
        if pupil_id and ctx.selection.find_pupil(pupil_id) is None:
            ctx.prompts.info(ctx.parent, "这份草稿的学生已不在名册中（可能在回收站里）。")
            return
        if pupil_id:
            ctx.selection.select_pupil(pupil_id)
        self.open_record_form(kind, pupil_id, record=existing)
        ctx.selection.refresh_due()
