"""Behind indicators flagged ahead of the gates, in the deadline sweep: once per indicator and gate, ever.

When a gate (the start of 自查评估 or 申报验收) is at most the campaign's lead days away — the same window as
临期 (assignments/due.py `gates_at_risk`) — every indicator whose status is `behind` that day (indicators/status.py)
gets a flag for that gate. The unique key (indicator, gate) makes a second sweep, a restart or a second process
add nothing; the messages (bell and outbox) go out only for the flags a sweep created, keyed by campaign, day and
unit, so an indicator is announced once per gate.
"""
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from tracker.assignments.due import gates_at_risk
from tracker.campaigns.models import PHASE_LABELS, Campaign
from tracker.extensions import db
from tracker.indicators.models import Indicator
from tracker.indicators.progress import IndicatorView, standings
from tracker.indicators.status import Standing
from tracker.notifications.outbox import enqueue_for_office, enqueue_for_unit
from tracker.notifications.services import notify_office, notify_unit
from tracker.scheduler.models import IndicatorFlag
from tracker.timeutil import utcnow

LINK = "/indicators"


@dataclass(frozen=True)
class Flagged:
    view: IndicatorView
    gate: str
    gate_on: date

    @property
    def line(self) -> str:
        return f"· {self.view.indicator.name}：{self.view.assessment.reason}（{PHASE_LABELS[self.gate]} {self.gate_on.isoformat()} 前）"


def _held(indicator_ids: list[int]) -> set[tuple[int, str]]:
    rows = db.session.execute(select(IndicatorFlag.indicator_id, IndicatorFlag.gate)
                              .where(IndicatorFlag.indicator_id.in_(indicator_ids)))
    return {(i, g) for i, g in rows}


def _insert_once(view: IndicatorView, gate: str, gate_on: date, today: date) -> bool:
    row = {"indicator_id": view.indicator.id, "gate": gate, "gate_on": gate_on, "opened_on": today,
           "reason": view.assessment.reason, "created_at": utcnow()}
    try:
        with db.session.begin_nested():
            db.session.execute(insert(IndicatorFlag), [row])
        return True
    except IntegrityError:  # another process flagged it meanwhile
        return False


def flag_behind_indicators(campaign: Campaign, today: date) -> list[Flagged]:
    """Flag every indicator behind today before each gate within the lead days; returns what this run created."""
    gates = gates_at_risk(campaign, today)
    if not gates:
        return []
    behind = [v for v in standings(campaign, today) if v.assessment.status == Standing.BEHIND]
    held = _held([v.indicator.id for v in behind]) if behind else set()
    created = []
    for view in behind:
        for gate, gate_on in sorted(gates.items(), key=lambda kv: kv[1]):
            if (view.indicator.id, gate) not in held and _insert_once(view, gate, gate_on, today):
                created.append(Flagged(view, gate, gate_on))
    return created


def notify_indicator_flags(campaign: Campaign, today: date, flagged: list[Flagged]) -> int:
    """One message per responsible unit and one for the office, listing the indicators flagged by this run.
    Returns how many units were told."""
    if not flagged:
        return 0
    by_unit: dict[int, list[str]] = defaultdict(list)
    for f in flagged:
        for unit in f.view.indicator.responsible_units:
            by_unit[unit.id].append(f.line)
    subject = f"{campaign.name} 指标预警（{today.isoformat()}）"
    for unit_id, lines in by_unit.items():
        text = f"【{campaign.name}】{today.isoformat()} 指标预警：本单位负责的 {len(lines)} 项指标进度滞后，请加快推进并及时报送。\n" \
               + "\n".join(lines)
        key = f"indicators:{campaign.id}:{today.isoformat()}:{unit_id}"
        _once(notify_unit, unit_id, "indicator_flag", text, LINK, key)
        enqueue_for_unit(unit_id, subject, text, key)
    text = f"【{campaign.name}】{today.isoformat()} 指标预警：{len(flagged)} 项指标在关键节点前进度滞后。\n" \
           + "\n".join(f.line for f in flagged)
    key = f"indicators:{campaign.id}:{today.isoformat()}"
    _once(notify_office, "indicator_flag", text, LINK, key)
    enqueue_for_office(subject, text, key)
    db.session.flush()
    return len(by_unit)


def _once(fn, *args) -> None:
    try:
        with db.session.begin_nested():
            fn(*args)
    except IntegrityError:  # a concurrent sweep sent it: already done
        pass


def indicator_flag_rows(campaign_ids: list[int]):
    """Every indicator flag of the campaigns, for `tracker scan --json` and the scheduler page."""
    stmt = (select(Campaign.slug, Indicator.name, IndicatorFlag.gate, IndicatorFlag.gate_on, IndicatorFlag.opened_on,
                   IndicatorFlag.reason)
            .join(Indicator, Indicator.id == IndicatorFlag.indicator_id).join(Campaign, Campaign.id == Indicator.campaign_id)
            .where(Indicator.campaign_id.in_(campaign_ids))
            .order_by(Campaign.slug, IndicatorFlag.gate_on, Indicator.sequence, Indicator.id))
    return db.session.execute(stmt).all()
