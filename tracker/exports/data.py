"""Gather the plain data of the exports from the database, in a fixed number of queries.

Core selects of plain columns (no ORM objects): a campaign of 25,000 assignments loads in a few seconds.
`unit_id` limits everything to one unit's own assignments (a unit's own ledger).
"""
from collections import Counter, defaultdict
from datetime import date

from sqlalchemy import func, select

from tracker.assignments.due import due_sql, overdue_sql
from tracker.assignments.lights import light_sql
from tracker.assignments.models import DONE_STATUSES, Assignment, ProgressUpdate
from tracker.auth.models import User
from tracker.campaigns.models import Campaign
from tracker.evidence.models import Evidence, EvidenceLink
from tracker.exports.records import (
    EvidenceFile,
    IndicatorRecord,
    ItemRecord,
    LedgerData,
    OverdueItem,
    PackageData,
    TaskRecord,
    UnitSummary,
    UnitWork,
)
from tracker.extensions import db
from tracker.indicators.progress import IndicatorView, standings
from tracker.items.models import Source, SupervisionItem
from tracker.meetings.models import Meeting
from tracker.registers.models import RegisterEntry
from tracker.review.models import DECISION_LABELS, Review, TaskScore
from tracker.supervision.models import Inspection
from tracker.tasks.models import Category, Task
from tracker.timeutil import to_local
from tracker.units.models import Unit
from tracker.workdays.services import work_calendar


def gather_ledger(campaign: Campaign, today: date, unit_id: int | None = None) -> LedgerData:
    """The ledger's data for a campaign (or one unit's share of it) as of `today`."""
    tasks = _task_rows(campaign.id, unit_id)
    assignments = _assignment_rows(campaign, today)
    numbers = {t.id: n for n, t in enumerate(tasks, start=1)}
    categories = _category_numbers(campaign.id)
    mine = [a for a in assignments if unit_id is None or a.unit_id == unit_id]
    texts = _latest_texts(campaign.id, unit_id)
    work = defaultdict(list)
    for a in mine:
        work[a.task_id].append(_unit_work(a, texts))
    units = defaultdict(list)
    for a in assignments:
        units[a.task_id].append(a.unit_name)
    evidence = _evidence_counts(campaign.id, unit_id)
    scores = _scores(campaign.id)
    overdue = _overdue(campaign, unit_id, today, numbers)
    records = [_task_record(t, numbers[t.id], categories[t.category_id], units[t.id], work[t.id], evidence, scores)
               for t in tasks]
    unit_name = next((a.unit_name for a in mine), None) if unit_id else None
    return LedgerData(campaign.name, today, records, _summaries(mine, overdue), overdue, unit_scope=unit_name,
                      indicators=[_indicator_record(v) for v in standings(campaign, today, unit_id=unit_id)],
                      items=_items(campaign, numbers, units, assignments))


def _items(campaign: Campaign, numbers: dict, units: dict, assignments) -> list[ItemRecord]:
    """The campaign's 督办事项 on the ledger's tasks (a unit's ledger: those on its tasks), by number."""
    lead_status = {a.task_id: a.status for a in assignments if a.role == "lead"}
    stmt = (select(SupervisionItem, RegisterEntry.number_text, Task.title, Task.deadline, Meeting.title, Meeting.held_on,
                   Inspection.held_on)
            .join(RegisterEntry, RegisterEntry.id == SupervisionItem.register_entry_id)
            .join(Task, Task.id == SupervisionItem.task_id)
            .outerjoin(Meeting, Meeting.id == SupervisionItem.meeting_id)
            .outerjoin(Inspection, Inspection.id == SupervisionItem.inspection_id)
            .where(SupervisionItem.campaign_id == campaign.id)
            .order_by(RegisterEntry.year, RegisterEntry.serial))
    records = []
    for item, number, title, deadline, meeting, met_on, inspected_on in db.session.execute(stmt):
        if item.task_id not in numbers:
            continue
        if item.source == Source.INSTRUCTION:
            origin = f"{item.leader_name} {item.instructed_on.isoformat()} 批示（{item.urgency_label}）：{item.instruction_text}"
        elif meeting:
            origin = f"{meeting}（{met_on.isoformat()}）"
        else:
            origin = f"督查（{inspected_on.isoformat()}）" if inspected_on else ""
        names = units.get(item.task_id, [])
        records.append(ItemRecord(number, item.source_label, origin, numbers[item.task_id], title,
                                  names[0] if names else "", tuple(names[1:]), deadline, item.reply_requirement,
                                  lead_status.get(item.task_id, "")))
    return records


def _indicator_record(v: IndicatorView) -> IndicatorRecord:
    """An indicator as the sheet 指标完成情况 shows it: the standing of the one rule (indicators/status.py)."""
    ind, latest, target = v.indicator, v.assessment.latest, v.compare_to
    return IndicatorRecord(
        ind.name, ind.measure, ind.direction_label, ind.baseline, tuple((t.on, t.value) for t in ind.targets()),
        target.value if target else None, target.on if target else None, latest.value if latest else None,
        latest.on if latest else None, None if v.percent is None else v.percent / 100, v.assessment.label,
        v.assessment.reason if v.assessment.status == "behind" else "", tuple(v.units), ind.formula,
        len(v.files))


def _task_rows(campaign_id: int, unit_id: int | None):
    stmt = (
        select(Task.id, Task.title, Task.deadline, Task.deadline_text, Task.points, Category.id.label("category_id"),
               Category.name.label("category"))
        .join(Category, Task.category_id == Category.id).where(Task.campaign_id == campaign_id)
        .order_by(Category.sequence, Category.id, Task.sequence, Task.id)
    )
    if unit_id is not None:
        stmt = stmt.where(Task.id.in_(select(Assignment.task_id).where(Assignment.unit_id == unit_id)))
    return list(db.session.execute(stmt))


def _assignment_rows(campaign: Campaign, today: date):
    light = light_sql(campaign, today, work_calendar()).label("light")
    return list(db.session.execute(
        select(Assignment.id, Assignment.task_id, Assignment.unit_id, Assignment.role, Assignment.status,
               Assignment.due_on, Unit.name.label("unit_name"), Unit.display_order, light)
        .join(Unit, Assignment.unit_id == Unit.id).join(Task, Assignment.task_id == Task.id)
        .where(Task.campaign_id == campaign.id)
        .order_by(Assignment.task_id, Assignment.position, Assignment.id)
    ))


def _latest_texts(campaign_id: int, unit_id: int | None) -> dict:
    """{assignment_id: (progress row, review row)}: the newest progress update and review of each assignment."""
    progress = _latest(ProgressUpdate, (ProgressUpdate.progress, ProgressUpdate.problems,
                                        ProgressUpdate.next_steps), campaign_id, unit_id)
    reviews = _latest(Review, (Review.decision, Review.reason), campaign_id, unit_id)
    return {"progress": progress, "review": reviews}


def _latest(model, columns, campaign_id: int, unit_id: int | None) -> dict:
    newest = (
        select(func.max(model.id)).join(Assignment, model.assignment_id == Assignment.id)
        .join(Task, Assignment.task_id == Task.id).where(Task.campaign_id == campaign_id)
        .group_by(model.assignment_id)
    )
    if unit_id is not None:
        newest = newest.where(Assignment.unit_id == unit_id)
    rows = db.session.execute(select(model.assignment_id, *columns).where(model.id.in_(newest)))
    return {row[0]: row for row in rows}


def _unit_work(a, texts: dict) -> UnitWork:
    p = texts["progress"].get(a.id)
    r = texts["review"].get(a.id)
    review = ""
    if r is not None:
        review = DECISION_LABELS[r.decision] + (f"：{r.reason}" if r.reason else "")
    return UnitWork(a.unit_name, a.role, a.status, progress=p.progress if p else "",
                    problems=(p.problems or "") if p else "", next_steps=(p.next_steps or "") if p else "",
                    review=review, light=a.light, extended_to=a.due_on)


def _evidence_counts(campaign_id: int, unit_id: int | None) -> Counter:
    """Distinct files per task (a file linked twice to one task counts once)."""
    stmt = (
        select(Assignment.task_id, func.count(func.distinct(EvidenceLink.evidence_id)))
        .join(Assignment, EvidenceLink.assignment_id == Assignment.id).join(Task, Assignment.task_id == Task.id)
        .where(Task.campaign_id == campaign_id).group_by(Assignment.task_id)
    )
    if unit_id is not None:
        stmt = stmt.where(Assignment.unit_id == unit_id)
    return Counter(dict(db.session.execute(stmt).all()))


def _scores(campaign_id: int) -> dict:
    stmt = select(TaskScore.task_id, TaskScore.score).join(Task, TaskScore.task_id == Task.id)
    return dict(db.session.execute(stmt.where(Task.campaign_id == campaign_id)).all())


def _overdue(campaign: Campaign, unit_id: int | None, today: date, numbers: dict) -> list[OverdueItem]:
    """Overdue assignments as of `today` by the one rule (assignments/due.py), longest overdue first."""
    due = due_sql(campaign)
    stmt = (
        select(Unit.name, Task.id, Task.title, due, Assignment.status)
        .select_from(Assignment).join(Task, Assignment.task_id == Task.id).join(Unit, Assignment.unit_id == Unit.id)
        .where(Task.campaign_id == campaign.id, overdue_sql(campaign, today))
        .order_by(due, Unit.display_order, Unit.name, Task.id)
    )
    if unit_id is not None:
        stmt = stmt.where(Assignment.unit_id == unit_id)
    return [OverdueItem(unit, numbers.get(task_id, 0), title, due_on, (today - due_on).days, status)
            for unit, task_id, title, due_on, status in db.session.execute(stmt)]


def _task_record(t, number: int, category_number: int, units: list[str], work: list[UnitWork], evidence: Counter,
                 scores: dict) -> TaskRecord:
    return TaskRecord(number, category_number, t.category, t.title, t.deadline, tuple(units), tuple(work),
                      points=t.points, score=scores.get(t.id), evidence_count=evidence[t.id],
                      deadline_text=t.deadline_text)


def _summaries(assignments, overdue: list[OverdueItem]) -> list[UnitSummary]:
    """Counts per unit in registry order: assigned as lead / co, and by state."""
    late = Counter(item.unit for item in overdue)
    per_unit: dict[str, Counter] = defaultdict(Counter)
    order = {}
    for a in assignments:
        per_unit[a.unit_name][a.role] += 1
        per_unit[a.unit_name][a.status] += 1
        order[a.unit_name] = a.display_order
    names = sorted(per_unit, key=lambda n: (order[n], n))
    return [UnitSummary(n, per_unit[n]["lead"], per_unit[n]["co"], per_unit[n]["submitted"],
                        sum(per_unit[n][s] for s in DONE_STATUSES), per_unit[n]["returned"], late[n]) for n in names]


def gather_package(campaign: Campaign, today: date) -> PackageData:
    """Every file linked to the campaign's assignments, placed by category, task (ledger numbers) and unit."""
    numbers = {t.id: n for n, t in enumerate(_task_rows(campaign.id, None), start=1)}
    categories = _category_numbers(campaign.id)
    stmt = (
        select(Evidence.id, Evidence.stored_name, Evidence.original_name, Evidence.title, Evidence.kind,
               Evidence.size, Evidence.sha256, Evidence.document_date, Evidence.created_at, Evidence.page_count,
               User.display_name, Unit.name.label("unit"), Task.id.label("task_id"), Task.title.label("task"),
               Category.id.label("category_id"), Category.name.label("category"), Assignment.position)
        .select_from(EvidenceLink).join(Evidence, EvidenceLink.evidence_id == Evidence.id)
        .join(Assignment, EvidenceLink.assignment_id == Assignment.id).join(Task, Assignment.task_id == Task.id)
        .join(Category, Task.category_id == Category.id).join(Unit, Assignment.unit_id == Unit.id)
        .outerjoin(User, Evidence.uploader_id == User.id).where(Task.campaign_id == campaign.id)
    )
    rows = sorted(db.session.execute(stmt), key=lambda r: (numbers[r.task_id], r.position, r.document_date, r.id))
    # by task, lead unit first, then by date; upload times as local times (a catalogue shows their local day)
    files = [_evidence_file(r, numbers, categories, campaign.timezone) for r in rows]
    return PackageData(campaign.name, today, files)


def _category_numbers(campaign_id: int) -> dict[int, int]:
    rows = db.session.scalars(
        select(Category.id).where(Category.campaign_id == campaign_id).order_by(Category.sequence, Category.id)
    )
    return {cid: n for n, cid in enumerate(rows, start=1)}


def _evidence_file(r, numbers: dict, categories: dict, tz: str) -> EvidenceFile:
    return EvidenceFile(
        r.id, r.stored_name, r.original_name, r.title or "", r.kind, r.size, r.sha256, r.document_date,
        to_local(r.created_at, tz).replace(tzinfo=None), r.display_name or "", r.page_count, r.unit, numbers[r.task_id], r.task,
        categories[r.category_id], r.category,
    )
