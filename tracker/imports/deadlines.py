"""完成时限 as offices write it → a date, or None for ongoing work. Anything else is an error."""
import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from tracker.documents.script import to_simplified
from tracker.errors import Refusal
from tracker.tasks.models import deadline_problem

ONGOING = ("长期坚持", "长期", "持续推进", "常态化", "持续", "长期推进")
EXCEL_EPOCH = date(1899, 12, 30)
_BEFORE = r"(?:前|之前|以前)?"
_DAY = re.compile(r"(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?\s*(?:底)?" + _BEFORE)
_MONTH = re.compile(r"(\d{4})\s*(?:年|[-/.])\s*(\d{1,2})\s*月?\s*(?:底|末|份)?" + _BEFORE)
_YEAR_END = re.compile(r"(\d{4})\s*年\s*(?:底|年底|末|年末)" + _BEFORE)


class DeadlineError(Refusal):
    """The text is not a deadline we understand; the message is Chinese and names what was expected."""


@dataclass(frozen=True)
class Deadline:
    due: date | None  # None: ongoing (长期)
    text: str | None


def parse_deadline(value) -> Deadline:
    """An Excel date/serial or text such as 2022年6月底前 → Deadline; blank → ongoing with no text. A date
    outside 1990–2100 (0001-01-01, 1899-12-25: a typo or a small number Excel took for a date) is refused."""
    deadline = _parse(value)
    if problem := deadline_problem(deadline.due):
        raise DeadlineError(problem)
    return deadline


def _parse(value) -> Deadline:
    if value is None or (isinstance(value, str) and not value.strip()):
        return Deadline(None, None)
    if isinstance(value, datetime):
        return Deadline(value.date(), value.date().isoformat())
    if isinstance(value, date):
        return Deadline(value, value.isoformat())
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _from_serial(value)
    text = str(value).strip()
    return Deadline(parse_deadline_text(text), text[:50])


def _from_serial(serial: float) -> Deadline:
    if not 1 <= serial < 2958466:
        raise DeadlineError(f"无法识别的日期序号 {serial}")
    due = EXCEL_EPOCH + timedelta(days=int(serial))
    return Deadline(due, due.isoformat())


def parse_deadline_text(text: str) -> date | None:
    """The date a text deadline means; None when it means ongoing work."""
    compact = to_simplified(re.sub(r"\s+", "", text))  # 長期堅持 → 长期坚持
    if compact in ONGOING:
        return None
    if m := _DAY.fullmatch(compact):
        return _make(text, int(m[1]), int(m[2]), int(m[3]))
    if m := _YEAR_END.fullmatch(compact):
        return _make(text, int(m[1]), 12, 31)
    if m := _MONTH.fullmatch(compact):
        year, month = int(m[1]), int(m[2])
        if not 1 <= month <= 12:
            raise DeadlineError(f"月份无效：{text}")
        return _make(text, year, month, calendar.monthrange(year, month)[1])
    raise DeadlineError(f"无法识别的完成时限“{text}”，应为日期（如 2022年6月30日、2022年6月底前）或“长期坚持”")


def _make(text: str, year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise DeadlineError(f"日期无效：{text}") from exc
