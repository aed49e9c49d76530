"""督查 and 整改: inspections, and rectification items created from findings or from points lost in 初验."""
from datetime import date

from sqlalchemy import select

from tracker.assignments.assigning import create_task
from tracker.assignments.models import Assignment
from tracker.audit.services import record_event
from tracker.campaigns.models import Campaign
from tracker.extensions import db
from tracker.supervision.models import Inspection, Rectification
from tracker.supervision.services import SupervisionError
from tracker.tasks.models import Task
from tracker.text import clip
from tracker.units.models import Unit

RECTIFICATION_CATEGORY = "整改事项"


def record_inspection(campaign: Campaign, held_on: date, units_visited: str, findings: str, actor, *,
                      team: str = "") -> Inspection:
    """Record a 督查 visit: date, 被督查单位, 督查组 and findings (one per line)."""
    if not (findings or "").strip():
        raise SupervisionError("请填写督查发现的问题。")
    item = Inspection(campaign_id=campaign.id, held_on=held_on, units_visited=(units_visited or "").strip(),
                      team=(team or "").strip(), findings=findings.strip(), author_id=actor.id)
    db.session.add(item)
    db.session.flush()
    record_event(actor, "inspection.create", item, f"记录督查（{held_on.isoformat()}）", campaign_id=campaign.id)
    return item


def create_rectification(campaign: Campaign, unit: Unit, title: str, deadline: date | None, actor, *,
                         inspection: Inspection | None = None, source_task: Task | None = None) -> Rectification:
    """整改事项: a task of its own category, assigned to the unit with a deadline — flagged and reviewed like any task."""
    title = (title or "").strip()
    if not title:
        raise SupervisionError("请填写整改事项。")
    if deadline is None:
        raise SupervisionError("请填写整改时限。")
    if inspection is not None and deadline < inspection.held_on:
        raise SupervisionError(f"整改时限 {deadline.isoformat()} 早于督查日期 {inspection.held_on.isoformat()}，"
                               "请填写督查日期当天或之后的日期。")
    task = create_task(campaign, RECTIFICATION_CATEGORY, title, [unit], deadline=deadline, actor=actor)
    item = Rectification(task_id=task.id, inspection_id=inspection.id if inspection else None,
                         source_task_id=source_task.id if source_task else None)
    db.session.add(item)
    db.session.flush()
    origin = "督查发现" if inspection else ("初验失分" if source_task else "办公室")
    record_event(actor, "rectification.create", item, f"下达整改事项（{origin}）给{unit.name}：{clip(title, 40)}",
                 campaign_id=campaign.id, assignment_id=task.assignments[0].id)
    return item


def list_inspections(campaign_id: int, *visible) -> list[Inspection]:
    """The campaign's inspections, newest first; `visible`: the visibility policy's scope for the reader."""
    return list(db.session.scalars(select(Inspection).where(Inspection.campaign_id == campaign_id, *visible)
                                   .order_by(Inspection.held_on.desc(), Inspection.id.desc())))


def list_rectifications(campaign_id: int, *visible) -> list[tuple[Rectification, Assignment]]:
    """Every rectification item (matching `visible`, the policy's scope) with its assignment, task and unit."""
    stmt = (select(Rectification, Assignment).join(Task, Task.id == Rectification.task_id)
            .join(Assignment, Assignment.task_id == Task.id)
            .where(Task.campaign_id == campaign_id, *visible)
            .options(db.joinedload(Rectification.task), db.joinedload(Assignment.unit))
            .order_by(Task.deadline, Rectification.id))
    return [tuple(r) for r in db.session.execute(stmt).unique()]
