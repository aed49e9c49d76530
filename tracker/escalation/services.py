"""Walking the escalation ladder: which steps an assignment has reached on a day, and taking each once.

Triggers count working days (tracker/workdays) from the due date of the one rule (tracker/assignments/due.py):
    before_due N   on the N-th working day before the due date, up to the due date itself
    day_after      from the day after the due date
    overdue N      from the N-th working day after the due date
Only work a unit owes escalates (`states.owes_work`: not a co-unit feeding its lead, nothing submitted or done).
Each (assignment, step) is taken once — the unique key makes a rerun or a second scheduler find it taken. When
several steps are reached at once (the ladder was set up late, the scheduler was down), only the furthest is
acted on and the earlier ones are recorded as passed over, so a unit never gets three documents in one morning.
A paused assignment is left alone until the office resumes it.
"""
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from tracker.assignments.due import due_date
from tracker.assignments.models import Assignment
from tracker.assignments.states import owes_work_clause
from tracker.audit.services import record_event
from tracker.campaigns.models import Campaign
from tracker.escalation.models import EscalationPause, EscalationRecord, EscalationStep, Trigger
from tracker.extensions import db
from tracker.notifications.outbox import enqueue_for_unit
from tracker.notifications.services import notify_unit
from tracker.registers.models import DocKind
from tracker.registers.services import issue_number
from tracker.scheduler.sweep import lock_campaign
from tracker.supervision.services import chase_assignments, propose_criticism
from tracker.tasks.models import Task
from tracker.text import clip
from tracker.workdays.calendar import WorkCalendar
from tracker.workdays.services import work_calendar

DEFAULT_LADDER = (
    {"trigger": Trigger.BEFORE_DUE, "days": 3, "remind": True, "issue_notice": True},
    {"trigger": Trigger.DAY_AFTER, "days": 0, "remind": True, "urge_notice": True, "issue_notice": True},
    {"trigger": Trigger.OVERDUE, "days": 5, "remind": True, "urge_notice": True, "propose_criticism": True,
     "issue_notice": True},
)


def order_key(step: EscalationStep) -> tuple[int, int]:
    """Steps in the order they are reached: before the due date (furthest first), the day after, overdue."""
    if step.trigger == Trigger.BEFORE_DUE:
        return (0, -step.days)
    return (1, 0) if step.trigger == Trigger.DAY_AFTER else (2, step.days)


def ladder(campaign: Campaign, *, create: bool = True) -> list[EscalationStep]:
    """The campaign's steps in order; a campaign that never had any gets the default ladder (kept when
    `create`, else shown unsaved). Flushes."""
    steps = list(db.session.scalars(select(EscalationStep).where(EscalationStep.campaign_id == campaign.id)))
    if not steps:
        steps = default_steps(campaign)
        if create:
            db.session.add_all(steps)
            db.session.flush()
    return sorted(steps, key=order_key)


def default_steps(campaign: Campaign) -> list[EscalationStep]:
    """The default ladder for a campaign that never saved its own, unsaved (no query)."""
    steps = [EscalationStep(campaign_id=campaign.id, active=True, remind=False, urge_notice=False,
                            propose_criticism=False, issue_notice=False) for _ in DEFAULT_LADDER]
    for step, spec in zip(steps, DEFAULT_LADDER, strict=True):
        for key, value in spec.items():
            setattr(step, key, value)
    return steps


def reached(step: EscalationStep, due: date, today: date, calendar: WorkCalendar) -> bool:
    """Whether the step's trigger holds on `today` for work due on `due`."""
    if step.trigger == Trigger.BEFORE_DUE:
        return today <= due and calendar.workdays_between(today, due) <= step.days
    if step.trigger == Trigger.DAY_AFTER:
        return today > due
    return today > due and calendar.workdays_between(due, today) >= step.days


@dataclass
class WalkReport:
    today: date
    taken: int = 0
    passed: int = 0
    documents: int = 0
    records: list[EscalationRecord] = field(default_factory=list)

    def as_counts(self) -> dict[str, int]:
        return {"taken": self.taken, "passed": self.passed, "documents": self.documents}


def owed_assignments(campaign: Campaign) -> list[Assignment]:
    stmt = (select(Assignment).join(Task, Task.id == Assignment.task_id)
            .where(Task.campaign_id == campaign.id, owes_work_clause())
            .options(joinedload(Assignment.task).joinedload(Task.campaign), joinedload(Assignment.task)
                     .joinedload(Task.category), joinedload(Assignment.unit)).order_by(Assignment.id))
    return list(db.session.scalars(stmt).unique())


def walk_ladder(campaign: Campaign, today: date, calendar: WorkCalendar | None = None) -> WalkReport:
    """Take every step the campaign's owed assignments have reached today, once each. Flushes, never commits."""
    lock_campaign(campaign.id)  # two walkers of one campaign take turns; the unique key holds regardless
    calendar, report = calendar or work_calendar(), WalkReport(today)
    steps = [s for s in ladder(campaign) if s.active]
    assignments = owed_assignments(campaign)
    ids = [a.id for a in assignments]
    paused = set(db.session.scalars(select(EscalationPause.assignment_id)
                                    .where(EscalationPause.assignment_id.in_(ids)))) if ids else set()
    done = set(db.session.execute(select(EscalationRecord.assignment_id, EscalationRecord.step_id)
                                  .where(EscalationRecord.assignment_id.in_(ids))).tuples()) if ids else set()
    for a in assignments:
        due = due_date(a)
        if a.id in paused or due is None:
            continue
        due_now = [s for s in steps if reached(s, due, today, calendar) and (a.id, s.id) not in done]
        for n, step in enumerate(due_now, start=1):
            _take(a, step, due, today, calendar, report, act=n == len(due_now))
    return report


def _take(a: Assignment, step: EscalationStep, due: date, today: date, calendar: WorkCalendar,
          report: WalkReport, *, act: bool) -> None:
    record = EscalationRecord(assignment_id=a.id, step_id=step.id, fired_on=today, skipped=not act)
    try:
        with db.session.begin_nested():
            db.session.add(record)
            db.session.flush()
    except IntegrityError:  # another scheduler took this step first
        return
    if not act:
        report.passed += 1
        return
    record.snapshot = snapshot(a, step, due, today, calendar)
    _act(record, a, step, today, report)
    report.taken += 1
    report.records.append(record)
    record_event(None, "escalation.step", record, f"督办升级（{step.label}）：{clip(a.task.title, 40)}",
                 campaign_id=a.task.campaign_id, assignment_id=a.id, after={"actions": step.actions})


def snapshot(a: Assignment, step: EscalationStep, due: date, today: date, calendar: WorkCalendar) -> dict:
    """What the documents print, as it stood on the day."""
    if today > due:
        state = f"逾期{(today - due).days}天（{calendar.workdays_between(due, today)}个工作日）"
    else:
        state = f"距完成时限{calendar.workdays_between(today, due)}个工作日"
    return {"unit": a.unit.name, "unit_id": a.unit_id, "leader": a.unit.leader_in_charge or "",
            "category": a.task.category.name, "task": a.task.title, "deadline": due.isoformat(), "state": state,
            "chases": a.chase_count or 0, "step": step.label, "today": today.isoformat()}


def _act(record: EscalationRecord, a: Assignment, step: EscalationStep, today: date, report: WalkReport) -> None:
    campaign_id, unit, title = a.task.campaign_id, a.unit, clip(a.task.title, 40)
    documents = []
    if step.issue_notice:
        entry = issue_number(DocKind.NOTICE, f"{step.colour.label}（{unit.name}）：{title}", today,
                             campaign_id=campaign_id, unit_id=unit.id)
        record.notice_entry_id = entry.id
        documents.append(f"{step.colour.label} {entry.number_text}")
    if step.urge_notice:
        entry = issue_number(DocKind.URGE, f"催办通知书（{unit.name}）：{title}", today, campaign_id=campaign_id,
                             unit_id=unit.id)
        record.urge_entry_id = entry.id
        documents.append(f"催办通知书 {entry.number_text}")
    report.documents += len(documents)
    attached = f"{'、'.join(documents)}请点击本消息下载" if documents else ""
    which = "urge" if step.urge_notice else "notice"
    link = f"/escalation/records/{record.id}/{which}.docx" if documents else f"/assignments/{a.id}"
    cc = f"，已抄送分管领导{unit.leader_in_charge}" if step.urge_notice and unit.leader_in_charge else ""
    if step.urge_notice:  # a 催办: counted on the assignment, told in-app and through the unit's channels
        message = f"{step.label}，请抓紧办理。{attached}{cc}。"
        record.chase_id = chase_assignments([a], message, None, link=link)[0].id
    elif step.remind:
        text = (f"督办提醒（{step.label}）：“{title}”，完成时限 {record.snapshot['deadline']}，请抓紧办理。"
                + (f"{attached}。" if attached else ""))
        notify_unit(unit.id, "escalation", text, link=link, campaign_id=campaign_id)
        enqueue_for_unit(unit.id, f"【督办提醒】{a.task.campaign.name}", text, dedup_key=f"ladder:{record.id}")
    if step.propose_criticism:
        propose_criticism(a, f"“{title}”{step.label}仍未办结", today)
    db.session.flush()


def walk_all(campaigns: list[Campaign], today: date) -> WalkReport:
    """Walk every campaign's ladder (the scheduler's daily job and `tracker escalate`)."""
    total, calendar = WalkReport(today), work_calendar()
    for campaign in campaigns:
        part = walk_ladder(campaign, today, calendar)
        total.taken += part.taken
        total.passed += part.passed
        total.documents += part.documents
        total.records += part.records
    return total
