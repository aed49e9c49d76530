"""The one way to fetch a task, assignment or evidence for the current user (HOUSE_STYLE 9).

Office, admin and leaders see everything; a unit liaison sees its own unit's assignments. On its own
assignment page a lead unit sees its co-units' work and a co-unit sees the lead's. Everything else is 404.
"""
from flask import abort
from sqlalchemy import select

from tracker.assignments.models import Assignment
from tracker.extensions import db
from tracker.tasks.models import Task

ALL_SEEING = ("admin", "office", "leader")


def sees_everything(user) -> bool:
    return user.role in ALL_SEEING


def assignment_for(user, assignment_id: int, *options) -> Assignment:
    """Load an assignment the user may open, or 404."""
    assignment = db.session.get(Assignment, assignment_id, options=options)
    if assignment is None:
        abort(404)
    if not sees_everything(user) and assignment.unit_id != user.unit_id:
        abort(404)
    return assignment


def task_for(user, task_id: int, *options) -> Task:
    """Load a task the user may see (a unit: one it holds an assignment on), or 404."""
    task = db.session.get(Task, task_id, options=options)
    if task is None:
        abort(404)
    if not sees_everything(user):
        mine = db.session.scalar(
            select(Assignment.id).where(Assignment.task_id == task_id, Assignment.unit_id == user.unit_id)
        )
        if mine is None:
            abort(404)
    return task


def peer_visible(own: Assignment, other: Assignment) -> bool:
    """On a unit's page: the lead sees every co-unit; a co-unit sees the lead only."""
    if own.id == other.id:
        return True
    return own.role == "lead" or other.role == "lead"


def assignment_ids_visible_to(user, task_ids: list[int] | None = None):
    """A select of assignment ids whose evidence/progress the user may read (for evidence downloads)."""
    if sees_everything(user):
        stmt = select(Assignment.id)
        return stmt.where(Assignment.task_id.in_(task_ids)) if task_ids is not None else stmt
    own = select(Assignment.task_id, Assignment.role).where(Assignment.unit_id == user.unit_id).subquery()
    return (
        select(Assignment.id).join(own, own.c.task_id == Assignment.task_id)
        .where((Assignment.unit_id == user.unit_id) | (own.c.role == "lead") | (Assignment.role == "lead"))
    )
