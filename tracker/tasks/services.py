"""Tasks and their assignments to units."""
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from tracker.audit.services import record_event
from tracker.campaigns.models import Campaign
from tracker.extensions import db
from tracker.tasks.models import Assignment, Category, Task, title_key
from tracker.units.models import Unit


def get_or_create_category(campaign: Campaign, name: str) -> Category:
    category = db.session.scalar(
        select(Category).where(Category.campaign_id == campaign.id, Category.name == name)
    )
    if category is None:
        seq = db.session.scalar(select(func.count(Category.id)).where(Category.campaign_id == campaign.id))
        category = Category(campaign=campaign, name=name, sequence=(seq or 0) + 1)
        db.session.add(category)
        db.session.flush()
    return category


def find_task(category: Category, title: str) -> Task | None:
    return db.session.scalar(
        select(Task).where(Task.category_id == category.id, Task.title_key == title_key(title))
    )


def create_task(campaign: Campaign, category_name: str, title: str, units: list[Unit], *,
                deadline: date | None = None, deadline_text: str | None = None,
                points: Decimal | None = None, sequence: int | None = None, source_row: int | None = None,
                actor=None) -> Task:
    """Create a task; the first unit leads, the others help."""
    category = get_or_create_category(campaign, category_name)
    if sequence is None:
        sequence = (db.session.scalar(select(func.max(Task.sequence)).where(Task.campaign_id == campaign.id)) or 0) + 1
    task = Task(campaign=campaign, category=category, deadline=deadline, deadline_text=deadline_text,
                points=points, sequence=sequence, source_row=source_row)
    task.set_title(title)
    db.session.add(task)
    set_assignments(task, units)
    db.session.flush()
    record_event(actor, "task.create", task, f"新增任务：{title[:60]}", campaign_id=campaign.id)
    return task


def set_assignments(task: Task, units: list[Unit]) -> None:
    """Make the task's units exactly `units` (lead first), keeping existing assignments' work."""
    existing = {a.unit_id: a for a in task.assignments}
    wanted_ids = [u.id for u in units]
    for a in list(task.assignments):
        if a.unit_id not in wanted_ids and a.status == "not_started":
            task.assignments.remove(a)
    for pos, unit in enumerate(units):
        a = existing.get(unit.id)
        if a is None:
            a = Assignment(unit=unit, unit_id=unit.id)
            task.assignments.append(a)
        a.role = "lead" if pos == 0 else "co"
        a.position = pos
