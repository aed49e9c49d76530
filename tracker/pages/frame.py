"""What every logged-in page's frame needs before the page itself: the user, its unit and the bell's unread
count (a counter on the user's row), in one statement (Flask-Login's user loader), built once at import.
"""
from flask import g, has_request_context, request
from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload

from tracker.auth.models import User
from tracker.extensions import db

SAFE_METHODS = frozenset({"GET", "HEAD"})

_USER = (select(User).where(User.session_token == bindparam("token"), User.active.is_(True))
         .options(joinedload(User.unit)))  # with the unit every page's top bar names


def load_user(token: str) -> User | None:
    user = db.session.scalar(_USER, {"token": token})
    if user is not None:
        g.unread_at_load = user.unread_notifications  # kept by notifications/counter.py
    return user


def unread_at_load() -> int | None:
    """The bell's count read with the user, for a request that changes nothing (a GET); else None."""
    if not has_request_context() or request.method not in SAFE_METHODS:
        return None
    return g.get("unread_at_load")
