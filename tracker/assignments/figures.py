"""A campaign's figures (counts per state, overdue, 临期, per unit and category), cached and never stale.

The landing page, the dashboard (its indicator panel too), the review queue and 我的任务 show aggregates over every
assignment of the campaign. They are computed once per **(campaign, figures token, day)** and then served from memory:
- every write that can change a figure gives the campaign a new random `figures_token`, in the same
  transaction as the change (session events below: they see every ORM change and every ORM bulk statement,
  whichever service makes it), so a committed change is seen by the very next request of every process;
- "overdue" and "临期" depend on today (assignments/due.py): the day is part of the key, so at midnight the
  figures are recomputed although nothing was written;
- a transaction that has changed figures but not committed yet reads them fresh, not from the cache.

The token is random rather than a counter, so a restored database or a recreated campaign never meets a
cache entry made for other data. Each process keeps its own small cache; the token comes with the campaign
row that every page loads anyway, so checking it costs no query.
"""
from collections import OrderedDict
from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import event, inspect, or_, select, update
from sqlalchemy.orm import Session

from tracker.assignments.models import Assignment
from tracker.campaigns.models import Campaign, new_figures_token
from tracker.tasks.models import Task

MAX_ENTRIES = 256
_cache: OrderedDict[tuple, Any] = OrderedDict()

# table → the columns whose change changes a figure (None: any change, insert or delete)
WATCHED: dict[str, tuple[str, ...] | None] = {
    "assignments": ("status", "due_on", "task_id", "unit_id", "role", "chase_count"),
    "tasks": None, "categories": None, "phases": None, "reviews": None,
    "campaigns": ("lead_days", "name", "co_units_submit_separately", "light_yellow_workdays",
                  "light_yellow_due_soon"),
    "units": ("name", "short_name", "display_order", "retired_at"),
    "light_records": None,  # the monthly 亮灯 history (the sweep writes it)
    "workday_overrides": None,  # a working day added or removed moves every campaign's lights
    # the dashboard's indicator panel (its values, milestones, files); evidence is never renamed or deleted
    "indicators": None, "indicator_milestones": None, "indicator_units": None, "indicator_values": None,
    "indicator_value_evidence": None,
}
BY_INDICATOR = ("indicator_milestones", "indicator_units", "indicator_values")
TOUCHED = "figures_touched"


def cached(campaign: Campaign, today: date | None, name, compute: Callable[[], Any], session: Session) -> Any:
    """`compute()` once per campaign, token and day (`name` tells the figures apart; no day: they do not
    depend on it). The value is shared by every request of the process: plain data, never ORM objects."""
    if session.info.get(TOUCHED):
        return compute()  # this transaction changed figures it has not committed: read them as they are
    key = (campaign.id, campaign.figures_token, today, name)
    try:
        _cache.move_to_end(key)
        return _cache[key]
    except KeyError:
        value = _cache[key] = compute()
        while len(_cache) > MAX_ENTRIES:
            _cache.popitem(last=False)
        return value


def clear() -> None:
    _cache.clear()


# --- invalidation: what a transaction touched, and a new token for those campaigns at commit -----------------

def _touched(session: Session) -> dict:
    return session.info.setdefault(TOUCHED, {"campaigns": set(), "tasks": set(), "assignments": set(),
                                             "indicators": set(), "values": set(), "all": False})


def _changed(obj, columns: tuple[str, ...] | None) -> bool:
    if columns is None:
        return True
    attrs = inspect(obj).attrs
    return any(attrs[c].history.has_changes() for c in columns)


def _note(touched: dict, obj) -> None:
    table = obj.__tablename__
    if table in ("units", "workday_overrides"):
        touched["all"] = True
    elif table == "campaigns":
        touched["campaigns"].add(obj.id)
    elif table == "assignments":
        touched["tasks"].update(t for t in (obj.task_id, *inspect(obj).attrs["task_id"].history.deleted) if t)
    elif table in BY_INDICATOR:
        touched["indicators"].add(obj.indicator_id)
    elif table == "indicator_value_evidence":
        touched["values"].add(obj.value_id)
    elif hasattr(obj, "campaign_id"):
        touched["campaigns"].add(obj.campaign_id)
    elif hasattr(obj, "assignment_id"):
        touched["assignments"].add(obj.assignment_id)


def _after_flush(session: Session, flush_context) -> None:
    for obj in (*session.new, *session.dirty, *session.deleted):
        columns = WATCHED.get(getattr(obj, "__tablename__", ""), ())
        if columns == ():
            continue
        if obj in session.dirty and not _changed(obj, columns):
            continue
        _note(_touched(session), obj)


def _on_statement(state) -> None:
    """An ORM bulk INSERT / UPDATE / DELETE on a watched table: every campaign may have changed."""
    if state.is_insert or state.is_update or state.is_delete:
        table = getattr(state.statement, "table", None)
        if getattr(table, "name", None) in WATCHED:
            _touched(state.session)["all"] = True


def _campaigns_of(touched: dict):
    conditions = []
    if touched["campaigns"]:
        conditions.append(Campaign.id.in_(touched["campaigns"]))
    if touched["tasks"]:
        conditions.append(Campaign.id.in_(select(Task.campaign_id).where(Task.id.in_(touched["tasks"]))))
    if touched["assignments"]:
        conditions.append(Campaign.id.in_(select(Task.campaign_id).join(Assignment, Assignment.task_id == Task.id)
                                          .where(Assignment.id.in_(touched["assignments"]))))
    # the indicator tables by name: this core module does not import the domains above it (.importlinter)
    tables = Campaign.metadata.tables
    indicators, values = tables["indicators"], tables["indicator_values"]
    if touched["indicators"]:
        conditions.append(Campaign.id.in_(select(indicators.c.campaign_id)
                                          .where(indicators.c.id.in_(touched["indicators"]))))
    if touched["values"]:
        conditions.append(Campaign.id.in_(select(indicators.c.campaign_id)
                                          .join(values, values.c.indicator_id == indicators.c.id)
                                          .where(values.c.id.in_(touched["values"]))))
    return or_(*conditions) if conditions else None


def _before_commit(session: Session) -> None:
    if session.in_nested_transaction():
        return
    session.flush()  # commit flushes only after this hook: flush now, so that the last changes are noted too
    touched = session.info.pop(TOUCHED, None)
    if not touched:
        return
    where = None if touched["all"] else _campaigns_of(touched)
    if where is None and not touched["all"]:
        return
    stmt = update(Campaign.__table__).values(figures_token=new_figures_token())
    # on the connection, not the session: this statement is the invalidation, not a change to watch
    session.connection().execute(stmt if touched["all"] else stmt.where(where))


def _after_rollback(session: Session) -> None:
    if not session.in_transaction():
        session.info.pop(TOUCHED, None)


def watch_writes(session_class) -> None:
    """Give campaigns a new figures token whenever a transaction of `session_class` changes their figures."""
    if not event.contains(session_class, "after_flush", _after_flush):
        event.listen(session_class, "after_flush", _after_flush)
        event.listen(session_class, "do_orm_execute", _on_statement)
        event.listen(session_class, "before_commit", _before_commit)
        event.listen(session_class, "after_rollback", _after_rollback)
