"""When an assignment is due, overdue and 临期 — the one rule, as a SQL expression and its Python twin.

**Due date** of an assignment, in order:
  1. its own date (`Assignment.due_on`: an approved extension);
  2. its task's deadline (`Task.deadline`);
  3. for an ongoing task (长期 / 持续推进 / 常态化, no deadline): the day before 自查评估 begins.
**Overdue** (逾期): the unit still owes the work (`states.owes_work`: an open lead; an open co-unit only when it
submits separately or a return named it — a co-unit that feeds its lead owes nothing of its own) and due < today.
**临期** (due soon) before a gate: owes the work, not overdue, the gate (start of 自查评估 or 申报验收) is at most the
campaign's lead days away, and the due date falls on or before the gate.

`due_date()` / `is_overdue()` / `due_soon_gates()` answer for one loaded assignment; `due_sql()` /
`overdue_sql()` / `due_soon_sql()` are the same rule for aggregates (they need `Task` joined). Every page, job,
export and `--json` output uses this module; tests/assignments/test_due.py checks that the twins agree.
"""
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Date, and_, func, literal

from tracker.assignments.models import Assignment
from tracker.assignments.states import owes_work, owes_work_clause
from tracker.campaigns.models import Campaign
from tracker.database import SqlDate
from tracker.tasks.models import Task


def ongoing_due(campaign: Campaign) -> date | None:
    """The due date of a task without a deadline: the day before self-assessment starts (None without it)."""
    start = campaign.gate_dates().get("self_assessment")
    return start - timedelta(days=1) if start else None


def gates_at_risk(campaign: Campaign, today: date) -> dict[str, date]:
    """Gates that start between today and today + lead days (both included): {gate kind: start}."""
    horizon = today + timedelta(days=campaign.lead_days)
    return {k: d for k, d in campaign.gate_dates().items() if today <= d <= horizon}


# --- the Python twin ----------------------------------------------------------------------------------------

def due_date(a: Assignment) -> date | None:
    """The assignment's due date by the rule above (None: ongoing task in a campaign without 自查评估)."""
    return a.due_on or a.task.deadline or ongoing_due(a.task.campaign)


def is_overdue(a: Assignment, today: date) -> bool:
    due = due_date(a)
    return due is not None and due < today and owes_work(a)


def days_overdue(a: Assignment, today: date) -> int:
    """Days past the due date of an overdue assignment, else 0."""
    return (today - due_date(a)).days if is_overdue(a, today) else 0


def due_soon_gates(a: Assignment, today: date) -> list[str]:
    """The gates before which the assignment is 临期 today (empty when it is not)."""
    return due_soon_gates_of(due_date(a), owes_work(a), a.task.campaign, today)


def due_soon_gates_of(due: date | None, owes: bool, campaign: Campaign, today: date) -> list[str]:
    """`due_soon_gates` on plain values (a list's rows): the due date, whether the unit owes the work, the campaign."""
    if due is None or due < today or not owes:
        return []
    return [gate for gate, on in gates_at_risk(campaign, today).items() if due <= on]


@dataclass(frozen=True)
class DueText:
    """How a due date reads to a unit: "2022-06-30", or for an ongoing task "长期（自评材料应于 … 前提交）"."""

    due: date | None
    ongoing: bool
    text: str


def due_text(a: Assignment) -> DueText:
    return due_text_of(a.due_on, a.task.deadline, a.task.campaign)


def due_text_of(due_on: date | None, deadline: date | None, campaign: Campaign) -> DueText:
    """`due_text` on plain values (a list's rows): the assignment's own date, its task's deadline, the campaign."""
    due = due_on or deadline or ongoing_due(campaign)
    if due_on is not None:
        return DueText(due, False, f"{due.isoformat()}（已延期）")
    if deadline is not None:
        return DueText(due, False, due.isoformat())
    if due is None:
        return DueText(None, True, "长期")
    return DueText(due, True, f"长期（自评材料应于 {due.isoformat()} 前提交）")


# --- the SQL twin (Task must be joined) ---------------------------------------------------------------------

def due_sql(campaign: Campaign):
    """COALESCE(assignment's own date, task's deadline, the campaign's ongoing due date) as a DATE."""
    fallback = ongoing_due(campaign)
    parts = [Assignment.due_on, Task.deadline] + ([literal(fallback, Date)] if fallback else [])
    return func.coalesce(*parts, type_=SqlDate())


def open_sql():
    """SQL twin of "the unit owes the work" (tracker/assignments/states.py)."""
    return owes_work_clause()


def overdue_sql(campaign: Campaign, today: date):
    """Owes the work and due before today."""
    return and_(open_sql(), due_sql(campaign) < today)


def due_soon_sql(campaign: Campaign, today: date, gate_on: date):
    """Owes the work, not overdue, and due on or before the gate (the caller picks gates with `gates_at_risk`)."""
    due = due_sql(campaign)
    return and_(open_sql(), due >= today, due <= gate_on)
