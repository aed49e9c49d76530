"""A body's member units (成员单位): who they are, their duties and their liaison officers over time.

`member_units(campaign)` is what other domains call (a report cycle owes its reports from them); the workbook
import of the directory is tracker/meetings/member_import.py.
"""
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from tracker.audit.services import record_event
from tracker.campaigns.models import Campaign
from tracker.extensions import db
from tracker.meetings.models import Liaison, Member
from tracker.meetings.services import BodyError
from tracker.units.models import Unit


def member_units(campaign: Campaign) -> list[Unit]:
    """The member units of a joint-meeting body, in the body's order (empty for a creation campaign)."""
    return list(db.session.scalars(select(Unit).join(Member, Member.unit_id == Unit.id)
                                   .where(Member.campaign_id == campaign.id)
                                   .order_by(Member.position, Member.id)))


def members_of(campaign: Campaign) -> list[Member]:
    """The members with their units and every liaison (current and past), in the body's order: two queries."""
    return list(db.session.scalars(select(Member).where(Member.campaign_id == campaign.id)
                                   .order_by(Member.position, Member.id)
                                   .options(joinedload(Member.unit), selectinload(Member.liaisons))))


def member_of(campaign: Campaign, unit_id: int | None) -> Member | None:
    """The unit's membership of the body (with its liaisons), if it is a member."""
    if unit_id is None:
        return None
    return db.session.scalar(select(Member).where(Member.campaign_id == campaign.id, Member.unit_id == unit_id)
                             .options(selectinload(Member.liaisons), selectinload(Member.unit)))


def add_member(campaign: Campaign, unit: Unit, duty: str = "", *, actor=None) -> Member:
    """Make a unit a member (placed last); refused when it already is one."""
    if member_of(campaign, unit.id) is not None:
        raise BodyError(f"{unit.name}已是成员单位。")
    last = db.session.scalar(select(Member.position).where(Member.campaign_id == campaign.id)
                             .order_by(Member.position.desc()).limit(1))
    member = Member(campaign_id=campaign.id, unit_id=unit.id, unit=unit, duty=duty.strip(),
                    position=(last or 0) + 1)
    db.session.add(member)
    db.session.flush()
    record_event(actor, "body.member.add", member, f"成员单位：{unit.name}", campaign_id=campaign.id)
    return member


def set_duty(member: Member, duty: str, *, actor=None) -> None:
    before = member.duty
    member.duty = duty.strip()
    db.session.flush()
    record_event(actor, "body.member.duty", member, f"修改{member.unit.name}的职责", campaign_id=member.campaign_id,
                 before={"duty": before}, after={"duty": member.duty})


def replace_liaison(member: Member, name: str, *, post: str = "", phone: str = "", email: str = "",
                    today: date, actor=None) -> Liaison:
    """A new liaison from today; the current ones end today and stay in the history."""
    if not name.strip():
        raise BodyError("请填写联络员姓名。")
    ended = list(member.current_liaisons)
    for li in ended:
        li.until = max(today, li.since)
    liaison = Liaison(name=name.strip()[:50], post=post.strip()[:100], phone=phone.strip()[:50],
                      email=email.strip()[:200], since=today)
    member.liaisons.append(liaison)
    db.session.flush()
    record_event(actor, "body.liaison.replace", member,
                 f"{member.unit.name}联络员：{'、'.join(li.name for li in ended) or '（无）'} → {liaison.name}",
                 campaign_id=member.campaign_id)
    return liaison
