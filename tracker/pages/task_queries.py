"""The office's task list: a filtered select with the page's units and category loaded."""
from sqlalchemy import func, or_, select

from tracker.assignments.models import Assignment
from tracker.extensions import db
from tracker.tasks.models import Task


def task_list_select(campaign_id: int, *, q: str = "", category_id: int | None = None,
                     unit_id: int | None = None, status: str | None = None):
    """Tasks of the campaign for the list, filtered; units and category loaded with the page."""
    stmt = select(Task).where(Task.campaign_id == campaign_id)
    if q:
        stmt = stmt.where(or_(Task.title.ilike(f"%{q}%"), Task.deadline_text.ilike(f"%{q}%")))
    if category_id:
        stmt = stmt.where(Task.category_id == category_id)
    if unit_id or status:
        sub = select(Assignment.task_id)
        sub = sub.where(Assignment.unit_id == unit_id) if unit_id else sub
        sub = sub.where(Assignment.status == status) if status else sub
        stmt = stmt.where(Task.id.in_(sub))
    count = select(func.count()).select_from(stmt.subquery())
    stmt = stmt.options(db.joinedload(Task.category),
                        db.selectinload(Task.assignments).joinedload(Assignment.unit)).order_by(Task.sequence, Task.id)
    return stmt, count
