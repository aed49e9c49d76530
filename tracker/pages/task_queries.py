"""The office's task list: a filtered select of plain rows, and the page's units and states in one more query."""
from collections import defaultdict
from functools import cache

from sqlalchemy import bindparam, func, or_, select

from tracker.assignments.models import Assignment
from tracker.database import plain_rows
from tracker.extensions import db
from tracker.items.models import LIST_SOURCE, Source, SupervisionItem
from tracker.registers.models import RegisterEntry
from tracker.tasks.models import Category, Task
from tracker.units.models import Unit


def task_list_select(campaign_id: int, *, q: str = "", category_id: int | None = None,
                     unit_id: int | None = None, status: str | None = None, source: str | None = None):
    """(select of the campaign's task rows for the list, filtered and in list order; its count). Each row
    carries its 督办事项's source and 编号 (none: a task of the 责任清单); `source` filters by them."""
    stmt = (select(Task.id, Task.sequence, Task.title, Task.deadline, Task.deadline_text, Task.points,
                   Category.name.label("category"), SupervisionItem.source.label("source"),
                   RegisterEntry.number_text.label("item_number"))
            .join(Category, Category.id == Task.category_id)
            .outerjoin(SupervisionItem, SupervisionItem.task_id == Task.id)
            .outerjoin(RegisterEntry, RegisterEntry.id == SupervisionItem.register_entry_id)
            .where(Task.campaign_id == campaign_id))
    if source == LIST_SOURCE:
        stmt = stmt.where(SupervisionItem.id.is_(None))
    elif source in Source.values():
        stmt = stmt.where(SupervisionItem.source == source)
    if q:
        stmt = stmt.where(or_(Task.title.contains(q, autoescape=True), Task.deadline_text.contains(q, autoescape=True)))
    if category_id:
        stmt = stmt.where(Task.category_id == category_id)
    if unit_id or status:
        sub = select(Assignment.task_id)
        sub = sub.where(Assignment.unit_id == unit_id) if unit_id else sub
        sub = sub.where(Assignment.status == status) if status else sub
        stmt = stmt.where(Task.id.in_(sub))
    count = select(func.count()).select_from(stmt.subquery())
    return stmt.order_by(Task.sequence, Task.id), count


@cache
def _units_statement():
    return (select(Assignment.task_id, func.coalesce(Unit.short_name, Unit.name), Assignment.role,
                   Assignment.status, Assignment.chase_count)
            .join(Unit, Unit.id == Assignment.unit_id).where(Assignment.task_id.in_(bindparam("ids", expanding=True)))
            .order_by(Assignment.task_id, Assignment.position))


def units_of(task_ids: list[int]) -> dict[int, list]:
    """{task id: [(unit's short name or name, role, status, chase count), …] in position order}, one query
    (its statement built once)."""
    found: dict[int, list] = defaultdict(list)
    if not task_ids:
        return found
    for task_id, *unit in plain_rows(db.session, _units_statement(), {"ids": task_ids}):
        found[task_id].append(unit)
    return found
