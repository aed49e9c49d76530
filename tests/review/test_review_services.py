from decimal import Decimal

import pytest
from sqlalchemy import select

from tests.review.helpers import submit
from tracker.audit.models import AuditEvent
from tracker.extensions import db
from tracker.notifications.models import Notification
from tracker.review.models import Review, TaskScore
from tracker.review.scoring import category_scores, score_task
from tracker.review.services import ReviewError, approve_assignment, bulk_approve, return_for_revision


def _lead(world, i=0):
    return world.tasks[i].assignments[0]


def test_approve_sets_status_notifies_unit_and_audits(world):
    a = submit(_lead(world))
    approve_assignment(a, world.users["office"])
    assert a.status == "approved"
    note = db.session.scalar(select(Notification).where(Notification.user_id == world.users["wj"].id))
    assert "通过" in note.text
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "review.approve")).assignment_id == a.id


def test_return_requires_reason_and_changes_nothing_without_one(world):
    a = submit(_lead(world))
    with pytest.raises(ReviewError, match="退回原因"):
        return_for_revision(a, "  ", world.users["office"])
    assert a.status == "submitted"
    assert db.session.scalar(select(Review.id)) is None


def test_return_sends_reason_to_unit(world):
    a = submit(_lead(world))
    return_for_revision(a, "缺少正式文件", world.users["office"])
    assert a.status == "returned"
    note = db.session.scalar(select(Notification).where(Notification.user_id == world.users["wj"].id))
    assert "缺少正式文件" in note.text


def test_review_of_unsubmitted_assignment_is_refused(world):
    a = _lead(world)
    with pytest.raises(ReviewError) as exc:
        approve_assignment(a, world.users["office"])
    assert exc.value.status == 409 and a.status == "not_started"


def test_stale_version_is_refused_with_409(world):
    a = submit(_lead(world))
    with pytest.raises(ReviewError) as exc:
        approve_assignment(a, world.users["office"], version=a.version - 1)
    assert exc.value.status == 409 and a.status == "submitted"


def test_bulk_approve_is_all_or_nothing(world):
    a = submit(_lead(world))
    b = world.tasks[1].assignments[0]
    with pytest.raises(ReviewError, match="批量通过未执行"):
        bulk_approve([a, b], world.users["office"])
    assert a.status == "submitted"
    submit(b)
    assert len(bulk_approve([a, b], world.users["office"])) == 2
    assert {a.status, b.status} == {"approved"}


def test_score_within_points_and_summary_by_category(world):
    t1, t2 = world.tasks
    office = world.users["office"]
    score_task(t1, Decimal("7.5"), "政策未全覆盖", office)
    with pytest.raises(ReviewError, match="0 到 5"):
        score_task(t2, Decimal("6"), "", office)
    score_task(t1, Decimal("8"), "复核后调整", office)  # a second score replaces the first
    assert db.session.scalar(select(TaskScore.score).where(TaskScore.task_id == t1.id)) == Decimal("8")
    summary = {c.name: c for c in category_scores(world.campaign.id)}
    assert summary["领导重视"].lost == Decimal("2") and summary["领导重视"].scored == 1
    assert summary["政策支持"].maximum == Decimal("5") and summary["政策支持"].scored == 0
    assert db.session.scalar(select(AuditEvent.id).where(AuditEvent.action == "task.score")) is not None
