"""Time at the edges: naive UTC in the database, shown in the campaign's timezone. "Today" lives in clock.py."""
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from tracker.clock import DEFAULT_TZ

__all__ = ["DEFAULT_TZ", "stamped_from", "to_local", "utcnow"]

_shift = timedelta(0)  # moved only inside `stamped_from` (the demo's loading), never in a serving process


def utcnow() -> datetime:
    """Naive UTC timestamp for storage (callable used as a column default)."""
    return datetime.now(UTC).replace(tzinfo=None) + _shift


@contextmanager
def stamped_from(day: date, at: time = time(9, 0), tz: str = DEFAULT_TZ) -> Iterator[None]:
    """Within the block, stored timestamps start at `day` `at` (in `tz`) and run on from there.

    For the demo's history only: loaded with its pages' clock pinned to a day of 2022, its notes, events and
    messages are dated that day rather than today. Web and scheduler processes keep real timestamps (the outbox's
    back-off and the sessions are about real time)."""
    global _shift
    start = datetime.combine(day, at, ZoneInfo(tz)).astimezone(UTC).replace(tzinfo=None)
    before = _shift
    _shift = start - datetime.now(UTC).replace(tzinfo=None)
    try:
        yield
    finally:
        _shift = before


def to_local(ts: datetime | None, tz: str = DEFAULT_TZ) -> datetime | None:
    if ts is None:
        return None
    return ts.replace(tzinfo=UTC).astimezone(ZoneInfo(tz))
