"""填报负担: per unit, how much the office has asked of it in the last 30 days — shown to the office (减负).

Counted: the progress updates the campaign's cycle required (tracker/cadence), the 催办 sent (each a request to
report), the 签收 reminders of items left unacknowledged (tracker/scheduler/ack_flags.py), and the documents the
office sent the unit — every 文号 of the campaign's 发文登记 (tracker/registers) addressed to it: the ladder's 督办单
and 催办通知书 (tracker/escalation), the 督办通知单 (notices.py), any other document registered to the unit. A
ladder step that sends a 催办通知书 counts once as a 催办 and once as a document: the unit answers both. A 通报,
addressed to no unit, is not counted. A high figure is a prompt to ask less, not a score of the unit.
"""
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from tracker.assignments.models import Assignment
from tracker.cadence.services import required_updates_by_unit
from tracker.campaigns.models import Campaign
from tracker.extensions import db
from tracker.registers.models import RegisterEntry
from tracker.scheduler.models import AckFlag
from tracker.supervision.models import Chase
from tracker.tasks.models import Task

WINDOW_DAYS = 30


@dataclass(frozen=True)
class Burden:
    cycle_updates: int = 0
    chases: int = 0
    reminders: int = 0
    documents: int = 0

    @property
    def total(self) -> int:
        return self.cycle_updates + self.chases + self.reminders + self.documents

    @property
    def text(self) -> str:
        return (f"近{WINDOW_DAYS}天：周期进展 {self.cycle_updates} 次，催办 {self.chases} 次，签收提醒 {self.reminders} 次，"
                f"发文 {self.documents} 份")


def window_start(today: date) -> date:
    return today - timedelta(days=WINDOW_DAYS - 1)


def burden_by_unit(campaign: Campaign, today: date) -> dict[int, Burden]:
    """{unit id: Burden} over the campaign's last 30 days (today included). Four grouped queries, whatever the
    number of units or rows."""
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
    documents = dict(db.session.execute(
        select(RegisterEntry.unit_id, func.count(RegisterEntry.id))
        .where(RegisterEntry.campaign_id == campaign.id, RegisterEntry.unit_id.is_not(None),
               RegisterEntry.issued_on >= since, RegisterEntry.issued_on <= today)
        .group_by(RegisterEntry.unit_id)).all())
    cycles = required_updates_by_unit([campaign.id], since, today)
    units = set(chases) | set(reminders) | set(cycles) | set(documents)
    return {u: Burden(cycles.get(u, 0), chases.get(u, 0), reminders.get(u, 0), documents.get(u, 0)) for u in units}
