"""Working-day arithmetic on the official calendar (`chinese_calendar`: 法定节假日 and 调休 make-up days).

A day the library does not know (a year before its data or not yet published) falls back to Monday–Friday, so
arithmetic never fails; the office fills such a year in with overrides. `WorkCalendar` is a pure value: build it
with the overrides (`services.work_calendar()` loads them from the database) and ask it.
"""
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

import chinese_calendar

MAX_STEPS = 3660  # ten years of days: no count of working days in this app goes further


def official_workday(day: date) -> bool:
    """The state council's calendar; Monday–Friday for a year the library has no data for."""
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return day.weekday() < 5


def holiday_name(day: date) -> str | None:
    """The official holiday's Chinese name (e.g. 春节), or None."""
    try:
        on_holiday, name = chinese_calendar.get_holiday_detail(day)
    except NotImplementedError:
        return None
    if not on_holiday or name is None:
        return None
    known = {h.value: h.chinese for h in chinese_calendar.Holiday}
    return known.get(name)


@dataclass(frozen=True)
class WorkCalendar:
    """Working days = the official calendar, then the office's overrides ({day: is a working day})."""

    overrides: Mapping[date, bool] = field(default_factory=dict)

    def is_workday(self, day: date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        return official_workday(day)

    def add_workdays(self, day: date, n: int) -> date:
        """The n-th working day after `day` (n > 0), before it (n < 0); n == 0: `day` itself."""
        step = timedelta(days=1 if n >= 0 else -1)
        left, current = abs(n), day
        for _ in range(MAX_STEPS):
            if left == 0:
                return current
            current += step
            if self.is_workday(current):
                left -= 1
        raise ValueError("working-day count out of range")

    def workdays_between(self, start: date, end: date, cap: int | None = None) -> int:
        """Working days after `start` up to and including `end`; negative when `end` is before `start`.
        With `cap` (≥ 0), counting stops at cap + 1: "more than cap" is all a threshold needs to know, and a
        due date years away is not walked day by day."""
        if end < start:
            return -self.workdays_between(end, start)
        days, count = min((end - start).days, MAX_STEPS), 0
        limit = MAX_STEPS if cap is None else cap + 1
        for i in range(1, days + 1):
            if self.is_workday(start + timedelta(days=i)):
                count += 1
                if count >= limit:
                    break
        return count

    def workdays_until(self, today: date, due: date) -> int:
        """Working days left before a due date: 0 when due today, 1 when due on the next working day …"""
        return self.workdays_between(today, due)
