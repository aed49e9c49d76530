"""办理时限 of a 领导批示 by its urgency: N working days after the 批示's date, on the official calendar.

The seeds (the offices' own notices) ask for 议定事项 to be followed up but name no time limits, so the defaults
are the common practice of 督办 offices: 特急 3 个工作日, 紧急 15 个工作日, 一般 30 个工作日. A campaign may set
its own (`UrgencyLimit`, on the 督办事项 page); the due date stays editable per item.
"""
from datetime import date

from sqlalchemy import select

from tracker.audit.services import record_event
from tracker.campaigns.models import Campaign
from tracker.errors import Refusal
from tracker.extensions import db
from tracker.items.models import Urgency, UrgencyLimit
from tracker.workdays.calendar import WorkCalendar
from tracker.workdays.services import work_calendar

DEFAULT_LIMITS = {Urgency.EXTRA_URGENT: 3, Urgency.URGENT: 15, Urgency.NORMAL: 30}
MAX_WORKDAYS = 250


def urgency_limits(campaign: Campaign) -> dict[str, int]:
    """{urgency: working days} of the campaign: its own settings over the defaults, in urgency order."""
    stored = dict(db.session.execute(select(UrgencyLimit.urgency, UrgencyLimit.workdays)
                                     .where(UrgencyLimit.campaign_id == campaign.id)).all())
    return {u.value: stored.get(u.value, DEFAULT_LIMITS[u]) for u in Urgency}


def due_for(instructed_on: date, workdays: int, calendar: WorkCalendar | None = None) -> date:
    """The `workdays`-th working day after the 批示's date (a holiday week pushes it out)."""
    return (calendar or work_calendar()).add_workdays(instructed_on, workdays)


def default_due(campaign: Campaign, urgency: str, instructed_on: date) -> date:
    """The 办理时限 an item of this urgency gets when the office leaves it blank."""
    if urgency not in Urgency.values():
        raise Refusal("请选择紧急程度。")
    return due_for(instructed_on, urgency_limits(campaign)[urgency])


def set_urgency_limits(campaign: Campaign, limits: dict[str, int], actor) -> None:
    """Save the campaign's 办理时限 per urgency (1–250 working days each). Flushes; audited."""
    before = urgency_limits(campaign)
    for urgency, days in limits.items():
        if urgency not in Urgency.values():
            raise Refusal("未知的紧急程度。")
        if not isinstance(days, int) or not 1 <= days <= MAX_WORKDAYS:
            raise Refusal(f"{Urgency(urgency).label}的办理时限应为 1～{MAX_WORKDAYS} 个工作日。")
    rows = {r.urgency: r for r in db.session.scalars(select(UrgencyLimit)
                                                     .where(UrgencyLimit.campaign_id == campaign.id))}
    for urgency, days in limits.items():
        row = rows.get(urgency) or UrgencyLimit(campaign_id=campaign.id, urgency=urgency)
        row.workdays = days
        db.session.add(row)
    db.session.flush()
    after = urgency_limits(campaign)
    text = "，".join(f"{Urgency(u).label} {n} 个工作日" for u, n in after.items())
    record_event(actor, "item.urgency_limits", campaign, f"设置督办事项办理时限：{text}", campaign_id=campaign.id,
                 before=before, after=after)
