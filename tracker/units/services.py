"""The unit registry: canonical names, short names, aliases and groups."""
from sqlalchemy import select

from tracker.audit.services import record_event
from tracker.extensions import db
from tracker.units.models import Unit, UnitAlias


class UnitError(ValueError):
    """A refused registry operation; the message is shown to the user."""


def find_unit(name: str) -> Unit | None:
    return db.session.scalar(select(Unit).where(Unit.name == name.strip()))


def upsert_unit(name: str, *, short_name: str | None = None, aliases: list[str] = (),
                group_name: str | None = None, display_order: int | None = None, actor=None) -> Unit:
    """Create a unit or update it by canonical name; aliases are added, never removed here."""
    name = name.strip()
    if not name:
        raise UnitError("单位名称不能为空。")
    unit = find_unit(name)
    if unit is None:
        unit = Unit(name=name, display_order=display_order or 0)
        db.session.add(unit)
        action = "unit.create"
    else:
        action = "unit.update"
    unit.short_name = (short_name or "").strip() or None
    unit.group_name = (group_name or "").strip() or None
    if display_order is not None:
        unit.display_order = display_order
    db.session.flush()
    for alias in aliases:
        add_alias(unit, alias, actor=actor, audit=False)
    record_event(actor, action, unit, f"{'新增' if action == 'unit.create' else '更新'}责任单位 {name}")
    return unit


def add_alias(unit: Unit, alias: str, *, actor=None, audit: bool = True) -> UnitAlias | None:
    """Add an alias; refuse one that names another unit or is another unit's name."""
    alias = alias.strip()
    if not alias or alias == unit.name:
        return None
    existing = db.session.scalar(select(UnitAlias).where(UnitAlias.alias == alias))
    if existing is not None:
        if existing.unit_id != unit.id:
            raise UnitError(f"别名“{alias}”已属于 {existing.unit.name}。")
        return existing
    other = find_unit(alias)
    if other is not None and other.id != unit.id:
        raise UnitError(f"“{alias}”是另一个单位的名称。")
    row = UnitAlias(unit=unit, alias=alias)
    db.session.add(row)
    if audit:
        record_event(actor, "unit.alias", unit, f"为 {unit.name} 添加别名 {alias}")
    return row
