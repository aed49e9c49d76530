"""Where every indicator of a campaign stands on a day, loaded in a fixed number of queries.

`standings(campaign, today)` is what the list page, the dashboard panel, the ledger sheet, the 通报 table, the
scheduler's sweep and `tracker indicators list --json` all read, so they cannot disagree. Derived indicators are
computed from their inputs' approved values (status.derive_points).
"""
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import ColumnElement, func, select, true
from sqlalchemy.orm import selectinload

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


def approved_points(indicator_ids: list[int], today: date | None = None) -> dict[int, list[Point]]:
    """Approved values per indicator, in date order (on one date, the later report last)."""
    found: dict[int, list[Point]] = defaultdict(list)
    if not indicator_ids:
        return found
    stmt = (select(IndicatorValue.indicator_id, IndicatorValue.as_of, IndicatorValue.value)
            .where(IndicatorValue.indicator_id.in_(indicator_ids), IndicatorValue.status == ValueStatus.APPROVED)
            .order_by(IndicatorValue.indicator_id, IndicatorValue.as_of, IndicatorValue.id))
    if today is not None:
        stmt = stmt.where(IndicatorValue.as_of <= today)
    for indicator_id, as_of, value in db.session.execute(stmt):
        found[indicator_id].append(Point(as_of, value))
    return found


def _pending_counts(indicator_ids: list[int]) -> dict[int, int]:
    if not indicator_ids:
        return {}
    stmt = (select(IndicatorValue.indicator_id, func.count(IndicatorValue.id))
            .where(IndicatorValue.indicator_id.in_(indicator_ids), IndicatorValue.status == ValueStatus.SUBMITTED)
            .group_by(IndicatorValue.indicator_id))
    return dict(db.session.execute(stmt).all())


def _latest_files(indicator_ids: list[int], today: date) -> dict[int, list[FileRef]]:
    """The files of each indicator's latest approved value (as of today), in one query."""
    if not indicator_ids:
        return {}
    newest = (select(IndicatorValue.indicator_id, func.max(IndicatorValue.as_of).label("as_of"))
              .where(IndicatorValue.indicator_id.in_(indicator_ids), IndicatorValue.status == ValueStatus.APPROVED,
                     IndicatorValue.as_of <= today).group_by(IndicatorValue.indicator_id).subquery())
    stmt = (select(IndicatorValue.indicator_id, IndicatorValue.id, Evidence.id, Evidence.original_name)
            .join(newest, (newest.c.indicator_id == IndicatorValue.indicator_id) & (newest.c.as_of == IndicatorValue.as_of))
            .join(ValueEvidence, ValueEvidence.value_id == IndicatorValue.id)
            .join(Evidence, Evidence.id == ValueEvidence.evidence_id)
            .where(IndicatorValue.status == ValueStatus.APPROVED)
            .order_by(IndicatorValue.indicator_id, IndicatorValue.id.desc(), ValueEvidence.id))
    found: dict[int, list[FileRef]] = defaultdict(list)
    chosen: dict[int, int] = {}
    for indicator_id, value_id, evidence_id, name in db.session.execute(stmt):
        if chosen.setdefault(indicator_id, value_id) == value_id:  # the latest report of that date only
            found[indicator_id].append(FileRef(evidence_id, name))
    return found


def load_indicators(campaign_id: int, visible: ColumnElement[bool] | None = None,
                    unit_id: int | None = None) -> list[Indicator]:
    """The campaign's indicators (matching `visible`, the policy's scope; or those of one unit) in order,
    with their milestones and units."""
    stmt = (select(Indicator).where(Indicator.campaign_id == campaign_id, visible if visible is not None else true())
            .options(selectinload(Indicator.milestones), selectinload(Indicator.responsible_units),
                     selectinload(Indicator.responsibilities))
            .order_by(Indicator.sequence, Indicator.id))
    if unit_id is not None:
        stmt = stmt.where(Indicator.id.in_(select(IndicatorUnit.indicator_id).where(IndicatorUnit.unit_id == unit_id)))
    return list(db.session.scalars(stmt))


def _inputs(indicators: list[Indicator], campaign_id: int) -> dict[str, int]:
    """Name → id of every reported indicator a shown derived one reads (loaded when not shown)."""
    names = {n for i in indicators if i.formula for n in parse(i.formula).names}
    if not names:
        return {}
    rows = db.session.execute(select(Indicator.name, Indicator.id).where(
        Indicator.campaign_id == campaign_id, Indicator.name.in_(names), Indicator.formula.is_(None)))
    return dict(rows.all())


def standings_of(indicators: list[Indicator], campaign: Campaign, today: date) -> list[IndicatorView]:
    """Each indicator's standing on `today`: five queries whatever the number of indicators and values."""
    inputs = _inputs(indicators, campaign.id)
    ids = [i.id for i in indicators]
    points = approved_points(sorted(set(ids) | set(inputs.values())), today)
    pending, files = _pending_counts(ids), _latest_files(ids, today)
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
    """Every indicator of the campaign (that `visible` lets through, or of one unit) on `today`."""
    return standings_of(load_indicators(campaign.id, visible, unit_id), campaign, today)
