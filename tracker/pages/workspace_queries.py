"""Read models of the unit's workspace: the list and the assignment page, each in a fixed number of queries."""
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from tracker.assignments.due import due_date, is_overdue
from tracker.assignments.models import Assignment, ProgressUpdate, Role, Status
from tracker.assignments.states import feeds_lead
from tracker.assignments.visibility import peers_visible_to
from tracker.audit.models import AuditEvent
from tracker.audit.services import timeline_for_assignment
from tracker.campaigns.models import Campaign
from tracker.evidence.models import EvidenceLink
from tracker.extensions import db
from tracker.review.models import Review
from tracker.scheduler.queries import open_flags_for
from tracker.tasks.models import Task

COUNT_KEYS = ("todo", "submitted", "returned", "approved", Status.CLOSED_WITH_LEAD.value, "overdue")


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


@dataclass
class Row:
    assignment: Assignment
    overdue: bool
    latest: ProgressUpdate | None
    comment: Review | None
    flags: list = field(default_factory=list)  # the scheduler's open flags (badges)


def _latest_by_assignment(model, ids: list[int], *where) -> dict[int, object]:
    """The newest row of `model` per assignment id, in one query."""
    if not ids:
        return {}
    newest = (select(func.max(model.id)).where(model.assignment_id.in_(ids), *where)
              .group_by(model.assignment_id))
    return {r.assignment_id: r for r in db.session.scalars(select(model).where(model.id.in_(newest)))}


def _matches(row: Row, f: Filters, campaign: Campaign) -> bool:
    a = row.assignment
    if (f.status and a.status != f.status) or (f.role and a.role != f.role) or (f.overdue and not row.overdue):
        return False
    if f.q and f.q not in a.task.title:
        return False
    if f.phase:
        phase = campaign.phase(f.phase)
        due = due_date(a)
        if phase is None or due is None or due < phase.starts_on:
            return False
        if phase.ends_on is not None and due > phase.ends_on:
            return False
    return True


def count_rows(rows: list[Row]) -> dict[str, int]:
    counts = dict.fromkeys(COUNT_KEYS, 0)
    for r in rows:
        status = r.assignment.status
        counts["todo" if status in ("not_started", "in_progress") else status] += 1
        counts["overdue"] += r.overdue
    return counts


def my_assignments(unit_id: int, campaign: Campaign, today: date, f: Filters) -> tuple[list[Row], dict]:
    """The unit's assignments in the campaign (ordered by category and task), filtered; and the counts."""
    stmt = (
        select(Assignment).join(Assignment.task)
        .where(Assignment.unit_id == unit_id, Task.campaign_id == campaign.id)
        .options(joinedload(Assignment.task).joinedload(Task.category))
    )
    assignments = list(db.session.scalars(stmt))
    assignments.sort(key=lambda a: (a.task.category.sequence, a.task.sequence, a.id))
    ids = [a.id for a in assignments]
    latest = _latest_by_assignment(ProgressUpdate, ids)
    comments = _latest_by_assignment(Review, ids, Review.reason != "")
    flags = open_flags_for(ids)
    rows = [Row(a, is_overdue(a, today), latest.get(a.id), comments.get(a.id), flags.get(a.id, []))
            for a in assignments]
    return [r for r in rows if _matches(r, f, campaign)], count_rows(rows)


@dataclass
class AssignmentPage:
    assignment: Assignment
    peers: list[Assignment]
    progress: dict[int, list[ProgressUpdate]] = field(default_factory=dict)
    evidence: dict[int, list[EvidenceLink]] = field(default_factory=dict)
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


def load_assignment_options():
    return (joinedload(Assignment.task).joinedload(Task.category),
            joinedload(Assignment.task).joinedload(Task.campaign).selectinload(Campaign.phases),
            joinedload(Assignment.task).selectinload(Task.assignments).joinedload(Assignment.unit),
            joinedload(Assignment.unit))


def assignment_page(user, a: Assignment) -> AssignmentPage:
    """Everything the assignment page shows: peers the user may see, their notes and files, reviews, timeline."""
    page = AssignmentPage(a, peers_visible_to(user, a))
    ids = [a.id] + [p.id for p in page.peers]
    updates = db.session.scalars(
        select(ProgressUpdate).where(ProgressUpdate.assignment_id.in_(ids))
        .options(joinedload(ProgressUpdate.author)).order_by(ProgressUpdate.id.desc()))
    links = db.session.scalars(
        select(EvidenceLink).where(EvidenceLink.assignment_id.in_(ids))
        .options(joinedload(EvidenceLink.evidence)).order_by(EvidenceLink.id))
    page.progress, page.evidence = defaultdict(list), defaultdict(list)
    for u in updates:
        page.progress[u.assignment_id].append(u)
    for link in links:
        page.evidence[link.assignment_id].append(link)
    page.reviews = list(db.session.scalars(
        select(Review).where(Review.assignment_id == a.id)
        .options(joinedload(Review.reviewer)).order_by(Review.id.desc())))
    page.timeline = timeline_for_assignment(a.id)
    return page
