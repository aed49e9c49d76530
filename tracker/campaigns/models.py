import secrets
from datetime import date, datetime

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, String, UniqueConstraint, false, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.clock import DEFAULT_TZ
from tracker.enums import LabeledEnum
from tracker.extensions import db
from tracker.timeutil import utcnow

PHASE_KINDS = ("mobilization", "implementation", "self_assessment", "acceptance")
PHASE_LABELS = {
    "mobilization": "动员部署",
    "implementation": "组织实施",
    "self_assessment": "自查评估",
    "acceptance": "申报验收",
}
GATE_KINDS = ("self_assessment", "acceptance")


class CampaignKind(LabeledEnum):
    """What a campaign is: a creation campaign with its four phases, or a joint-meeting body (联席会议) whose
    议定事项 are its tasks and which has no phases (tracker/meetings)."""

    CREATION = "creation", "创建活动"
    JOINT_MEETING = "joint_meeting", "联席会议"


def new_figures_token() -> int:
    """A fresh random token: the campaign's cached figures are those computed under its current token."""
    return secrets.randbits(62)


class Campaign(db.Model):
    """One creation campaign (创建活动)."""

    __tablename__ = "campaigns"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20), default=CampaignKind.CREATION.value,
                                      server_default=CampaignKind.CREATION.value)
    timezone: Mapped[str] = mapped_column(String(64), default=DEFAULT_TZ)
    lead_days: Mapped[int] = mapped_column(default=14)
    # by default co-units feed the lead (their notes and files go with its submission); True: each submits
    co_units_submit_separately: Mapped[bool] = mapped_column(default=False, server_default=false())
    # 亮灯 thresholds (tracker/assignments/lights.py): 黄 within N working days of the due date, and when 临期
    light_yellow_workdays: Mapped[int] = mapped_column(default=5, server_default="5")
    light_yellow_due_soon: Mapped[bool] = mapped_column(default=True, server_default=true())
    # 签收时限: an assignment not acknowledged within N working days is flagged (0: no limit)
    ack_workdays: Mapped[int] = mapped_column(default=2, server_default="2")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # changed in the same transaction as anything its figures show (assignments/figures.py)
    figures_token: Mapped[int] = mapped_column(BigInteger, default=new_figures_token, server_default="0")
    phases: Mapped[list["Phase"]] = relationship(
        back_populates="campaign", cascade="all, delete-orphan", order_by="Phase.starts_on"
    )
    __table_args__ = (
        CheckConstraint("lead_days >= 0 AND lead_days <= 365", name="lead_days_range"),
        CheckConstraint("light_yellow_workdays >= 0 AND light_yellow_workdays <= 60", name="light_yellow_range"),
        CheckConstraint("ack_workdays >= 0 AND ack_workdays <= 30", name="ack_workdays_range"),
        CampaignKind.check("kind"),
    )

    @property
    def is_body(self) -> bool:
        """A joint-meeting body (联席会议): no phases; its 议定事项 are its tasks."""
        return self.kind == CampaignKind.JOINT_MEETING

    @property
    def kind_label(self) -> str:
        return CampaignKind(self.kind).label

    def phase(self, kind: str) -> "Phase | None":
        return next((p for p in self.phases if p.kind == kind), None)

    def gate_dates(self) -> dict[str, date]:
        """The starts of self_assessment and acceptance: the gates."""
        return {p.kind: p.starts_on for p in self.phases if p.kind in GATE_KINDS}

    def current_phase(self, today: date) -> "Phase | None":
        current = None
        for p in self.phases:
            if p.starts_on <= today:
                current = p
        return current


class Phase(db.Model):
    """A dated phase of a campaign; one per kind."""

    __tablename__ = "phases"
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    starts_on: Mapped[date]
    ends_on: Mapped[date | None]
    campaign: Mapped[Campaign] = relationship(back_populates="phases")
    __table_args__ = (
        UniqueConstraint("campaign_id", "kind"),
        CheckConstraint(
            "kind IN ('mobilization', 'implementation', 'self_assessment', 'acceptance')", name="kind"
        ),
        CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="dates_ordered"),
    )

    @property
    def label(self) -> str:
        return PHASE_LABELS[self.kind]
