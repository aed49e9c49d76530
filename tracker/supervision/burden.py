"""填报负担: per unit, how much the office has asked of it in the last 30 days — shown to the office (减负).

Counted: the progress updates the campaign's cycle required (tracker/cadence), the 催办 sent (each a request to
report), and the 签收 reminders of items left unacknowledged (tracker/scheduler/ack_flags.py). A high figure is a
prompt to ask less, not a score of the unit.
"""
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from tracker.assignments.models import Assignment
from tracker.cadence.services import required_updates_by_unit
from tracker.campaigns.models import Campaign
from tracker.extensions import db
from tracker.scheduler.models import AckFlag
from tracker.supervision.models import Chase
from tracker.tasks.models import Task

WINDOW_DAYS = 30


@dataclass(frozen=True)
class Burden:
    cycle_updates: int = 0
    chases: int = 0
    reminders: int = 0

    @property
    def total(self) -> int:
        return self.cycle_updates + self.chases + self.reminders

    @property
    def text(self) -> str:
        return f"近{WINDOW_DAYS}天：周期进展 {self.cycle_updates} 次，催办 {self.chases} 次，签收提醒 {self.reminders} 次"


def window_start(today: date) -> date:
    return today - timedelta(days=WINDOW_DAYS - 1)


def burden_by_unit(campaign: Campaign, today: date) -> dict[int, Burden]:
    """{unit id: Burden} over the campaign's last 30 days (today included). Three grouped queries."""
    since = window_start(today)
    since_utc = datetime.combine(since, time(), ZoneInfo(campaign.timezone)).astimezone(ZoneInfo("UTC"))
    in_campaign = select(Assignment.id).join(Task, Task.id == Assignment.task_id).where(Task.campaign_id == campaign.id)
    chases = dict(db.session.execute(
        select(Assignment.unit_id, func.count(Chase.id)).join(Assignment, Assignment.id == Chase.assignment_id)
        .where(Chase.assignment_id.in_(in_campaign), Chase.created_at >= since_utc.replace(tzinfo=None))
        .group_by(Assignment.unit_id)).all())
    reminders = dict(db.session.execute(
        select(Assignment.unit_id, func.count(AckFlag.id)).join(Assignment, Assignment.id == AckFlag.assignment_id)
        .where(AckFlag.assignment_id.in_(in_campaign), AckFlag.opened_on >= since, AckFlag.opened_on <= today)
        .group_by(Assignment.unit_id)).all())
    cycles = required_updates_by_unit([campaign.id], since, today)
    units = set(chases) | set(reminders) | set(cycles)
    return {u: Burden(cycles.get(u, 0), chases.get(u, 0), reminders.get(u, 0)) for u in units}
