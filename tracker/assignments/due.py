"""SQL pieces the aggregate pages share: what "overdue" means, and counting rows that meet a condition."""
from datetime import date

from tracker.assignments.models import OPEN_STATUSES, Assignment
from tracker.tasks.models import Task


def overdue_clause(today: date):
    """Open (not submitted, not approved) and past the task's deadline. Needs Task joined."""
    return Assignment.status.in_(OPEN_STATUSES) & (Task.deadline < today)
