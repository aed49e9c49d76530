"""The monthly history of 亮灯: each sweep writes every assignment's light into its month's row.

One row per (assignment, period) — the unique key makes a rerun, or a second process, update the same row
rather than add one. `light` is the latest sweep's, `worst` the worst seen in the month.
"""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from tracker.assignments.lights import light_of, worse
from tracker.assignments.models import Assignment
from tracker.campaigns.models import Campaign
from tracker.extensions import db
from tracker.scheduler.models import LightRecord
from tracker.tasks.models import Task
from tracker.workdays.calendar import WorkCalendar
from tracker.workdays.services import work_calendar


def period_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


@dataclass
class LightCounts:
    created: int = 0
    updated: int = 0


def campaign_assignments(campaign: Campaign) -> list[Assignment]:
    return list(db.session.scalars(
        select(Assignment).join(Task, Task.id == Assignment.task_id).where(Task.campaign_id == campaign.id)
        .options(joinedload(Assignment.task).joinedload(Task.campaign)).order_by(Assignment.id)))


def record_lights(campaign: Campaign, today: date, calendar: WorkCalendar | None = None) -> LightCounts:
    """Write today's light of every assignment of the campaign into this month's history. Flushes."""
    calendar = calendar or work_calendar()
    period, counts = period_of(today), LightCounts()
    lights = {a.id: str(light_of(a, today, calendar)) for a in campaign_assignments(campaign)}
    existing = {r.assignment_id: r for r in db.session.scalars(
        select(LightRecord).where(LightRecord.period == period, LightRecord.assignment_id.in_(list(lights))))
    } if lights else {}
    for aid, light in lights.items():
        row = existing.get(aid)
        if row is None:
            counts.created += _insert(aid, period, light, today)
        elif row.as_of <= today and (row.light != light or row.worst != worse(row.worst, light)):
            row.light, row.worst, row.as_of = light, worse(row.worst, light), today
            counts.updated += 1
    db.session.flush()
    return counts


def _insert(aid: int, period: str, light: str, today: date) -> int:
    try:
        with db.session.begin_nested():
            db.session.execute(insert(LightRecord), [{"assignment_id": aid, "period": period, "light": light,
                                                      "worst": light, "as_of": today}])
        return 1
    except IntegrityError:  # another sweep wrote it first
        return 0


def light_history(assignment_ids: list[int]) -> dict[int, dict[str, LightRecord]]:
    """{assignment id: {period: record}} for the assignments (oldest period first)."""
    out: dict[int, dict[str, LightRecord]] = {}
    if not assignment_ids:
        return out
    rows = db.session.scalars(select(LightRecord).where(LightRecord.assignment_id.in_(assignment_ids))
                              .order_by(LightRecord.period))
    for r in rows:
        out.setdefault(r.assignment_id, {})[r.period] = r
    return out
