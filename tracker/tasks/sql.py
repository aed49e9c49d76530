"""SQL pieces the aggregate pages share: what "overdue" means, and counting rows that meet a condition."""
from datetime import date

from sqlalchemy import case, func

from tracker.tasks.models import OPEN_STATUSES, Assignment, Task


def overdue_clause(today: date):
    """Open (not submitted, not approved) and past the task's deadline. Needs Task joined."""
    return Assignment.status.in_(OPEN_STATUSES) & (Task.deadline < today)


def count_if(condition):
    """SUM(CASE WHEN condition THEN 1 ELSE 0 END), 0 when there are no rows."""
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)
