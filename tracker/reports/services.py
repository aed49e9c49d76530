"""Report cycles: creating one (who owes it, its period), the next one of a recurring cycle, and the board.

The board's one rule (README "Report cycles"), for a day `today`, over the units a cycle names as owing:
- **已报 reported**: the unit's report is submitted or accepted (whenever it came in);
- **逾期未报 overdue**: not reported (no report, or a report returned for revision) and the due date is past
  (due < today) — the due date itself is still in time, like an assignment's 完成时限;
- **未报 missing**: not reported and the due date is today or later.
The three are disjoint and together are every owing unit. Services flush, never commit.
"""
import re
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from tracker.assignments.assigning import holders_of
from tracker.audit.services import record_event
from tracker.campaigns.models import Campaign
from tracker.errors import Refusal
from tracker.extensions import db
from tracker.meetings.members import member_units
from tracker.reports.models import CycleKind, CycleUnit, Recurrence, Report, ReportCycle
from tracker.units.models import Unit

NAME_MAX = 100
HALF = re.compile(r"^(\d{4})年(上|下)半年")
YEAR = re.compile(r"^(\d{4})年(度)?")
SELF_ASSESSMENT_NAME = "创建总结 / 自评报告"


class CycleError(Refusal):
    """A refused cycle change: nothing was written."""


class BoardState:
    REPORTED, MISSING, OVERDUE = "reported", "missing", "overdue"
    LABELS = {"reported": "已报", "missing": "未报", "overdue": "逾期未报"}


def board_state(report: Report | None, due_on: date, today: date) -> str:
    """The one rule: 已报 / 未报 / 逾期未报 for one owing unit (module docstring)."""
    if report is not None and report.counts_as_reported:
        return BoardState.REPORTED
    return BoardState.OVERDUE if due_on < today else BoardState.MISSING


# --- who owes a cycle ---------------------------------------------------------------------------------------

def responsible_units(campaign: Campaign) -> list[Unit]:
    """Every unit holding an assignment in the campaign, in registry order (a cycle's default owing units)."""
    return list(db.session.scalars(select(Unit).where(Unit.id.in_(holders_of(campaign.id)))
                                   .order_by(Unit.display_order, Unit.id)))


def default_units(campaign: Campaign) -> list[Unit]:
    """Who owes a cycle when the office names nobody: a joint-meeting body's members (all of them, in the
    body's order), a creation campaign's responsible units."""
    return member_units(campaign) if campaign.is_body else responsible_units(campaign)


# --- the period a cycle covers --------------------------------------------------------------------------------

def period_of(name: str, due_on: date, campaign: Campaign) -> tuple[date, date]:
    """The period a cycle's name says (2022年上半年 → 01-01..06-30, 2022年 → the year), else from the
    campaign's first phase (or the due date's year) to the due date."""
    if m := HALF.match(name):
        year = int(m.group(1))
        return (date(year, 1, 1), date(year, 6, 30)) if m.group(2) == "上" else (date(year, 7, 1), date(year, 12, 31))
    if m := YEAR.match(name):
        year = int(m.group(1))
        return date(year, 1, 1), date(year, 12, 31)
    start = campaign.phases[0].starts_on if campaign.phases else date(due_on.year, 1, 1)
    return min(start, due_on), due_on


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    raise ValueError(day)


def _month_end(day: date) -> date:
    return _add_months(day.replace(day=1), 1) - timedelta(days=1)


def next_name(name: str, period_to: date) -> str:
    """The name of the next half-year cycle: 2022年上半年 → 2022年下半年 → 2023年上半年 (rest of the name kept)."""
    if m := HALF.match(name):
        year, half = int(m.group(1)), m.group(2)
        nxt = f"{year}年下半年" if half == "上" else f"{year + 1}年上半年"
        return nxt + name[m.end():]
    end = _month_end(_add_months(period_to, 6))
    return f"{name}（至{end.isoformat()}）"


# --- creating cycles ------------------------------------------------------------------------------------------

@dataclass
class CycleSpec:
    name: str
    due_on: date
    units: list[Unit] | None = None  # None: the default owing units
    period_from: date | None = None
    period_to: date | None = None
    recurrence: str = Recurrence.NONE.value
    kind: str = CycleKind.PERFORMANCE.value
    remind_days: int = 3
    previous_id: int | None = None


def _check_spec(campaign: Campaign, spec: CycleSpec, units: list[Unit]) -> None:
    name = spec.name.strip()
    if not name:
        raise CycleError("请填写报告周期名称（如 2022年上半年）。")
    if len(name) > NAME_MAX:
        raise CycleError(f"周期名称不能超过 {NAME_MAX} 字。")
    if not units:
        raise CycleError("没有应报单位：该创建活动尚无承担任务的单位，请指定应报单位。")
    if spec.recurrence not in Recurrence.values() or spec.kind not in CycleKind.values():
        raise CycleError("重复方式或报告类型无效。")
    if not 0 <= spec.remind_days <= 60:
        raise CycleError("提前提醒天数应在 0 到 60 之间。")
    if spec.period_from and spec.period_to and spec.period_from > spec.period_to:
        raise CycleError("报告期的开始日期不能晚于结束日期。")
    if db.session.scalar(select(ReportCycle.id).where(ReportCycle.campaign_id == campaign.id,
                                                      ReportCycle.name == name)):
        raise CycleError(f"已有名为“{name}”的报告周期。")


def create_cycle(campaign: Campaign, spec: CycleSpec, actor=None) -> ReportCycle:
    """A cycle with its owing units stored explicitly (the default: the campaign's responsible units). Audited."""
    units = list(dict.fromkeys(spec.units)) if spec.units is not None else default_units(campaign)
    _check_spec(campaign, spec, units)
    name = spec.name.strip()
    start, end = period_of(name, spec.due_on, campaign)
    cycle = ReportCycle(campaign=campaign, campaign_id=campaign.id, name=name, kind=spec.kind,
                        period_from=spec.period_from or start, period_to=spec.period_to or end, due_on=spec.due_on,
                        remind_days=spec.remind_days, recurrence=spec.recurrence, previous_id=spec.previous_id,
                        created_by_id=getattr(actor, "id", None))
    if cycle.period_from > cycle.period_to:
        raise CycleError("报告期的开始日期不能晚于结束日期。")
    cycle.owed = [CycleUnit(unit_id=u.id, unit=u, position=i) for i, u in enumerate(units)]
    db.session.add(cycle)
    db.session.flush()
    record_event(actor, "report_cycle.create", cycle,
                 f"新建报告周期“{name}”，{spec.due_on.isoformat()} 前报送，应报单位 {len(units)} 个",
                 campaign_id=campaign.id, after=cycle_state(cycle))
    return cycle


def self_assessment_due(campaign: Campaign) -> date:
    """The end of 自查评估 (or the day before 申报验收 starts): when the 自评报告 are due."""
    phase = campaign.phase("self_assessment")
    if phase is None:
        raise CycleError("该创建活动没有“自查评估”阶段。")
    if phase.ends_on:
        return phase.ends_on
    acceptance = campaign.phase("acceptance")
    if acceptance is None:
        raise CycleError("“自查评估”阶段没有结束日期，请先在创建活动中设置。")
    return acceptance.starts_on - timedelta(days=1)


def create_self_assessment_cycle(campaign: Campaign, actor=None) -> ReportCycle:
    """One click: a 创建总结 / 自评报告 cycle for every responsible unit, due at the end of 自查评估."""
    due = self_assessment_due(campaign)
    start = campaign.phases[0].starts_on if campaign.phases else due
    return create_cycle(campaign, CycleSpec(SELF_ASSESSMENT_NAME, due, period_from=min(start, due), period_to=due,
                                            kind=CycleKind.SELF_ASSESSMENT.value), actor)


def create_next_cycle(cycle: ReportCycle) -> ReportCycle | None:
    """The next half-year cycle after `cycle` (same units, shifted six months), once: None if it exists.

    The unique `previous_id` makes a second scheduler (or a rerun) create nothing."""
    if cycle.recurrence != Recurrence.HALF_YEAR or db.session.scalar(
            select(ReportCycle.id).where(ReportCycle.previous_id == cycle.id)):
        return None
    start = cycle.period_to + timedelta(days=1)
    spec = CycleSpec(next_name(cycle.name, cycle.period_to), _add_months(cycle.due_on, 6),
                     units=[o.unit for o in cycle.owed], period_from=start,
                     period_to=_month_end(_add_months(cycle.period_to, 6)), recurrence=cycle.recurrence,
                     kind=cycle.kind, remind_days=cycle.remind_days, previous_id=cycle.id)
    try:
        with db.session.begin_nested():
            return create_cycle(cycle.campaign, spec)
    except (IntegrityError, CycleError):  # created meanwhile (or the name is taken): nothing to do
        return None


def cycle_state(cycle: ReportCycle) -> dict:
    return {"name": cycle.name, "kind": cycle.kind, "due": cycle.due_on.isoformat(),
            "period": [cycle.period_from.isoformat(), cycle.period_to.isoformat()],
            "recurrence": cycle.recurrence, "remind_days": cycle.remind_days,
            "units": [o.unit_id for o in cycle.owed]}


def update_owing_units(cycle: ReportCycle, units: list[Unit], actor) -> ReportCycle:
    """Change who owes the cycle (deliberately: audited with before and after). A unit that has reported
    stays owing."""
    units = list(dict.fromkeys(units))
    reported = set(db.session.scalars(select(Report.unit_id).where(Report.cycle_id == cycle.id)))
    kept = {o.unit_id for o in cycle.owed} & reported
    missing = [u for u in db.session.scalars(select(Unit).where(Unit.id.in_(kept))) if u not in units]
    if missing:
        raise CycleError(f"{'、'.join(u.name for u in missing)}已报送，不能从应报单位中移除。")
    if not units:
        raise CycleError("应报单位不能为空。")
    before = cycle_state(cycle)
    by_id = {o.unit_id: o for o in cycle.owed}
    cycle.owed = [by_id.get(u.id) or CycleUnit(unit_id=u.id, unit=u) for u in units]
    for i, owed in enumerate(cycle.owed):
        owed.position = i
    db.session.flush()
    record_event(actor, "report_cycle.units", cycle, f"调整“{cycle.name}”的应报单位（{len(units)} 个）",
                 campaign_id=cycle.campaign_id, before=before, after=cycle_state(cycle))
    return cycle


# --- the board -----------------------------------------------------------------------------------------------

@dataclass
class BoardRow:
    unit: Unit
    report: Report | None
    state: str

    @property
    def label(self) -> str:
        return BoardState.LABELS[self.state]


@dataclass
class CycleBoard:
    cycle: ReportCycle
    rows: list[BoardRow]

    def units(self, state: str) -> list[Unit]:
        return [r.unit for r in self.rows if r.state == state]

    def count(self, state: str) -> int:
        return sum(1 for r in self.rows if r.state == state)

    def as_json(self) -> dict:
        return {"cycle": self.cycle.name, "due": self.cycle.due_on.isoformat(),
                **{s: [u.name for u in self.units(s)] for s in (BoardState.REPORTED, BoardState.MISSING,
                                                                BoardState.OVERDUE)}}


def cycles_of(campaign: Campaign) -> list[ReportCycle]:
    return list(db.session.scalars(select(ReportCycle).where(ReportCycle.campaign_id == campaign.id)
                                   .order_by(ReportCycle.due_on, ReportCycle.id)))


def boards(cycles: list[ReportCycle], today: date) -> list[CycleBoard]:
    """Each cycle's board as of `today` (module docstring), in three statements whatever the number of units."""
    ids = [c.id for c in cycles]
    if not ids:
        return []
    owed = db.session.execute(select(CycleUnit.cycle_id, Unit).join(Unit, Unit.id == CycleUnit.unit_id)
                              .where(CycleUnit.cycle_id.in_(ids)).order_by(CycleUnit.cycle_id, CycleUnit.position))
    reports = {(r.cycle_id, r.unit_id): r for r in db.session.scalars(
        select(Report).where(Report.cycle_id.in_(ids)))}
    rows: dict[int, list[BoardRow]] = {i: [] for i in ids}
    by_id = {c.id: c for c in cycles}
    for cycle_id, unit in owed:
        report = reports.get((cycle_id, unit.id))
        rows[cycle_id].append(BoardRow(unit, report, board_state(report, by_id[cycle_id].due_on, today)))
    return [CycleBoard(c, rows[c.id]) for c in cycles]


def board_json(campaign: Campaign, today: date) -> list[dict]:
    """`tracker cycle board SLUG --json`: every cycle of the campaign, by due date."""
    return [b.as_json() for b in boards(cycles_of(campaign), today)]
