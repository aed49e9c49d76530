"""What every logged-in page's frame needs before the page itself: the user, its unit and the bell's unread
count, in one statement (Flask-Login's user loader), built once at import.
"""
from flask import g, has_request_context, request
from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import joinedload

from tracker.auth.models import User
from tracker.extensions import db
from tracker.notifications.models import Notification

SAFE_METHODS = frozenset({"GET", "HEAD"})

_UNREAD = (select(func.count(Notification.id))
           .where(Notification.user_id == User.id, Notification.read_at.is_(None))  # visibility: own (user_id)
           .correlate(User).scalar_subquery())
_USER = (select(User, _UNREAD).where(User.session_token == bindparam("token"), User.active.is_(True))
         .options(joinedload(User.unit)))  # with the unit every page's top bar names


def load_user(token: str) -> User | None:
    row = db.session.execute(_USER, {"token": token}).first()
    if row is None:
        return None
    user, g.unread_at_load = row
    return user


def unread_at_load() -> int | None:
    """The bell's count read with the user, for a request that changes nothing (a GET); else None."""
    if not has_request_context() or request.method not in SAFE_METHODS:
        return None
    return g.get("unread_at_load")
