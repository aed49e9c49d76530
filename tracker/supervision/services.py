"""催办 (chase) and 批示 (leaders' instructions)."""
from datetime import date, timedelta

from sqlalchemy import or_, select

from tracker.assignments.due import due_sql, overdue_sql
from tracker.assignments.extension import approve_extension, refuse_extension
from tracker.assignments.models import OPEN_STATUSES, Assignment, ExtensionRequest, ProgressUpdate, Status
from tracker.assignments.states import owes_work_clause
from tracker.assignments.visibility import scope, sees_everything
from tracker.audit.services import record_event
from tracker.campaigns.models import Campaign
from tracker.errors import Refusal
from tracker.extensions import db
from tracker.notifications.outbox import enqueue_for_unit
from tracker.notifications.services import notify_office, notify_unit
from tracker.scheduler.models import AckFlag
from tracker.scheduler.refresh import close_moved_flags
from tracker.supervision.models import Chase, CriticismProposal, Instruction
from tracker.tasks.models import Task
from tracker.text import clip
from tracker.units.models import Unit


class SupervisionError(Refusal):
    """A refused supervision action; the message is shown to the user."""


def chase_assignments(assignments: list[Assignment], message: str, actor, *, link: str | None = None) -> list[Chase]:
    """催办: one Chase per assignment, its chase_count raised, its unit told in-app.

    The single entry point for reminders, so that other channels (the scheduler's outbox) can hook in here.
    `actor` None: the system (the escalation ladder); `link`: where the in-app message leads (default: the
    assignment's page; the ladder links its 催办通知书).
    """
    message = (message or "").strip()
    if not assignments:
        raise SupervisionError("请先勾选要催办的任务。")
    if not message:
        raise SupervisionError("请填写催办内容。")
    chases = []
    for a in assignments:
        chase = Chase(assignment_id=a.id, sender_id=getattr(actor, "id", None), message=message)
        db.session.add(chase)
        a.chase_count = (a.chase_count or 0) + 1
        chases.append(chase)
        db.session.flush()
        record_event(actor, "assignment.chase", chase, f"催办（第 {a.chase_count} 次）：{clip(a.task.title, 40)}",
                     campaign_id=a.task.campaign_id, assignment_id=a.id, after={"message": message})
        notify_unit(a.unit_id, "chase", f"催办：“{clip(a.task.title, 40)}”。{message}", link=link or f"/assignments/{a.id}",
                    campaign_id=a.task.campaign_id)
    _send_chases_outside(chases, assignments, message)
    return chases


def _send_chases_outside(chases: list[Chase], assignments: list[Assignment], message: str) -> None:
    """One outbox message per unit (email / robots), listing its chased tasks: robots allow few messages."""
    by_unit: dict[int, list[tuple[Chase, Assignment]]] = {}
    for chase, a in zip(chases, assignments, strict=True):
        by_unit.setdefault(a.unit_id, []).append((chase, a))
    for unit_id, items in by_unit.items():
        lines = "\n".join(f"{n}. {clip(a.task.title, 60)}" for n, (_, a) in enumerate(items, start=1))
        campaign = items[0][1].task.campaign.name
        enqueue_for_unit(unit_id, f"【催办】{campaign}：请抓紧推进创建任务", f"【{campaign}】{message}\n\n{lines}",
                         dedup_key=f"chase:{items[0][0].id}:u{unit_id}")


def chase_candidates(campaign: Campaign, today: date, kind: str = "lagging", *, ack_late: bool = False):
    """A select of assignments to chase: overdue or due within the campaign's lead days and not started
    (`lagging`), only overdue, every item still waiting for 签收 (`unack`), or all open work (anything else).
    `ack_late` adds the items past their 签收 limit (the 催办 list's default tab: chased like overdue ones).
    A co-unit that feeds the lead is chased for 签收 only; for the work its lead is.

    Due dates and overdue follow assignments/due.py (an ongoing task is due the day before 自查评估); the 签收
    limit is assignments/acknowledgement.py, flagged by the sweep (an open `AckFlag`).
    """
    due = due_sql(campaign)
    stmt = (select(Assignment).join(Task, Task.id == Assignment.task_id)
            .where(Task.campaign_id == campaign.id)
            .options(db.joinedload(Assignment.task).joinedload(Task.category), db.joinedload(Assignment.unit))
            .order_by(due.is_(None), due, Task.sequence, Assignment.id))
    if kind == "unack":
        return stmt.where(Assignment.acknowledged_at.is_(None), Assignment.status.in_(OPEN_STATUSES))
    wanted = owes_work_clause()
    if kind == "overdue":
        wanted = wanted & overdue_sql(campaign, today)
    elif kind == "lagging":
        soon = today + timedelta(days=campaign.lead_days)
        wanted = wanted & or_(overdue_sql(campaign, today),
                              (due <= soon) & (Assignment.status == Status.NOT_STARTED))
    if ack_late:
        flagged = select(AckFlag.assignment_id).where(AckFlag.closed_on.is_(None))
        wanted = or_(wanted, Assignment.id.in_(flagged) & Assignment.status.in_(OPEN_STATUSES))
    return stmt.where(wanted)


def _holds_work(unit: Unit, campaign: Campaign, task: Task | None) -> bool:
    """The unit holds an assignment on the task (or, without one, in the campaign): whom a 批示 can concern."""
    where = [Assignment.unit_id == unit.id]
    where.append(Assignment.task_id == task.id if task else Task.campaign_id == campaign.id)
    return db.session.scalar(select(Assignment.id).join(Task, Task.id == Assignment.task_id).where(*where)
                             .limit(1)) is not None


def record_instruction(campaign: Campaign, text: str, actor, *, task: Task | None = None,
                       unit: Unit | None = None) -> Instruction:
    """批示 by a leader on a task or a unit; the units concerned and the office are told, and it is audited."""
    text = (text or "").strip()
    if not text:
        raise SupervisionError("请填写批示内容。")
    if task is None and unit is None:
        raise SupervisionError("请选择批示的任务或单位。")
    if unit is not None and not _holds_work(unit, campaign, task):
        raise SupervisionError(f"{unit.name}不是该任务的责任单位，批示未发送。" if task else
                               f"{unit.name}在本活动中没有任务，批示未发送。")
    item = Instruction(campaign_id=campaign.id, author_id=actor.id, task_id=task.id if task else None,
                       unit_id=unit.id if unit else None, text=text)
    db.session.add(item)
    db.session.flush()
    target = f"任务“{clip(task.title, 30)}”" if task else f"{unit.name}"
    record_event(actor, "instruction.create", item, f"领导批示（{target}）：{clip(text, 60)}", campaign_id=campaign.id)
    unit_ids = {unit.id} if unit else {a.unit_id for a in task.assignments}
    for uid in sorted(unit_ids):
        notify_unit(uid, "instruction", f"领导批示（{target}）：{clip(text, 80)}", link="/instructions",
                    campaign_id=campaign.id)
    notify_office("instruction", f"领导批示（{target}）：{clip(text, 80)}", link="/instructions", campaign_id=campaign.id)
    return item


def instructions_for(user, campaign: Campaign) -> list[Instruction]:
    """批示 of the campaign the user may read (the visibility policy: a unit, those on it or on its tasks)."""
    stmt = (select(Instruction).where(Instruction.campaign_id == campaign.id, scope(user, Instruction))
            .options(db.joinedload(Instruction.author), db.joinedload(Instruction.task),
                     db.joinedload(Instruction.unit))
            .order_by(Instruction.created_at.desc(), Instruction.id.desc()))
    return list(db.session.scalars(stmt))


def instruction_replies(user, items: list[Instruction], limit: int = 3) -> dict[int, list]:
    """落实情况 of each 批示: the progress the units concerned reported since (newest first, `limit` each), for
    the readers (leaders, office) — a unit reads only its own work. One query for any number of 批示."""
    replies: dict[int, list] = {i.id: [] for i in items}
    if not items or not sees_everything(user):
        return replies
    since = min(i.created_at for i in items)
    task_ids = {i.task_id for i in items if i.task_id}
    unit_ids = {i.unit_id for i in items if i.unit_id and not i.task_id}
    stmt = (select(ProgressUpdate, Assignment.task_id, Assignment.unit_id, Unit.name)
            .join(Assignment, Assignment.id == ProgressUpdate.assignment_id).join(Unit, Unit.id == Assignment.unit_id)
            .join(Task, Task.id == Assignment.task_id)
            .where(Task.campaign_id == items[0].campaign_id, ProgressUpdate.created_at >= since,
                   or_(Assignment.task_id.in_(task_ids), Assignment.unit_id.in_(unit_ids)))
            .order_by(ProgressUpdate.created_at.desc(), ProgressUpdate.id.desc()))
    rows = db.session.execute(stmt).all()
    for item in items:
        for update, task_id, unit_id, unit_name in rows:
            mine = task_id == item.task_id if item.task_id else unit_id == item.unit_id
            if mine and update.created_at >= item.created_at and len(replies[item.id]) < limit:
                replies[item.id].append((unit_name, update))
    return replies


def decide_extension(req: ExtensionRequest, actor, decision: str, reason: str, today: date) -> None:
    """The office's decision on a 延期申请: approve (the due date moves, its flags follow at once) or refuse."""
    if decision == "approve":
        approve_extension(req, actor, reason)
        close_moved_flags(req.assignment, today)
    elif decision == "refuse":
        refuse_extension(req, actor, reason)
    else:
        raise SupervisionError("未知的审批操作。")


def propose_criticism(a: Assignment, reason: str, today: date) -> CriticismProposal:
    """Propose the assignment's unit for the next 通报批评 (the 通报 form pre-ticks it with the reason). Flushes."""
    item = CriticismProposal(campaign_id=a.task.campaign_id, unit_id=a.unit_id, assignment_id=a.id,
                             reason=reason[:200], proposed_on=today)
    db.session.add(item)
    db.session.flush()
    return item


def open_proposals(campaign_id: int) -> dict[int, list[str]]:
    """{unit id: reasons} of the proposals no circular has taken up yet."""
    stmt = (select(CriticismProposal.unit_id, CriticismProposal.reason)
            .where(CriticismProposal.campaign_id == campaign_id, CriticismProposal.circular_id.is_(None))
            .order_by(CriticismProposal.id))
    out: dict[int, list[str]] = {}
    for unit_id, reason in db.session.execute(stmt):
        out.setdefault(unit_id, []).append(reason)
    return out
