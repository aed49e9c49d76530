"""Read-only views of imported tasks (for `tracker tasks list` and the import screen)."""
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from tracker.assignments.due import due_date, is_overdue
from tracker.assignments.lights import light_of
from tracker.assignments.models import Assignment
from tracker.campaigns.models import Campaign
from tracker.extensions import db
from tracker.tasks.models import Category, Task
from tracker.workdays.calendar import WorkCalendar
from tracker.workdays.services import work_calendar


def list_tasks_json(campaign: Campaign, today: date) -> list[dict]:
    """[{id, category, title, deadline, meeting, assignments: [{id, unit, role, status, due, overdue, light}]}] in
    list order; `meeting` is the id of the joint meeting that decided the task (a 议定事项), else null.

    `due` and `overdue` follow the one rule (assignments/due.py) as of `today`; `light` is "red", "yellow" or
    "green" (assignments/lights.py, on working days).
    """
    calendar = work_calendar()
    tasks = db.session.scalars(
        select(Task).join(Category).where(Task.campaign_id == campaign.id)
        .order_by(Category.sequence, Task.sequence, Task.id)
        .options(joinedload(Task.category), selectinload(Task.assignments).joinedload(Assignment.unit))
    ).unique().all()
    return [{"id": t.id, "category": t.category.name, "title": t.title,
             "deadline": t.deadline.isoformat() if t.deadline else None, "meeting": t.meeting_id,
             "assignments": [_assignment_json(a, today, calendar) for a in t.assignments]} for t in tasks]


def _assignment_json(a: Assignment, today: date, calendar: WorkCalendar) -> dict:
    due = due_date(a)
    return {"id": a.id, "unit": a.unit.name, "role": a.role, "status": a.status,
            "due": due.isoformat() if due else None, "overdue": is_overdue(a, today),
            "light": str(light_of(a, today, calendar))}
