from datetime import datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.assignments.models import Assignment
from tracker.auth.models import User
from tracker.extensions import db
from tracker.tasks.models import Task
from tracker.timeutil import utcnow

DECISION_LABELS = {"approve": "通过", "return": "退回"}


class Review(db.Model):
    """The office's decision on a submission: 通过 (approve) or 退回 (return, with a reason)."""

    __tablename__ = "reviews"
    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id", ondelete="CASCADE"), index=True)
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decision: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    assignment: Mapped[Assignment] = relationship()
    reviewer: Mapped[User | None] = relationship()
    __table_args__ = (
        CheckConstraint("decision IN ('approve', 'return')", name="decision"),
        CheckConstraint("decision = 'approve' OR reason <> ''", name="return_has_reason"),
    )

    @property
    def decision_label(self) -> str:
        return DECISION_LABELS[self.decision]


class TaskScore(db.Model):
    """初验 score of a task (0..points) with a comment."""

    __tablename__ = "task_scores"
    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), unique=True)
    score: Mapped[Decimal] = mapped_column(Numeric(7, 2))
    comment: Mapped[str] = mapped_column(Text, default="")
    scorer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    task: Mapped[Task] = relationship()
    __table_args__ = (CheckConstraint("score >= 0", name="score_nonnegative"),)
