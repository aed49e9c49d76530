"""Report cycles (履职情况 / 自评报告): who owes a report by when, the reports, and the reminders sent.

A cycle belongs to a campaign — a creation campaign or a joint-meeting body (a Campaign too) — and names the
units that owe a report *explicitly* (`report_cycle_units`): a later change in membership or in the list
never changes who owed an earlier cycle. One report per cycle and unit (unique key). Reminders and
missing-report flags are rows with a unique key (cycle, unit, kind): a rerun, a restart or a second scheduler
sends each one once.
"""
from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.auth.models import User
from tracker.campaigns.models import Campaign
from tracker.enums import LabeledEnum
from tracker.evidence.models import Evidence
from tracker.extensions import db
from tracker.timeutil import utcnow
from tracker.units.models import Unit


class Recurrence(LabeledEnum):
    NONE = "none", "不重复"
    HALF_YEAR = "half_year", "每半年"


class CycleKind(LabeledEnum):
    """What a cycle collects: a performance report (履职情况) or a campaign's self-assessment (自评报告)."""

    PERFORMANCE = "performance", "履职情况报告"
    SELF_ASSESSMENT = "self_assessment", "创建总结 / 自评报告"


class ReportStatus(LabeledEnum):
    SUBMITTED = "submitted", "已报送"
    RETURNED = "returned", "已退回"
    ACCEPTED = "accepted", "已采用"


class NoticeKind(LabeledEnum):
    REMINDER = "reminder", "到期提醒"
    MISSING = "missing", "逾期未报"


class ReportCycle(db.Model):
    """One round of reports: 2022年上半年, due 2022-07-10, owed by the units listed in report_cycle_units."""

    __tablename__ = "report_cycles"
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20), default=CycleKind.PERFORMANCE.value)
    period_from: Mapped[date]  # the progress reported in this window pre-fills the form
    period_to: Mapped[date]
    due_on: Mapped[date]
    remind_days: Mapped[int] = mapped_column(default=3)  # the reminder goes out this many days before due_on
    recurrence: Mapped[str] = mapped_column(String(20), default=Recurrence.NONE.value)
    # the cycle this one was created after (recurrence): unique, so the next cycle is created once
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("report_cycles.id", ondelete="SET NULL"), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)
    campaign: Mapped[Campaign] = relationship()
    owed: Mapped[list["CycleUnit"]] = relationship(
        back_populates="cycle", cascade="all, delete-orphan", order_by="CycleUnit.position")
    # read-only, in order: the visibility policy reads it (a unit sees the cycles it owes)
    responsible_units: Mapped[list[Unit]] = relationship(
        secondary="report_cycle_units", viewonly=True, order_by="CycleUnit.position")
    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        UniqueConstraint("campaign_id", "name"),
        CheckConstraint("period_from <= period_to", name="period_ordered"),
        CheckConstraint("remind_days >= 0 AND remind_days <= 60", name="remind_days_range"),
        Recurrence.check("recurrence"),
        CycleKind.check("kind"),
    )

    @property
    def kind_label(self) -> str:
        return CycleKind(self.kind).label

    @property
    def recurrence_label(self) -> str:
        return Recurrence(self.recurrence).label


class CycleUnit(db.Model):
    """A unit that owes a report in a cycle (stored, so membership changes later are visible, not silent)."""

    __tablename__ = "report_cycle_units"
    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("report_cycles.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    cycle: Mapped[ReportCycle] = relationship(back_populates="owed")
    unit: Mapped[Unit] = relationship()
    __table_args__ = (UniqueConstraint("cycle_id", "unit_id"),)


class Report(db.Model):
    """A unit's report in a cycle: text and files; submitted, returned (with the reason) or accepted."""

    __tablename__ = "reports"
    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("report_cycles.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default=ReportStatus.SUBMITTED.value)
    reason: Mapped[str] = mapped_column(Text, default="")  # why it was returned (kept after a resubmission)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    first_submitted_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reviewed_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(default=1)
    cycle: Mapped[ReportCycle] = relationship()
    unit: Mapped[Unit] = relationship()
    submitted_by: Mapped[User | None] = relationship(foreign_keys=[submitted_by_id])
    reviewed_by: Mapped[User | None] = relationship(foreign_keys=[reviewed_by_id])
    files: Mapped[list["ReportFile"]] = relationship(
        back_populates="report", cascade="all, delete-orphan", order_by="ReportFile.id")
    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        UniqueConstraint("cycle_id", "unit_id"),
        ReportStatus.check("status"),
        CheckConstraint("status <> 'returned' OR reason <> ''", name="returned_has_reason"),
    )

    @property
    def status_label(self) -> str:
        return ReportStatus(self.status).label

    @property
    def counts_as_reported(self) -> bool:
        return self.status != ReportStatus.RETURNED


class ReportFile(db.Model):
    """A file of the unit's evidence library attached to its report."""

    __tablename__ = "report_files"
    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    evidence_id: Mapped[int] = mapped_column(ForeignKey("evidence.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    report: Mapped[Report] = relationship(back_populates="files")
    evidence: Mapped[Evidence] = relationship()
    __table_args__ = (UniqueConstraint("report_id", "evidence_id"),)


class ReportNotice(db.Model):
    """A reminder (before the due date) or a missing-report flag (after it) sent to a unit: once, ever."""

    __tablename__ = "report_notices"
    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("report_cycles.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    sent_on: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    cycle: Mapped[ReportCycle] = relationship()
    unit: Mapped[Unit] = relationship()
    __table_args__ = (
        UniqueConstraint("cycle_id", "unit_id", "kind"),
        NoticeKind.check("kind"),
    )
