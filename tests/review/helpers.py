"""Shared helpers for the office's tests."""
from tracker.extensions import db
from tracker.timeutil import utcnow


def submit(assignment, summary="已完成，材料见附件。"):
    """Put an assignment in 'submitted' as the unit workspace would."""
    assignment.status = "submitted"
    assignment.submit_summary = summary
    assignment.submitted_at = utcnow()
    db.session.flush()
    return assignment


def grow(world, n, start=0):
    """Add n units, each leading a new task (submitted) with 区财政局 helping."""
    from tests.factories import make_task, make_unit

    for i in range(start, start + n):
        u = make_unit(f"测试单位{i}")
        t = make_task(world["campaign"], f"批量任务{i}", [u, world["units"]["cz"]], category=f"类别{i % 3}")
        submit(t.assignments[0])
    db.session.commit()
