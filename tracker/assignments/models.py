from datetime import datetime

from sqlalchemy import ForeignKey, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.auth.models import User
from tracker.extensions import db
from tracker.tasks.models import Assignment
from tracker.timeutil import utcnow


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
    assignment: Mapped[Assignment] = relationship()
    author: Mapped[User | None] = relationship()
