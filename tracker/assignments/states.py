"""The one state machine of an assignment: every status change, who may take it, and who owes the work.

    not_started ─start / auto_start─► in_progress ─submit─► submitted ─approve─► approved
         │                              ▲                      │
         │                              └──── returned ◄─return┘
         └─ (co-unit feeding the lead) ─► closed_with_lead  when the lead is approved   (close_with_lead)
                                         returned           when a return names it      (return_co_unit)

By default co-units (配合单位) feed the lead: they record progress and evidence on their own assignment, the lead
submits for the task, and approving the lead closes their open assignments as 随牵头办结. A campaign setting
(`Campaign.co_units_submit_separately`) or a task's override (`Task.co_submission`) makes them submit separately.

`apply_transition` is the only code that sets `Assignment.status`: it checks the table, sets the status, bumps
`updated_at` and writes the audit event, all in one flush.
"""
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select

from tracker.assignments.models import OPEN_STATUSES, STATUS_LABELS, Assignment, Role, Status
from tracker.audit.models import AuditEvent
from tracker.audit.services import record_event
from tracker.campaigns.models import Campaign
from tracker.errors import Refusal
from tracker.extensions import db
from tracker.tasks.models import CoSubmission, Task
from tracker.timeutil import utcnow

OFFICE = ("office", "admin")
UNIT = ("unit",)
STARTABLE = (Status.NOT_STARTED, Status.RETURNED)


class AssignmentError(Refusal):
    """A refused operation on an assignment; the message (Chinese) is shown to the user."""


class TransitionRefused(AssignmentError):
    """A status change the table does not allow: 409 for the wrong state, 403 for the wrong person."""

    status = 409


# ---- who submits: the lead always; a co-unit only when its task asks for separate submissions ----

def co_units_submit_separately(task: Task) -> bool:
    """The task's override if it has one, else its campaign's setting."""
    return separately(task.co_submission, lambda: task.campaign.co_units_submit_separately)


def separately(co_submission: str | None, campaign_setting) -> bool:
    """The rule of `co_units_submit_separately` on plain values (`campaign_setting`: the campaign's, or a
    callable giving it, read only when the task has no override)."""
    if co_submission is not None:
        return co_submission == CoSubmission.SEPARATE
    return bool(campaign_setting() if callable(campaign_setting) else campaign_setting)


def separate_clause():
    """SQL twin of `co_units_submit_separately`. Needs Task joined."""
    separate_campaigns = select(Campaign.id).where(Campaign.co_units_submit_separately.is_(True))
    return (Task.co_submission == CoSubmission.SEPARATE) | (
        Task.co_submission.is_(None) & Task.campaign_id.in_(separate_campaigns))


def feeds_lead(a: Assignment) -> bool:
    """A co-unit whose progress and evidence go with the lead's submission (it does not submit itself)."""
    return a.role == Role.CO and not co_units_submit_separately(a.task)


def submits_itself(a: Assignment) -> bool:
    return not feeds_lead(a)


def submits_itself_clause():
    """SQL twin of `submits_itself`: a lead, or a co-unit that submits separately. Needs Task joined."""
    return (Assignment.role == Role.LEAD) | separate_clause()


# ---- who owes the work (催办 and 通报 target these) ----

def owes_work(a: Assignment) -> bool:
    """An open lead, an open co-unit that submits separately, or a co-unit a return named (still 已退回)."""
    if a.status not in OPEN_STATUSES:
        return False
    return a.role == Role.LEAD or co_units_submit_separately(a.task) or a.status == Status.RETURNED


def owes_work_clause():
    """SQL twin of `owes_work`. Needs Task joined."""
    return Assignment.status.in_(OPEN_STATUSES) & (
        (Assignment.role == Role.LEAD) | separate_clause() | (Assignment.status == Status.RETURNED))


# ---- the table ----

@dataclass(frozen=True)
class Transition:
    """One allowed status change and who may take it."""

    name: str
    label: str  # Chinese: refusals and the audit trail
    sources: tuple[Status, ...]
    target: Status | None  # None: the status stays (the event is still recorded)
    roles: tuple[str, ...]  # the user roles that may take it
    action: str  # audit action
    own_unit: bool = False  # only a liaison of the assignment's own unit
    holder: Role | None = None  # only on the lead's / a co-unit's assignment
    when: Callable[[Assignment], bool] | None = None  # a further condition …
    when_refusal: str = ""  # … and what the user is told when it fails
    wrong_state: str = "任务当前为「{status}」，不能{label}。"


TRANSITIONS: dict[str, Transition] = {t.name: t for t in (
    Transition("start", "开始推进", STARTABLE, Status.IN_PROGRESS, UNIT, "assignment.in_progress", own_unit=True,
               wrong_state="任务当前为「{status}」，不能再次开始推进。"),
    # a first progress note or file starts the work
    Transition("auto_start", "开始推进（自动）", STARTABLE, Status.IN_PROGRESS, UNIT, "assignment.in_progress",
               own_unit=True),
    Transition("submit", "提交审核", (Status.IN_PROGRESS,), Status.SUBMITTED, UNIT, "assignment.submitted",
               own_unit=True, when=submits_itself,
               when_refusal="配合单位的进展和材料随牵头单位一并提交审核，无需单独提交。",
               wrong_state="请先开始推进（填报进展或上传材料），再提交审核。"),
    Transition("approve", "审核通过", (Status.SUBMITTED,), Status.APPROVED, OFFICE, "review.approve",
               wrong_state="该任务当前状态为“{status}”，只有已提交的任务才能审核。"),
    Transition("return", "审核退回", (Status.SUBMITTED,), Status.RETURNED, OFFICE, "review.return",
               wrong_state="该任务当前状态为“{status}”，只有已提交的任务才能审核。"),
    # approving the lead closes the open assignments of the co-units that fed it
    Transition("close_with_lead", "随牵头办结", OPEN_STATUSES, Status.CLOSED_WITH_LEAD, OFFICE,
               "assignment.closed_with_lead", holder=Role.CO, when=feeds_lead,
               when_refusal="该配合单位单独提交审核，不随牵头单位办结。"),
    # returning the lead's submission may name co-units whose part is missing
    Transition("return_co_unit", "退回配合单位补充", OPEN_STATUSES, Status.RETURNED, OFFICE,
               "review.return_co_unit", holder=Role.CO, when=feeds_lead,
               when_refusal="该配合单位单独提交审核，请在其提交中退回。"),
    # reassignment: a co-unit closed with the old lead that now leads the task owes the work again
    Transition("reopen_as_lead", "改任牵头单位，重新推进", (Status.CLOSED_WITH_LEAD,), Status.IN_PROGRESS, OFFICE,
               "assignment.reopen", holder=Role.LEAD),
    # 签收: the unit acknowledges receipt; the status stays (starting work acknowledges implicitly)
    Transition("acknowledge", "签收", (*OPEN_STATUSES, Status.SUBMITTED), None, UNIT, "assignment.acknowledge",
               own_unit=True, wrong_state="任务当前为「{status}」，无需签收。"),
    # placeholder for the extension request (延期申请): an approved extension moves the due date, not the state
    Transition("extend", "批准延期", OPEN_STATUSES, None, OFFICE, "assignment.extend"),
)}


def refusal(a: Assignment, name: str, actor) -> TransitionRefused | None:
    """Why `actor` may not take transition `name` on `a` now, or None if they may."""
    t = TRANSITIONS[name]
    if getattr(actor, "role", None) not in t.roles:
        return TransitionRefused(f"您的角色不能{t.label}。", status=403)
    if t.own_unit and actor.unit_id != a.unit_id:
        return TransitionRefused(f"只有本单位联络员可以{t.label}。", status=403)
    if t.holder is not None and a.role != t.holder:
        return TransitionRefused(f"只有{t.holder.label}单位的任务可以{t.label}。")
    if t.when is not None and not t.when(a):
        return TransitionRefused(t.when_refusal)
    if a.status not in t.sources:
        return TransitionRefused(t.wrong_state.format(status=STATUS_LABELS[a.status], label=t.label))
    return None


def may(a: Assignment, name: str, actor) -> bool:
    return refusal(a, name, actor) is None


def apply_transition(a: Assignment, name: str, actor, *, summary: str = "", obj=None,
                     after: dict | None = None) -> AuditEvent:
    """Take transition `name`: check the table, set the status, bump updated_at, write the audit event (one flush).

    `obj` is what the event is about (default the assignment, e.g. the review for 通过/退回); `after` adds to
    the event's after-image.
    """
    t = TRANSITIONS[name]
    if (refused := refusal(a, name, actor)) is not None:
        raise refused
    if obj is not None and getattr(obj, "id", None) is None:
        db.session.flush()  # the review, say, needs its id before the change is recorded
    old = str(a.status)
    if t.target is not None:
        a.status = t.target.value
    a.updated_at = utcnow()
    summary = summary or f"{t.label}：{STATUS_LABELS[old]} → {STATUS_LABELS[a.status]}"
    event = record_event(actor, t.action, obj if obj is not None else a, summary, campaign_id=a.task.campaign_id,
                         assignment_id=a.id, before={"status": old},
                         after={"status": str(a.status), "transition": name, **(after or {})})
    db.session.flush()
    return event


def co_units_closing_with(lead: Assignment) -> list[Assignment]:
    """The co-units whose open assignments close when `lead` is approved (those that feed it)."""
    if lead.role != Role.LEAD:
        return []
    return [a for a in lead.task.assignments if a.id != lead.id and a.status in OPEN_STATUSES and feeds_lead(a)]
