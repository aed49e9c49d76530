"""Meetings of a body and their 议定事项 (decided matters), each made an ordinary task with its assignments.

A matter is written as a row of the 责任清单 (事项 | 责任单位 | 完成时限): the first unit leads, the others help;
units and deadlines are read by the same resolver and deadline rules (tracker/imports), whether the rows come
from a file, a pasted table or the meeting page. A meeting's matters share one 类别 named after the meeting, so
the ledger groups them by meeting. All or nothing: a meeting is recorded with its matters only when every unit
resolves and every row reads.
"""
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from tracker.assignments.assigning import create_task
from tracker.assignments.models import DONE_STATUSES, Assignment
from tracker.assignments.visibility import scope
from tracker.audit.services import record_event
from tracker.campaigns.models import Campaign
from tracker.evidence.services import Incoming, store_unit_files
from tracker.extensions import db
from tracker.imports.parser import ParsedSheet, RawRow, RowError
from tracker.imports.services import ImportPlan, plan_sheet
from tracker.meetings.models import Attendance, JointBody, Meeting, MeetingKind
from tracker.meetings.services import BodyError
from tracker.tasks.models import Category, Task, title_key
from tracker.units.models import Unit

TITLE_MAX = 200


@dataclass
class MeetingSpec:
    kind: str
    held_on: date
    title: str
    place: str = ""
    chair: str = ""
    agenda: str = ""
    minutes: str = ""
    present: list[int] = field(default_factory=list)  # unit ids that attended
    absent: dict[int, str] = field(default_factory=dict)  # unit id → note (请假, 委托…)


@dataclass
class Recorded:
    """What recording a meeting (or adding matters to it) did; `meeting` is None when nothing was written."""

    plan: ImportPlan
    meeting: Meeting | None = None
    tasks: list[Task] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.plan.ok


def rows_sheet(rows: list[tuple[str, str, str]]) -> ParsedSheet:
    """Matters typed on the meeting page — (事项, 责任单位, 完成时限) per line — as a parsed 责任清单."""
    sheet = ParsedSheet("议定事项", 0, {"title": 1, "units": 2, "deadline": 3})
    for n, (title, units, deadline) in enumerate(rows, start=1):
        title, units = " ".join((title or "").split()), (units or "").strip()
        if not title and not units:
            continue
        if not title:
            sheet.errors.append(RowError(n, "事项", f"第 {n} 行：事项为空。"))
        elif not units:
            sheet.errors.append(RowError(n, "责任单位", f"第 {n} 行：责任单位为空。"))
        else:
            sheet.rows.append(RawRow(n, "", title, units, None, (deadline or "").strip() or None, None))
    return sheet


def category_name(meeting: Meeting) -> str:
    """The 类别 of a meeting's matters: its date, kind and title (the ledger groups matters by meeting)."""
    return f"{meeting.held_on.isoformat()} {meeting.kind_label}：{meeting.title}"[:100]


def _check_spec(spec: MeetingSpec) -> None:
    if spec.kind not in MeetingKind.values():
        raise BodyError(f"会议类型应为 {'、'.join(f'{k.value}（{k.label}）' for k in MeetingKind)}。")
    if not spec.title.strip():
        raise BodyError("请填写会议名称。")
    if len(spec.title.strip()) > TITLE_MAX:
        raise BodyError(f"会议名称不能超过 {TITLE_MAX} 字。")


def _plan(campaign: Campaign, sheet: ParsedSheet, category: str) -> ImportPlan:
    """The rows checked as a 责任清单 would be; a matter the meeting already has is a row error."""
    plan = plan_sheet(campaign, sheet)
    taken = set(db.session.scalars(select(Task.title_key).join(Category)
                                   .where(Category.campaign_id == campaign.id, Category.name == category)))
    seen: dict[str, int] = {}
    for t in plan.tasks:
        t.category, key = category, title_key(t.title)
        if key in taken:
            plan.errors.append(RowError(t.row, "事项", f"第 {t.row} 行：本次会议已有该议定事项。"))
        elif key in seen:
            plan.errors.append(RowError(t.row, "事项", f"第 {t.row} 行：与第 {seen[key]} 行的事项重复。"))
        seen.setdefault(key, t.row)
        if not t.units and not t.unresolved:
            plan.errors.append(RowError(t.row, "责任单位", f"第 {t.row} 行：责任单位为空。"))
    plan.errors.sort(key=lambda e: e.row)
    plan.missing = []
    return plan


def record_meeting(campaign: Campaign, spec: MeetingSpec, sheet: ParsedSheet | None = None, *,
                   dry_run: bool = False, actor=None) -> Recorded:
    """Record a meeting and its matters, all or nothing (flush only; the caller commits)."""
    _check_spec(spec)
    meeting = Meeting(campaign_id=campaign.id, kind=spec.kind, held_on=spec.held_on, title=spec.title.strip())
    plan = _plan(campaign, sheet or ParsedSheet("", 0, {}), category_name(meeting))
    if not plan.ok or dry_run:
        return Recorded(plan)
    _set_details(meeting, spec)
    meeting.created_by_id = getattr(actor, "id", None)
    db.session.add(meeting)
    db.session.flush()
    record_event(actor, "meeting.create", meeting, f"{meeting.kind_label}：{meeting.title}（{meeting.held_on}）",
                 campaign_id=campaign.id)
    return Recorded(plan, meeting, _create_matters(campaign, meeting, plan, actor))


def add_decisions(meeting: Meeting, sheet: ParsedSheet, *, actor=None) -> Recorded:
    """Add matters to a recorded meeting, all or nothing."""
    campaign = db.session.get(Campaign, meeting.campaign_id)
    plan = _plan(campaign, sheet, category_name(meeting))
    if not plan.ok:
        return Recorded(plan)
    return Recorded(plan, meeting, _create_matters(campaign, meeting, plan, actor))


def update_meeting(meeting: Meeting, spec: MeetingSpec, *, actor=None) -> None:
    """Change a meeting's facts, minutes and attendance (its matters keep their 类别)."""
    _check_spec(spec)
    before = meeting_facts(meeting)
    meeting.kind, meeting.held_on, meeting.title = spec.kind, spec.held_on, spec.title.strip()
    _set_details(meeting, spec)
    db.session.flush()
    record_event(actor, "meeting.update", meeting, f"修改会议：{meeting.title}", campaign_id=meeting.campaign_id,
                 before=before, after=meeting_facts(meeting))


def _set_details(meeting: Meeting, spec: MeetingSpec) -> None:
    meeting.place, meeting.chair = spec.place.strip()[:200], spec.chair.strip()[:100]
    meeting.agenda, meeting.minutes = spec.agenda.strip(), spec.minutes.strip()
    present = list(dict.fromkeys(spec.present))
    meeting.attendance = [Attendance(unit_id=u, present=True) for u in present] + \
        [Attendance(unit_id=u, present=False, note=note.strip()[:200])
         for u, note in spec.absent.items() if u not in present]


def meeting_facts(meeting: Meeting) -> dict:
    return {"kind": meeting.kind, "held_on": meeting.held_on.isoformat(), "title": meeting.title,
            "place": meeting.place, "chair": meeting.chair,
            "present": sorted(a.unit_id for a in meeting.attendance if a.present)}


def _create_matters(campaign: Campaign, meeting: Meeting, plan: ImportPlan, actor) -> list[Task]:
    units = {u.id: u for u in db.session.scalars(
        select(Unit).where(Unit.id.in_({u.id for t in plan.tasks for u in t.units})))}
    tasks = []
    for planned in plan.tasks:
        task = create_task(campaign, planned.category, planned.title, [units[u.id] for u in planned.units],
                           deadline=planned.deadline, deadline_text=planned.deadline_text, actor=actor)
        task.meeting_id = meeting.id
        tasks.append(task)
    db.session.flush()
    plan.created, plan.written = len(tasks), True
    if tasks:
        record_event(actor, "meeting.decisions", meeting, f"议定事项 {len(tasks)} 项：{meeting.title}",
                     campaign_id=campaign.id)
    return tasks


def attach_minutes(meeting: Meeting, upload: Incoming, *, actor=None) -> list:
    """Store the signed minutes in the office unit's 材料库 through the evidence upload path (its type and size
    checks) and attach them; returns the paths moved into place, which the caller removes if its commit fails."""
    office = db.session.scalar(select(JointBody.office_unit_id).where(JointBody.campaign_id == meeting.campaign_id))
    stored, moved = store_unit_files(office, actor, [upload], title=f"{meeting.title}纪要"[:200],
                                     document_date=meeting.held_on)
    meeting.minutes_file_id = stored[0].id
    db.session.flush()
    record_event(actor, "meeting.minutes_file", meeting, f"上传会议纪要：{stored[0].original_name}",
                 campaign_id=meeting.campaign_id)
    return moved


# --- reading ---------------------------------------------------------------------------------------------------

def meetings_of(campaign: Campaign) -> list[Meeting]:
    """The body's meetings, latest first."""
    return list(db.session.scalars(select(Meeting).where(Meeting.campaign_id == campaign.id)
                                   .order_by(Meeting.held_on.desc(), Meeting.id.desc())))


def matters(campaign: Campaign, *, meeting_id: int | None = None, open_only: bool = False,
            visible_to=None) -> list[Task]:
    """The body's matters (of one meeting, or only those still open, or only those a user may see — a unit:
    those it holds, by the visibility policy) with their assignments and units, in the order they were
    decided."""
    stmt = (select(Task).where(Task.campaign_id == campaign.id).order_by(Task.sequence, Task.id)
            .options(selectinload(Task.assignments).joinedload(Assignment.unit), joinedload(Task.category)))
    if meeting_id is not None:
        stmt = stmt.where(Task.meeting_id == meeting_id)
    if visible_to is not None:
        stmt = stmt.where(scope(visible_to, Task))
    tasks = list(db.session.scalars(stmt).unique())
    return [t for t in tasks if not is_done(t)] if open_only else tasks


def is_done(task: Task) -> bool:
    """A matter is completed when its lead's work is approved (co-units close with it)."""
    lead = task.lead
    return lead is not None and lead.status in DONE_STATUSES
