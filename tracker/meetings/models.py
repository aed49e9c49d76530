"""A joint-meeting body (联席会议) and what hangs on it: member units with their duties, their liaison officers
(kept with dates), meetings with their minutes and attendance.

A body IS a campaign (`Campaign.kind == "joint_meeting"`): its 议定事项 are ordinary tasks (`Task.meeting_id`
names the meeting that decided them), so review, flags, 催办, 通报 and the ledger count them with no second
machinery. Members and meetings hang on the body's campaign id (`joint_bodies.campaign_id`, unique), which
also gives the campaign a read-only `members` collection: the visibility policy reads it to let a member unit
see its body without knowing this module.
"""
from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, foreign, mapped_column, relationship

from tracker.auth.models import User
from tracker.campaigns.models import Campaign
from tracker.enums import LabeledEnum
from tracker.evidence.models import Evidence
from tracker.extensions import db
from tracker.timeutil import utcnow
from tracker.units.models import Unit


class MeetingKind(LabeledEnum):
    PLENARY = "plenary", "全体会议"
    LIAISON = "liaison", "联络员会议"
    TOPIC = "topic", "专题会议"


class ConvenerRole(LabeledEnum):
    CONVENER = "convener", "召集人"
    DEPUTY = "deputy", "副召集人"


class JointBody(db.Model):
    """The body's own facts: its office's host unit and the notice that founded it (文号, date)."""

    __tablename__ = "joint_bodies"
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), unique=True)
    office_unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    notice_number: Mapped[str | None] = mapped_column(String(100))  # 文号, e.g. 荆政办函〔2020〕38号
    notice_date: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    campaign: Mapped[Campaign] = relationship()
    office_unit: Mapped[Unit] = relationship()
    conveners: Mapped[list["Convener"]] = relationship(
        back_populates="body", cascade="all, delete-orphan", order_by="Convener.position")

    @property
    def convener(self) -> "Convener | None":
        return next((c for c in self.conveners if c.role == ConvenerRole.CONVENER), None)

    @property
    def deputies(self) -> list["Convener"]:
        return [c for c in self.conveners if c.role == ConvenerRole.DEPUTY]


class Convener(db.Model):
    """The convener (召集人) or a deputy convener (副召集人): a person named with their post."""

    __tablename__ = "body_conveners"
    id: Mapped[int] = mapped_column(primary_key=True)
    body_id: Mapped[int] = mapped_column(ForeignKey("joint_bodies.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(String(50))
    post: Mapped[str] = mapped_column(String(100), default="")
    position: Mapped[int] = mapped_column(default=0)
    body: Mapped[JointBody] = relationship(back_populates="conveners")
    __table_args__ = (ConvenerRole.check("role"),)


class Member(db.Model):
    """A member unit (成员单位) of a body with its written duty (职责)."""

    __tablename__ = "body_members"
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("joint_bodies.campaign_id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    duty: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    unit: Mapped[Unit] = relationship()
    liaisons: Mapped[list["Liaison"]] = relationship(
        back_populates="member", cascade="all, delete-orphan", order_by="Liaison.since, Liaison.id")
    __table_args__ = (UniqueConstraint("campaign_id", "unit_id"),)

    @property
    def current_liaisons(self) -> list["Liaison"]:
        return [li for li in self.liaisons if li.until is None]


class Liaison(db.Model):
    """A member's liaison officer (联络员); a replaced one keeps its row with the day it ended (`until`)."""

    __tablename__ = "liaisons"
    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("body_members.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(50))
    post: Mapped[str] = mapped_column(String(100), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    since: Mapped[date]
    until: Mapped[date | None]
    member: Mapped[Member] = relationship(back_populates="liaisons")
    __table_args__ = (CheckConstraint("until IS NULL OR until >= since", name="dates_ordered"),)


class Meeting(db.Model):
    """A meeting of a body: 全体会议, 联络员会议 or 专题会议, with its minutes (纪要) and the signed file."""

    __tablename__ = "meetings"
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("joint_bodies.campaign_id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(10))
    title: Mapped[str] = mapped_column(String(200))
    held_on: Mapped[date]
    place: Mapped[str] = mapped_column(String(200), default="")
    chair: Mapped[str] = mapped_column(String(100), default="")
    agenda: Mapped[str] = mapped_column(Text, default="")
    minutes: Mapped[str] = mapped_column(Text, default="")
    # the signed minutes, stored in the office unit's 材料库 through the evidence upload path
    minutes_file_id: Mapped[int | None] = mapped_column(ForeignKey("evidence.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    minutes_file: Mapped[Evidence | None] = relationship()
    created_by: Mapped[User | None] = relationship()
    attendance: Mapped[list["Attendance"]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="Attendance.id")
    __table_args__ = (
        MeetingKind.check("kind"),
        Index("ix_meetings_campaign_held_on", "campaign_id", "held_on"),
    )

    @property
    def kind_label(self) -> str:
        return MeetingKind(self.kind).label


class Attendance(db.Model):
    """A unit at a meeting: attended (出席), or excused (请假) with a note (e.g. who came instead)."""

    __tablename__ = "meeting_attendance"
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    present: Mapped[bool] = mapped_column(default=True)
    note: Mapped[str] = mapped_column(String(200), default="")
    meeting: Mapped[Meeting] = relationship(back_populates="attendance")
    unit: Mapped[Unit] = relationship()
    __table_args__ = (UniqueConstraint("meeting_id", "unit_id"),)


# Declarative maps these on the campaign when they are set (SQLAlchemy's way to add a relationship to a class
# from a module above it): the campaign's read-only member list, which the visibility policy reads (a member
# unit sees its body), and its body's facts.
Campaign.members = relationship(Member, primaryjoin=Campaign.id == foreign(Member.campaign_id), viewonly=True,
                                order_by=Member.position)
Campaign.joint_body = relationship(JointBody, uselist=False, viewonly=True)
