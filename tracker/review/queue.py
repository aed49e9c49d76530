"""The review queue: submitted assignments, oldest first, filtered by category, unit and phase."""
from dataclasses import dataclass

from sqlalchemy import func, select

from tracker.assignments.assigning import holders_of
from tracker.assignments.figures import cached
from tracker.assignments.models import Assignment
from tracker.campaigns.models import Campaign
from tracker.extensions import db
from tracker.tasks.models import Category, Task
from tracker.units.models import Unit


@dataclass
class QueueFilters:
    category_id: int | None = None
    unit_id: int | None = None
    phase: str | None = None

    @property
    def any(self) -> bool:
        return bool(self.category_id or self.unit_id or self.phase)

    @classmethod
    def from_args(cls, args) -> "QueueFilters":
        return cls(args.get("category", type=int) or None, args.get("unit", type=int) or None,
                   args.get("phase") or None)


def phase_window(campaign: Campaign, kind: str | None):
    """The (start, end) of a phase, to filter tasks by the phase their deadline falls in."""
    phase = campaign.phase(kind) if kind else None
    return (phase.starts_on, phase.ends_on) if phase else None


def filtered(stmt, campaign: Campaign, filters: QueueFilters):
    """Apply category / unit / phase filters to a select over Assignment joined to Task."""
    if filters.category_id:
        stmt = stmt.where(Task.category_id == filters.category_id)
    if filters.unit_id:
        stmt = stmt.where(Assignment.unit_id == filters.unit_id)
    window = phase_window(campaign, filters.phase)
    if window:
        stmt = stmt.where(Task.deadline >= window[0])
        if window[1]:
            stmt = stmt.where(Task.deadline <= window[1])
    return stmt


def _submitted(stmt, campaign: Campaign, filters: QueueFilters):
    stmt = stmt.join(Task, Task.id == Assignment.task_id).where(
        Task.campaign_id == campaign.id, Assignment.status == "submitted")
    return filtered(stmt, campaign, filters)


def queue_select(campaign: Campaign, filters: QueueFilters):
    """Submitted assignments, oldest submission first: plain rows of what the queue shows (no ORM objects)."""
    rows = (select(Assignment.id, Assignment.role, Assignment.status, Assignment.submitted_at, Assignment.due_on,
                   Task.title, Task.deadline, Category.name.label("category"), Unit.name.label("unit"))
            .select_from(Assignment))
    return (_submitted(rows, campaign, filters).join(Category, Category.id == Task.category_id)
            .join(Unit, Unit.id == Assignment.unit_id).order_by(Assignment.submitted_at, Assignment.id))


def queue_count(campaign: Campaign, filters: QueueFilters):
    return _submitted(select(func.count(Assignment.id)).select_from(Assignment), campaign, filters)


def filter_choices(campaign: Campaign) -> dict:
    """Categories of the campaign and the units holding work in it (not the whole registry: another body's
    units would only make the clerk hunt), for the filter bar (from the figures cache)."""
    return cached(campaign, None, "filter_choices", lambda: _filter_choices(campaign), db.session)


def _filter_choices(campaign: Campaign) -> dict:
    categories = db.session.execute(
        select(Category.id, Category.name).where(Category.campaign_id == campaign.id)
        .order_by(Category.sequence)).all()
    units = db.session.execute(select(Unit.id, Unit.name).where(Unit.id.in_(holders_of(campaign.id)))
                               .order_by(Unit.display_order, Unit.name)).all()
    return {"categories": categories, "units": units}  # Row tuples: plain data; only units with work here
