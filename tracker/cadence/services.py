"""Progress cycles: the campaign's setting, who owes an update in a period, 已报 / 未报, and the sweep's reminder.

Who is asked: every assignment whose unit owes the work now (`states.owes_work`: an open lead, a co-unit that
submits separately or was named in a return) — a co-unit feeding its lead is not asked twice (减负); a submitted
or approved item is not asked again. Reported: any progress update of the assignment made within the period's window, the one-click
"无变化" included (`ProgressUpdate.no_change`). The unit's form is pre-filled from its last update.
"""
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Select, and_, case, exists, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from tracker import clock
from tracker.assignments.models import Assignment, ProgressUpdate
from tracker.assignments.states import owes_work_clause
from tracker.audit.services import record_event
from tracker.cadence.models import CycleKind, CycleReminder, ProgressCadence
from tracker.cadence.periods import Period, describe, period_of, recent_periods, shortest_interval
from tracker.campaigns.models import Campaign
from tracker.errors import Refusal
from tracker.extensions import db
from tracker.notifications.outbox import enqueue_for_unit
from tracker.notifications.services import notify_unit
from tracker.tasks.models import Task
from tracker.timeutil import utcnow


class CadenceError(Refusal):
    """A refused cycle setting (Chinese message)."""


@dataclass(frozen=True)
class CycleSetting:
    enabled: bool
    kind: str
    day: int
    min_interval_days: int
    remind_days: int


def cadence_of(campaign: Campaign) -> ProgressCadence | None:
    """The campaign's cycle when it is on (None: off — the default)."""
    row = db.session.scalar(select(ProgressCadence).where(ProgressCadence.campaign_id == campaign.id))
    return row if row is not None and row.enabled else None


def setting_of(campaign: Campaign) -> CycleSetting:
    row = db.session.scalar(select(ProgressCadence).where(ProgressCadence.campaign_id == campaign.id))
    if row is None:
        return CycleSetting(False, CycleKind.MONTHLY.value, 25, 7, 3)
    return CycleSetting(row.enabled, row.kind, row.day, row.min_interval_days, row.remind_days)


def validate(s: CycleSetting) -> None:
    """The day must fit the kind, and the cycle may not ask more often than the campaign's cap allows."""
    if s.kind not in CycleKind.values():
        raise CadenceError("请选择报送周期：每月或每周。")
    if s.kind == CycleKind.MONTHLY and not 1 <= s.day <= 28:
        raise CadenceError("每月报送日应在 1 到 28 日之间（29–31 日并非每月都有）。")
    if s.kind == CycleKind.WEEKLY and not 0 <= s.day <= 6:
        raise CadenceError("请选择每周的报送日（周一至周日）。")
    if not 0 <= s.min_interval_days <= 90:
        raise CadenceError("频次上限应在 0 到 90 天之间（0 为不设上限）。")
    if not 0 <= s.remind_days <= 10:
        raise CadenceError("提前提醒天数应在 0 到 10 天之间。")
    if s.enabled and s.min_interval_days > shortest_interval(s.kind):
        raise CadenceError(f"{CycleKind(s.kind).label}报送比本活动的频次上限更密：上限为每 {s.min_interval_days} 天"
                           f"最多要求报送一次，{CycleKind(s.kind).label}报送最短间隔只有 {shortest_interval(s.kind)} 天。"
                           "请改为每月报送，或放宽上限。")


def save_setting(campaign: Campaign, s: CycleSetting, actor, *, today: date | None = None) -> ProgressCadence:
    """Switch the cycle on or off and set it (validated, audited); switched on or moved `today` (default: the
    campaign's today), it asks from the first period that begins on or after that day. Flushes."""
    validate(s)
    row = db.session.scalar(select(ProgressCadence).where(ProgressCadence.campaign_id == campaign.id))
    if row is None:
        row = ProgressCadence(campaign_id=campaign.id)
        db.session.add(row)
    if s.enabled and (not row.enabled or (row.kind, row.day) != (s.kind, s.day) or row.starts_on is None):
        row.starts_on = today or clock.today(campaign.timezone)  # periods already under way are not asked
    row.enabled, row.kind, row.day = s.enabled, s.kind, s.day
    row.min_interval_days, row.remind_days = s.min_interval_days, s.remind_days
    db.session.flush()
    text = f"进展报送周期：{describe(s.kind, s.day)}" if s.enabled else "进展报送周期：关闭"
    record_event(actor, "cadence.update", row, text, campaign_id=campaign.id,
                 after={"enabled": s.enabled, "kind": s.kind, "day": s.day, "cap": s.min_interval_days,
                        "remind_days": s.remind_days})
    return row


# --- periods and who reported ----------------------------------------------------------------------------------

def current_period(cadence: ProgressCadence, today: date) -> Period:
    return period_of(cadence.kind, cadence.day, today)


def asked(cadence: ProgressCadence, p: Period) -> bool:
    """Whether the cycle asks for the period: it began on or after the day the cycle was switched on (a unit is
    never told it missed a period that was half over before anyone asked)."""
    return cadence.starts_on is None or p.start >= cadence.starts_on


def first_period(cadence: ProgressCadence) -> Period:
    """The first period the cycle asks for."""
    p = period_of(cadence.kind, cadence.day, cadence.starts_on or date.min)
    return p if asked(cadence, p) else period_of(cadence.kind, cadence.day, p.due + timedelta(days=1))


def periods(cadence: ProgressCadence, today: date, n: int = 6) -> list[Period]:
    """The periods asked, newest first: the current one and those before it, back to the first ([]: not yet)."""
    return [p for p in recent_periods(cadence.kind, cadence.day, today, n) if asked(cadence, p)]


def _utc_bounds(campaign: Campaign, p: Period) -> tuple[datetime, datetime]:
    """The window as naive UTC timestamps: [start 00:00, due + 1 day 00:00) in the campaign's timezone."""
    tz = ZoneInfo(campaign.timezone)

    def utc(d: date) -> datetime:
        return datetime.combine(d, time(), tz).astimezone(ZoneInfo("UTC")).replace(tzinfo=None)

    return utc(p.start), utc(p.due + timedelta(days=1))


def reported_clause(campaign: Campaign, p: Period):
    """EXISTS an update of the assignment made within the period's window."""
    start, end = _utc_bounds(campaign, p)
    return exists().where(ProgressUpdate.assignment_id == Assignment.id, ProgressUpdate.created_at >= start,
                          ProgressUpdate.created_at < end)


def owed_clause(campaign: Campaign, p: Period):
    """Assignments asked for an update in the period: those of the campaign whose unit owes the work."""
    return and_(Task.campaign_id == campaign.id, owes_work_clause())


def board(campaign: Campaign, p: Period, state: str = "") -> Select:
    """(Assignment, reported) rows of the period for the office's page: 未报 first; `state` 'missing' / 'reported'."""
    reported = reported_clause(campaign, p)
    stmt = (select(Assignment, reported.label("reported")).join(Task, Task.id == Assignment.task_id)
            .where(owed_clause(campaign, p))
            .options(joinedload(Assignment.task), joinedload(Assignment.unit))
            .order_by(case((reported, 1), else_=0), Assignment.unit_id, Task.sequence, Assignment.id))
    if state == "missing":
        stmt = stmt.where(~reported)
    elif state == "reported":
        stmt = stmt.where(reported)
    return stmt


def counts(campaign: Campaign, p: Period) -> dict[str, int]:
    reported = case((reported_clause(campaign, p), 1), else_=0)
    total, done = db.session.execute(select(func.count(), func.coalesce(func.sum(reported), 0)).select_from(Assignment)
                                     .join(Task, Task.id == Assignment.task_id)
                                     .where(owed_clause(campaign, p))).one()
    return {"reported": int(done), "missing": int(total) - int(done)}


@dataclass(frozen=True)
class CycleStatus:
    """What the unit's assignment page says about the current period."""

    label: str
    due: date
    reported: bool


def status_for(cadence: ProgressCadence | None, a: Assignment, today: date, updates: list) -> CycleStatus | None:
    """The current period of the cycle for one assignment, from its already loaded updates (no query)."""
    if cadence is None:
        return None
    p = current_period(cadence, today)
    if not asked(cadence, p):
        return None
    tz = a.task.campaign.timezone
    reported = any(p.holds(_local_day(u.created_at, tz)) for u in updates)
    return CycleStatus(f"本期（{p.label}）", p.due, reported)


def _local_day(ts: datetime, tz: str) -> date:
    return ts.replace(tzinfo=ZoneInfo("UTC")).astimezone(ZoneInfo(tz)).date()


# --- the sweep: one reminder per unit and period -----------------------------------------------------------------

def remind_missing(campaign: Campaign, today: date) -> int:
    """Within the reminder days before the due date, tell each unit that has not reported all its owed updates —
    once per period (unique key). Returns how many units were told."""
    cadence = cadence_of(campaign)
    if cadence is None:
        return 0
    p = current_period(cadence, today)
    if not asked(cadence, p) or not p.due - timedelta(days=cadence.remind_days) <= today <= p.due:
        return 0
    missing = db.session.execute(
        select(Assignment.unit_id, func.count()).join(Task, Task.id == Assignment.task_id)
        .where(owed_clause(campaign, p), ~reported_clause(campaign, p)).group_by(Assignment.unit_id)).all()
    told = 0
    for unit_id, n in missing:
        if _insert_once(campaign, p, unit_id, n, today):
            text = (f"【{campaign.name}】请于 {p.due.isoformat()} 前报送{p.label}的工作进展（{n} 项任务未报）。"
                    "表单已按上次填报预填，只改有变化的部分；没有变化的点“无变化”即可。")
            key = f"cycle:{campaign.id}:{p.key}:{unit_id}"
            notify_unit(unit_id, "cycle", text, "/my", key, campaign_id=campaign.id)
            enqueue_for_unit(unit_id, f"【进展报送提醒】{campaign.name}", text, dedup_key=key)
            told += 1
    db.session.flush()
    return told


def _insert_once(campaign: Campaign, p: Period, unit_id: int, n: int, today: date) -> bool:
    try:
        with db.session.begin_nested():
            db.session.execute(insert(CycleReminder), [{
                "campaign_id": campaign.id, "unit_id": unit_id, "period": p.key, "due_on": p.due, "sent_on": today,
                "assignments": n, "created_at": utcnow()}])
        return True
    except IntegrityError:  # reminded before in this period
        return False


def required_updates_by_unit(campaign_ids: list[int], since: date, today: date) -> dict[int, int]:
    """How many cycle updates each unit was asked for in periods due from `since` to `today` (the 填报负担)."""
    out: dict[int, int] = {}
    for campaign in db.session.scalars(select(Campaign).where(Campaign.id.in_(campaign_ids))):
        cadence = cadence_of(campaign)
        if cadence is None:
            continue
        for p in periods(cadence, today, 10):
            if not since <= p.due <= today:
                continue
            rows = db.session.execute(select(Assignment.unit_id, func.count()).join(Task, Task.id == Assignment.task_id)
                                      .where(owed_clause(campaign, p)).group_by(Assignment.unit_id))
            for unit_id, n in rows:
                out[unit_id] = out.get(unit_id, 0) + n
    return out
