"""A campaign's ladder (steps), what each assignment has been through (records) and the office's pauses."""
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.assignments.models import Assignment
from tracker.auth.models import User
from tracker.campaigns.models import Campaign
from tracker.enums import LabeledEnum
from tracker.extensions import db
from tracker.registers.models import RegisterEntry
from tracker.supervision.models import Chase
from tracker.timeutil import utcnow


class Trigger(LabeledEnum):
    BEFORE_DUE = "before_due", "完成时限前 N 个工作日"
    DAY_AFTER = "day_after", "逾期次日"
    OVERDUE = "overdue", "逾期 N 个工作日"


class Colour(LabeledEnum):
    """三色督办单: 蓝 before the due date, 黄 behind schedule (from the day after), 红 overdue for N working days."""

    BLUE = "blue", "蓝色督办单"
    YELLOW = "yellow", "黄色督办单"
    RED = "red", "红色督办单"


COLOUR_OF_TRIGGER = {Trigger.BEFORE_DUE: Colour.BLUE, Trigger.DAY_AFTER: Colour.YELLOW, Trigger.OVERDUE: Colour.RED}


class EscalationStep(db.Model):
    """One rung: when (trigger, N working days) and what (remind, 催办通知书 copied to the 分管领导, propose for
    the next 通报批评, a 督办单 in the trigger's colour). Steps are switched off, never deleted (records keep them)."""

    __tablename__ = "escalation_steps"
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), index=True)
    trigger: Mapped[str] = mapped_column("trigger_kind", String(20))  # TRIGGER is a reserved word in MariaDB
    days: Mapped[int] = mapped_column(default=0)
    remind: Mapped[bool] = mapped_column(default=True)
    urge_notice: Mapped[bool] = mapped_column(default=False)
    propose_criticism: Mapped[bool] = mapped_column(default=False)
    issue_notice: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True, server_default=true())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    __table_args__ = (UniqueConstraint("campaign_id", "trigger_kind", "days"), Trigger.check("trigger_kind"),
                      CheckConstraint("days >= 0 AND days <= 60", name="days_range"))

    @property
    def colour(self) -> Colour:
        return COLOUR_OF_TRIGGER[Trigger(self.trigger)]

    @property
    def label(self) -> str:
        if self.trigger == Trigger.BEFORE_DUE:
            return f"完成时限前 {self.days} 个工作日" if self.days else "完成时限当日"
        if self.trigger == Trigger.DAY_AFTER:
            return "逾期次日"
        return f"逾期 {self.days} 个工作日"

    @property
    def actions(self) -> list[str]:
        out = ["站内及渠道提醒"] if self.remind else []
        out += ["催办通知书（抄送分管领导）"] if self.urge_notice else []
        out += ["列入下期通报批评建议"] if self.propose_criticism else []
        out += [self.colour.label] if self.issue_notice else []
        return out


class EscalationRecord(db.Model):
    """A step taken for an assignment (or passed over, when a later step was due at once): once, by the key."""

    __tablename__ = "escalation_records"
    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id", ondelete="CASCADE"), index=True)
    step_id: Mapped[int] = mapped_column(ForeignKey("escalation_steps.id", ondelete="CASCADE"))
    fired_on: Mapped[date]
    skipped: Mapped[bool] = mapped_column(default=False)
    chase_id: Mapped[int | None] = mapped_column(ForeignKey("chases.id", ondelete="SET NULL"))
    notice_entry_id: Mapped[int | None] = mapped_column(ForeignKey("register_entries.id"))
    urge_entry_id: Mapped[int | None] = mapped_column(ForeignKey("register_entries.id"))
    # what the documents print (the unit, its 分管领导, the task, due date, state on the day): they are rebuilt from it
    snapshot: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    assignment: Mapped[Assignment] = relationship()
    step: Mapped[EscalationStep] = relationship()
    chase: Mapped[Chase | None] = relationship()
    notice_entry: Mapped[RegisterEntry | None] = relationship(foreign_keys=[notice_entry_id])
    urge_entry: Mapped[RegisterEntry | None] = relationship(foreign_keys=[urge_entry_id])
    __table_args__ = (UniqueConstraint("assignment_id", "step_id"),)


class EscalationPause(db.Model):
    """The office holds the ladder for one assignment, with a reason (audited); removing it resumes the ladder."""

    __tablename__ = "escalation_pauses"
    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id", ondelete="CASCADE"), unique=True)
    reason: Mapped[str] = mapped_column(Text)
    paused_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    paused_at: Mapped[datetime] = mapped_column(default=utcnow)
    paused_by: Mapped[User | None] = relationship()


# Declarative maps these on the core's classes when they are set (SQLAlchemy's way to add a relationship from a
# module above, as tracker/meetings does for Campaign.members): read-only, for the assignment page to load an
# item's ladder — its steps taken with their documents, its pause, the campaign's steps — in the query that
# loads the assignment (tracker/escalation/page.py).
Assignment.escalation_records = relationship(EscalationRecord, viewonly=True, order_by=EscalationRecord.id)
Assignment.escalation_pause = relationship(EscalationPause, uselist=False, viewonly=True)
Campaign.escalation_steps = relationship(EscalationStep, viewonly=True, order_by=EscalationStep.id)
