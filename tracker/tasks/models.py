import hashlib
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Index, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.campaigns.models import Campaign
from tracker.enums import LabeledEnum
from tracker.extensions import db
from tracker.timeutil import utcnow

if TYPE_CHECKING:
    from tracker.assignments.models import Assignment


def title_key(title: str) -> str:
    """A fixed-length key for matching tasks by title (TEXT columns cannot be uniquely indexed everywhere)."""
    return hashlib.sha256(" ".join(title.split()).encode()).hexdigest()


class CoSubmission(LabeledEnum):
    """How a task's co-units (配合单位) report; a task without a choice follows its campaign."""

    SEPARATE = "separate", "配合单位单独提交审核"
    FEED = "feed", "配合单位随牵头单位提交"


class Category(db.Model):
    """A group of tasks (类别), e.g. 领导重视."""

    __tablename__ = "categories"
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    sequence: Mapped[int] = mapped_column(default=0)
    campaign: Mapped[Campaign] = relationship()
    __table_args__ = (UniqueConstraint("campaign_id", "name"),)


# what a task's 分值 and 完成时限 may be (the list parser, the task form and a CHECK in the database agree)
POINTS_MAX = Decimal("99999.99")  # Numeric(7, 2)
DEADLINE_MIN, DEADLINE_MAX = date(1990, 1, 1), date(2100, 12, 31)


def points_problem(points: Decimal | None) -> str | None:
    """Why `points` cannot be a 分值 (negative, not finite, too large, more than two decimals), or None."""
    if points is None:
        return None
    points = points if isinstance(points, Decimal) else Decimal(str(points))
    if not points.is_finite():
        return "分值应为数字（不能是无穷大或 NaN）。"
    if points < 0:
        return "分值不能小于 0。"
    if points > POINTS_MAX:
        return f"分值不能大于 {POINTS_MAX}。"
    if points != points.quantize(Decimal("0.01")):
        return "分值最多保留两位小数。"
    return None


def deadline_problem(deadline: date | None) -> str | None:
    """Why `deadline` cannot be a 完成时限 (outside 1990–2100: a typo or a date Excel made from a number)."""
    if deadline is None or DEADLINE_MIN <= deadline <= DEADLINE_MAX:
        return None
    return f"完成时限 {deadline.isoformat()} 不在 {DEADLINE_MIN.year} 年至 {DEADLINE_MAX.year} 年之间。"


class Task(db.Model):
    """One row of the responsibility list (创建任务)."""

    __tablename__ = "tasks"
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"))
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id"))
    sequence: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(Text)
    title_key: Mapped[str] = mapped_column(String(64))
    deadline: Mapped[date | None]
    deadline_text: Mapped[str | None] = mapped_column(String(50))
    points: Mapped[Decimal | None] = mapped_column(Numeric(7, 2))
    source_row: Mapped[int | None]
    # None: the campaign's setting (Campaign.co_units_submit_separately) decides
    co_submission: Mapped[str | None] = mapped_column(String(10))
    # a 议定事项 of a joint meeting (tracker/meetings); named by table so that tasks does not import meetings
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    campaign: Mapped[Campaign] = relationship()
    category: Mapped[Category] = relationship()
    assignments: Mapped[list["Assignment"]] = relationship(
        back_populates="task", cascade="all, delete-orphan", order_by="Assignment.position"
    )
    __table_args__ = (
        UniqueConstraint("category_id", "title_key"),
        Index("ix_tasks_campaign_sequence", "campaign_id", "sequence"),  # the task list, in list order
        CheckConstraint("points IS NULL OR points >= 0", name="points_nonnegative"),
        CheckConstraint("points IS NULL OR points <= 99999.99", name="points_max"),
        CheckConstraint("deadline IS NULL OR (deadline >= '1990-01-01' AND deadline <= '2100-12-31')",
                        name="deadline_range"),
        CoSubmission.check("co_submission"),
    )

    def set_title(self, title: str) -> None:
        self.title = title
        self.title_key = title_key(title)

    @property
    def lead(self) -> "Assignment | None":
        return next((a for a in self.assignments if a.role == "lead"), None)
