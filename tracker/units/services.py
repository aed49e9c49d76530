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


def load_registry():
    """The whole registry as a pure resolver (one query for units, one for aliases), in registry order."""
    from sqlalchemy.orm import selectinload

    from tracker.units.resolver import Registry, UnitRef

    units = db.session.scalars(select(Unit).options(selectinload(Unit.aliases))
                               .order_by(Unit.display_order, Unit.id)).all()
    return Registry([UnitRef(u.id, u.name, u.short_name, u.group_name, tuple(a.alias for a in u.aliases))
                     for u in units])


def sorted_units() -> list[Unit]:
    """Units by display order, then by the pinyin of their name (aliases loaded)."""
    from pypinyin import lazy_pinyin
    from sqlalchemy.orm import selectinload

    units = db.session.scalars(select(Unit).options(selectinload(Unit.aliases))).all()
    return sorted(units, key=lambda u: (u.display_order, lazy_pinyin(u.name), u.name))


def update_unit(unit: Unit, *, name: str, short_name: str | None, group_name: str | None,
                display_order: int, actor=None) -> Unit:
    """Edit a unit's names, group and order; a new canonical name must be free."""
    name = name.strip()
    if not name:
        raise UnitError("单位名称不能为空。")
    other = find_unit(name)
    if other is not None and other.id != unit.id:
        raise UnitError(f"已有名为“{name}”的单位。")
    clash = db.session.scalar(select(UnitAlias).where(UnitAlias.alias == name, UnitAlias.unit_id != unit.id))
    if clash is not None:
        raise UnitError(f"“{name}”已是 {clash.unit.name} 的别名。")
    before = {"name": unit.name, "short_name": unit.short_name, "group_name": unit.group_name}
    unit.name, unit.display_order = name, display_order
    unit.short_name = (short_name or "").strip() or None
    unit.group_name = (group_name or "").strip() or None
    db.session.flush()
    record_event(actor, "unit.update", unit, f"修改责任单位 {name}", before=before,
                 after={"name": unit.name, "short_name": unit.short_name, "group_name": unit.group_name})
    return unit


def remove_alias(alias: UnitAlias, *, actor=None) -> None:
    """Delete an alias (the next import will no longer recognise that text)."""
    unit = alias.unit
    db.session.delete(alias)
    record_event(actor, "unit.alias_remove", unit, f"删除 {unit.name} 的别名 {alias.alias}")
