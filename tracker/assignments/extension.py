"""延期申请: a unit asks for a later due date before its due date; the office approves or refuses with a reason.

- `request_extension`: by the assignment's own liaison, while the item is open, on or before its due date
  (`due.due_date`, the one rule); afterwards the system refuses with the reason. One pending request per
  assignment (a unique key in the database; `ExtensionRequest.pending_marker`).
- `approve_extension`: the office; the new date becomes `Assignment.due_on` through the state machine's `extend`
  transition (audited; the status stays), so lights, flags, figures (`due_on` is watched by figures.py) and
  every page follow the one due-date rule.
- `refuse_extension`: the office, with a required reason.
Each side is told in-app. Services flush; the route commits.
"""
from datetime import date

from sqlalchemy import Select, case, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from tracker.assignments.acknowledgement import ensure_acknowledged
from tracker.assignments.due import due_date
from tracker.assignments.models import (
    OPEN_STATUSES,
    Assignment,
    ExtensionRequest,
    ExtensionStatus,
)
from tracker.assignments.states import AssignmentError, apply_transition, refusal
from tracker.assignments.visibility import may_change
from tracker.audit.services import record_event
from tracker.extensions import db
from tracker.notifications.services import notify_office, notify_unit
from tracker.tasks.models import Task
from tracker.timeutil import utcnow

REASON_MAX = 500
MAX_DAYS = 366  # a request further than a year away is a new plan, not an extension


class ExtensionRefused(AssignmentError):
    """A refused extension request or decision (Chinese message)."""


def pending_request(assignment_id: int) -> ExtensionRequest | None:
    return db.session.scalar(select(ExtensionRequest).where(ExtensionRequest.assignment_id == assignment_id,
                                                            ExtensionRequest.pending_marker == 1))


def requests_of(assignment_id: int) -> list[ExtensionRequest]:
    """An assignment's requests, newest first (the assignment page)."""
    return list(db.session.scalars(select(ExtensionRequest).where(ExtensionRequest.assignment_id == assignment_id)
                                   .order_by(ExtensionRequest.id.desc())))


def why_no_request(a: Assignment, user, today: date, requests: list[ExtensionRequest] | None = None) -> str | None:
    """Why this user may not ask for an extension on `a` today (None: they may); `requests`: the assignment's
    requests if already loaded (the page), else the pending one is looked up."""
    if getattr(user, "role", None) != "unit" or not may_change(user, a):
        return "只有本单位联络员可以申请延期。"
    if a.status not in OPEN_STATUSES:
        return "任务已提交或办结，无需申请延期。"
    due = due_date(a)
    if due is None:
        return "本任务没有完成时限，无需申请延期。"
    if today > due:
        return (f"已超过完成时限（{due.isoformat()}），系统不再受理延期申请。延期须在完成时限前提出；"
                "请抓紧办理，确有困难请与领导小组办公室联系。")
    pending = any(r.pending_marker == 1 for r in requests) if requests is not None else pending_request(a.id)
    if pending:
        return "本任务已有一份待审批的延期申请，请等待办公室审批。"
    return None


def request_extension(a: Assignment, user, new_due: date | None, reason: str, today: date) -> ExtensionRequest:
    """File a request for `new_due` with a reason; the office is told."""
    if (why := why_no_request(a, user, today)) is not None:
        raise ExtensionRefused(why)
    due, reason = due_date(a), (reason or "").strip()
    if new_due is None:
        raise ExtensionRefused("请填写申请延期至的日期。")
    if new_due <= due:
        raise ExtensionRefused(f"申请的日期应晚于现在的完成时限（{due.isoformat()}）。")
    if (new_due - due).days > MAX_DAYS:
        raise ExtensionRefused("申请延期不能超过一年；如需调整计划请与领导小组办公室联系。")
    if not reason:
        raise ExtensionRefused("请填写延期理由。")
    if len(reason) > REASON_MAX:
        raise ExtensionRefused(f"延期理由不能超过 {REASON_MAX} 字（现有 {len(reason)} 字）。")
    ensure_acknowledged(a, user)
    req = ExtensionRequest(assignment_id=a.id, requested_by_id=user.id, original_due=due, new_due=new_due,
                           reason=reason)
    try:
        with db.session.begin_nested():
            db.session.add(req)
            db.session.flush()
    except IntegrityError as exc:  # a concurrent request got there first: the unique key holds
        raise ExtensionRefused("本任务已有一份待审批的延期申请，请等待办公室审批。") from exc
    record_event(user, "extension.request", req, f"申请延期：{due.isoformat()} → {new_due.isoformat()}",
                 campaign_id=a.task.campaign_id, assignment_id=a.id,
                 after={"original_due": due.isoformat(), "new_due": new_due.isoformat(), "reason": reason})
    notify_office("extension", f"{a.unit.name}申请将「{a.task.title[:40]}」延期至 {new_due.isoformat()}，请审批。",
                  link="/supervision/extensions", campaign_id=a.task.campaign_id)
    return req


def _decidable(req: ExtensionRequest, actor) -> Assignment:
    if req.status != ExtensionStatus.PENDING:
        raise ExtensionRefused(f"该延期申请已{req.status_label}，不能重复审批。")
    a = req.assignment
    if (refused := refusal(a, "extend", actor)) is not None:
        raise refused
    return a


def _close(req: ExtensionRequest, actor, status: ExtensionStatus, reason: str) -> None:
    req.status, req.pending_marker = status.value, None
    req.decided_by_id, req.decided_at, req.decision_reason = actor.id, utcnow(), reason


def approve_extension(req: ExtensionRequest, actor, reason: str = "") -> None:
    """The new date becomes the assignment's own due date (the `extend` transition; audited)."""
    a = _decidable(req, actor)
    before = due_date(a)
    _close(req, actor, ExtensionStatus.APPROVED, (reason or "").strip()[:REASON_MAX])
    a.due_on = req.new_due
    apply_transition(a, "extend", actor, obj=req,
                     summary=f"批准延期：{before.isoformat() if before else '—'} → {req.new_due.isoformat()}",
                     after={"due_on": req.new_due.isoformat(), "before_due": before.isoformat() if before else None})
    notify_unit(a.unit_id, "extension", f"「{a.task.title[:40]}」的延期申请已批准，完成时限调整为 "
                f"{req.new_due.isoformat()}。", link=f"/assignments/{a.id}", campaign_id=a.task.campaign_id)


def refuse_extension(req: ExtensionRequest, actor, reason: str) -> None:
    """Refused with a reason the unit reads; the due date stays."""
    a = _decidable(req, actor)
    reason = (reason or "").strip()
    if not reason:
        raise ExtensionRefused("不予批准时请填写理由。")
    if len(reason) > REASON_MAX:
        raise ExtensionRefused(f"理由不能超过 {REASON_MAX} 字。")
    _close(req, actor, ExtensionStatus.REFUSED, reason)
    db.session.flush()
    record_event(actor, "extension.refuse", req, f"不予延期：{reason[:60]}", campaign_id=a.task.campaign_id,
                 assignment_id=a.id, after={"reason": reason})
    notify_unit(a.unit_id, "extension", f"「{a.task.title[:40]}」的延期申请未获批准：{reason}",
                link=f"/assignments/{a.id}", campaign_id=a.task.campaign_id)


def extension_queue(campaign_id: int, state: str = "pending") -> Select:
    """The office's queue: pending requests oldest first (or all, pending first, then newest)."""
    stmt = (select(ExtensionRequest).join(Assignment, Assignment.id == ExtensionRequest.assignment_id)
            .join(Task, Task.id == Assignment.task_id).where(Task.campaign_id == campaign_id)
            .options(joinedload(ExtensionRequest.assignment).joinedload(Assignment.task),
                     joinedload(ExtensionRequest.assignment).joinedload(Assignment.unit),
                     joinedload(ExtensionRequest.requested_by), joinedload(ExtensionRequest.decided_by)))
    if state == "pending":
        return stmt.where(ExtensionRequest.pending_marker == 1).order_by(ExtensionRequest.id)
    pending_first = case((ExtensionRequest.pending_marker == 1, 0), else_=1)
    return stmt.order_by(pending_first, ExtensionRequest.id.desc())
