"""Turning a responsibility list into tasks: plan (read, resolve, check), then apply — all or nothing."""
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import insert, select
from sqlalchemy.orm import selectinload

from tracker.assignments.assigning import set_assignments
from tracker.assignments.models import Assignment
from tracker.audit.services import record_event
from tracker.campaigns.models import Campaign
from tracker.extensions import db
from tracker.imports.deadlines import DeadlineError, parse_deadline
from tracker.imports.parser import ParsedSheet, RawRow, RowError, read_list
from tracker.tasks.models import Category, Task, title_key
from tracker.tasks.services import get_or_create_category
from tracker.text import clip
from tracker.units.models import Unit
from tracker.units.resolver import (
    CellResult,
    ResolvingPlan,
    UnitRef,
    Unresolved,
    order_units,
    resolve_any_script,
)
from tracker.units.services import load_registry


@dataclass
class PlannedTask:
    row: int
    category: str
    title: str
    units: list[UnitRef]
    deadline: date | None
    deadline_text: str | None
    points: Decimal | None
    unresolved: list[Unresolved] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    lead_unknown: bool = False  # the 责任单位 cell's first text is unresolved: no unit is shown as 牵头
    effect: str = "new"  # new / update / same, against the campaign's task matched by (类别, 创建任务)

    @property
    def lead(self) -> UnitRef | None:
        return self.units[0] if self.units and not self.lead_unknown else None


@dataclass
class ImportPlan(ResolvingPlan):
    """What an import would do; `ok` when every unit resolved and no row has an error."""

    sheet: str
    tasks: list[PlannedTask]
    errors: list[RowError]
    missing: list[dict]
    created: int = 0
    updated: int = 0
    written: bool = False
    no_deadline_column: bool = False  # every task would be 长期 (never overdue): the preview warns

    @property
    def unresolved(self) -> list[tuple[int, Unresolved]]:
        return [(t.row, u) for t in self.tasks for u in t.unresolved]

    def effect_counts(self) -> dict[str, int]:
        """How many tasks the list adds, changes and leaves as they are (新增 / 更新 / 不变)."""
        counts = {"new": 0, "update": 0, "same": 0}
        for t in self.tasks:
            counts[t.effect] += 1
        return counts


def plan_import(campaign: Campaign, data: bytes, *, max_rows: int = 5000) -> ImportPlan:
    """Read and check a list without writing anything. Raises ImportFileError for an unreadable file."""
    return plan_sheet(campaign, read_list(data, max_rows=max_rows))


def plan_sheet(campaign: Campaign, sheet: ParsedSheet) -> ImportPlan:
    """Check an already parsed list against the registry and the campaign, without writing anything."""
    registry = load_registry()
    cells: dict[str, CellResult] = {}  # lists repeat the same unit text: resolve each text once

    def resolve(text: str) -> CellResult:
        if text not in cells:
            cells[text] = resolve_any_script(registry, text)
        return cells[text]

    tasks = [_plan_row(resolve, raw) for raw in sheet.rows]
    _mark_effects(campaign, tasks)
    errors = sorted(sheet.errors + [e for t in tasks for e in t.errors], key=lambda e: e.row)
    return ImportPlan(sheet.sheet, tasks, errors, _missing(campaign, tasks),
                      no_deadline_column="deadline" not in sheet.columns)


def _mark_effects(campaign: Campaign, tasks: list[PlannedTask]) -> None:
    """new / update / same for each planned task, compared as `_update_task` would apply it."""
    existing = _existing_tasks(campaign)
    for planned in tasks:
        task = existing.get((planned.category, title_key(planned.title)))
        if task is None:
            planned.effect = "new"
            continue
        now = _snapshot(task)
        after = {"deadline": planned.deadline.isoformat() if planned.deadline else None,
                 "units": [u.id for u in planned.units], "points": str(_points_after(task, planned))}
        planned.effect = "same" if after == now and not planned.unresolved else "update"


def _plan_row(resolve, raw: RawRow) -> PlannedTask:
    lead_cell = resolve(raw.units_text)
    co_cell = resolve(raw.co_text) if raw.co_text else None
    task = PlannedTask(raw.row, raw.category, raw.title, order_units(lead_cell, co_cell), None, None, raw.points,
                       lead_cell.unresolved + (co_cell.unresolved if co_cell else []),
                       lead_unknown=lead_cell.lead_unknown)
    try:
        deadline = parse_deadline(raw.deadline)
        task.deadline, task.deadline_text = deadline.due, deadline.text
    except DeadlineError as exc:
        task.errors.append(RowError(raw.row, "完成时限", str(exc)))
    return task


def _missing(campaign: Campaign, tasks: list[PlannedTask]) -> list[dict]:
    """Tasks of the campaign that the list no longer contains (reported, never deleted)."""
    listed = {(t.category, title_key(t.title)) for t in tasks}
    rows = db.session.execute(
        select(Task.id, Category.name, Task.title, Task.title_key).join(Category)
        .where(Task.campaign_id == campaign.id).order_by(Task.sequence, Task.id)
    ).all()
    return [{"id": r.id, "category": r.name, "title": r.title} for r in rows
            if (r.name, r.title_key) not in listed]


def import_list(campaign: Campaign, data: bytes, *, dry_run: bool = False, actor=None,
                max_rows: int = 5000) -> ImportPlan:
    """Plan the import and, when it is clean and not a dry run, write it (flush only; the caller commits)."""
    return import_sheet(campaign, read_list(data, max_rows=max_rows), dry_run=dry_run, actor=actor)


def import_sheet(campaign: Campaign, sheet: ParsedSheet, *, dry_run: bool = False, actor=None) -> ImportPlan:
    """`import_list` for a list parsed earlier (the staged upload of the import screen)."""
    plan = plan_sheet(campaign, sheet)
    if plan.ok and not dry_run:
        apply_plan(campaign, plan, actor=actor)
    return plan


def apply_plan(campaign: Campaign, plan: ImportPlan, *, actor=None) -> None:
    """Create new tasks, update those matched by (category, title); never delete. One flush for the lot."""
    existing = _existing_tasks(campaign)
    units = {u.id: u for u in db.session.scalars(select(Unit))}
    categories = {name: get_or_create_category(campaign, name) for name in dict.fromkeys(t.category for t in plan.tasks)}
    created, updated = [], []
    with db.session.no_autoflush:
        for sequence, planned in enumerate(plan.tasks, start=1):
            chosen = [units[u.id] for u in planned.units]
            task = existing.get((planned.category, title_key(planned.title)))
            if task is None:
                created.append(_new_task(campaign, categories[planned.category], planned, chosen, sequence))
            else:
                updated.append((task, _snapshot(task), planned, chosen, sequence))
    db.session.flush()
    _insert_assignments(created)
    for task, _units in created:
        record_event(actor, "task.create", task, f"新增任务：{clip(task.title, 60)}", campaign_id=campaign.id)
    plan.created = len(created)
    plan.updated = sum(_update_task(*args, actor=actor) for args in updated)
    db.session.flush()
    plan.written = True
    record_event(actor, "tasks.import", campaign,
                 f"导入责任清单：新增 {plan.created} 项，更新 {plan.updated} 项，清单中已无 {len(plan.missing)} 项",
                 campaign_id=campaign.id)


def _new_task(campaign: Campaign, category: Category, planned: PlannedTask, units: list[Unit],
              sequence: int) -> tuple[Task, list[Unit]]:
    """A task as tasks.services.create_task builds it, without its per-row flush (bulk import)."""
    task = Task(campaign=campaign, category=category, deadline=planned.deadline, deadline_text=planned.deadline_text,
                points=planned.points, sequence=sequence, source_row=planned.row)
    task.set_title(planned.title)
    db.session.add(task)
    return task, units


def _insert_assignments(created: list[tuple[Task, list[Unit]]]) -> None:
    """New tasks' assignments in one bulk INSERT: the first unit leads, the others help (as set_assignments)."""
    rows = [{"task_id": task.id, "unit_id": unit.id, "role": "lead" if pos == 0 else "co", "position": pos,
             "status": "not_started", "version": 1, "chase_count": 0}
            for task, units in created for pos, unit in enumerate(units)]
    if rows:
        db.session.execute(insert(Assignment), rows)
    for task, _units in created:
        db.session.expire(task, ["assignments"])


def _existing_tasks(campaign: Campaign) -> dict[tuple[str, str], Task]:
    tasks = db.session.scalars(
        select(Task).where(Task.campaign_id == campaign.id)
        .options(selectinload(Task.assignments), selectinload(Task.category))
    ).all()
    return {(t.category.name, t.title_key): t for t in tasks}


def _snapshot(task: Task) -> dict:
    return {"deadline": task.deadline.isoformat() if task.deadline else None,
            "units": [a.unit_id for a in sorted(task.assignments, key=lambda a: a.position)],
            "points": str(task.points)}


def _points_after(task: Task, planned: PlannedTask) -> Decimal | None:
    """A blank 分值 cell keeps the task's points (set on the scoring page, perhaps already scored)."""
    return task.points if planned.points is None else planned.points


def _update_task(task: Task, before: dict, planned: PlannedTask, units: list[Unit], sequence: int, *,
                 actor=None) -> bool:
    """Apply the list's deadline, points, order and units to a matched task; audit it when it changed."""
    task.deadline, task.deadline_text = planned.deadline, planned.deadline_text
    task.points, task.sequence, task.source_row = _points_after(task, planned), sequence, planned.row
    set_assignments(task, units)
    db.session.flush()
    after = _snapshot(task)
    if before == after:
        return False
    record_event(actor, "task.update", task, f"按清单更新任务：{clip(task.title, 60)}", campaign_id=task.campaign_id,
                 before=before, after=after)
    return True


def plan_json(plan: ImportPlan) -> dict:
    """The --json shape of the issue (tasks, unresolved, errors) plus missing/created/updated/written."""
    return {
        "tasks": [{"row": t.row, "category": t.category, "title": t.title, "units": [u.name for u in t.units],
                   "lead": t.lead.name if t.lead else None,
                   "deadline": t.deadline.isoformat() if t.deadline else None} for t in plan.tasks],
        "unresolved": [{"row": row, "text": u.text, "suggestions": u.suggestions} for row, u in plan.unresolved],
        "errors": [{"row": e.row, "column": e.column, "message": e.message} for e in plan.errors],
        "missing": plan.missing, "created": plan.created, "updated": plan.updated, "written": plan.written,
    }

