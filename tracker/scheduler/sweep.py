"""The deadline sweep: which open assignments are overdue or due soon before a gate, kept as flags.

`sweep_deadlines(campaign, today)` is the single function behind the daily job, `tracker scan` and the tests.
It selects in SQL, closes flags whose condition stopped, and bulk-inserts the new ones. Two processes may run it
at once: the unique key on open flags lets only one insert each flag; the loser skips it (savepoints).
"""
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Date, DateTime, Integer, String, case, insert, literal, select, update
from sqlalchemy.exc import IntegrityError

from tracker.assignments.due import due_soon_sql, due_sql, gates_at_risk, overdue_sql
from tracker.assignments.models import Assignment
from tracker.audit.services import record_event
from tracker.campaigns.models import Campaign
from tracker.campaigns.models import Campaign as C
from tracker.extensions import db
from tracker.scheduler.models import Flag
from tracker.tasks.models import Task
from tracker.timeutil import utcnow
from tracker.units.models import Unit

CHUNK = 500

# (assignment_id, kind, gate_key) → due date
FlagKey = tuple[int, str, str]


@dataclass
class SweepResult:
    """What one sweep of one campaign did; `created` holds the keys this run opened."""

    campaign_id: int
    today: date
    created: list[FlagKey] = field(default_factory=list)
    closed: int = 0
    open: int = 0

    @property
    def counts(self) -> dict[str, int]:
        return {"created": len(self.created), "closed": self.closed, "open": self.open}


def conditions(campaign: Campaign, today: date) -> list[tuple[str, str, object]]:
    """(kind, gate_key, SQL condition) for every flag that can hold today — the rule of assignments/due.py."""
    found = [("overdue", "", overdue_sql(campaign, today))]
    for gate, gate_on in gates_at_risk(campaign, today).items():
        found.append(("due_soon", gate, due_soon_sql(campaign, today, gate_on)))
    return found


def open_assignments(campaign: Campaign, *columns):
    return (select(*columns).select_from(Assignment).join(Task, Task.id == Assignment.task_id)
            .where(Task.campaign_id == campaign.id))


def wanted_flags(campaign: Campaign, today: date) -> dict[FlagKey, date]:
    """Every flag that should be open today, computed in SQL: one query per kind/gate."""
    due = due_sql(campaign)
    wanted: dict[FlagKey, date] = {}
    for kind, gate_key, condition in conditions(campaign, today):
        for aid, due_on in db.session.execute(open_assignments(campaign, Assignment.id, due).where(condition)):
            wanted[(aid, kind, gate_key)] = _as_date(due_on)
    return wanted


def _as_date(value) -> date:
    # SQLite returns COALESCE(date, literal) as text
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def open_flags(campaign_id: int) -> dict[FlagKey, tuple[int, date]]:
    stmt = (select(Flag.id, Flag.assignment_id, Flag.kind, Flag.gate_key, Flag.due_on)
            .join(Assignment, Assignment.id == Flag.assignment_id).join(Task, Task.id == Assignment.task_id)
            .where(Task.campaign_id == campaign_id, Flag.open_marker == 1))
    return {(aid, kind, gk): (fid, due) for fid, aid, kind, gk, due in db.session.execute(stmt)}


def close_flags(flag_ids: list[int], today: date) -> int:
    """Close the flags (history is kept); a flag another process already closed is left alone."""
    closed = 0
    for i in range(0, len(flag_ids), CHUNK):
        chunk = flag_ids[i:i + CHUNK]
        result = db.session.execute(
            update(Flag).where(Flag.id.in_(chunk), Flag.open_marker == 1)
            .values(open_marker=None, closed_on=today), execution_options={"synchronize_session": False})
        closed += result.rowcount
    return closed


def insert_flags(campaign: Campaign, today: date, wanted: dict[FlagKey, date],
                 missing: list[FlagKey]) -> list[FlagKey]:
    """Insert the missing flags in SQL (INSERT … SELECT); if another process got there first, fall back to
    one row at a time and skip what it holds."""
    if not missing:
        return []
    try:
        with db.session.begin_nested():
            return sorted(_insert_from_select(campaign, today))
    except IntegrityError:
        return [key for key in sorted(missing) if _insert_one(_row(key, wanted[key], today))]


def _insert_from_select(campaign: Campaign, today: date) -> list[FlagKey]:
    table, due, now = Flag.__table__, due_sql(campaign), utcnow()
    created: list[FlagKey] = []
    for kind, gate_key, condition in conditions(campaign, today):
        already = (select(Flag.id).where(Flag.assignment_id == Assignment.id, Flag.kind == kind,
                                         Flag.gate_key == gate_key, Flag.open_marker == 1).exists())
        rows = open_assignments(
            campaign, Assignment.id, literal(kind, String), literal(gate_key or None, String),
            literal(gate_key, String), due, literal(today, Date), literal(1, Integer), literal(now, DateTime),
        ).where(condition, ~already)
        stmt = insert(table).from_select(
            ["assignment_id", "kind", "gate", "gate_key", "due_on", "opened_on", "open_marker", "created_at"], rows)
        created += [(aid, kind, gate_key) for aid in db.session.execute(stmt.returning(table.c.assignment_id)).scalars()]
    return created


def _insert_one(row: dict) -> bool:
    try:
        with db.session.begin_nested():
            db.session.execute(insert(Flag.__table__), [row])
        return True
    except IntegrityError:
        return False


def _row(key: FlagKey, due_on: date, today: date) -> dict:
    aid, kind, gate_key = key
    return {"assignment_id": aid, "kind": kind, "gate": gate_key or None, "gate_key": gate_key,
            "due_on": due_on, "opened_on": today, "closed_on": None, "open_marker": 1, "created_at": utcnow()}


def lock_campaign(campaign_id: int) -> None:
    """Sweeps of one campaign take turns (row lock until commit): the second one then finds the first's flags.

    Without it, two INSERT … SELECT can deadlock on InnoDB's gap locks, which aborts a whole transaction.
    SQLite has no row locks and ignores FOR UPDATE: there the sweep takes the database's write lock up front
    (BEGIN IMMEDIATE), so a second sweep waits for the busy timeout instead of failing with "database is
    locked" when both read and then both try to write. The unique keys still guard correctness.
    """
    connection = db.session.connection()
    if connection.dialect.name == "sqlite":
        if not connection.connection.driver_connection.in_transaction:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        return
    db.session.execute(select(Campaign.id).where(Campaign.id == campaign_id).with_for_update())


def sweep_deadlines(campaign: Campaign, today: date) -> SweepResult:
    """Open the flags whose condition holds today, close those whose condition stopped. Flushes, never commits.

    A flag whose due date moved is closed and, if its condition still holds, opened again with the new date.
    """
    lock_campaign(campaign.id)
    wanted = wanted_flags(campaign, today)
    current = open_flags(campaign.id)
    stale = [fid for key, (fid, due_on) in current.items() if wanted.get(key) != due_on]
    result = SweepResult(campaign.id, today)
    result.closed = close_flags(sorted(stale), today)
    keep = {key for key, (_, due_on) in current.items() if wanted.get(key) == due_on}
    result.created = insert_flags(campaign, today, wanted, [k for k in wanted if k not in keep])
    result.open = len(wanted)
    if result.created or result.closed:
        record_event(None, "scheduler.sweep", campaign, f"预警扫描：新增 {len(result.created)}，关闭 {result.closed}",
                     campaign_id=campaign.id, after=result.counts)
    db.session.flush()
    return result


def open_flag_rows(campaign_ids: list[int]):
    """Every open flag of the campaigns with what `tracker scan --json` prints, in a stable order."""
    stmt = (select(C.slug, Task.id, Task.title, Unit.name, Flag.kind, Flag.gate, Flag.due_on)
            .select_from(Flag).join(Assignment, Assignment.id == Flag.assignment_id)
            .join(Task, Task.id == Assignment.task_id).join(C, C.id == Task.campaign_id)
            .join(Unit, Unit.id == Assignment.unit_id)
            .where(Flag.open_marker == 1, Task.campaign_id.in_(campaign_ids))
            .order_by(C.slug, Flag.due_on, Task.sequence, Task.id, Unit.display_order, Unit.name,
                      case((Flag.kind == "overdue", 0), else_=1), Flag.gate_key))
    return db.session.execute(stmt).all()

