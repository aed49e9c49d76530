"""The office's review of submissions: 通过 (approve) and 退回 (return for revision)."""
from dataclasses import dataclass, field

from sqlalchemy import func, select

from tracker.assignments.models import Assignment, ProgressUpdate
from tracker.audit.services import record_event
from tracker.errors import Refusal
from tracker.evidence.models import EvidenceLink
from tracker.extensions import db
from tracker.notifications.services import notify_unit
from tracker.review.models import Review
from tracker.tasks.models import Task


class ReviewError(Refusal):
    """A refused review; the message is shown to the user. `status` is the HTTP status to answer with."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message, status=status)


def _check_reviewable(assignment: Assignment, version: int | None) -> None:
    if version is not None and version != assignment.version:
        raise ReviewError("在您审核期间，该任务已被他人修改。请刷新后重新审核。", 409)
    if assignment.status != "submitted":
        raise ReviewError(f"该任务当前状态为“{assignment.status_label}”，只有已提交的任务才能审核。", 409)


def _decide(assignment: Assignment, decision: str, reason: str, actor) -> Review:
    review = Review(assignment=assignment, assignment_id=assignment.id, reviewer_id=actor.id,
                    decision=decision, reason=reason)
    db.session.add(review)
    before = {"status": assignment.status}
    assignment.status = "approved" if decision == "approve" else "returned"
    db.session.flush()
    title = assignment.task.title[:40]
    word = "通过" if decision == "approve" else "退回"
    record_event(actor, f"review.{decision}", review, f"审核{word}：{title}" + (f"（{reason}）" if reason else ""),
                 campaign_id=assignment.task.campaign_id, assignment_id=assignment.id,
                 before=before, after={"status": assignment.status, "reason": reason})
    text = f"您单位的任务“{title}”已审核{word}。" + (f"退回原因：{reason}" if reason else "")
    notify_unit(assignment.unit_id, f"review.{decision}", text, link=f"/assignments/{assignment.id}")
    return review


def approve_assignment(assignment: Assignment, actor, *, version: int | None = None) -> Review:
    """通过: a submitted assignment becomes approved; the unit is told. Refused (409) if not submitted or stale."""
    _check_reviewable(assignment, version)
    return _decide(assignment, "approve", "", actor)


def return_for_revision(assignment: Assignment, reason: str, actor, *, version: int | None = None) -> Review:
    """退回: a submitted assignment goes back to the unit with a required reason."""
    reason = (reason or "").strip()
    if not reason:
        raise ReviewError("退回时必须填写退回原因。")
    _check_reviewable(assignment, version)
    return _decide(assignment, "return", reason, actor)


def bulk_approve(assignments: list[Assignment], actor) -> list[Review]:
    """Approve every selected assignment, or none: one that is not submitted refuses the whole batch."""
    if not assignments:
        raise ReviewError("请先勾选要通过的任务。")
    for a in assignments:
        if a.status != "submitted":
            raise ReviewError(f"“{a.task.title[:30]}”（{a.unit.name}）不是已提交状态，批量通过未执行。", 409)
    return [_decide(a, "approve", "", actor) for a in assignments]


@dataclass
class Changes:
    """What a unit added since the office last reviewed this assignment."""

    last_review: Review | None
    progress_ids: set[int] = field(default_factory=set)
    evidence_link_ids: set[int] = field(default_factory=set)

    @property
    def any(self) -> bool:
        return bool(self.progress_ids or self.evidence_link_ids)


def changes_since_last_review(assignment: Assignment, progress: list[ProgressUpdate],
                              links: list[EvidenceLink], reviews: list[Review]) -> Changes:
    """Mark the progress notes and evidence newer than the last review (reviews: newest first).

    `>=`: MariaDB keeps whole seconds, so a note written the second after a review may carry the same time.
    """
    last = reviews[0] if reviews else None
    if last is None:
        return Changes(None)
    return Changes(
        last,
        {p.id for p in progress if p.created_at >= last.created_at},
        {lk.id for lk in links if lk.created_at >= last.created_at},
    )


def review_detail(assignment: Assignment) -> dict:
    """Everything the review page shows, in a fixed number of queries."""
    progress = list(db.session.scalars(
        select(ProgressUpdate).where(ProgressUpdate.assignment_id == assignment.id)
        .options(db.joinedload(ProgressUpdate.author)).order_by(ProgressUpdate.created_at.desc())))
    links = list(db.session.scalars(
        select(EvidenceLink).where(EvidenceLink.assignment_id == assignment.id)
        .options(db.joinedload(EvidenceLink.evidence)).order_by(EvidenceLink.created_at.desc())))
    reviews = list(db.session.scalars(
        select(Review).where(Review.assignment_id == assignment.id)
        .options(db.joinedload(Review.reviewer)).order_by(Review.created_at.desc(), Review.id.desc())))
    changes = changes_since_last_review(assignment, progress, links, reviews)
    return {"progress": progress, "links": links, "reviews": reviews, "changes": changes}


def assignments_by_ids(ids: list[int], *visible) -> list[Assignment]:
    """The selected assignments matching `visible` (the policy's scope) with their task and unit, for bulk actions."""
    if not ids:
        return []
    stmt = (select(Assignment).where(Assignment.id.in_(ids), *visible)
            .options(db.joinedload(Assignment.task), db.joinedload(Assignment.unit)))
    return list(db.session.scalars(stmt).unique())


def return_counts(assignment_ids: list[int]) -> dict[int, int]:
    """How many times each assignment was returned (for the queue's 退回 N 次)."""
    if not assignment_ids:
        return {}
    stmt = (select(Review.assignment_id, func.count()).where(Review.assignment_id.in_(assignment_ids),
                                                            Review.decision == "return")
            .group_by(Review.assignment_id))
    return dict(db.session.execute(stmt).all())


def campaign_assignments(campaign_id: int):
    """A select of the campaign's assignments (joined to their task)."""
    return select(Assignment).join(Task, Task.id == Assignment.task_id).where(Task.campaign_id == campaign_id)
