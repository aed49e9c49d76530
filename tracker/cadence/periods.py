"""Cycle periods, pure: which period a day belongs to, its due date and its window.

A period is named by its due date's month ("2022-05") or ISO week ("2022-W21"). Its window is the days after the
previous period's due date up to and including its own: a monthly cycle on the 25th asks, in "2022-05", for one
update made from 2022-04-26 to 2022-05-25. An update after the due date counts for the next period.
"""
from dataclasses import dataclass
from datetime import date, timedelta

WEEKDAYS = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
MONTHLY_MIN_DAYS, WEEKLY_DAYS = 28, 7


@dataclass(frozen=True)
class Period:
    key: str
    label: str
    start: date  # first day of the window
    due: date  # last day of the window: the update is due by then

    def holds(self, day: date) -> bool:
        return self.start <= day <= self.due


def _month_due(year: int, month: int, day: int) -> date:
    return date(year, month, day)


def _shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    n = year * 12 + month - 1 + by
    return n // 12, n % 12 + 1


def period_of(kind: str, day_setting: int, day: date) -> Period:
    """The period whose window holds `day`."""
    if kind == "weekly":
        due = day + timedelta(days=(day_setting - day.weekday()) % 7)
        iso = due.isocalendar()
        return Period(f"{iso.year}-W{iso.week:02d}", f"{iso.year}年第{iso.week}周", due - timedelta(days=6), due)
    year, month = (day.year, day.month) if day.day <= day_setting else _shift_month(day.year, day.month, 1)
    due = _month_due(year, month, day_setting)
    py, pm = _shift_month(year, month, -1)
    return Period(f"{year:04d}-{month:02d}", f"{year}年{month}月", _month_due(py, pm, day_setting) + timedelta(days=1),
                  due)


def previous(kind: str, day_setting: int, p: Period) -> Period:
    return period_of(kind, day_setting, p.start - timedelta(days=1))


def recent_periods(kind: str, day_setting: int, today: date, n: int = 6) -> list[Period]:
    """The current period and the n-1 before it, newest first."""
    found = [period_of(kind, day_setting, today)]
    while len(found) < n:
        found.append(previous(kind, day_setting, found[-1]))
    return found


def shortest_interval(kind: str) -> int:
    """The fewest days between two required updates of the cycle (a month has at least 28)."""
    return WEEKLY_DAYS if kind == "weekly" else MONTHLY_MIN_DAYS


def describe(kind: str, day_setting: int) -> str:
    return f"每周{WEEKDAYS[day_setting][1]}前" if kind == "weekly" else f"每月{day_setting}日前"
