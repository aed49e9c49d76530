
from tracker.assignments.models import Assignment
from tracker.extensions import db


def assignment_of(world, task_index: int, unit_key: str) -> Assignment:
    unit = world.units[unit_key]
    task = world.tasks[task_index]
    return next(a for a in task.assignments if a.unit_id == unit.id)


def fresh(a: Assignment) -> Assignment:
    db.session.expire_all()
    return db.session.get(Assignment, a.id)
