"""Read models of the unit's workspace: the list and the assignment page, each in a fixed number of queries."""
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from sqlalchemy import and_, bindparam, false, func, select
from sqlalchemy.orm import contains_eager, joinedload

from tracker.assignments.counts import unit_figures
from tracker.assignments.due import DueText, due_sql, due_text, overdue_sql
from tracker.assignments.lights import Light, light_and_why
from tracker.assignments.models import Assignment, ProgressUpdate, Role, Status
from tracker.assignments.states import feeds_lead, owes_work
from tracker.assignments.visibility import peers_visible_to
from tracker.audit.models import AuditEvent
from tracker.audit.services import timeline_for_assignment
from tracker.campaigns.models import Campaign
from tracker.database import plain_rows
from tracker.escalation.page import page_options as ladder_options
from tracker.evidence.details import details_locks
from tracker.evidence.models import EvidenceLink
from tracker.extensions import db
from tracker.items.models import SupervisionItem
from tracker.review.models import Review
from tracker.scheduler.models import Flag
from tracker.tasks.models import Category, Task
from tracker.web.pagination import PER_PAGE, Page, page_of
from tracker.workdays.calendar import WorkCalendar
from tracker.workdays.services import work_calendar

TODO = "todo"  # the 待办 card's filter: what the unit has still to do and submit, a returned task included
TODO_STATUSES = (Status.NOT_STARTED.value, Status.IN_PROGRESS.value, Status.RETURNED.value)


@dataclass
class Filters:
    status: str = ""
    phase: str = ""
    role: str = ""
    overdue: bool = False
    q: str = ""

    @classmethod
    def from_args(cls, args) -> "Filters":
        return cls(status=args.get("status", ""), phase=args.get("phase", ""), role=args.get("role", ""),
                   overdue=args.get("overdue") == "1", q=args.get("q", "").strip())

    @property
    def any(self) -> bool:
        return bool(self.status or self.phase or self.role or self.overdue or self.q)


@dataclass
class Row:
    assignment: Assignment
    overdue: bool
    latest: object | None  # (created_at, text) of the newest progress note
    comment: object | None  # (created_at, text) of the office's newest reason
    flags: list = field(default_factory=list)  # the scheduler's open flags (kind, gate: badges)
    light: Light = Light.GREEN  # 亮灯 and its reason, the due date as it reads, whether the unit owes the work:
    reason: str = ""  # worked out once per row here, not in the template
    due: DueText | None = None
    owes: bool = False


def _row(a: Assignment, today: date, calendar: WorkCalendar, latest, comment, flags) -> Row:
    due, owes = due_text(a), owes_work(a)  # the due date and what the unit owes, read once for the whole row
    light, reason = light_and_why(a, today, calendar, due=due.due, owes=owes)
    return Row(a, light == Light.RED, latest, comment, flags, light, reason, due, owes)


@cache
def _latest_statement(model, text, reasons_only: bool):
    """Built once: the newest row of `model` per assignment of the expanding `ids`, as plain rows of
    (assignment_id, created_at, `text` as text)."""
    where = [model.assignment_id.in_(bindparam("ids", expanding=True))]
    if reasons_only:
        where.append(text != "")
    newest = select(func.max(model.id)).where(*where).group_by(model.assignment_id)
    return select(model.assignment_id, model.created_at, text.label("text")).where(model.id.in_(newest))


def _latest_by_assignment(model, ids: list[int], text, reasons_only: bool = False) -> dict[int, object]:
    """The newest row of `model` per assignment id, in one query (only those with a non-empty `text` when
    `reasons_only`): what a list shows, no ORM objects."""
    if not ids:
        return {}
    return {r.assignment_id: r for r in plain_rows(db.session, _latest_statement(model, text, reasons_only),
                                                   {"ids": ids})}


@cache
def _flags_statement():
    return (select(Flag.assignment_id, Flag.kind, Flag.gate)
            .where(Flag.assignment_id.in_(bindparam("ids", expanding=True)), Flag.open_marker == 1)
            .order_by(Flag.assignment_id, Flag.kind.desc(), Flag.gate_key))


def _open_flags(ids: list[int]) -> dict[int, list]:
    """Open flags of the page's assignments as plain rows (kind, gate), in the order of `open_flags_for`."""
    found: dict[int, list] = defaultdict(list)
    if ids:
        for flag in plain_rows(db.session, _flags_statement(), {"ids": ids}):
            found[flag.assignment_id].append(flag)
    return found


def _phase_condition(campaign: Campaign, kind: str):
    """Due (assignments/due.py) within the phase; nothing for an unknown phase."""
    phase = campaign.phase(kind)
    if phase is None:
        return false()
    due = due_sql(campaign)
    return and_(due >= phase.starts_on, due <= phase.ends_on) if phase.ends_on else due >= phase.starts_on


def my_select(unit_id: int, campaign: Campaign, today: date, f: Filters):
    """The unit's assignments in the campaign, filtered in SQL, by category and task."""
    stmt = (select(Assignment).join(Assignment.task).join(Category, Category.id == Task.category_id)
            .where(Assignment.unit_id == unit_id, Task.campaign_id == campaign.id))
    if f.status == TODO:
        stmt = stmt.where(Assignment.status.in_(TODO_STATUSES))
    elif f.status:
        stmt = stmt.where(Assignment.status == f.status)
    if f.role:
        stmt = stmt.where(Assignment.role == f.role)
    if f.overdue:
        stmt = stmt.where(overdue_sql(campaign, today))
    if f.q:
        stmt = stmt.where(Task.title.contains(f.q, autoescape=True))
    if f.phase:
        stmt = stmt.where(_phase_condition(campaign, f.phase))
    return stmt


def my_assignments(unit_id: int, campaign: Campaign, today: date, f: Filters, page: int = 1,
                   per_page: int = PER_PAGE, calendar: WorkCalendar | None = None) -> tuple[Page, dict]:
    """One page (50 rows) of the unit's filtered assignments, with the unit's counts (from the figures cache)."""
    counts = unit_figures(campaign, today, unit_id)
    stmt = my_select(unit_id, campaign, today, f)
    if f.any:
        total = db.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    else:
        total = sum(n for k, n in counts.items() if k != "overdue")
    stmt = stmt.options(contains_eager(Assignment.task).contains_eager(Task.category),
                        contains_eager(Assignment.task).joinedload(Task.supervision_item)
                        .joinedload(SupervisionItem.register_entry)).order_by(
        Category.sequence, Task.sequence, Assignment.id)
    found = page_of(stmt, page, total=total, per_page=per_page)
    ids = [a.id for a in found.items]
    latest = _latest_by_assignment(ProgressUpdate, ids, ProgressUpdate.progress)
    comments = _latest_by_assignment(Review, ids, Review.reason, reasons_only=True)
    flags = _open_flags(ids)
    calendar = calendar if calendar is not None else work_calendar()
    found.items = [_row(a, today, calendar, latest.get(a.id), comments.get(a.id), flags.get(a.id, []))
                   for a in found.items]
    return found, counts


@dataclass
class AssignmentPage:
    assignment: Assignment
    peers: list[Assignment]
    progress: dict[int, list[ProgressUpdate]] = field(default_factory=dict)
    evidence: dict[int, list[EvidenceLink]] = field(default_factory=dict)
    locks: dict[int, str | None] = field(default_factory=dict)  # per file on this assignment: why not correctable
    reviews: list[Review] = field(default_factory=list)
    timeline: list[AuditEvent] = field(default_factory=list)

    @property
    def feeds_lead(self) -> bool:
        """A co-unit whose notes and files go with the lead's submission (it does not submit itself)."""
        return feeds_lead(self.assignment)

    @property
    def feeders(self) -> list[Assignment]:
        """On a lead's page: the co-units whose notes and files its submission carries."""
        if self.assignment.role != Role.LEAD:
            return []
        return [p for p in self.peers if feeds_lead(p)]

    @property
    def lead(self) -> Assignment | None:
        return next((p for p in self.peers if p.role == Role.LEAD), None)

    @property
    def last_event_id(self) -> int:
        return max((e.id for e in self.timeline), default=0)


@cache
def load_assignment_options() -> tuple:
    """The loader options of the assignment page's assignment: built once (they are immutable values)."""
    return (joinedload(Assignment.task).joinedload(Task.category),
            joinedload(Assignment.task).joinedload(Task.campaign).selectinload(Campaign.phases),
            joinedload(Assignment.task).selectinload(Task.assignments).joinedload(Assignment.unit),
            joinedload(Assignment.task).joinedload(Task.supervision_item).joinedload(SupervisionItem.register_entry),
            joinedload(Assignment.unit), *ladder_options())


@cache
def _page_statements() -> dict:
    """The assignment page's statements, built once (their SQL compiled once): notes and files of the expanding
    `ids`, reviews of `assignment`."""
    ids = bindparam("ids", expanding=True)
    return {
        "updates": select(ProgressUpdate).where(ProgressUpdate.assignment_id.in_(ids))
        .options(joinedload(ProgressUpdate.author)).order_by(ProgressUpdate.id.desc()),
        "links": select(EvidenceLink).where(EvidenceLink.assignment_id.in_(ids))
        .options(joinedload(EvidenceLink.evidence)).order_by(EvidenceLink.id),
        "reviews": select(Review).where(Review.assignment_id == bindparam("assignment"))
        .options(joinedload(Review.reviewer)).order_by(Review.id.desc()),
    }


def assignment_page(user, a: Assignment) -> AssignmentPage:
    """Everything the assignment page shows: peers the user may see, their notes and files, reviews, timeline."""
    page = AssignmentPage(a, peers_visible_to(user, a))
    ids, stmts = [a.id] + [p.id for p in page.peers], _page_statements()
    updates = db.session.scalars(stmts["updates"], {"ids": ids})
    links = db.session.scalars(stmts["links"], {"ids": ids})
    page.progress, page.evidence = defaultdict(list), defaultdict(list)
    for u in updates:
        page.progress[u.assignment_id].append(u)
    for link in links:
        page.evidence[link.assignment_id].append(link)
    page.locks = details_locks([link.evidence_id for link in page.evidence.get(a.id, [])])
    page.reviews = list(db.session.scalars(stmts["reviews"], {"assignment": a.id}))
    page.timeline = timeline_for_assignment(a.id)
    return page
