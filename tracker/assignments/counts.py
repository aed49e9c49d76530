"""Counts of a campaign's assignments that the landing page and the dashboard share, aggregated in SQL."""
from datetime import date

from sqlalchemy import func, select

from tracker.assignments.due import due_soon_sql, gates_at_risk, overdue_sql
from tracker.assignments.models import Assignment
from tracker.campaigns.models import Campaign
from tracker.database import count_if
from tracker.extensions import db
from tracker.tasks.models import Task


def status_counts(campaign_id: int, unit_id: int | None = None) -> dict[str, int]:
    """Assignments per status, aggregated in SQL."""
    stmt = (select(Assignment.status, func.count()).join(Task)
            .where(Task.campaign_id == campaign_id).group_by(Assignment.status))
    if unit_id is not None:
        stmt = stmt.where(Assignment.unit_id == unit_id)
    return dict(db.session.execute(stmt).all())


def overdue_count(campaign: Campaign, today: date) -> int:
    """Overdue assignments (assignments/due.py), counted in SQL."""
    return db.session.scalar(
        select(func.count(Assignment.id)).join(Task)
        .where(Task.campaign_id == campaign.id, overdue_sql(campaign, today))
    ) or 0


def task_count(campaign_id: int) -> int:
    return db.session.scalar(select(func.count(Task.id)).where(Task.campaign_id == campaign_id)) or 0


def due_soon_counts(campaign: Campaign, today: date) -> dict[str, int]:
    """{gate kind: assignments 临期 before it} for the gates at risk today (assignments/due.py), one query."""
    gates = gates_at_risk(campaign, today)
    if not gates:
        return {}
    columns = [count_if(due_soon_sql(campaign, today, on)).label(kind) for kind, on in gates.items()]
    row = db.session.execute(
        select(*columns).select_from(Assignment).join(Task).where(Task.campaign_id == campaign.id)).one()
    return {kind: int(n) for kind, n in zip(gates, row, strict=True)}
