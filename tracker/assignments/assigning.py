"""Giving a task to units: create a task with its lead and co-units, and change who holds it."""
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from tracker.assignments.models import Assignment, Role, Status
from tracker.assignments.states import apply_transition, co_units_closing_with
from tracker.audit.services import record_event
from tracker.campaigns.models import Campaign
from tracker.extensions import db
from tracker.tasks.editing import TaskEditError
from tracker.tasks.models import Task
from tracker.tasks.services import get_or_create_category
from tracker.units.models import Unit
from tracker.units.usage import unit_usage


def holders_of(campaign_id: int):
    """The ids of the units holding an assignment in the campaign, as a subquery (`Unit.id.in_(...)`)."""
    return select(Assignment.unit_id).join(Task, Task.id == Assignment.task_id).where(Task.campaign_id == campaign_id)


@unit_usage.connect
def tasks_per_unit(_sender, unit_ids: list[int]) -> tuple[str, dict[int, int]]:
    """Answers the registry: how many tasks (of any campaign) each unit holds an assignment on."""
    rows = db.session.execute(select(Assignment.unit_id, func.count(Assignment.id))
                              .where(Assignment.unit_id.in_(unit_ids)).group_by(Assignment.unit_id))
    return "任务", {unit_id: int(n) for unit_id, n in rows}


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
        if a.unit_id not in wanted_ids and a.status == Status.NOT_STARTED:
            task.assignments.remove(a)
    for pos, unit in enumerate(units):
        a = existing.get(unit.id)
        if a is None:
            a = Assignment(unit=unit, unit_id=unit.id)
            task.assignments.append(a)
        a.role = Role.LEAD.value if pos == 0 else Role.CO.value
        a.position = pos


def reassign_units(task: Task, lead: Unit, co_units: list[Unit], actor) -> None:
    """Make `lead` the lead unit and `co_units` the helpers; a unit that has started work cannot be removed."""
    units = [lead] + [u for u in dict.fromkeys(co_units) if u.id != lead.id]
    keep = {u.id for u in units}
    blocked = [a.unit.name for a in task.assignments if a.unit_id not in keep and a.status != Status.NOT_STARTED]
    if blocked:
        raise TaskEditError(f"{'、'.join(blocked)}已开展工作，不能移除。")
    before = [(a.unit.name, a.role) for a in task.assignments]
    set_assignments(task, units)
    db.session.flush()
    db.session.expire(task, ["assignments"])  # reload in position order
    after = [(a.unit.name, a.role) for a in task.assignments]
    record_event(actor, "task.reassign", task, f"调整责任单位：牵头 {lead.name}，配合 {len(units) - 1} 个",
                 campaign_id=task.campaign_id, before={"units": before}, after={"units": after})
    _settle_after_reassignment(task, actor)


def _settle_after_reassignment(task: Task, actor) -> None:
    """A unit closed with the old lead that now leads owes the work again; a co-unit that joins a task whose lead
    is already approved closes with it (when co-units feed the lead)."""
    lead = task.lead
    if lead is None:
        return
    if lead.status == Status.CLOSED_WITH_LEAD:
        apply_transition(lead, "reopen_as_lead", actor, summary=f"改任牵头单位，重新推进：{task.title[:40]}")
    elif lead.status == Status.APPROVED:
        for co in co_units_closing_with(lead):
            apply_transition(co, "close_with_lead", actor, after={"lead_assignment_id": lead.id},
                             summary=f"牵头单位{lead.unit.name}已审核通过，随牵头办结：{task.title[:40]}")
