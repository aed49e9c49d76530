"""When an assignment's due date moves (an approved 延期申请), its deadline flags follow at once.

The flags of the sweep (`sweep.py`) carry the due date they were opened for; those of this assignment whose date
is no longer its due date are closed now (history kept), and the next sweep opens what still holds with the new
date — the same thing the sweep itself does, for one assignment, without waiting for tomorrow.
"""
from datetime import date

from sqlalchemy import update

from tracker.assignments.due import due_date
from tracker.assignments.models import Assignment
from tracker.extensions import db
from tracker.scheduler.models import Flag


def close_moved_flags(a: Assignment, today: date) -> int:
    """Close the assignment's open flags opened for another due date than its current one. Flushes."""
    due = due_date(a)
    result = db.session.execute(
        update(Flag).where(Flag.assignment_id == a.id, Flag.open_marker == 1,
                           Flag.due_on != due if due is not None else Flag.id.is_not(None))
        .values(open_marker=None, closed_on=today), execution_options={"synchronize_session": False})
    db.session.flush()
    return result.rowcount
