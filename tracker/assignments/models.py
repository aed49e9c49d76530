"""The core: an assignment (a task given to one unit), its role and status, and its progress reports."""
from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.auth.models import User
from tracker.enums import LabeledEnum
from tracker.extensions import db
from tracker.tasks.models import Task
from tracker.timeutil import utcnow
from tracker.units.models import Unit


class Role(LabeledEnum):
    LEAD = "lead", "牵头"
    CO = "co", "配合"


class Status(LabeledEnum):
    NOT_STARTED = "not_started", "未开始"
    IN_PROGRESS = "in_progress", "推进中"
    SUBMITTED = "submitted", "已提交"
    RETURNED = "returned", "已退回"
    APPROVED = "approved", "已通过"
    CLOSED_WITH_LEAD = "closed_with_lead", "随牵头办结"  # a co-unit's part, closed by the lead's approval


# open = work not yet submitted, approved or closed with the lead (the due-date rule counts these as
# overdue once past due). Who actually owes it is `tracker.assignments.states.owes_work`.
OPEN_STATUSES = (Status.NOT_STARTED, Status.IN_PROGRESS, Status.RETURNED)
# done = counts as completed in rates: approved, or closed when the lead's submission was approved
DONE_STATUSES = (Status.APPROVED, Status.CLOSED_WITH_LEAD)
STATUSES = Status.values()
STATUS_LABELS = Status.labels()
ROLES = Role.values()
ROLE_LABELS = Role.labels()


class Assignment(db.Model):
    """A task given to one unit (任务分解到单位); carries its own status, progress and evidence."""

    __tablename__ = "assignments"
    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    role: Mapped[str] = mapped_column(String(10))
    position: Mapped[int] = mapped_column(default=0)
    status: Mapped[str] = mapped_column(String(20), default=Status.NOT_STARTED.value)
    version: Mapped[int] = mapped_column(default=1)
    due_on: Mapped[date | None]  # its own due date (an approved extension); see assignments/due.py
    submit_summary: Mapped[str | None] = mapped_column(Text)
    submitted_at: Mapped[datetime | None]
    chase_count: Mapped[int] = mapped_column(default=0)
    # 签收: when the unit acknowledged receipt (one click, or implicitly by starting work); see acknowledgement.py
    acknowledged_at: Mapped[datetime | None]
    acknowledged_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    task: Mapped[Task] = relationship(back_populates="assignments")
    unit: Mapped[Unit] = relationship()
    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        UniqueConstraint("task_id", "unit_id"),
        Index("ix_assignments_status_submitted_at", "status", "submitted_at"),  # the review queue, oldest first
        Role.check("role"),
        Status.check("status"),
    )

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def role_label(self) -> str:
        return ROLE_LABELS[self.role]


class ProgressUpdate(db.Model):
    """A progress report in the standard triple: 进展情况 / 存在问题 / 下步打算."""

    __tablename__ = "progress_updates"
    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    progress: Mapped[str] = mapped_column(Text)
    problems: Mapped[str] = mapped_column(Text, default="")
    next_steps: Mapped[str] = mapped_column(Text, default="")
    # "无变化": the unit confirmed with one click that nothing changed since its last report (texts carried over)
    no_change: Mapped[bool] = mapped_column(default=False, server_default=false())
    assignment: Mapped[Assignment] = relationship()
    author: Mapped[User | None] = relationship()


class ExtensionStatus(LabeledEnum):
    PENDING = "pending", "待审批"
    APPROVED = "approved", "已批准"
    REFUSED = "refused", "未批准"


class ExtensionRequest(db.Model):
    """延期申请: a unit asks for a new due date before its due date; the office approves or refuses.

    `pending_marker` is 1 while pending and NULL once decided: the unique key (assignment, pending_marker) keeps
    at most one pending request per assignment on every database (NULLs are distinct in unique keys).
    """

    __tablename__ = "extension_requests"
    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id", ondelete="CASCADE"), index=True)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    original_due: Mapped[date]  # the due date when asked (assignments/due.py)
    new_due: Mapped[date]
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default=ExtensionStatus.PENDING.value)
    pending_marker: Mapped[int | None] = mapped_column(default=1)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None]
    decision_reason: Mapped[str] = mapped_column(Text, default="")
    assignment: Mapped[Assignment] = relationship()
    requested_by: Mapped[User | None] = relationship(foreign_keys=[requested_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
    __table_args__ = (
        UniqueConstraint("assignment_id", "pending_marker"),
        ExtensionStatus.check("status"),
        CheckConstraint("new_due > original_due", name="later_date"),
        CheckConstraint("pending_marker IS NULL OR pending_marker = 1", name="pending_marker"),
        CheckConstraint("(pending_marker IS NULL) = (status <> 'pending')", name="pending_iff_marker"),
    )

    @property
    def status_label(self) -> str:
        return ExtensionStatus.labels()[self.status]
