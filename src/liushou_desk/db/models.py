"""Database tables of a class archive (班级档案).

One database file holds one class. Every change to a pupil's archive is kept as an
``ArchiveChange`` with its date (动态管理): nothing is overwritten silently.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, deferred, mapped_column, relationship

from liushou_desk.db.types import EnumCode, EnumCodeList
from liushou_desk.db.unique_ids import UNIQUE_IDS, filled
from liushou_desk.domain.enums import (
    AidKind,
    BodyCondition,
    Capacity,
    Enrolment,
    GrandparentRole,
    GuardianRelation,
    GuardianshipType,
    Health,
    IncomeSource,
    LeftBehindKind,
    Literacy,
    ParentRole,
    ParentSituation,
    Schooling,
    Sex,
)

# Columns of a fixed vocabulary store the enum's code (db.types.EnumCode); their declared
# lengths are the original schema's — SQLite does not enforce them, and codes may be longer.

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


# The care records' read indexes (migration 0008 makes them): name, columns — of the live
# records only (LIVE), and the recycle bin's (IN_BIN).
LIVE = "deleted_at IS NULL"
IN_BIN = "deleted_at IS NOT NULL"
LIVE_INDEXES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ix_records_pupil_day", ("pupil_id", "occurred_on")),
    ("ix_records_pupil_kind_day", ("pupil_id", "kind", "occurred_on")),
    ("ix_records_pupil_party_day", ("pupil_id", "party", "occurred_on")),
    ("ix_records_kind_day", ("kind", "occurred_on")),
)


# A text column added to a table that holds rows (0009 on): empty in every row until filled —
# the database's own default too, as SQLite needs one to add a NOT NULL column
FILLED_LATER: dict[str, Any] = {"default": "", "server_default": ""}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class ArchiveInfo(Base):
    """档案信息: school, class and head teacher of this archive (one row)."""

    __tablename__ = "archive_info"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    school: Mapped[str] = mapped_column(String(100), default="")
    class_name: Mapped[str] = mapped_column(String(100), default="")
    head_teacher: Mapped[str] = mapped_column(String(50), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)


class Term(Base):
    """学期: a school term with its dates."""

    __tablename__ = "terms"
    __table_args__ = (UniqueConstraint("school_year", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    school_year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(40))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)


class Pupil(Base):
    """学生: one pupil of the class, with the first four of the five things known."""

    __tablename__ = "pupils"
    # 一人一号: a non-empty 身份证号 / 学籍号 belongs to one pupil, the 回收站 included
    # (db/unique_ids.py; migration 0007 makes them, or records the duplicates it finds)
    __table_args__ = tuple(
        Index(u.index, u.column, unique=True, sqlite_where=text(filled(u.column)))
        for u in UNIQUE_IDS
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # ① 基本信息
    name: Mapped[str] = mapped_column(String(40), index=True)
    search_keys: Mapped[str] = mapped_column(String(400), default="")  # pinyin, kept at save
    sex: Mapped[str] = mapped_column(EnumCode(Sex, 2), default="")
    birth_date: Mapped[date | None] = mapped_column(Date)
    id_number: Mapped[str] = mapped_column(String(18), default="", index=True)
    ethnicity: Mapped[str] = mapped_column(String(20), default="")
    student_number: Mapped[str] = mapped_column(String(40), default="", index=True)
    address: Mapped[str] = mapped_column(String(200), default="")
    village: Mapped[str] = mapped_column(String(100), default="")
    boarding: Mapped[bool] = mapped_column(Boolean, default=False)
    photo: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    # ② ③ ④
    personality: Mapped[str] = mapped_column(Text, default="")
    interests: Mapped[str] = mapped_column(Text, default="")
    strengths: Mapped[str] = mapped_column(Text, default="")
    health_physical: Mapped[str] = mapped_column(Text, default="")
    health_mental: Mapped[str] = mapped_column(Text, default="")
    # 在读状态
    enrolment: Mapped[str] = mapped_column(EnumCode(Enrolment, 10), default=Enrolment.ACTIVE.value)
    left_on: Mapped[date | None] = mapped_column(Date)
    leave_note: Mapped[str] = mapped_column(String(200), default="")
    # 留守认定: computed from the parents' records, optionally overridden with a reason
    computed_kind: Mapped[str] = mapped_column(
        EnumCode(LeftBehindKind, 20), default=LeftBehindKind.NOT.value
    )
    computed_reason: Mapped[str] = mapped_column(String(200), default="")
    override_kind: Mapped[str | None] = mapped_column(EnumCode(LeftBehindKind, 20))
    override_reason: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    # 回收站: a deleted pupil keeps every row; only this date hides them until restored
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    # 附件1《农村留守儿童基本情况登记表》's own fields (0009, added
    # after the columns above; empty until filled: 未填). The
    # address is its 现居住地; 是否登记户口 and 有无委托其他监护人 are None until answered.
    hukou_registered: Mapped[bool | None] = mapped_column(Boolean)
    hukou_place: Mapped[str] = mapped_column(String(200), **FILLED_LATER)  # 户籍所在地
    body_condition: Mapped[str] = mapped_column(EnumCode(BodyCondition, 10), **FILLED_LATER)
    disability: Mapped[str] = mapped_column(String(100), **FILLED_LATER)  # 残疾类别及等级
    illness: Mapped[str] = mapped_column(String(100), **FILLED_LATER)  # 患病类型（重特大疾病）
    schooling: Mapped[str] = mapped_column(EnumCode(Schooling, 20), **FILLED_LATER)  # 就学情况
    guardian_entrusted: Mapped[bool | None] = mapped_column(Boolean)
    guardianship_type: Mapped[str] = mapped_column(  # 监护类型, confirmed by the teacher
        EnumCode(GuardianshipType, 30), **FILLED_LATER
    )
    income_sources: Mapped[str] = mapped_column(EnumCodeList(IncomeSource), **FILLED_LATER)
    aid: Mapped[str] = mapped_column(EnumCodeList(AidKind), **FILLED_LATER)  # 救助帮扶情况
    # 重点帮扶对象 (0010): since when and why (None: not one), and the child's own cadence —
    # JSON {rule code: days}, tighter than the class's (empty: the class's)
    focus_since: Mapped[date | None] = mapped_column(Date)
    focus_reason: Mapped[str] = mapped_column(String(200), **FILLED_LATER)
    cadence: Mapped[str] = mapped_column(String(200), **FILLED_LATER)

    parents: Mapped[list[Parent]] = relationship(
        back_populates="pupil", cascade="all, delete-orphan", order_by="Parent.role"
    )
    guardians: Mapped[list[Guardian]] = relationship(
        back_populates="pupil", cascade="all, delete-orphan", order_by="Guardian.position"
    )
    grandparents: Mapped[list[Grandparent]] = relationship(
        back_populates="pupil", cascade="all, delete-orphan", order_by="Grandparent.id"
    )

    @property
    def effective_kind(self) -> str:
        return self.override_kind or self.computed_kind


class Parent(Base):
    """父亲 / 母亲: contacts and work of one parent (part of ⑤)."""

    __tablename__ = "parents"
    __table_args__ = (UniqueConstraint("pupil_id", "role"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(EnumCode(ParentRole, 4))
    name: Mapped[str] = mapped_column(String(40), default="")
    situation: Mapped[str] = mapped_column(EnumCode(ParentSituation, 20), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    phone2: Mapped[str] = mapped_column(String(30), default="")
    work_province: Mapped[str] = mapped_column(String(40), default="")
    work_city: Mapped[str] = mapped_column(String(40), default="")
    work_unit: Mapped[str] = mapped_column(String(100), default="")
    away_since: Mapped[date | None] = mapped_column(Date)
    expected_return: Mapped[str] = mapped_column(String(60), default="")
    birth_date: Mapped[date | None] = mapped_column(Date)  # 附件1 (0009)
    id_number: Mapped[str] = mapped_column(String(18), **FILLED_LATER)  # 附件1 (0009)

    pupil: Mapped[Pupil] = relationship(back_populates="parents")


class Grandparent(Base):
    """祖父 / 祖母 / 外祖父 / 外祖母 (附件1 家庭情况, 0009): name and birth date, or deceased."""

    __tablename__ = "grandparents"
    __table_args__ = (UniqueConstraint("pupil_id", "role"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(EnumCode(GrandparentRole, 24))
    name: Mapped[str] = mapped_column(String(40), default="")
    birth_date: Mapped[date | None] = mapped_column(Date)
    deceased: Mapped[bool] = mapped_column(Boolean, default=False)

    pupil: Mapped[Pupil] = relationship(back_populates="grandparents")


class Guardian(Base):
    """在家监护人: the at-home guardian(s) (part of ⑤)."""

    __tablename__ = "guardians"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(40), default="")
    relation: Mapped[str] = mapped_column(EnumCode(GuardianRelation, 20), default="")
    age: Mapped[int | None] = mapped_column(Integer)
    phone: Mapped[str] = mapped_column(String(30), default="")
    health: Mapped[str] = mapped_column(EnumCode(Health, 10), default="")
    literacy: Mapped[str] = mapped_column(EnumCode(Literacy, 10), default="")
    capacity: Mapped[str] = mapped_column(EnumCode(Capacity, 10), default="")
    note: Mapped[str] = mapped_column(String(200), default="")
    # 附件1 (0009): the entrusted guardian's 身份证号 and 居住地地址
    id_number: Mapped[str] = mapped_column(String(18), **FILLED_LATER)
    address: Mapped[str] = mapped_column(String(200), **FILLED_LATER)

    pupil: Mapped[Pupil] = relationship(back_populates="guardians")


class ArchiveChange(Base):
    """档案变动记录: one dated change to a pupil's archive (field, old and new value)."""

    __tablename__ = "archive_changes"
    # a child's changes of a term (0008)
    __table_args__ = (Index("ix_archive_changes_pupil_day", "pupil_id", "changed_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id", ondelete="CASCADE"))
    changed_at: Mapped[datetime] = mapped_column(DateTime, index=True)
    kind: Mapped[str] = mapped_column(String(10))  # 建档 / 修改 / 留守认定 / 在读状态
    field: Mapped[str] = mapped_column(String(60), default="")
    label: Mapped[str] = mapped_column(String(60), default="")
    old_value: Mapped[str] = mapped_column(Text, default="")
    new_value: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(String(200), default="")


class CareRecord(Base):
    """关爱记录: one dated record of the care work (a talk, a contact, a visit, a plan …).

    The kind's own fields are kept as JSON text in ``data`` (domain/records.py describes them);
    what the reminders and the timeline query — kind, pupil, date, with whom, due date — are
    real columns. Editing keeps the earlier version in ``record_versions``.
    """

    __tablename__ = "records"
    # Reads bounded by the term or the rule's window (0008): the live records by child, kind,
    # party and day — partial, so a read of the live records never walks the recycle bin's
    # index instead — and the recycle bin's own few rows.
    __table_args__ = (
        *(Index(name, *columns, sqlite_where=text(LIVE)) for name, columns in LIVE_INDEXES),
        Index("ix_records_in_bin", "deleted_at", sqlite_where=text(IN_BIN)),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    pupil_id: Mapped[int | None] = mapped_column(
        ForeignKey("pupils.id", ondelete="CASCADE"), index=True
    )
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("records.id", ondelete="CASCADE"), index=True
    )
    occurred_on: Mapped[date] = mapped_column(Date, index=True)
    party: Mapped[str | None] = mapped_column(String(10))
    due_on: Mapped[date | None] = mapped_column(Date, index=True)
    sensitive: Mapped[bool] = mapped_column(Boolean, default=False)
    data: Mapped[str] = mapped_column(Text, default="{}")
    version: Mapped[int] = mapped_column(Integer, default=1)
    recorded_by: Mapped[str] = mapped_column(String(50), default="")
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime)
    # the teacher of the class who did it (0010; None: the head teacher, or not said)
    teacher_id: Mapped[int | None] = mapped_column(Integer, index=True)


class RecordVersion(Base):
    """记录的历史版本: a record as it was before an edit."""

    __tablename__ = "record_versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("records.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    occurred_on: Mapped[date] = mapped_column(Date)
    sensitive: Mapped[bool] = mapped_column(Boolean, default=False)
    data: Mapped[str] = mapped_column(Text, default="{}")
    replaced_at: Mapped[datetime] = mapped_column(DateTime)


class RecordParticipant(Base):
    """参加者: a pupil who took part in a class activity or meeting."""

    __tablename__ = "record_participants"
    # the activities a child joined, read from the index alone (0008)
    __table_args__ = (Index("ix_record_participants_pupil_record", "pupil_id", "record_id"),)

    record_id: Mapped[int] = mapped_column(
        ForeignKey("records.id", ondelete="CASCADE"), primary_key=True
    )
    pupil_id: Mapped[int] = mapped_column(
        ForeignKey("pupils.id", ondelete="CASCADE"), primary_key=True
    )


class Teacher(Base):
    """任课教师: a teacher of the class, kept once — who may be a child's 帮扶教师, 代理家长 or
    谈心教师, hold planned items and have done records (0010)."""

    __tablename__ = "teachers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str] = mapped_column(String(40), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    # 已调离: kept for the records and plans that name her, offered no more
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime)


class Assignment(Base):
    """分工: the teacher who holds one child in one role (AssignmentRole's code) (0010)."""

    __tablename__ = "assignments"

    pupil_id: Mapped[int] = mapped_column(
        ForeignKey("pupils.id", ondelete="CASCADE"), primary_key=True
    )
    # the role's code (AssignmentRole.code): the services read and write codes here
    role: Mapped[str] = mapped_column(String(20), primary_key=True)
    teacher_id: Mapped[int] = mapped_column(
        ForeignKey("teachers.id", ondelete="CASCADE"), index=True
    )


class PlanItem(Base):
    """计划事项: one dated item of the term plan (学期关爱工作计划) — for the class, or for the
    children in ``plan_item_pupils``. Done: ``record_id`` names the record it became. A repeating
    item is one row per date, sharing ``series`` (the first row's id) (0010)."""

    __tablename__ = "plan_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # PlanKind.code
    title: Mapped[str] = mapped_column(String(100), default="")
    planned_on: Mapped[date] = mapped_column(Date, index=True)
    teacher_id: Mapped[int | None] = mapped_column(ForeignKey("teachers.id", ondelete="SET NULL"))
    for_class: Mapped[bool] = mapped_column(Boolean, default=True)
    series: Mapped[int | None] = mapped_column(Integer, index=True)
    record_id: Mapped[int | None] = mapped_column(ForeignKey("records.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime)
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime)


class PlanItemPupil(Base):
    """计划对象: a child a planned item is for (0010)."""

    __tablename__ = "plan_item_pupils"
    __table_args__ = (Index("ix_plan_item_pupils_pupil", "pupil_id"),)

    plan_item_id: Mapped[int] = mapped_column(
        ForeignKey("plan_items.id", ondelete="CASCADE"), primary_key=True
    )
    pupil_id: Mapped[int] = mapped_column(
        ForeignKey("pupils.id", ondelete="CASCADE"), primary_key=True
    )


class Attachment(Base):
    """成长记录袋的材料: one attachment of a child (0011) — an image (reduced on the way in) or a
    PDF, with a thumbnail for images; the bytes load only when asked for (deferred)."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupils.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # AttachmentKind.code
    title: Mapped[str] = mapped_column(String(100), default="")
    added_on: Mapped[date] = mapped_column(Date)
    mime: Mapped[str] = mapped_column(String(40))  # image/jpeg or application/pdf
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))
    thumb: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime)


class Draft(Base):
    """草稿: an open form's content, saved as the teacher types, until saved or discarded."""

    __tablename__ = "drafts"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    title: Mapped[str] = mapped_column(String(100), default="")
    data: Mapped[str] = mapped_column(Text, default="{}")
    saved_at: Mapped[datetime] = mapped_column(DateTime)


class Setting(Base):
    """设置: one setting of this archive (the pick-lists …), as JSON."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="null")
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class AuditEntry(Base):
    """操作日志: one logged action (an edit, a print, an export, an import, a deletion, a look
    at a sensitive record …). Append-only — triggers refuse updates and deletes — and
    hash-chained: each entry's hash covers its fields and the previous entry's hash."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    actor: Mapped[str] = mapped_column(String(60), default="")
    action: Mapped[str] = mapped_column(String(30))
    target: Mapped[str] = mapped_column(String(200), default="")
    detail: Mapped[str] = mapped_column(Text, default="")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


# The audit log refuses changes (the same SQL as migration 0005 creates).
AUDIT_TRIGGERS = (
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, '操作日志只能追加，不能修改'); END",
    "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, '操作日志只能追加，不能删除'); END",
)
