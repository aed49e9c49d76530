"""Failed logins that no account row can count: per client address, and per unknown username.

A real account counts its own failures (User.failed_logins / locked_until). An unknown username is counted
here the same way, so it locks after the same number of tries with the same message; and each client address
may fail `MAX_FAILED_PER_ADDRESS` times per window, so one client cannot lock every account.
"""
from datetime import datetime, timedelta

from sqlalchemy import delete, select

from tracker.auth.models import LoginThrottle
from tracker.extensions import db

MAX_FAILED_PER_ADDRESS = 30
WINDOW = timedelta(minutes=15)


def _row(key: str) -> LoginThrottle | None:
    return db.session.scalar(select(LoginThrottle).where(LoginThrottle.key == key))


def locked_until(key: str, now: datetime) -> datetime | None:
    """When the key's lock ends, if it is locked now."""
    row = _row(key)
    return row.locked_until if row is not None and row.locked_until and row.locked_until > now else None


def count_failure(key: str, now: datetime, limit: int, *, sliding: bool) -> datetime | None:
    """Count one failure for `key`; the lock's end once `limit` is reached. `sliding`: failures older than the
    window are forgotten (addresses); otherwise they count until a lock (usernames, like a real account)."""
    row = _row(key)
    if row is None:
        row = LoginThrottle(key=key[:120], failures=0, window_start=now)
        db.session.add(row)
    if sliding and row.window_start + WINDOW <= now:
        row.failures, row.window_start = 0, now
    row.failures += 1
    if row.failures >= limit:
        row.failures, row.window_start, row.locked_until = 0, now, now + WINDOW
        return row.locked_until
    return None


def forget_old(now: datetime) -> None:
    """Drop rows neither locked nor counting any more (keeps the table small under a username spray)."""
    db.session.execute(delete(LoginThrottle).where(LoginThrottle.window_start < now - timedelta(days=1),
                                                   (LoginThrottle.locked_until.is_(None))
                                                   | (LoginThrottle.locked_until < now)))
