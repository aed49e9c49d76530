"""Where an indicator stands on a day — the one rule, over plain data (no database).

Only approved values count; a value counts from the date it is reported *as of*. On day `today`:
  1. `no_data`  — no approved value as of today;
  2. `met`      — the latest approved value reaches the last milestone's target;
  3. `behind`   — a milestone's date has passed (it is before today) and the latest approved value as of that
                  date does not reach its target (no value by then does not reach it either): a missed
                  milestone stays missed until the last target is met;
               — or the next milestone (the first on or after today) is at most the campaign's lead days
                  away (today ≤ date ≤ today + lead days, as for the gates) and the latest value does not
                  reach it — on the milestone's own day too;
  4. `on_track` — otherwise.
"Reaches": value ≥ target for 不低于 (at least), value ≤ target for 不高于 (at most).
"""
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from tracker.enums import LabeledEnum


class Direction(LabeledEnum):
    AT_LEAST = "at_least", "不低于"
    AT_MOST = "at_most", "不高于"


class Standing(LabeledEnum):
    MET = "met", "已达标"
    ON_TRACK = "on_track", "正常推进"
    BEHIND = "behind", "滞后"
    NO_DATA = "no_data", "暂无数据"


# Bootstrap colours of each standing (the words always go with the colour)
STANDING_COLOURS = {"met": "success", "on_track": "primary", "behind": "danger", "no_data": "secondary"}
DERIVED_PLACES = Decimal("0.01")  # derived values are rounded to two places, and judged as shown


@dataclass(frozen=True)
class Point:
    """An approved value as of a date."""

    on: date
    value: Decimal


@dataclass(frozen=True)
class Target:
    """A milestone: the target value to reach by a date."""

    on: date
    value: Decimal


@dataclass(frozen=True)
class Assessment:
    status: Standing
    latest: Point | None
    next_milestone: Target | None
    reason: str = ""
    missed: Target | None = None

    @property
    def label(self) -> str:
        return self.status.label

    @property
    def colour(self) -> str:
        return STANDING_COLOURS[self.status]


def reaches(direction: str, value: Decimal, target: Decimal) -> bool:
    return value <= target if direction == Direction.AT_MOST else value >= target


def latest_as_of(points: Sequence[Point], day: date) -> Point | None:
    """The last point dated on or before `day` (`points` in date order; on one date the last one wins)."""
    found = None
    for p in points:
        if p.on <= day:
            found = p
    return found


def next_target(milestones: Sequence[Target], today: date) -> Target | None:
    """The first milestone on or after today (None once every milestone has passed)."""
    return next((m for m in milestones if m.on >= today), None)


def assess(direction: str, milestones: Sequence[Target], points: Sequence[Point], today: date,
           lead_days: int) -> Assessment:
    """The indicator's standing on `today` by the rule above. `milestones` and `points` in date order."""
    latest, upcoming = latest_as_of(points, today), next_target(milestones, today)
    if latest is None:
        return Assessment(Standing.NO_DATA, None, upcoming, "尚无审核通过的数值")
    if milestones and reaches(direction, latest.value, milestones[-1].value):
        return Assessment(Standing.MET, latest, upcoming, f"已达到最终目标 {fmt(milestones[-1].value)}")
    for m in milestones:
        if m.on >= today:
            break
        by_then = latest_as_of(points, m.on)
        if by_then is None or not reaches(direction, by_then.value, m.value):
            shown = f"截至当日为 {fmt(by_then.value)}" if by_then else "截至当日无数值"
            return Assessment(Standing.BEHIND, latest, upcoming, f"{m.on.isoformat()} 节点目标 {fmt(m.value)}，{shown}",
                              missed=m)
    if upcoming and upcoming.on <= today + timedelta(days=lead_days) and not reaches(
            direction, latest.value, upcoming.value):
        days = (upcoming.on - today).days
        when = "今天到期" if days == 0 else f"还有 {days} 天"
        return Assessment(Standing.BEHIND, latest, upcoming,
                          f"{upcoming.on.isoformat()} 节点（目标 {fmt(upcoming.value)}）{when}，当前为 {fmt(latest.value)}",
                          missed=upcoming)
    return Assessment(Standing.ON_TRACK, latest, upcoming)


def progress_percent(direction: str, baseline: Decimal | None, value: Decimal | None,
                     target: Decimal | None) -> float | None:
    """How far `value` has come from the baseline (0 when none) to `target`, 0–100; None without both."""
    if value is None or target is None:
        return None
    if reaches(direction, value, target):
        return 100.0
    if direction == Direction.AT_MOST:
        if baseline is None or baseline <= target:
            return float(max(Decimal(0), min(Decimal(100), target / value * 100))) if value > 0 else 0.0
        share = (baseline - value) / (baseline - target)
    else:
        start = baseline if baseline is not None else Decimal(0)
        if target <= start:
            return 0.0
        share = (value - start) / (target - start)
    return round(float(max(Decimal(0), min(Decimal(1), share)) * 100), 1)


def derive_points(evaluate, inputs: dict[str, Sequence[Point]]) -> list[Point]:
    """The points of a derived indicator: on each date an input changes, the formula over every input's
    latest value by then (a date before every input has a value, or a division by zero, gives no point)."""
    days = sorted({p.on for series in inputs.values() for p in series})
    points = []
    for day in days:
        values = {name: (p.value if (p := latest_as_of(series, day)) else None) for name, series in inputs.items()}
        value = evaluate(values)
        if value is not None:
            points.append(Point(day, value.quantize(DERIVED_PLACES, rounding=ROUND_HALF_UP)))
    return points


def fmt(value: Decimal | None, empty: str = "—") -> str:
    """400.0000 → "400", 4.7000 → "4.7", 870000 → "870,000"."""
    if value is None:
        return empty
    text = f"{value.normalize():,f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def as_json_number(value: Decimal | None) -> int | float | None:
    """A Decimal as the JSON number it reads as (400 stays 400, 4.70 becomes 4.7)."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value.normalize())


def sort_points(points: Iterable[Point]) -> list[Point]:
    return sorted(points, key=lambda p: p.on)
