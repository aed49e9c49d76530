"""The mapping step of the import screen: an office decision for an unresolved text, kept as an alias.

Choosing a unit for a text must resolve it, or say exactly why not: after saving, the text is resolved again
against the registry, and an outcome that still does not name the chosen units explains which units claim the
text and where to change that.
"""
from dataclasses import dataclass

from tracker.audit.services import record_event
from tracker.extensions import db
from tracker.units.models import Unit
from tracker.units.resolver import resolve_any_script
from tracker.units.services import UnitError, alias_units, find_unit, load_registry, set_alias


@dataclass
class MappingOutcome:
    """What choosing units for one text did: resolved (the text now names them) or why not."""

    text: str
    units: list[Unit]
    resolved: bool
    message: str
    blocker: Unit | None = None  # the unit whose name/short name stands in the way (link to its page)


def _ids(values) -> list[int]:
    return [int(i) for i in map(str, values) if i.isascii() and i.isdigit() and len(i) < 10]


def save_mappings(pairs, *, actor=None) -> list[MappingOutcome]:
    """(text, [unit id, …]) pairs → aliases, the units in the given order (several units: a multi-unit
    alias such as 两办). Blank choices are skipped. One outcome per text that had a choice; an alias that
    would not resolve its text is not kept (its outcome says why)."""
    outcomes = []
    for text, unit_ids in pairs:
        text, ids = (text or "").strip(), list(dict.fromkeys(_ids(unit_ids)))
        if not text or not ids:
            continue
        units = [db.session.get(Unit, i) for i in ids]
        if any(u is None or u.retired_at is not None for u in units):
            raise UnitError("所选单位不存在或已停用。")
        if (named := find_unit(text)) is not None and named.retired_at is not None and named not in units:
            outcomes.append(MappingOutcome(text, units, False, f"“{text}”是已停用单位 {named.name} 的名称："
                                           "若清单指的就是它，请先在责任单位中恢复启用；否则请修改清单中的写法。", named))
            continue
        had = bool(alias_units(text))
        try:
            rows = set_alias(units, text, audit=False)
        except UnitError as exc:
            outcomes.append(MappingOutcome(text, units, False, f"“{text}”未能保存：{exc}"))
            continue
        db.session.flush()
        outcome = _check(text, units)
        if rows and not had:
            if outcome.resolved:
                record_event(actor, "unit.alias", units[0], f"添加别名 {text} → {'、'.join(u.name for u in units)}")
            else:
                for row in rows:  # an alias that does not make the text name the chosen units is not kept
                    db.session.delete(row)
            db.session.flush()
        outcomes.append(outcome)
    return outcomes


def _check(text: str, units: list[Unit]) -> MappingOutcome:
    """Resolve the text again; explain an outcome that still does not name exactly the chosen units."""
    names = "、".join(u.name for u in units)
    registry = load_registry()
    result = resolve_any_script(registry, text)
    if not result.unresolved and [u.id for u in result.units] == [u.id for u in units]:
        return MappingOutcome(text, units, True, f"“{text}”已对应 {names}，下次导入自动识别。")
    claims = [(ref, label) for ref, label in registry.forms_of(text) if ref.id not in {u.id for u in units}]
    if claims:
        ref, label = claims[0]
        others = "、".join(f"{r.name}的{lab}" for r, lab in claims)
        return MappingOutcome(text, units, False,
                              f"“{text}”未能对应到 {names}：它也是{others}。请打开 {ref.name} 修改其{label}后再导入。",
                              db.session.get(Unit, ref.id))
    return MappingOutcome(text, units, False,
                          f"“{text}”未能对应到 {names}：清单中的写法会被拆开识别。请在责任单位中为该单位添加完整写法的别名。")
