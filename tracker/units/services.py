"""The unit registry: canonical names, short names, aliases and groups."""
import re

from pypinyin import lazy_pinyin
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from tracker.audit.services import record_event
from tracker.errors import Refusal
from tracker.extensions import db
from tracker.timeutil import utcnow
from tracker.units.models import Unit, UnitAlias
from tracker.units.resolver import Registry, UnitRef
from tracker.units.usage import has_receivers, usage_of


class UnitError(Refusal):
    """A refused registry operation; the message is shown to the user."""


def clean_name(text: str | None) -> str:
    """A unit's name, short name or alias as the registry keeps it: without any blank (a space typed by mistake,
    a full-width one pasted from a document): 区　卫健局 and "区卫健局 " are 区卫健局."""
    return re.sub(r"\s+", "", text or "")


def find_unit(name: str) -> Unit | None:
    return db.session.scalar(select(Unit).where(Unit.name == name.strip()))


def text_owner(text: str, but: Unit | None = None) -> str | None:
    """Why `text` cannot name a new unit, or be a short name or an alias of `but`: it is already another unit's
    name, short name or alias (the resolver would then read it as that unit). None when it is free."""
    if not text:
        return None
    other = lambda u: but is None or u.id != but.id  # noqa: E731
    named = find_unit(text)
    if named is not None and other(named):
        return f"“{text}”是单位 {named.name} 的名称"
    short = db.session.scalar(select(Unit).where(Unit.short_name == text).limit(1))
    if short is not None and other(short):
        return f"“{text}”是 {short.name} 的简称"
    owners = [u for u in alias_units(text) if other(u)]
    if owners:
        return f"“{text}”是 {'、'.join(u.name for u in owners)} 的别名"
    return None


def create_unit(name: str, *, short_name: str | None = None, aliases: list[str] = (), group_name: str | None = None,
                display_order: int | None = None, actor=None) -> Unit:
    """A new unit (the 新增单位 form): refused when its name, short name or an alias (set_alias) already names a unit —
    editing an existing unit is the edit page's, never a side effect of adding one."""
    name, short = clean_name(name), clean_name(short_name) or None
    if not name:
        raise UnitError("单位名称不能为空。")
    if (why := text_owner(name)) is not None:
        raise UnitError(f"{why}，不能再新增同名单位；要修改该单位，请在列表中点“编辑”。")
    if (why := text_owner(short)) is not None:
        raise UnitError(f"{why}，不能再用于{name}。")
    return upsert_unit(name, short_name=short, aliases=aliases,  # set_alias refuses an alias naming another unit
                       group_name=group_name, display_order=display_order, actor=actor)


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


def alias_units(alias: str) -> list[Unit]:
    """The units an alias text stands for, in order ([] if the text is no alias)."""
    rows = db.session.scalars(select(UnitAlias).where(UnitAlias.alias == alias.strip())
                              .order_by(UnitAlias.position, UnitAlias.id)).all()
    return [row.unit for row in rows]


def add_alias(unit: Unit, alias: str, *, actor=None, audit: bool = True) -> UnitAlias | None:
    """Add an alias; refuse one that names another unit or is another unit's name."""
    rows = set_alias([unit], alias, actor=actor, audit=audit)
    return rows[0] if rows else None


def set_alias(units: list[Unit], alias: str, *, actor=None, audit: bool = True) -> list[UnitAlias]:
    """Make `alias` stand for `units` in this order (several units: 两办 → 区委办, 区政府办).

    Refused: a text that is one of the units' or another unit's canonical name (the text as written is
    that unit), or a text that already stands for other units (an alias never silently moves). Adding the
    same alias again is a no-op. Returns the alias rows, first unit first ([] for a blank text).
    """
    alias, units = clean_name(alias), list(dict.fromkeys(units))
    if not alias or not units or (len(units) == 1 and alias == units[0].name):
        return []
    short = db.session.scalar(select(Unit).where(Unit.short_name == alias).limit(1))
    if short is not None and short not in units:  # the resolver reads an alias before a short name
        raise UnitError(f"“{alias}”是 {short.name} 的简称，不能作为其他单位的别名。")
    existing = alias_units(alias)
    if existing:
        if existing != units:
            raise UnitError(f"别名“{alias}”已对应 {'、'.join(u.name for u in existing)}。")
        return db.session.scalars(select(UnitAlias).where(UnitAlias.alias == alias)
                                  .order_by(UnitAlias.position)).all()
    named = find_unit(alias)
    if named is not None:
        raise UnitError(f"“{alias}”是{'另一个' if named not in units else ''}单位 {named.name} 的名称。")
    rows = [UnitAlias(unit=u, alias=alias, position=i) for i, u in enumerate(units)]
    db.session.add_all(rows)
    if audit:
        record_event(actor, "unit.alias", units[0],
                     f"添加别名 {alias} → {'、'.join(u.name for u in units)}")
    return rows


def multi_aliases() -> list[tuple[str, list[UnitAlias]]]:
    """Aliases that stand for several units, by text: (text, rows in order, units loaded). Two queries."""
    multi = select(UnitAlias.alias).group_by(UnitAlias.alias).having(func.count(UnitAlias.id) > 1)
    rows = db.session.scalars(select(UnitAlias).options(selectinload(UnitAlias.unit))
                              .where(UnitAlias.alias.in_(multi))
                              .order_by(UnitAlias.alias, UnitAlias.position, UnitAlias.id)).all()
    grouped: dict[str, list[UnitAlias]] = {}
    for row in rows:
        grouped.setdefault(row.alias, []).append(row)
    return list(grouped.items())


def load_registry():
    """The registry's active units as a pure resolver (one query for units, one for aliases), in registry
    order; retired units are left out, so no list names them and no group expands to them."""
    units = db.session.scalars(select(Unit).where(Unit.retired_at.is_(None))
                               .order_by(Unit.display_order, Unit.id)).all()
    by_text: dict[str, list[int]] = {}
    for text, unit_id in db.session.execute(select(UnitAlias.alias, UnitAlias.unit_id).join(Unit)
                                            .where(Unit.retired_at.is_(None))
                                            .order_by(UnitAlias.position, UnitAlias.id)):
        by_text.setdefault(text, []).append(unit_id)
    single: dict[int, list[str]] = {}
    for text, ids in by_text.items():
        if len(ids) == 1:
            single.setdefault(ids[0], []).append(text)
    return Registry([UnitRef(u.id, u.name, u.short_name, u.group_name, tuple(sorted(single.get(u.id, ()))))
                     for u in units],
                    combos={text: tuple(ids) for text, ids in by_text.items() if len(ids) > 1})


def sorted_units(*, retired: bool = False) -> list[Unit]:
    """Active units (or, `retired=True`, the retired ones) by display order, then by the pinyin of their
    name (aliases loaded)."""
    stmt = select(Unit).options(selectinload(Unit.aliases))
    stmt = stmt.where(Unit.retired_at.is_not(None) if retired else Unit.retired_at.is_(None))
    return sorted(db.session.scalars(stmt).all(), key=lambda u: (u.display_order, lazy_pinyin(u.name), u.name))


def unit_choices():
    """Rows (id, name) of the active units in registry order: what every unit picker offers."""
    return db.session.execute(select(Unit.id, Unit.name).where(Unit.retired_at.is_(None))
                              .order_by(Unit.display_order, Unit.name)).all()


def retire_blockers(unit: Unit) -> list[str]:
    """Why a unit may not retire (empty: it may): it is in a group, or a list gives it work."""
    reasons = [f"属于分组“{unit.group_name}”"] if unit.group_name else []
    if not has_receivers():
        reasons.append("无法确认是否承担任务")
    reasons.extend(usage_of([unit.id])[unit.id])
    return reasons


def retire_unit(unit: Unit, *, actor=None) -> None:
    """停用 a unit in no list and no group: hidden from pickers and list import, its history kept."""
    if unit.retired_at is not None:
        raise UnitError(f"{unit.name} 已停用。")
    if reasons := retire_blockers(unit):
        raise UnitError(f"{unit.name} 不能停用：{'、'.join(reasons)}。只有不在任何清单、任何分组中的单位可以停用。")
    unit.retired_at = utcnow()
    db.session.flush()
    record_event(actor, "unit.retire", unit, f"停用责任单位 {unit.name}")


def restore_unit(unit: Unit, *, actor=None) -> None:
    """Bring a retired unit back into the pickers and the list import."""
    if unit.retired_at is None:
        raise UnitError(f"{unit.name} 未停用。")
    unit.retired_at = None
    db.session.flush()
    record_event(actor, "unit.restore", unit, f"恢复启用责任单位 {unit.name}")


def update_unit(unit: Unit, *, name: str, short_name: str | None, group_name: str | None,
                display_order: int, actor=None, leader_in_charge: str | None = None) -> Unit:
    """Edit a unit's names, group and order; a new canonical name or short name must be free."""
    name, short_name = clean_name(name), clean_name(short_name)
    if not name:
        raise UnitError("单位名称不能为空。")
    for text in (name, short_name):
        if (why := text_owner(text, but=unit)) is not None:
            raise UnitError(f"{why}，不能用于 {unit.name}。")
    before = {"name": unit.name, "short_name": unit.short_name, "group_name": unit.group_name,
              "leader_in_charge": unit.leader_in_charge}
    unit.name, unit.display_order = name, display_order
    unit.leader_in_charge = (leader_in_charge or "").strip() or None
    unit.short_name = (short_name or "").strip() or None
    unit.group_name = (group_name or "").strip() or None
    db.session.flush()
    record_event(actor, "unit.update", unit, f"修改责任单位 {name}", before=before,
                 after={"name": unit.name, "short_name": unit.short_name, "group_name": unit.group_name,
                        "leader_in_charge": unit.leader_in_charge})
    return unit


def remove_alias(alias: UnitAlias, *, actor=None) -> None:
    """Delete an alias text, for every unit it stands for (the next import no longer recognises it)."""
    units = alias_units(alias.alias)
    for row in db.session.scalars(select(UnitAlias).where(UnitAlias.alias == alias.alias)).all():
        db.session.delete(row)
    db.session.flush()
    record_event(actor, "unit.alias_remove", units[0] if units else alias.unit,
                 f"删除别名 {alias.alias}（{'、'.join(u.name for u in units)}）")
