"""Time at the edges: naive UTC in the database, dates in the campaign's timezone."""
import os
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

DEFAULT_TZ = "Asia/Shanghai"


def utcnow() -> datetime:
    """Naive UTC timestamp for storage (callable used as a column default)."""
    return datetime.now(UTC).replace(tzinfo=None)


def demo_today() -> date | None:
    """TRACKER_TODAY=YYYY-MM-DD pins "today" for the web pages (the demo shows a campaign mid-way)."""
    text = os.environ.get("TRACKER_TODAY", "").strip()
    return date.fromisoformat(text) if text else None


def today_in(tz: str = DEFAULT_TZ) -> date:
    """Today in the campaign's timezone: the edge where pages learn the date (services take it as an argument)."""
    return demo_today() or datetime.now(ZoneInfo(tz)).date()


def to_local(ts: datetime | None, tz: str = DEFAULT_TZ) -> datetime | None:
    if ts is None:
        return None
    return ts.replace(tzinfo=UTC).astimezone(ZoneInfo(tz))
