"""Writing a registry plan (registry_plan.py): all or nothing, every change audited. Services flush only."""
from sqlalchemy import func, select

from tracker.audit.services import record_event
from tracker.extensions import db
from tracker.units.models import Unit
from tracker.units.registry_io import RegistryBook
from tracker.units.registry_plan import Decisions, RegistryPlan, RowPlan, plan_registry
from tracker.units.services import UnitError, find_unit, set_alias


class RegistryConflict(UnitError):
    """The file has clashes: nothing was written (exit 1 on the command line)."""


def import_registry(book: RegistryBook, decisions: Decisions | None = None, *, actor=None, dry_run: bool = False,
                    districts=()) -> RegistryPlan:
    """Plan the import and, when it has no conflict and is not a dry run, write it (flush only)."""
    plan = plan_registry(book, decisions or Decisions(), districts=districts)
    if plan.ok and not dry_run:
        apply_registry(plan, actor=actor)
    return plan


def apply_registry(plan: RegistryPlan, *, actor=None) -> None:
    """Write a clash-free plan: new units (after the existing ones, in file order), updates, aliases, groups."""
    if not plan.ok:
        raise RegistryConflict(f"单位名册有 {len(plan.conflicts)} 处冲突，未导入。")
    order = db.session.scalar(select(func.max(Unit.display_order))) or 0
    for position, row in enumerate(plan.rows, start=1):
        if row.action == "new":
            _create(row, order + position, actor)
        elif row.action == "update":
            _update(row, actor)
    for unit in plan.leave_groups:
        before = unit.group_name
        unit.group_name = None
        record_event(actor, "unit.update", unit, f"移出分组 {before}（单位名册以本表为准）",
                     before={"group_name": before}, after={"group_name": None})
    for combo in plan.combos:
        if combo.action == "new":
            set_alias([find_unit(n) for n in combo.unit_names], combo.alias, actor=actor)
    db.session.flush()
    counts = plan.counts()
    plan.written = True
    record_event(actor, "units.import", None,
                 f"导入单位名册：新增 {counts['new']} 个，更新 {counts['update']} 个，不变 {counts['same']} 个")


def _create(row: RowPlan, order: int, actor) -> Unit:
    unit = Unit(name=row.name, short_name=row.short_name, group_name=row.group, display_order=order)
    db.session.add(unit)
    db.session.flush()
    for alias in row.aliases:
        set_alias([unit], alias, audit=False)
    record_event(actor, "unit.create", unit, f"新增责任单位 {unit.name}（单位名册导入）",
                 after={"short_name": unit.short_name, "group_name": unit.group_name, "aliases": row.aliases})
    return unit


def _update(row: RowPlan, actor) -> None:
    unit = row.unit
    before = {"short_name": unit.short_name, "group_name": unit.group_name, "retired": unit.retired}
    if row.short_name is not None or row.clear_short:
        unit.short_name = row.short_name
    if row.set_group:
        unit.group_name = row.group
    if row.restore:
        unit.retired_at = None
    db.session.flush()
    for alias in row.aliases:
        set_alias([unit], alias, audit=False)
    record_event(actor, "unit.update", unit, f"按单位名册更新 {unit.name}：{'；'.join(row.changes)}"[:250],
                 before=before, after={"short_name": unit.short_name, "group_name": unit.group_name,
                                       "retired": unit.retired, "aliases_added": row.aliases})
