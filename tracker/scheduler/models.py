from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.assignments.lights import Light
from tracker.assignments.models import Assignment
from tracker.campaigns.models import GATE_KINDS, PHASE_LABELS
from tracker.extensions import db
from tracker.indicators.models import Indicator
from tracker.timeutil import utcnow

FLAG_LABELS = {"overdue": "逾期", "due_soon": "临期"}


class Flag(db.Model):
    """An overdue / due-soon mark on an assignment.

    `open_marker` is 1 while open and NULL once closed: the unique key on
    (assignment, kind, gate_key, open_marker) lets history accumulate but never two open flags at once —
    on SQLite, PostgreSQL and MariaDB alike, since all treat NULLs as distinct in unique keys.
    """

    __tablename__ = "flags"
    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    gate: Mapped[str | None] = mapped_column(String(20))
    gate_key: Mapped[str] = mapped_column(String(20), default="")
    due_on: Mapped[date]
    opened_on: Mapped[date]
    closed_on: Mapped[date | None]
    open_marker: Mapped[int | None] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    assignment: Mapped[Assignment] = relationship()
    __table_args__ = (
        UniqueConstraint("assignment_id", "kind", "gate_key", "open_marker"),
        CheckConstraint("kind IN ('overdue', 'due_soon')", name="kind"),
        CheckConstraint("open_marker IS NULL OR open_marker = 1", name="open_marker"),
        CheckConstraint("(open_marker IS NULL) = (closed_on IS NOT NULL)", name="closed_iff_not_open"),
    )

    @property
    def label(self) -> str:
        return FLAG_LABELS[self.kind]


class JobRun(db.Model):
    """One run of a periodic job on one day; the unique key makes a second run that day a no-op."""

    __tablename__ = "job_runs"
    id: Mapped[int] = mapped_column(primary_key=True)
    job: Mapped[str] = mapped_column(String(50))
    run_on: Mapped[date]
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(10), default="running")
    counts: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    __table_args__ = (UniqueConstraint("job", "run_on"),)


class IndicatorFlag(db.Model):
    """A `behind` indicator flagged ahead of a gate (自查评估, 申报验收): once per indicator and gate, ever.

    The unique key (indicator, gate) is what makes a second sweep, a restart or a second process add nothing.
    """

    __tablename__ = "indicator_flags"
    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id", ondelete="CASCADE"))
    gate: Mapped[str] = mapped_column(String(20))
    gate_on: Mapped[date]
    opened_on: Mapped[date]
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    indicator: Mapped[Indicator] = relationship()
    __table_args__ = (
        UniqueConstraint("indicator_id", "gate"),
        CheckConstraint("gate IN (" + ", ".join(f"'{g}'" for g in GATE_KINDS) + ")", name="gate"),
    )

    @property
    def gate_label(self) -> str:
        return PHASE_LABELS[self.gate]


class LightRecord(db.Model):
    """An assignment's 亮灯 in one month ("2022-05"): the latest sweep's light and the worst seen that month.

    One row per assignment and period (unique key), updated by each sweep of the month — so a unit that
    recovers shows green this month and red in the month it was late.
    """

    __tablename__ = "light_records"
    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id", ondelete="CASCADE"), index=True)
    period: Mapped[str] = mapped_column(String(7))
    light: Mapped[str] = mapped_column(String(10))
    worst: Mapped[str] = mapped_column(String(10))
    as_of: Mapped[date]
    assignment: Mapped[Assignment] = relationship()
    __table_args__ = (
        UniqueConstraint("assignment_id", "period"),
        Light.check("light"),
        Light.check("worst", name="worst"),
    )


class AckFlag(db.Model):
    """An assignment not acknowledged (签收) within its campaign's limit: flagged once per assignment, ever.

    The unique key on the assignment makes a rerun, a restart or a second process add nothing; the flag closes
    (closed_on) when the unit acknowledges or the item is no longer open, and the history stays.
    """

    __tablename__ = "ack_flags"
    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id", ondelete="CASCADE"), unique=True)
    ack_due: Mapped[date]
    opened_on: Mapped[date]
    closed_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    assignment: Mapped[Assignment] = relationship()
    __table_args__ = (CheckConstraint("closed_on IS NULL OR closed_on >= opened_on", name="closed_after_opened"),)
