"""The office's overrides: set, clear, list; and the calendar with them loaded."""
from datetime import date

from sqlalchemy import select

from tracker.errors import NotFound
from tracker.extensions import db
from tracker.workdays.calendar import WorkCalendar, official_workday
from tracker.workdays.models import WorkdayOverride


def work_calendar() -> WorkCalendar:
    """The calendar with every override of the office (a handful of rows a year)."""
    rows = db.session.execute(select(WorkdayOverride.day, WorkdayOverride.is_workday)).all()
    return WorkCalendar({day: bool(work) for day, work in rows})


def set_override(day: date, is_workday: bool, note: str = "", actor=None) -> WorkdayOverride:
    """Declare `day` a working day or a day off (replaces an earlier override of that day). Flushes."""
    row = db.session.scalar(select(WorkdayOverride).where(WorkdayOverride.day == day))
    if row is None:
        row = WorkdayOverride(day=day)
        db.session.add(row)
    row.is_workday = is_workday
    row.note = (note or "").strip()[:200]
    row.created_by_id = getattr(actor, "id", None)
    db.session.flush()
    return row


def clear_override(day: date) -> None:
    row = db.session.scalar(select(WorkdayOverride).where(WorkdayOverride.day == day))
    if row is None:
        raise NotFound(f"{day.isoformat()} 没有自定义的工作日设置。")
    db.session.delete(row)
    db.session.flush()


def list_overrides() -> list[dict]:
    rows = db.session.scalars(select(WorkdayOverride).order_by(WorkdayOverride.day))
    return [{"day": r.day.isoformat(), "workday": r.is_workday, "official_workday": official_workday(r.day),
             "note": r.note} for r in rows]
