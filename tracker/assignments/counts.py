"""Counts of a campaign's assignments that the landing page and the dashboard share, aggregated in SQL."""
from datetime import date

from sqlalchemy import func, select

from tracker.assignments.due import overdue_clause
from tracker.assignments.models import Assignment
from tracker.extensions import db
from tracker.tasks.models import Task


def status_counts(campaign_id: int, unit_id: int | None = None) -> dict[str, int]:
    """Assignments per status, aggregated in SQL."""
    stmt = (select(Assignment.status, func.count()).join(Task)
            .where(Task.campaign_id == campaign_id).group_by(Assignment.status))
    if unit_id is not None:
        stmt = stmt.where(Assignment.unit_id == unit_id)
    return dict(db.session.execute(stmt).all())


def overdue_count(campaign_id: int, today: date) -> int:
    """Open assignments past their deadline, counted in SQL."""
    return db.session.scalar(
        select(func.count(Assignment.id)).join(Task)
        .where(Task.campaign_id == campaign_id, overdue_clause(today))
    ) or 0


def task_count(campaign_id: int) -> int:
    return db.session.scalar(select(func.count(Task.id)).where(Task.campaign_id == campaign_id)) or 0
