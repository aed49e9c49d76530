"""Defining indicators: name, measure, direction, baseline, milestones, responsible units, formula.

One spec (`IndicatorSpec`) is what the office's form, the workbook import and the demo all produce; `save_indicator`
creates or updates the indicator it names. Services flush, the caller commits.
"""
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import delete, func, select

from tracker.audit.services import record_event
from tracker.campaigns.models import Campaign
from tracker.errors import Refusal
from tracker.extensions import db
from tracker.indicators.formula import FormulaError, parse
from tracker.indicators.models import Indicator, IndicatorUnit, Milestone
from tracker.indicators.status import Direction, fmt
from tracker.units.models import Unit
from tracker.units.usage import unit_usage

NAME_MAX, MEASURE_MAX = 200, 20
COMMON_MEASURES = ("个", "所", "%", "‰", "人", "家", "万元")
AMOUNT_LIMIT = Decimal("1e14")  # Numeric(18, 4)


@unit_usage.connect
def indicators_per_unit(_sender, unit_ids: list[int]) -> tuple[str, dict[int, int]]:
    """Answers the registry: how many indicators each unit is responsible for (such a unit does not retire)."""
    rows = db.session.execute(select(IndicatorUnit.unit_id, func.count(IndicatorUnit.id))
                              .where(IndicatorUnit.unit_id.in_(unit_ids)).group_by(IndicatorUnit.unit_id))
    return "指标", {unit_id: int(n) for unit_id, n in rows}


class IndicatorError(Refusal):
    """A refused indicator operation; the message (Chinese) is shown to the user."""


@dataclass
class IndicatorSpec:
    name: str
    measure: str
    direction: str = Direction.AT_LEAST.value
    baseline: Decimal | None = None
    milestones: list[tuple[date, Decimal]] = field(default_factory=list)
    unit_ids: list[int] = field(default_factory=list)
    formula: str | None = None


def spec_problems(spec: IndicatorSpec) -> list[tuple[str, str]]:
    """(field label, message) for everything wrong with a spec on its own (formula references aside)."""
    problems = []
    if not spec.name.strip():
        problems.append(("指标", "指标名称为空。"))
    elif len(spec.name.strip()) > NAME_MAX:
        problems.append(("指标", f"指标名称超过 {NAME_MAX} 字。"))
    if not spec.measure.strip():
        problems.append(("计量单位", "计量单位为空（如 个、所、%、‰）。"))
    elif len(spec.measure.strip()) > MEASURE_MAX:
        problems.append(("计量单位", f"计量单位超过 {MEASURE_MAX} 字。"))
    if spec.direction not in Direction.values():
        problems.append(("方向", "方向应为“不低于”或“不高于”。"))
    days = [d for d, _ in spec.milestones]
    if len(set(days)) != len(days):
        problems.append(("目标日期", "同一目标日期只能有一个目标值。"))
    for value in [spec.baseline, *(t for _, t in spec.milestones)]:
        if value is not None and abs(value) >= AMOUNT_LIMIT:
            problems.append(("目标值", f"数值 {fmt(value)} 过大。"))
    if not spec.formula and not spec.unit_ids:
        problems.append(("责任单位", "请填写责任单位（报送数值的单位）。"))
    if spec.formula:
        try:
            parse(spec.formula)
        except FormulaError as exc:
            problems.append(("公式", str(exc)))
    return problems


def formula_problem(spec: IndicatorSpec, reported: dict[str, bool]) -> str | None:
    """Why the spec's formula cannot be computed from `reported` ({name: is it reported, not derived}), or None."""
    if not spec.formula:
        return None
    names = parse(spec.formula).names
    if spec.name in names:
        return "公式不能引用指标本身。"
    missing = [n for n in names if n not in reported]
    if missing:
        return f"公式引用的指标不存在：{'、'.join(missing)}。"
    derived = [n for n in names if not reported[n]]
    if derived:
        return f"公式只能引用报送的指标，不能引用计算得出的指标：{'、'.join(derived)}。"
    return None


def campaign_indicators(campaign_id: int) -> list[Indicator]:
    return list(db.session.scalars(select(Indicator).where(Indicator.campaign_id == campaign_id)
                                   .order_by(Indicator.sequence, Indicator.id)))


def find_indicator(campaign_id: int, name: str) -> Indicator | None:
    return db.session.scalar(select(Indicator).where(Indicator.campaign_id == campaign_id,
                                                     Indicator.name == name.strip()))


def _snapshot(ind: Indicator) -> dict:
    return {"name": ind.name, "measure": ind.measure, "direction": ind.direction,
            "baseline": fmt(ind.baseline, ""), "formula": ind.formula or "",
            "milestones": [[m.due_on.isoformat(), fmt(m.target)] for m in ind.milestones],
            "units": [r.unit_id for r in ind.responsibilities]}


def _apply(ind: Indicator, spec: IndicatorSpec) -> None:
    ind.name, ind.measure, ind.direction = spec.name.strip(), spec.measure.strip(), spec.direction
    ind.baseline, ind.formula = spec.baseline, (spec.formula or "").strip() or None
    wanted = sorted(spec.milestones)
    if [(m.due_on, m.target) for m in ind.milestones] != wanted:
        if ind.id is not None:
            db.session.execute(delete(Milestone).where(Milestone.indicator_id == ind.id))
            db.session.expire(ind, ["milestones"])
        ind.milestones = [Milestone(due_on=d, target=t) for d, t in wanted]
    unit_ids = list(dict.fromkeys(spec.unit_ids)) if not ind.formula else []
    if [r.unit_id for r in ind.responsibilities] != unit_ids:
        if ind.id is not None:
            db.session.execute(delete(IndicatorUnit).where(IndicatorUnit.indicator_id == ind.id))
            db.session.expire(ind, ["responsibilities", "responsible_units"])
        ind.responsibilities = [IndicatorUnit(unit_id=u, position=i) for i, u in enumerate(unit_ids)]


def save_indicator(campaign: Campaign, spec: IndicatorSpec, actor=None, *, indicator: Indicator | None = None,
                   sequence: int | None = None, audit: bool = True) -> Indicator:
    """Create the indicator the spec names, or update `indicator` (or the one of that name). Refuses a spec
    with any problem, a name taken by another indicator, or a formula over unknown or derived indicators."""
    if problems := spec_problems(spec):
        raise IndicatorError("；".join(message for _, message in problems))
    existing = {i.name: i for i in campaign_indicators(campaign.id)}
    target = indicator or existing.get(spec.name.strip())
    clash = existing.get(spec.name.strip())
    if clash is not None and clash is not target:
        raise IndicatorError(f"已有同名指标：{spec.name.strip()}")
    reported = {name: not i.derived for name, i in existing.items() if i is not target}
    if problem := formula_problem(spec, reported):
        raise IndicatorError(problem)
    if target is not None and (users := _inputs_of(target.name, existing)):
        if spec.formula:
            raise IndicatorError(f"“{'、'.join(users)}”的公式引用了“{target.name}”，它不能改为计算得出。")
        if spec.name.strip() != target.name:
            raise IndicatorError(f"“{'、'.join(users)}”的公式引用了“{target.name}”，请先修改公式再改名。")
    _check_units(spec.unit_ids)
    created = target is None
    before = None if created else _snapshot(target)
    ind = target or Indicator(campaign=campaign, campaign_id=campaign.id,
                              sequence=sequence if sequence is not None else len(existing) + 1)
    if sequence is not None:
        ind.sequence = sequence
    if created:
        db.session.add(ind)
    with db.session.no_autoflush:
        _apply(ind, spec)
    db.session.flush()
    after = _snapshot(ind)
    if audit and before != after:
        record_event(actor, "indicator.create" if created else "indicator.update", ind,
                     f"{'新增' if created else '修改'}指标：{ind.name}", campaign_id=campaign.id,
                     before=before, after=after)
    return ind


def _inputs_of(name: str, existing: dict[str, Indicator]) -> list[str]:
    """Indicators whose formula reads `name`."""
    return [i.name for i in existing.values() if i.formula and name in parse(i.formula).names]


def _check_units(unit_ids: list[int]) -> None:
    if unit_ids:
        known = set(db.session.scalars(select(Unit.id).where(Unit.id.in_(unit_ids))))
        if missing := [u for u in unit_ids if u not in known]:
            raise IndicatorError(f"责任单位不存在：{missing}")
