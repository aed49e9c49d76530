"""In-app notifications (the bell). Other channels (email, robots) go through the outbox in scheduler work."""
from sqlalchemy import select, update

from tracker.auth.models import User
from tracker.extensions import db
from tracker.notifications.counter import COUNTED, add_unread
from tracker.notifications.models import Notification
from tracker.timeutil import utcnow


def _recipients(stmt) -> list[User]:
    return list(db.session.scalars(stmt.where(User.active.is_(True))))


def notify_users(users: list[User], kind: str, text: str, link: str | None = None,
                 dedup_key: str | None = None, *, campaign_id: int | None = None) -> list[Notification]:
    """One notification per user, about `campaign_id` (the bell names it); with `dedup_key`, a user already
    holding that key gets nothing new."""
    created = []
    for user in users:
        key = f"{dedup_key}:u{user.id}" if dedup_key else None
        if key and db.session.scalar(select(Notification.id).where(Notification.dedup_key == key)):
            continue
        note = Notification(user_id=user.id, kind=kind, text=text, link=link, dedup_key=key, campaign_id=campaign_id)
        db.session.add(note)
        created.append(note)
    db.session.flush()
    return created


def notify_unit(unit_id: int, kind: str, text: str, link: str | None = None,
                dedup_key: str | None = None, *, campaign_id: int | None = None) -> list[Notification]:
    """Every active liaison of the unit."""
    users = _recipients(select(User).where(User.unit_id == unit_id))
    return notify_users(users, kind, text, link, dedup_key, campaign_id=campaign_id)


def notify_office(kind: str, text: str, link: str | None = None,
                  dedup_key: str | None = None, *, campaign_id: int | None = None) -> list[Notification]:
    """Every active office user (admins are not the office's inbox)."""
    users = _recipients(select(User).where(User.role == "office"))
    return notify_users(users, kind, text, link, dedup_key, campaign_id=campaign_id)


def notifications_statement(visible):
    """The notifications matching `visible` (the policy's scope: a user's own), unread first, newest first."""
    return (select(Notification).where(visible)
            .order_by(Notification.read_at.is_not(None), Notification.id.desc()))


def mark_read(note: Notification) -> Notification:
    """Mark one notification read (the caller loaded it through the visibility policy)."""
    if note.read_at is None:
        note.read_at = utcnow()
        db.session.flush()
    return note


def mark_all_read(visible) -> int:
    """Mark every unread notification matching `visible` (the policy's scope: a user's own) read; how many.
    Each user's unread count goes down by the rows this statement changed (exact beside concurrent writes)."""
    users = db.session.scalars(select(Notification.user_id).where(visible, Notification.read_at.is_(None))
                               .distinct()).all()
    marked = 0
    for user_id in users:
        result = db.session.execute(
            update(Notification).where(visible, Notification.user_id == user_id, Notification.read_at.is_(None))
            .values(read_at=utcnow()).execution_options(**{COUNTED: True}))
        add_unread(db.session, {user_id: -result.rowcount})
        marked += result.rowcount
    return marked
