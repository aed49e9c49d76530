"""Shared helpers for the office's tests."""
from sqlalchemy import select

from tracker.assignments.services import (
    add_progress_update,
    latest_progress,
    start_assignment,
    submit_assignment,
)
from tracker.auth.models import User
from tracker.extensions import db
from tracker.timeutil import utcnow


def submit(assignment, summary="已完成，材料见附件。"):
    """Submit as the unit's liaison would, through the workspace services (a unit without one: set directly)."""
    user = db.session.scalar(select(User).where(User.unit_id == assignment.unit_id))
    if user is None:
        assignment.status, assignment.submit_summary, assignment.submitted_at = "submitted", summary, utcnow()
        db.session.flush()
        return assignment
    if assignment.status != "in_progress":
        start_assignment(assignment, user, assignment.version)
    if latest_progress(assignment.id) is None:  # a submission carries a note or a file
        add_progress_update(assignment, user, assignment.version, "已按要求完成。")
    submit_assignment(assignment, user, assignment.version, summary)
    return assignment


def grow(world, n, start=0):
    """Add n units, each leading a new task (submitted) with 区财政局 helping."""
    from tests.factories import make_task, make_unit

    for i in range(start, start + n):
        u = make_unit(f"测试单位{i}")
        t = make_task(world.campaign, f"批量任务{i}", [u, world.units["cz"]], category=f"类别{i % 3}")
        submit(t.assignments[0])
    db.session.commit()
