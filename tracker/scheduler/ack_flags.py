"""签收 in the daily sweep: items not acknowledged within the campaign's working days are flagged, once.

The rule is the core's (`assignments/acknowledgement.py`); only assignments still waiting for 签收 are read (old
data counts as acknowledged, so these are the few newly assigned items). A flag is created once per assignment
(unique key), its unit is told once (in-app and through its channels), and it closes when the unit acknowledges
or the item is no longer open.
"""
from collections import defaultdict
from datetime import date

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from tracker.assignments.acknowledgement import ack_due, awaits_ack, is_ack_late
from tracker.assignments.models import OPEN_STATUSES, Assignment
from tracker.campaigns.models import Campaign
from tracker.extensions import db
from tracker.notifications.outbox import enqueue_for_unit
from tracker.notifications.services import notify_unit
from tracker.scheduler.models import AckFlag
from tracker.tasks.models import Task
from tracker.text import clip
from tracker.timeutil import utcnow
from tracker.workdays.calendar import WorkCalendar


def _waiting(campaign: Campaign) -> list[Assignment]:
    return list(db.session.scalars(
        select(Assignment).join(Task, Task.id == Assignment.task_id)
        .where(Task.campaign_id == campaign.id, Assignment.acknowledged_at.is_(None),
               Assignment.status.in_(OPEN_STATUSES))
        .options(joinedload(Assignment.task).joinedload(Task.campaign)).order_by(Assignment.id)))


def _insert_once(a: Assignment, due: date, today: date) -> bool:
    try:
        with db.session.begin_nested():
            db.session.execute(insert(AckFlag), [{"assignment_id": a.id, "ack_due": due, "opened_on": today,
                                                  "created_at": utcnow()}])
        return True
    except IntegrityError:  # flagged before (or by a concurrent sweep)
        return False


def close_ack_flags(campaign: Campaign, today: date) -> int:
    """Close the open flags of items acknowledged (or no longer open) since."""
    done = (select(Assignment.id).join(Task, Task.id == Assignment.task_id)
            .where(Task.campaign_id == campaign.id,
                   Assignment.acknowledged_at.is_not(None) | Assignment.status.not_in(OPEN_STATUSES)))
    result = db.session.execute(
        update(AckFlag).where(AckFlag.closed_on.is_(None), AckFlag.assignment_id.in_(done),
                              AckFlag.opened_on <= today)
        .values(closed_on=today), execution_options={"synchronize_session": False})
    return result.rowcount


def flag_unacknowledged(campaign: Campaign, today: date, calendar: WorkCalendar) -> list[Assignment]:
    """Flag every item past its 签收 limit that was never flagged; tell each unit once. Returns the new ones."""
    close_ack_flags(campaign, today)
    late = [a for a in _waiting(campaign) if awaits_ack(a) and is_ack_late(a, today, calendar)]
    held = set(db.session.scalars(select(AckFlag.assignment_id).where(
        AckFlag.assignment_id.in_([a.id for a in late])))) if late else set()
    created = [a for a in late if a.id not in held and _insert_once(a, ack_due(a, calendar), today)]
    _notify(campaign, today, created)
    db.session.flush()
    return created


def _notify(campaign: Campaign, today: date, created: list[Assignment]) -> None:
    by_unit: dict[int, list[Assignment]] = defaultdict(list)
    for a in created:
        by_unit[a.unit_id].append(a)
    for unit_id, items in by_unit.items():
        lines = "\n".join(f"· {clip(a.task.title, 60)}" for a in items)
        text = f"【{campaign.name}】以下 {len(items)} 项任务超过签收时限仍未签收，请及时签收并办理：\n{lines}"
        key = f"ack:{campaign.id}:{today.isoformat()}:{unit_id}"
        notify_unit(unit_id, "ack_late", text, "/my", key, campaign_id=campaign.id)
        enqueue_for_unit(unit_id, f"【签收提醒】{campaign.name}", text, dedup_key=key)


def open_ack_flag_ids(assignment_ids: list[int]) -> set[int]:
    """Which of these assignments hold an open 签收 flag."""
    if not assignment_ids:
        return set()
    return set(db.session.scalars(select(AckFlag.assignment_id).where(
        AckFlag.assignment_id.in_(assignment_ids), AckFlag.closed_on.is_(None))))
