"""Writing and reading the audit trail. Events are added to the session of the change they describe."""
from functools import cache
from typing import Any

from sqlalchemy import bindparam, select

from tracker.audit.models import AuditEvent
from tracker.extensions import db


def record_event(
    actor, action: str, obj, summary: str = "", *, campaign_id: int | None = None,
    assignment_id: int | None = None, before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event about `obj` (a model instance, flushed so it has an id)."""
    if obj is not None and getattr(obj, "id", None) is None:
        db.session.flush()
    event = AuditEvent(
        actor_id=getattr(actor, "id", None), action=action,
        object_type=obj.__tablename__ if obj is not None else "system",
        object_id=getattr(obj, "id", None), summary=summary, campaign_id=campaign_id,
        assignment_id=assignment_id, before=before, after=after,
    )
    db.session.add(event)
    return event


@cache
def _timeline_statement():
    """Built once (its SQL compiled once): the events of `assignment`, newest first, with their actors."""
    return (select(AuditEvent).where(AuditEvent.assignment_id == bindparam("assignment"))
            .order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc()).options(db.joinedload(AuditEvent.actor)))


def timeline_for_assignment(assignment_id: int) -> list[AuditEvent]:
    return list(db.session.scalars(_timeline_statement(), {"assignment": assignment_id}))
