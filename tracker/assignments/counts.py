"""Counts of a campaign's assignments that the landing page, the dashboard and 我的任务 share.

Aggregated in SQL by the one due-date rule (assignments/due.py), and served through the figures cache
(assignments/figures.py): computed once per campaign, write and day.
"""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from tracker.assignments.due import due_soon_sql, gates_at_risk, overdue_sql
from tracker.assignments.figures import cached
from tracker.assignments.models import Assignment, Status
from tracker.campaigns.models import Campaign
from tracker.database import count_if
from tracker.extensions import db
from tracker.tasks.models import Task

UNIT_COUNT_KEYS = ("todo", "submitted", "returned", "approved", Status.CLOSED_WITH_LEAD.value, "overdue")


@dataclass(frozen=True)
class CampaignFigures:
    counts: dict[str, int]  # assignments per status
    tasks: int
    overdue: int
    due_soon: dict[str, int]  # gate kind → assignments 临期 before it (the gates at risk today)


def campaign_figures(campaign: Campaign, today: date) -> CampaignFigures:
    """The campaign's counts as of `today`, from the figures cache."""
    return cached(campaign, today, "campaign", lambda: _campaign_figures(campaign, today), db.session)


def _campaign_figures(campaign: Campaign, today: date) -> CampaignFigures:
    """Per status: the count, the overdue and the 临期 before each gate at risk — one GROUP BY; and the tasks."""
    gates = gates_at_risk(campaign, today)
    columns = [count_if(overdue_sql(campaign, today))]
    columns += [count_if(due_soon_sql(campaign, today, on)) for on in gates.values()]
    stmt = (select(Assignment.status, func.count(), *columns).join(Task)
            .where(Task.campaign_id == campaign.id).group_by(Assignment.status))
    counts, overdue, due_soon = {}, 0, dict.fromkeys(gates, 0)
    for status, n, late, *soon in db.session.execute(stmt):
        counts[status], overdue = n, overdue + int(late)
        for kind, m in zip(gates, soon, strict=True):
            due_soon[kind] += int(m)
    return CampaignFigures(counts, task_count(campaign.id), overdue, due_soon)


def unit_figures(campaign: Campaign, today: date, unit_id: int) -> dict[str, int]:
    """A unit's counts in the campaign (待办 / 已提交 / 已退回 / 已通过 / 逾期), from the figures cache."""
    return cached(campaign, today, ("unit", unit_id), lambda: _unit_counts(campaign, today, unit_id), db.session)


def _unit_counts(campaign: Campaign, today: date, unit_id: int) -> dict[str, int]:
    stmt = (select(Assignment.status, func.count(), count_if(overdue_sql(campaign, today))).join(Task)
            .where(Task.campaign_id == campaign.id, Assignment.unit_id == unit_id).group_by(Assignment.status))
    counts = dict.fromkeys(UNIT_COUNT_KEYS, 0)
    for status, n, overdue in db.session.execute(stmt):
        counts["todo" if status in ("not_started", "in_progress") else status] += n
        counts["overdue"] += int(overdue)
    return counts


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
