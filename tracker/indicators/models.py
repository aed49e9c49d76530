"""Target indicators (目标指标): the plan's numbers, their milestones, the units that report them, their values.

An indicator belongs to the container its campaign's tasks belong to (`campaign_id`), so whatever owns tasks
(a creation campaign, a joint-meeting body's container) owns indicators the same way, without another column.
"""
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.auth.models import User
from tracker.campaigns.models import Campaign
from tracker.enums import LabeledEnum
from tracker.evidence.models import Evidence
from tracker.extensions import db
from tracker.indicators.status import Direction, Target
from tracker.timeutil import utcnow
from tracker.units.models import Unit

AMOUNT = Numeric(18, 4)  # 870,000 people and 4.7 托位 alike


class ValueStatus(LabeledEnum):
    """A reported value: the office approves it (only approved values count) or returns it with a reason."""

    SUBMITTED = "submitted", "待审核"
    APPROVED = "approved", "已通过"
    RETURNED = "returned", "已退回"


class Indicator(db.Model):
    """One of the plan's numbers: 新增托位 ≥ 400 by 2021-12-31, ≥ 500 by 2022-12-31 …

    Without milestones it is a plain reported figure (常住人口, an input of a formula): no_data or on_track.
    """

    __tablename__ = "indicators"
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    measure: Mapped[str] = mapped_column(String(20))  # 个, ‰, %, 所, 人 …
    direction: Mapped[str] = mapped_column(String(10), default=Direction.AT_LEAST.value)
    baseline: Mapped[Decimal | None] = mapped_column(AMOUNT)
    formula: Mapped[str | None] = mapped_column(Text)  # a derived indicator: computed, never reported
    sequence: Mapped[int] = mapped_column(default=0)
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    campaign: Mapped[Campaign] = relationship()
    milestones: Mapped[list["Milestone"]] = relationship(
        back_populates="indicator", cascade="all, delete-orphan", order_by="Milestone.due_on")
    responsibilities: Mapped[list["IndicatorUnit"]] = relationship(
        back_populates="indicator", cascade="all, delete-orphan", order_by="IndicatorUnit.position")
    # read-only, in order: the visibility policy reads it (a unit sees the indicators it reports)
    responsible_units: Mapped[list[Unit]] = relationship(
        secondary="indicator_units", viewonly=True, order_by="IndicatorUnit.position")
    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        UniqueConstraint("campaign_id", "name"),
        Direction.check("direction"),
    )

    @property
    def derived(self) -> bool:
        return bool(self.formula)

    @property
    def direction_label(self) -> str:
        return Direction(self.direction).label

    def targets(self) -> list[Target]:
        return [Target(m.due_on, m.target) for m in self.milestones]


class Milestone(db.Model):
    """A target value and the date it is due: 2021-12-31 → 400."""

    __tablename__ = "indicator_milestones"
    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id", ondelete="CASCADE"), index=True)
    due_on: Mapped[date]
    target: Mapped[Decimal] = mapped_column(AMOUNT)
    indicator: Mapped[Indicator] = relationship(back_populates="milestones")
    __table_args__ = (UniqueConstraint("indicator_id", "due_on"),)


class IndicatorUnit(db.Model):
    """A unit responsible for reporting an indicator; position 0 is the lead (listed first)."""

    __tablename__ = "indicator_units"
    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    indicator: Mapped[Indicator] = relationship(back_populates="responsibilities")
    unit: Mapped[Unit] = relationship()
    __table_args__ = (UniqueConstraint("indicator_id", "unit_id"),)


class IndicatorValue(db.Model):
    """A value a unit reports as of a date, with a note and evidence files; counts once approved."""

    __tablename__ = "indicator_values"
    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicators.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    value: Mapped[Decimal] = mapped_column(AMOUNT)
    as_of: Mapped[date]
    note: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(10), default=ValueStatus.SUBMITTED.value, index=True)
    reason: Mapped[str] = mapped_column(Text, default="")  # why it was returned
    reported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reported_at: Mapped[datetime] = mapped_column(default=utcnow)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reviewed_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(default=1)
    indicator: Mapped[Indicator] = relationship()
    unit: Mapped[Unit] = relationship()
    reported_by: Mapped[User | None] = relationship(foreign_keys=[reported_by_id])
    reviewed_by: Mapped[User | None] = relationship(foreign_keys=[reviewed_by_id])
    files: Mapped[list["ValueEvidence"]] = relationship(
        back_populates="value", cascade="all, delete-orphan", order_by="ValueEvidence.id")
    # read-only: the units responsible for the indicator (the visibility policy reads it)
    responsible_units: Mapped[list[Unit]] = relationship(
        secondary="indicator_units", primaryjoin="IndicatorValue.indicator_id == IndicatorUnit.indicator_id",
        secondaryjoin="IndicatorUnit.unit_id == Unit.id", viewonly=True)
    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        ValueStatus.check("status"),
        CheckConstraint("status <> 'returned' OR reason <> ''", name="returned_has_reason"),
    )

    @property
    def status_label(self) -> str:
        return ValueStatus(self.status).label

    @property
    def approved(self) -> bool:
        return self.status == ValueStatus.APPROVED


class ValueEvidence(db.Model):
    """A file of the unit's evidence library attached to a reported value."""

    __tablename__ = "indicator_value_evidence"
    id: Mapped[int] = mapped_column(primary_key=True)
    value_id: Mapped[int] = mapped_column(ForeignKey("indicator_values.id", ondelete="CASCADE"), index=True)
    evidence_id: Mapped[int] = mapped_column(ForeignKey("evidence.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    value: Mapped[IndicatorValue] = relationship(back_populates="files")
    evidence: Mapped[Evidence] = relationship()
    __table_args__ = (UniqueConstraint("value_id", "evidence_id"),)
