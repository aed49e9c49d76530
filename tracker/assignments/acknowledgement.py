"""签收: a newly assigned item waits for its unit to acknowledge receipt — one click, or implicitly by working.

- `acknowledge(a, user)`: the liaison's one click (签收); the time and who are kept, the event is audited through
  the state machine's `acknowledge` transition (the status does not change).
- `ensure_acknowledged(a, user)`: called by every service a unit uses to work on its assignment (start, progress,
  evidence, submit): real work acknowledges receipt, so 签收 is never an extra click before it (减负).
- `ack_due(a, calendar)`: the last day to acknowledge — the campaign's `ack_workdays` working days after the day
  the item was assigned (its local date), on the official calendar with the office's overrides. `is_ack_late`:
  not acknowledged, still open, and today is after that day. The scheduler's sweep flags such items once.

Assignments that existed before 签收 was introduced count as acknowledged when they were created (migration).
"""
from datetime import date

from tracker.assignments.models import OPEN_STATUSES, Assignment
from tracker.assignments.states import AssignmentError, apply_transition, may
from tracker.timeutil import to_local, utcnow
from tracker.workdays.calendar import WorkCalendar


def acknowledge(a: Assignment, user, *, implicit: bool = False) -> None:
    """签收 by the assignment's own liaison; refused when already acknowledged. Flushes."""
    if a.acknowledged_at is not None:
        raise AssignmentError(f"本任务已于 {to_local(a.acknowledged_at):%Y-%m-%d %H:%M} 签收。")
    a.acknowledged_at, a.acknowledged_by_id = utcnow(), user.id
    apply_transition(a, "acknowledge", user, summary="签收（开始办理时自动签收）" if implicit else "签收",
                     after={"implicit": implicit})


def ensure_acknowledged(a: Assignment, user) -> None:
    """Working on an assignment acknowledges it: the first real action of its unit records 签收 too."""
    if a.acknowledged_at is None and may(a, "acknowledge", user):
        acknowledge(a, user, implicit=True)


def assigned_on(a: Assignment) -> date:
    """The local day the unit was given the item."""
    return to_local(a.created_at, a.task.campaign.timezone).date()


def ack_due(a: Assignment, calendar: WorkCalendar) -> date | None:
    """The last day to acknowledge (None: the campaign sets no limit)."""
    days = a.task.campaign.ack_workdays
    return calendar.add_workdays(assigned_on(a), days) if days else None


def awaits_ack(a: Assignment) -> bool:
    return a.acknowledged_at is None and a.status in OPEN_STATUSES


def is_ack_late(a: Assignment, today: date, calendar: WorkCalendar) -> bool:
    """Not acknowledged, still open, and past the acknowledgement limit."""
    due = ack_due(a, calendar) if awaits_ack(a) else None
    return due is not None and today > due


def ack_workdays_late(a: Assignment, today: date, calendar: WorkCalendar) -> int:
    """Working days past the limit (0 when not late)."""
    return calendar.workdays_between(ack_due(a, calendar), today) if is_ack_late(a, today, calendar) else 0
