"""The campaign dashboard: every figure aggregated in SQL (GROUP BY), a fixed number of queries.

The aggregates are computed once per campaign, write and day (assignments/figures.py); the phase calendar and
the latest activity are read on every request (the activity is one indexed LIMIT query).
"""
from datetime import date
from functools import cache

from sqlalchemy import bindparam, func, select

from tracker.assignments.counts import campaign_figures
from tracker.assignments.due import overdue_sql
from tracker.assignments.figures import cached
from tracker.assignments.models import DONE_STATUSES, Assignment
from tracker.audit.models import AuditEvent
from tracker.auth.models import User
from tracker.campaigns.models import Campaign
from tracker.campaigns.services import next_gate, phase_calendar
from tracker.database import count_if, plain_rows
from tracker.extensions import db
from tracker.indicators.progress import standings
from tracker.review.models import Review
from tracker.scheduler.queries import gate_views
from tracker.supervision.circulars import overdue_list, unit_stats
from tracker.tasks.models import Category, Task

OVERDUE_BOARD_SIZE = 20
ACTIVITY_SIZE = 12


def by_category(campaign: Campaign, today: date) -> list[dict]:
    """Per category: assignments, approved, submitted and overdue, with the completion rate."""
    overdue = overdue_sql(campaign, today)
    stmt = (select(Category.name, func.count(Assignment.id), count_if(Assignment.status.in_(DONE_STATUSES)),
                   count_if(Assignment.status == "submitted"), count_if(overdue))
            .join(Task, Task.category_id == Category.id).join(Assignment, Assignment.task_id == Task.id)
            .where(Category.campaign_id == campaign.id)
            .group_by(Category.id, Category.name, Category.sequence).order_by(Category.sequence))
    return [{"name": n, "assigned": total, "approved": int(ok), "submitted": int(sub), "overdue": int(late),
             "rate": round(100 * int(ok) / total, 1) if total else 0.0}
            for n, total, ok, sub, late in db.session.execute(stmt)]


def approval_trend(campaign_id: int) -> list[dict]:
    """Approvals per day and their running total (the trend of approved items)."""
    day = func.date(Review.created_at)
    stmt = (select(day, func.count(Review.id)).join(Assignment, Assignment.id == Review.assignment_id)
            .join(Task, Task.id == Assignment.task_id)
            .where(Task.campaign_id == campaign_id, Review.decision == "approve")
            .group_by(day).order_by(day))
    running, points = 0, []
    for d, n in db.session.execute(stmt):
        running += n
        points.append({"date": str(d)[:10], "approved": n, "total": running})
    return points


@cache
def _activity_statement():
    """Built once: the campaign's latest events as plain rows (created_at, summary, the actor's name)."""
    return (select(AuditEvent.created_at, AuditEvent.summary, User.display_name.label("actor"))
            .outerjoin(User, User.id == AuditEvent.actor_id).where(AuditEvent.campaign_id == bindparam("campaign"))
            .order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc()).limit(ACTIVITY_SIZE))


def latest_activity(campaign_id: int) -> list:
    """The campaign's latest events, newest first: rows of (created_at, summary, actor: a name or None)."""
    return plain_rows(db.session, _activity_statement(), {"campaign": campaign_id}).all()


def _figures(campaign: Campaign, today: date) -> dict:
    units = unit_stats(campaign, today)
    return {
        "counts": campaign_figures(campaign, today).counts, "categories": by_category(campaign, today),
        "units": units, "overdue_count": sum(u["overdue"] for u in units), "trend": approval_trend(campaign.id),
        "overdue": overdue_list(campaign, today, OVERDUE_BOARD_SIZE), "gates": gate_views(campaign, today),
    }


def dashboard(campaign: Campaign, today: date) -> dict:
    """Everything the dashboard shows for `today`."""
    return {
        "calendar": phase_calendar(campaign, today), "gate": next_gate(campaign, today),
        "activity": latest_activity(campaign.id),
        **cached(campaign, today, "dashboard", lambda: _figures(campaign, today), db.session),
    }


def indicator_standings(campaign: Campaign, today: date) -> list:
    """The plan's numbers: each indicator's latest approved value against its next milestone."""
    return standings(campaign, today)
