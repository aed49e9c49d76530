"""A 督办事项 (supervision item): one task registered under a 统一编号, with where it came from.

The item is one-to-one with a task: its content is the task's title, its 主办/协办 units are the task's lead and
co-units, its 办理时限 is the task's deadline. So it is assigned, flagged, lit, laddered, reviewed (办结审核) and
exported like any task, with no special case in the core; this row only adds the number, the source and its
details, and the 办复要求. Ordinary tasks with no item come from the 责任清单 (the implicit source of filters).
"""
from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.auth.models import User
from tracker.enums import LabeledEnum
from tracker.extensions import db
from tracker.meetings.models import Meeting
from tracker.registers.models import RegisterEntry
from tracker.supervision.models import Inspection, Instruction
from tracker.tasks.models import Task
from tracker.timeutil import utcnow


class Source(LabeledEnum):
    """Where a 督办事项 comes from."""

    INSTRUCTION = "instruction", "领导批示"
    MEETING = "meeting", "会议议定"
    INSPECTION = "inspection", "督查发现"


LIST_SOURCE = "list"  # an ordinary task of the 责任清单 (no item row): the fourth choice of the source filters
SOURCE_FILTERS = {LIST_SOURCE: "责任清单", **Source.labels()}


class Urgency(LabeledEnum):
    """紧急程度 of a 领导批示, each with a default 办理时限 in working days (tracker/items/urgency.py)."""

    EXTRA_URGENT = "extra_urgent", "特急"
    URGENT = "urgent", "紧急"
    NORMAL = "normal", "一般"


class SupervisionItem(db.Model):
    """督办事项: a task with its 统一编号 (a 发文登记 entry of kind 督办事项), source and 办复要求."""

    __tablename__ = "supervision_items"
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), index=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), unique=True)
    register_entry_id: Mapped[int] = mapped_column(ForeignKey("register_entries.id"), unique=True)
    source: Mapped[str] = mapped_column(String(20))
    # 领导批示: who instructed, what and when, how urgent (the 批示 recorded in the tracker, when there is one)
    leader_name: Mapped[str | None] = mapped_column(String(50))
    instruction_text: Mapped[str | None] = mapped_column(Text)
    instructed_on: Mapped[date | None]
    urgency: Mapped[str | None] = mapped_column(String(20))
    instruction_id: Mapped[int | None] = mapped_column(ForeignKey("instructions.id", ondelete="SET NULL"),
                                                       unique=True)
    # 会议议定: the meeting that decided it; 督查发现: the inspection that found it
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id", ondelete="SET NULL"), index=True)
    inspection_id: Mapped[int | None] = mapped_column(ForeignKey("inspections.id", ondelete="SET NULL"), index=True)
    reply_requirement: Mapped[str] = mapped_column(Text, default="")  # 办复要求
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    task: Mapped[Task] = relationship()
    register_entry: Mapped[RegisterEntry] = relationship()
    instruction: Mapped[Instruction | None] = relationship()
    meeting: Mapped[Meeting | None] = relationship()
    inspection: Mapped[Inspection | None] = relationship()
    created_by: Mapped[User | None] = relationship()
    __table_args__ = (
        Source.check("source"),
        Urgency.check("urgency"),
        CheckConstraint("source <> 'instruction' OR (leader_name IS NOT NULL AND instructed_on IS NOT NULL "
                        "AND urgency IS NOT NULL)", name="instruction_details"),
    )

    @property
    def number(self) -> str:
        return self.register_entry.number_text

    @property
    def source_label(self) -> str:
        return Source(self.source).label

    @property
    def urgency_label(self) -> str:
        return Urgency(self.urgency).label if self.urgency else ""


class UrgencyLimit(db.Model):
    """A campaign's own 办理时限 for an urgency (working days from the 批示's date), over the defaults."""

    __tablename__ = "urgency_limits"
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"))
    urgency: Mapped[str] = mapped_column(String(20))
    workdays: Mapped[int]
    __table_args__ = (UniqueConstraint("campaign_id", "urgency"), Urgency.check("urgency"),
                      CheckConstraint("workdays >= 1 AND workdays <= 250", name="workdays_range"))


# The task's item, mapped from here (SQLAlchemy's way to add a relationship from a module above): the assignment
# page and the task list read a task's 编号 and 办复要求 in the queries they already send.
Task.supervision_item = relationship(SupervisionItem, uselist=False, viewonly=True)
