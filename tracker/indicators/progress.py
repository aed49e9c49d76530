"""Where every indicator of a campaign stands on a day, loaded in a fixed number of queries.

`standings(campaign, today)` is what the list page, the dashboard panel, the ledger sheet, the 通报 table, the
scheduler's sweep and `tracker indicators list --json` all read, so they cannot disagree. Derived indicators are
computed from their inputs' approved values (status.derive_points).
"""
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import ColumnElement, select, true
from sqlalchemy.orm import joinedload

from tracker.campaigns.models import Campaign
from tracker.evidence.models import Evidence
from tracker.extensions import db
from tracker.indicators.formula import parse
from tracker.indicators.models import Indicator, IndicatorUnit, IndicatorValue, ValueEvidence, ValueStatus
from tracker.indicators.status import (
    Assessment,
    Point,
    Target,
    as_json_number,
    assess,
    derive_points,
    fmt,
    progress_percent,
)


@dataclass(frozen=True)
class FileRef:
    evidence_id: int
    name: str


@dataclass
class IndicatorView:
    """One indicator on one day: its approved points, the assessment, and what the pages show with it."""

    indicator: Indicator
    points: list[Point]
    assessment: Assessment
    pending: int = 0  # values awaiting review
    files: list[FileRef] = field(default_factory=list)  # evidence of the latest approved value

    @property
    def compare_to(self) -> Target | None:
        """The milestone the latest value is measured against: the next one, else the last."""
        targets = self.indicator.targets()
        return self.assessment.next_milestone or (targets[-1] if targets else None)

    @property
    def percent(self) -> float | None:
        latest, target = self.assessment.latest, self.compare_to
        return progress_percent(self.indicator.direction, self.indicator.baseline,
                                latest.value if latest else None, target.value if target else None)

    @property
    def units(self) -> list[str]:
        return [u.name for u in self.indicator.responsible_units]

    def as_json(self) -> dict:
        """The `tracker indicators list --json` shape of the issue."""
        latest, upcoming = self.assessment.latest, self.assessment.next_milestone
        return {
            "name": self.indicator.name, "measure": self.indicator.measure, "direction": self.indicator.direction,
            "latest": {"value": as_json_number(latest.value), "date": latest.on.isoformat()} if latest else None,
            "next_milestone": ({"target": as_json_number(upcoming.value), "date": upcoming.on.isoformat()}
                               if upcoming else None),
            "status": self.assessment.status.value,
        }

    def chart(self) -> dict:
        """The trend chart's data: approved values over time, with the milestones drawn."""
        return {"name": self.indicator.name, "measure": self.indicator.measure,
                "points": [[p.on.isoformat(), float(p.value)] for p in self.points],
                "milestones": [[t.on.isoformat(), float(t.value), fmt(t.value)] for t in self.indicator.targets()],
                "baseline": float(self.indicator.baseline) if self.indicator.baseline is not None else None}


@dataclass
class _Loaded:
    points: dict[int, list[Point]] = field(default_factory=lambda: defaultdict(list))
    pending: Counter = field(default_factory=Counter)
    files: dict[int, list[FileRef]] = field(default_factory=lambda: defaultdict(list))


def load_values(indicator_ids: list[int], today: date) -> _Loaded:
    """In one query: each indicator's approved values as of today in date order (on one date, the later report
    last), how many values await review, and the files of its latest approved value."""
    loaded = _Loaded()
    if not indicator_ids:
        return loaded
    stmt = (select(IndicatorValue.indicator_id, IndicatorValue.id, IndicatorValue.as_of, IndicatorValue.value,
                   IndicatorValue.status, Evidence.id, Evidence.original_name)
            .outerjoin(ValueEvidence, ValueEvidence.value_id == IndicatorValue.id)
            .outerjoin(Evidence, Evidence.id == ValueEvidence.evidence_id)
            .where(IndicatorValue.indicator_id.in_(indicator_ids),
                   IndicatorValue.status.in_((ValueStatus.APPROVED, ValueStatus.SUBMITTED)))
            .order_by(IndicatorValue.indicator_id, IndicatorValue.as_of, IndicatorValue.id, ValueEvidence.id))
    seen, latest = set(), {}
    files: dict[int, list[FileRef]] = defaultdict(list)
    for indicator_id, value_id, as_of, value, status, evidence_id, name in db.session.execute(stmt):
        if evidence_id is not None:
            files[value_id].append(FileRef(evidence_id, name))
        if value_id in seen:
            continue
        seen.add(value_id)
        if status == ValueStatus.SUBMITTED:
            loaded.pending[indicator_id] += 1
        elif as_of <= today:
            loaded.points[indicator_id].append(Point(as_of, value))
            latest[indicator_id] = value_id
    for indicator_id, value_id in latest.items():
        loaded.files[indicator_id] = files.get(value_id, [])
    return loaded


def load_indicators(campaign_id: int, visible: ColumnElement[bool] | None = None,
                    unit_id: int | None = None) -> list[Indicator]:
    """The campaign's indicators (matching `visible`, the policy's scope; or those of one unit) in order,
    with their milestones and units — in one query."""
    stmt = (select(Indicator).where(Indicator.campaign_id == campaign_id, visible if visible is not None else true())
            .options(joinedload(Indicator.milestones), joinedload(Indicator.responsible_units))
            .order_by(Indicator.sequence, Indicator.id))
    if unit_id is not None:
        stmt = stmt.where(Indicator.id.in_(select(IndicatorUnit.indicator_id).where(IndicatorUnit.unit_id == unit_id)))
    return list(db.session.scalars(stmt).unique())


def _inputs(indicators: list[Indicator], campaign_id: int) -> dict[str, int]:
    """Name → id of every reported indicator a shown derived one reads (queried only for those not shown)."""
    names = {n for i in indicators if i.formula for n in parse(i.formula).names}
    found = {i.name: i.id for i in indicators if i.name in names and not i.formula}
    if not names - set(found):
        return found
    rows = db.session.execute(select(Indicator.name, Indicator.id).where(
        Indicator.campaign_id == campaign_id, Indicator.name.in_(names - set(found)), Indicator.formula.is_(None)))
    return found | dict(rows.all())


def standings_of(indicators: list[Indicator], campaign: Campaign, today: date) -> list[IndicatorView]:
    """Each indicator's standing on `today`: one query for the values, whatever their number (and one more when
    a derived indicator reads an indicator not in the list)."""
    inputs = _inputs(indicators, campaign.id)
    ids = [i.id for i in indicators]
    loaded = load_values(sorted(set(ids) | set(inputs.values())), today)
    points, pending, files = loaded.points, loaded.pending, loaded.files
    out = []
    for ind in indicators:
        series = points.get(ind.id, [])
        if ind.formula:
            formula = parse(ind.formula)
            series = derive_points(formula.evaluate, {n: points.get(inputs.get(n, -1), []) for n in formula.names})
        assessment = assess(ind.direction, ind.targets(), series, today, campaign.lead_days)
        out.append(IndicatorView(ind, series, assessment, pending.get(ind.id, 0), files.get(ind.id, [])))
    return out


def standings(campaign: Campaign, today: date, visible: ColumnElement[bool] | None = None,
              unit_id: int | None = None) -> list[IndicatorView]:
    """Every indicator of the campaign (that `visible` lets through, or of one unit) on `today`: two queries."""
    return standings_of(load_indicators(campaign.id, visible, unit_id), campaign, today)
