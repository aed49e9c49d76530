"""The office edits a task (text, category, deadline with a reason, points) and reassigns its units."""
from datetime import date
from decimal import Decimal

from sqlalchemy import func, or_, select

from tracker.audit.services import record_event
from tracker.extensions import db
from tracker.tasks.models import Assignment, Task, title_key
from tracker.tasks.services import get_or_create_category, set_assignments
from tracker.units.models import Unit


class TaskEditError(ValueError):
    """A refused edit; the message is shown to the user."""


def _snapshot(task: Task) -> dict:
    return {"title": task.title, "category": task.category.name,
            "deadline": task.deadline.isoformat() if task.deadline else None,
            "points": str(task.points) if task.points is not None else None}


def update_task(task: Task, *, title: str, category_name: str, deadline: date | None, points: Decimal | None,
                reason: str, actor) -> None:
    """Change the task's text, category, deadline and points; a deadline change needs a reason."""
    title, category_name, reason = (title or "").strip(), (category_name or "").strip(), (reason or "").strip()
    if not title or not category_name:
        raise TaskEditError("任务内容和类别不能为空。")
    if points is not None and points < 0:
        raise TaskEditError("分值不能小于 0。")
    if deadline != task.deadline and not reason:
        raise TaskEditError("修改完成时限须填写调整理由。")
    category = get_or_create_category(task.campaign, category_name)
    clash = db.session.scalar(select(Task.id).where(Task.category_id == category.id, Task.title_key == title_key(title),
                                                    Task.id != task.id))
    if clash:
        raise TaskEditError("同一类别下已有相同内容的任务。")
    before = _snapshot(task)
    if deadline != task.deadline:
        task.deadline_text = None
    task.set_title(title)
    task.category, task.deadline, task.points = category, deadline, points
    db.session.flush()
    after = _snapshot(task)
    summary = "修改任务：" + "、".join(k for k in after if after[k] != before[k]) + (f"（理由：{reason}）" if reason else "")
    record_event(actor, "task.update", task, summary, campaign_id=task.campaign_id, before=before,
                 after={**after, "reason": reason})


def reassign_units(task: Task, lead: Unit, co_units: list[Unit], actor) -> None:
    """Make `lead` the lead unit and `co_units` the helpers; a unit that has started work cannot be removed."""
    units = [lead] + [u for u in dict.fromkeys(co_units) if u.id != lead.id]
    keep = {u.id for u in units}
    blocked = [a.unit.name for a in task.assignments if a.unit_id not in keep and a.status != "not_started"]
    if blocked:
        raise TaskEditError(f"{'、'.join(blocked)}已开展工作，不能移除。")
    before = [(a.unit.name, a.role) for a in task.assignments]
    set_assignments(task, units)
    db.session.flush()
    db.session.expire(task, ["assignments"])  # reload in position order
    after = [(a.unit.name, a.role) for a in task.assignments]
    record_event(actor, "task.reassign", task, f"调整责任单位：牵头 {lead.name}，配合 {len(units) - 1} 个",
                 campaign_id=task.campaign_id, before={"units": before}, after={"units": after})


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
