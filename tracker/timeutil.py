"""Time at the edges: naive UTC in the database, shown in the campaign's timezone. "Today" lives in clock.py."""
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from tracker.clock import DEFAULT_TZ

__all__ = ["DEFAULT_TZ", "to_local", "utcnow"]


def utcnow() -> datetime:
    """Naive UTC timestamp for storage (callable used as a column default)."""
    return datetime.now(UTC).replace(tzinfo=None)


def to_local(ts: datetime | None, tz: str = DEFAULT_TZ) -> datetime | None:
    if ts is None:
        return None
    return ts.replace(tzinfo=UTC).astimezone(ZoneInfo(tz))
