"""A campaign's progress cycle (进展报送周期) and the reminders the sweep sent, once per period and unit."""
from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tracker.enums import LabeledEnum
from tracker.extensions import db
from tracker.timeutil import utcnow


class CycleKind(LabeledEnum):
    MONTHLY = "monthly", "每月"
    WEEKLY = "weekly", "每周"


class ProgressCadence(db.Model):
    """A campaign requires one progress update per open assignment per period: monthly by a day of the month
    (`day` 1–28, e.g. 25) or weekly by weekday (`day` 0 = Monday … 6 = Sunday). No row, or `enabled` false: off.

    `min_interval_days` caps the frequency: no more than one required update per that many days (0: no cap);
    a cycle denser than the cap is refused. `remind_days`: the sweep reminds units that have not reported this
    many days before the period's due date (0: on the day).
    """

    __tablename__ = "progress_cadences"
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), unique=True)
    enabled: Mapped[bool] = mapped_column(default=False)
    kind: Mapped[str] = mapped_column(String(10), default=CycleKind.MONTHLY.value)
    day: Mapped[int] = mapped_column(default=25)
    min_interval_days: Mapped[int] = mapped_column(default=7)
    remind_days: Mapped[int] = mapped_column(default=3)
    starts_on: Mapped[date | None]  # the day it was switched on or changed: no period that began before is asked
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    __table_args__ = (
        CycleKind.check("kind"),
        CheckConstraint("(kind = 'monthly' AND day BETWEEN 1 AND 28) OR (kind = 'weekly' AND day BETWEEN 0 AND 6)",
                        name="day_range"),
        CheckConstraint("min_interval_days BETWEEN 0 AND 90", name="cap_range"),
        CheckConstraint("remind_days BETWEEN 0 AND 10", name="remind_range"),
    )


class CycleReminder(db.Model):
    """The sweep's reminder to one unit for one period: the unique key makes it once, across reruns."""

    __tablename__ = "cycle_reminders"
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), index=True)
    period: Mapped[str] = mapped_column(String(10))
    due_on: Mapped[date]
    sent_on: Mapped[date]
    assignments: Mapped[int] = mapped_column(default=0)  # how many updates it asked for
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    __table_args__ = (UniqueConstraint("campaign_id", "period", "unit_id"),)
