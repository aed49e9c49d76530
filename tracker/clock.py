"""One clock: every "today" and "now" the app uses comes from here — pages, jobs, exports and the command line.

Services take `today` as a parameter; the edges (a route, a command without --today, the scheduler) ask
`today()`. Three ways to set the clock, one per audience:
- tests pin "today" with `freeze()` (the autouse `clock` fixture lets it run again after each test);
- the demo's web pages pin it with TRACKER_TODAY=YYYY-MM-DD (announced on every page);
- the scheduler process starts its clock at another moment with `run_from()` (`tracker scheduler --now`,
  or TRACKER_NOW): the clock then reads that moment and runs on from there, and its day follows it —
  TRACKER_TODAY pins the pages only.
"""
import os
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

DEFAULT_TZ = "Asia/Shanghai"
_frozen: date | None = None
_offset: timedelta | None = None  # set by run_from(): a running (possibly shifted) clock


def demo_today() -> date | None:
    """The demo's pinned date (TRACKER_TODAY), announced on every page; None on a real server."""
    text = os.environ.get("TRACKER_TODAY", "").strip()
    return date.fromisoformat(text) if text else None


def now(tz: str = DEFAULT_TZ) -> datetime:
    """The current time in `tz` (aware), shifted when the clock was started elsewhere with `run_from()`."""
    return datetime.now(ZoneInfo(tz)) + (_offset or timedelta(0))


def today(tz: str = DEFAULT_TZ) -> date:
    """Today in the campaign's timezone."""
    if _frozen is not None:
        return _frozen
    if _offset is None and (pinned := demo_today()) is not None:
        return pinned
    return now(tz).date()


def freeze(day: date | None) -> None:
    """Pin "today" for every caller (tests); `freeze(None)` lets the clock run again."""
    global _frozen
    _frozen = day


def run_from(moment: datetime | None, tz: str = DEFAULT_TZ) -> None:
    """Let the clock run from `moment` (naive = in `tz`): it reads `moment` now and time passes as usual.

    `None` runs it on real time. Either way `today()` follows `now()` from then on (the scheduler's clock).
    """
    global _offset
    _offset = timedelta(0)
    if moment is not None:
        _offset = moment.replace(tzinfo=moment.tzinfo or ZoneInfo(tz)) - datetime.now(ZoneInfo(tz))


def parse_moment(text: str, tz: str = DEFAULT_TZ) -> datetime:
    """YYYY-MM-DDTHH:MM (naive, in `tz`), or YYYY-MM-DD: that day at the current time of day in `tz`.

    Raises ValueError for anything else.
    """
    if len(text) == 10:
        return datetime.combine(date.fromisoformat(text), datetime.now(ZoneInfo(tz)).time())
    return datetime.fromisoformat(text)


def reset() -> None:
    """Back to the real clock: nothing frozen, nothing shifted (the tests' `clock` fixture, after each test)."""
    global _offset
    freeze(None)
    _offset = None
