"""Time at the edges: naive UTC in the database, dates in the campaign's timezone."""
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

DEFAULT_TZ = "Asia/Shanghai"


def utcnow() -> datetime:
    """Naive UTC timestamp for storage (callable used as a column default)."""
    return datetime.now(UTC).replace(tzinfo=None)


def today_in(tz: str = DEFAULT_TZ) -> date:
    return datetime.now(ZoneInfo(tz)).date()


def to_local(ts: datetime | None, tz: str = DEFAULT_TZ) -> datetime | None:
    if ts is None:
        return None
    return ts.replace(tzinfo=UTC).astimezone(ZoneInfo(tz))
