"""The office's review of submissions: 通过 (approve) and 退回 (return for revision)."""
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from sqlalchemy import bindparam, func, select

from tracker.assignments.models import Assignment, ProgressUpdate, Role
from tracker.assignments.states import (
    apply_transition,
    co_units_closing_with,
    co_units_submit_separately,
    refusal,
)
from tracker.database import plain_rows
from tracker.errors import Refusal
from tracker.evidence.models import EvidenceLink
from tracker.extensions import db
from tracker.notifications.services import notify_unit
from tracker.review.models import Review
from tracker.tasks.models import Task
from tracker.text import clip


class ReviewError(Refusal):
    """A refused review; the message is shown to the user. `status` is the HTTP status to answer with."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message, status=status)


def _check_reviewable(assignment: Assignment, decision: str, actor, version: int | None) -> None:
    if version is not None and version != assignment.version:
        raise ReviewError("在您审核期间，该任务已被他人修改。请刷新后重新审核。", 409)
    if (refused := refusal(assignment, decision, actor)) is not None:
        raise ReviewError(str(refused), refused.status)


def _decide(assignment: Assignment, decision: str, reason: str, actor) -> Review:
    review = Review(assignment=assignment, assignment_id=assignment.id, reviewer_id=actor.id,
                    decision=decision, reason=reason)
    db.session.add(review)
    title = clip(assignment.task.title, 40)
    word = "通过" if decision == "approve" else "退回"
    apply_transition(assignment, decision, actor, obj=review, after={"reason": reason},
                     summary=f"审核{word}{assignment.unit.name}：{title}" + (f"（{reason}）" if reason else ""))
    text = f"您单位的任务“{title}”已审核{word}。" + (f"退回原因：{reason}" if reason else "")
    notify_unit(assignment.unit_id, f"review.{decision}", text, link=f"/assignments/{assignment.id}",
                campaign_id=assignment.task.campaign_id)
    if decision == "approve":
        _close_co_units(assignment, actor)
    return review


def _close_co_units(lead: Assignment, actor) -> None:
    """随牵头办结: the lead's approval closes the open assignments of the co-units that fed it."""
    title = clip(lead.task.title, 40)
    for co in co_units_closing_with(lead):
        apply_transition(co, "close_with_lead", actor, after={"lead_assignment_id": lead.id},
                         summary=f"{co.unit.name}随牵头单位{lead.unit.name}审核通过办结：{title}")
        notify_unit(co.unit_id, "review.closed_with_lead",
                    f"您单位配合的任务“{title}”已随牵头单位{lead.unit.name}审核通过办结。", link=f"/assignments/{co.id}",
                    campaign_id=lead.task.campaign_id)


def _named_co_units(lead: Assignment, co_ids: Iterable[int], actor) -> list[Assignment]:
    """The co-unit assignments a return names, checked against the lead's task."""
    wanted = set(co_ids)
    if not wanted:
        return []
    if lead.role != Role.LEAD:
        raise ReviewError("只有退回牵头单位的提交时才能指明配合单位。")
    named = [a for a in lead.task.assignments if a.id in wanted and a.id != lead.id]
    if len(named) != len(wanted):
        raise ReviewError("所选配合单位不属于该任务。")
    for co in named:
        if (refused := refusal(co, "return_co_unit", actor)) is not None:
            raise ReviewError(f"{co.unit.name}：{refused}", refused.status)
    return named


def _return_co_units(lead: Assignment, named: list[Assignment], reason: str, actor) -> None:
    """The co-units whose part is missing go back too, each with the reason (in its review history and in-app)."""
    title = clip(lead.task.title, 40)
    for co in named:
        review = Review(assignment=co, assignment_id=co.id, reviewer_id=actor.id, decision="return", reason=reason)
        db.session.add(review)
        apply_transition(co, "return_co_unit", actor, obj=review, after={"reason": reason, "lead_assignment_id": lead.id},
                         summary=f"退回牵头单位{lead.unit.name}的提交，需补充本单位材料：{title}（{reason}）")
        notify_unit(co.unit_id, "review.return", f"您单位配合的任务“{title}”牵头单位提交的材料被退回，"
                    f"需补充您单位的部分。退回原因：{reason}", link=f"/assignments/{co.id}",
                    campaign_id=lead.task.campaign_id)


def approve_assignment(assignment: Assignment, actor, *, version: int | None = None) -> Review:
    """通过: a submitted assignment becomes approved; the unit is told. Refused (409) if not submitted or stale.

    Approving a lead closes the open assignments of the co-units that feed it as 随牵头办结.
    """
    _check_reviewable(assignment, "approve", actor, version)
    return _decide(assignment, "approve", "", actor)


def return_for_revision(assignment: Assignment, reason: str, actor, *, version: int | None = None,
                        co_units: Iterable[int] = ()) -> Review:
    """退回: a submitted assignment goes back to the unit with a required reason.

    `co_units` (assignment ids) names the co-units of the lead whose part is missing: they are returned too.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ReviewError("退回时必须填写退回原因。")
    _check_reviewable(assignment, "return", actor, version)
    named = _named_co_units(assignment, co_units, actor)
    review = _decide(assignment, "return", reason, actor)
    _return_co_units(assignment, named, reason, actor)
    return review


def bulk_approve(assignments: list[Assignment], actor) -> list[Review]:
    """Approve every selected assignment, or none: one that is not submitted refuses the whole batch.

    As one by one, each lead's approval closes the co-units that feed it.
    """
    if not assignments:
        raise ReviewError("请先勾选要通过的任务。")
    for a in assignments:
        if refusal(a, "approve", actor) is not None:
            raise ReviewError(f"“{clip(a.task.title, 30)}”（{a.unit.name}）不是已提交状态，批量通过未执行。", 409)
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


@dataclass
class CoUnitMaterial:
    """A co-unit feeding the lead: its assignment, notes (newest first) and files, shown on the lead's review."""

    assignment: Assignment
    progress: list[ProgressUpdate]
    links: list[EvidenceLink]


def _feeders(lead: Assignment) -> list[Assignment]:
    """The co-units whose material goes with this lead's submission (none when they submit separately)."""
    if lead.role != Role.LEAD or co_units_submit_separately(lead.task):
        return []
    return list(db.session.scalars(
        select(Assignment).where(Assignment.task_id == lead.task_id, Assignment.role == Role.CO)
        .options(db.joinedload(Assignment.unit)).order_by(Assignment.position, Assignment.id)))


def review_detail(assignment: Assignment) -> dict:
    """Everything the review page shows, in a fixed number of queries: the lead's page also shows the notes and
    files of the co-units that feed it (标为“新” when newer than the last review, like the lead's own)."""
    feeders = _feeders(assignment)
    ids = [assignment.id] + [a.id for a in feeders]
    progress = list(db.session.scalars(
        select(ProgressUpdate).where(ProgressUpdate.assignment_id.in_(ids))
        .options(db.joinedload(ProgressUpdate.author)).order_by(ProgressUpdate.created_at.desc())))
    links = list(db.session.scalars(
        select(EvidenceLink).where(EvidenceLink.assignment_id.in_(ids))
        .options(db.joinedload(EvidenceLink.evidence)).order_by(EvidenceLink.created_at.desc())))
    reviews = list(db.session.scalars(
        select(Review).where(Review.assignment_id == assignment.id)
        .options(db.joinedload(Review.reviewer)).order_by(Review.created_at.desc(), Review.id.desc())))
    changes = changes_since_last_review(assignment, progress, links, reviews)
    co_units = [CoUnitMaterial(a, [p for p in progress if p.assignment_id == a.id],
                               [lk for lk in links if lk.assignment_id == a.id]) for a in feeders]
    return {"progress": [p for p in progress if p.assignment_id == assignment.id],
            "links": [lk for lk in links if lk.assignment_id == assignment.id],
            "reviews": reviews, "changes": changes, "co_units": co_units}


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
    return dict(plain_rows(db.session, _returns_statement(), {"ids": assignment_ids}).all())


@cache
def _returns_statement():
    return (select(Review.assignment_id, func.count())
            .where(Review.assignment_id.in_(bindparam("ids", expanding=True)), Review.decision == "return")
            .group_by(Review.assignment_id))


def campaign_assignments(campaign_id: int):
    """A select of the campaign's assignments (joined to their task)."""
    return select(Assignment).join(Task, Task.id == Assignment.task_id).where(Task.campaign_id == campaign_id)
