"""One clock: every "today" the app uses comes from here — pages, jobs, exports and the command line.

Services take `today` as a parameter; the edges (a route, a command without --today, the scheduler) ask
`today()`. The demo pins it with TRACKER_TODAY=YYYY-MM-DD; tests pin it with `freeze()` (the `clock` fixture).
"""
import os
from datetime import date, datetime
from zoneinfo import ZoneInfo

DEFAULT_TZ = "Asia/Shanghai"
_frozen: date | None = None


def demo_today() -> date | None:
    """The demo's pinned date (TRACKER_TODAY), announced on every page; None on a real server."""
    text = os.environ.get("TRACKER_TODAY", "").strip()
    return date.fromisoformat(text) if text else None


def today(tz: str = DEFAULT_TZ) -> date:
    """Today in the campaign's timezone."""
    return _frozen or demo_today() or datetime.now(ZoneInfo(tz)).date()


def freeze(day: date | None) -> None:
    """Pin "today" for every caller (tests); `freeze(None)` lets the clock run again."""
    global _frozen
    _frozen = day
