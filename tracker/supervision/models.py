from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.assignments.models import Assignment
from tracker.auth.models import User
from tracker.campaigns.models import Campaign
from tracker.extensions import db
from tracker.registers.models import RegisterEntry
from tracker.tasks.models import Task
from tracker.timeutil import utcnow
from tracker.units.models import Unit


class Chase(db.Model):
    """催办: a reminder sent by the office about one assignment."""

    __tablename__ = "chases"
    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id", ondelete="CASCADE"), index=True)
    sender_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    message: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    assignment: Mapped[Assignment] = relationship()
    sender: Mapped[User | None] = relationship()


class Circular(db.Model):
    """通报: a numbered progress circular, with a snapshot of its figures as issued."""

    __tablename__ = "circulars"
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"))
    number: Mapped[int]
    as_of: Mapped[date]
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # its 文号 in the 发文登记 (None for circulars issued before the register existed)
    register_entry_id: Mapped[int | None] = mapped_column(ForeignKey("register_entries.id"), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    campaign: Mapped[Campaign] = relationship()
    register_entry: Mapped[RegisterEntry | None] = relationship()
    __table_args__ = (UniqueConstraint("campaign_id", "number"),)


class Instruction(db.Model):
    """批示: a leader's comment or order on a task or a unit."""

    __tablename__ = "instructions"
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    task_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    author: Mapped[User | None] = relationship()
    task: Mapped[Task | None] = relationship()
    unit: Mapped[Unit | None] = relationship()
    __table_args__ = (CheckConstraint("task_id IS NOT NULL OR unit_id IS NOT NULL", name="has_target"),)


class Inspection(db.Model):
    """督查: a recorded inspection visit; its findings become rectification tasks."""

    __tablename__ = "inspections"
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), index=True)
    held_on: Mapped[date]
    units_visited: Mapped[str] = mapped_column(Text, default="")  # 被督查单位
    team: Mapped[str] = mapped_column(Text, default="", server_default="")  # 督查组 (who inspected)
    findings: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Rectification(db.Model):
    """整改事项: a task (category 整改事项) created from an inspection finding or from points lost in 初验."""

    __tablename__ = "rectifications"
    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), unique=True)
    inspection_id: Mapped[int | None] = mapped_column(ForeignKey("inspections.id", ondelete="SET NULL"), index=True)
    source_task_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    task: Mapped[Task] = relationship(foreign_keys=[task_id])
    inspection: Mapped[Inspection | None] = relationship()
    source_task: Mapped[Task | None] = relationship(foreign_keys=[source_task_id])


class CriticismProposal(db.Model):
    """A unit proposed for the next 通报批评 (by the escalation ladder); the next circular that criticises the unit
    takes it up (`circular_id`)."""

    __tablename__ = "criticism_proposals"
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    assignment_id: Mapped[int | None] = mapped_column(ForeignKey("assignments.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(String(200))
    proposed_on: Mapped[date]
    circular_id: Mapped[int | None] = mapped_column(ForeignKey("circulars.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
