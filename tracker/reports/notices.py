"""The scheduler's side of report cycles: remind owing units before the due date, flag missing reports after it,
and create the next cycle of a recurring one — each exactly once.

- **Reminder** (到期提醒): from `remind_days` before the due date up to the due date itself, an owing unit that has
  not reported (no report, or a returned one) is told once (bell and its channels).
- **Missing** (逾期未报): from the day after the due date, an owing unit that has not reported is told once, and
  the office gets one summary per cycle and day listing the units flagged that run.
- **Next cycle**: after the due date of a cycle that recurs every six months, the next one is created once.

"Once" is a unique key in the database, never a memory: `report_notices(cycle, unit, kind)` and
`report_cycles.previous_id`. A row is inserted in a savepoint before anything is sent; a rerun, a restart or
a second scheduler that loses the insert sends nothing. Flushes, never commits.
"""
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import and_, exists, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased

from tracker.extensions import db
from tracker.notifications.outbox import enqueue_for_office, enqueue_for_unit
from tracker.notifications.services import notify_office, notify_unit
from tracker.reports.filing import link
from tracker.reports.models import (
    CycleUnit,
    NoticeKind,
    Recurrence,
    Report,
    ReportCycle,
    ReportNotice,
    ReportStatus,
)
from tracker.reports.services import create_next_cycle
from tracker.timeutil import utcnow
from tracker.units.models import Unit


@dataclass
class NoticeRun:
    today: date
    reminders: int = 0
    missing: int = 0
    created_cycles: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        return {"today": self.today.isoformat(), "reminders": self.reminders, "missing": self.missing,
                "created_cycles": self.created_cycles}


def _pending(kind: NoticeKind, today: date):
    """(cycle, unit) pairs owed, not reported, not yet told `kind`, whose window holds today: one statement."""
    reported = exists().where(Report.cycle_id == CycleUnit.cycle_id, Report.unit_id == CycleUnit.unit_id,
                              Report.status != ReportStatus.RETURNED)
    told = exists().where(ReportNotice.cycle_id == CycleUnit.cycle_id, ReportNotice.unit_id == CycleUnit.unit_id,
                          ReportNotice.kind == kind.value)
    if kind == NoticeKind.REMINDER:  # remind_days is at most 60 (a CHECK)
        window = and_(ReportCycle.due_on >= today, ReportCycle.due_on <= today + timedelta(days=60))
    else:
        window = ReportCycle.due_on < today
    stmt = (select(ReportCycle, Unit).join(CycleUnit, CycleUnit.cycle_id == ReportCycle.id)
            .join(Unit, Unit.id == CycleUnit.unit_id)
            .where(window, ~reported, ~told).order_by(ReportCycle.id, CycleUnit.position))
    rows = db.session.execute(stmt).all()
    if kind == NoticeKind.REMINDER:  # the window's start depends on each cycle's remind_days (kept portable)
        rows = [(c, u) for c, u in rows if c.due_on - timedelta(days=c.remind_days) <= today]
    return rows


def _insert_once(cycle: ReportCycle, unit: Unit, kind: NoticeKind, today: date) -> bool:
    try:
        with db.session.begin_nested():
            db.session.execute(insert(ReportNotice), [{"cycle_id": cycle.id, "unit_id": unit.id, "kind": kind.value,
                                                       "sent_on": today, "created_at": utcnow()}])
        return True
    except IntegrityError:  # another scheduler told it meanwhile
        return False


def _subject(cycle: ReportCycle) -> str:
    return f"{cycle.campaign.name} {cycle.name}{cycle.kind_label}"


def _tell_unit(cycle: ReportCycle, unit: Unit, kind: NoticeKind, today: date) -> None:
    if kind == NoticeKind.REMINDER:
        days = (cycle.due_on - today).days
        when = "今天" if days == 0 else f"{days} 天后（{cycle.due_on.isoformat()}）"
        text = (f"【{cycle.campaign.name}】“{cycle.name}”{cycle.kind_label}将于{when}截止，本单位尚未报送，"
                "请在“我的报告”中核对预填内容后报送。")
    else:
        text = (f"【{cycle.campaign.name}】“{cycle.name}”{cycle.kind_label}已于 {cycle.due_on.isoformat()} 截止，"
                "本单位逾期未报，请尽快在“我的报告”中报送。")
    key = f"report-{kind.value}:{cycle.id}:{unit.id}"
    notify_unit(unit.id, f"report.{kind.value}", text, link(cycle), key, campaign_id=cycle.campaign_id)
    enqueue_for_unit(unit.id, _subject(cycle), text, key)


def _tell_office(cycle: ReportCycle, units: list[Unit], today: date) -> None:
    text = (f"【{cycle.campaign.name}】“{cycle.name}”{cycle.kind_label}已于 {cycle.due_on.isoformat()} 截止，"
            f"{len(units)} 个单位逾期未报：{'、'.join(u.name for u in units)}。")
    key = f"report-missing:{cycle.id}:{today.isoformat()}"
    notify_office("report.missing", text, link(cycle), key, campaign_id=cycle.campaign_id)
    enqueue_for_office(_subject(cycle), text, key)


def remind_and_flag(today: date) -> NoticeRun:
    """The job's work for `today` over every cycle: reminders, missing flags with the office's summary, next
    cycles. Safe to run any number of times, in any number of processes."""
    run = NoticeRun(today)
    for cycle, unit in _pending(NoticeKind.REMINDER, today):
        if _insert_once(cycle, unit, NoticeKind.REMINDER, today):
            _tell_unit(cycle, unit, NoticeKind.REMINDER, today)
            run.reminders += 1
    flagged: dict[int, list[Unit]] = defaultdict(list)
    cycles: dict[int, ReportCycle] = {}
    for cycle, unit in _pending(NoticeKind.MISSING, today):
        if _insert_once(cycle, unit, NoticeKind.MISSING, today):
            _tell_unit(cycle, unit, NoticeKind.MISSING, today)
            flagged[cycle.id].append(unit)
            cycles[cycle.id] = cycle
            run.missing += 1
    for cycle_id, units in flagged.items():
        _tell_office(cycles[cycle_id], units, today)
    following = aliased(ReportCycle)
    for cycle in db.session.scalars(select(ReportCycle).where(
            ReportCycle.recurrence == Recurrence.HALF_YEAR, ReportCycle.due_on < today,
            ~exists().where(following.previous_id == ReportCycle.id)).order_by(ReportCycle.id)):
        if (created := create_next_cycle(cycle)) is not None:
            run.created_cycles.append(created.name)
    db.session.flush()
    return run
