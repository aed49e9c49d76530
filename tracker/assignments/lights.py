"""亮灯 红 / 黄 / 绿: an assignment's light, from the one due-date rule (due.py) and the campaign's thresholds.

    红 red     overdue (`due.is_overdue`: the unit owes the work and its due date has passed)
    黄 yellow  the unit owes the work and it is 临期 before a gate (`due.due_soon_gates`, when the campaign counts
               that: `Campaign.light_yellow_due_soon`) or due within `Campaign.light_yellow_workdays` working days
    绿 green   otherwise (on schedule, or nothing owed: submitted, approved, a co-unit feeding its lead)

`light_sql` is the SQL twin for aggregates and exports (needs `Task` joined): "within N working days" is "due
before the (N+1)-th working day after today", a date the calendar computes once.
Working days come from the official calendar with the office's overrides (tracker/workdays). Colours are always
shown with their label (never colour alone). The monthly history is kept by the scheduler's sweep.
"""
from datetime import date

from sqlalchemy import String, case, false, literal, or_

from tracker.assignments.due import (
    due_date,
    due_soon_gates_of,
    due_soon_sql,
    due_sql,
    gates_at_risk,
    open_sql,
    overdue_sql,
)
from tracker.assignments.models import Assignment
from tracker.assignments.states import owes_work
from tracker.campaigns.models import Campaign
from tracker.enums import LabeledEnum
from tracker.workdays.calendar import WorkCalendar

DEFAULT_YELLOW_WORKDAYS = 5


class Light(LabeledEnum):
    RED = "red", "红灯"
    YELLOW = "yellow", "黄灯"
    GREEN = "green", "绿灯"


LIGHT_LABELS = Light.labels()
LIGHT_BADGES = {Light.RED: "danger", Light.YELLOW: "warning", Light.GREEN: "success"}  # Bootstrap colours
LIGHT_RANK = {Light.GREEN: 0, Light.YELLOW: 1, Light.RED: 2}  # worse is higher


def light_of(a: Assignment, today: date, calendar: WorkCalendar) -> Light:
    """The assignment's light today (rules above)."""
    return light_and_why(a, today, calendar)[0]


def yellow_horizon(today: date, calendar: WorkCalendar, workdays: int) -> date:
    """The first date that is more than `workdays` working days away: due before it lights yellow."""
    return calendar.add_workdays(today, workdays + 1)


def light_sql(campaign: Campaign, today: date, calendar: WorkCalendar):
    """SQL twin of `light_of`: a CASE giving 'red', 'yellow' or 'green'."""
    due = due_sql(campaign)
    soon = [due_soon_sql(campaign, today, on) for on in gates_at_risk(campaign, today).values()]
    yellow = or_(due < yellow_horizon(today, calendar, campaign.light_yellow_workdays),
                 *(soon if campaign.light_yellow_due_soon else []), false())
    return case((overdue_sql(campaign, today), literal(Light.RED.value, String)),
                (open_sql() & (due >= today) & yellow, literal(Light.YELLOW.value, String)),
                else_=literal(Light.GREEN.value, String))


def why(a: Assignment, today: date, calendar: WorkCalendar) -> str:
    """The reason of the light in a few words (a tooltip)."""
    return light_and_why(a, today, calendar)[1]


_UNKNOWN = object()


def light_and_why(a: Assignment, today: date, calendar: WorkCalendar, *, due=_UNKNOWN,
                  owes: bool | None = None) -> tuple[Light, str]:
    """The light and its reason (rules above), worked out once: a list shows both on every row. The due date and
    what the unit owes are read once, or given (`due_date(a)` and `owes_work(a)`, already worked out)."""
    due = due_date(a) if due is _UNKNOWN else due
    owes = owes_work(a) if owes is None else owes
    if due is not None and due < today and owes:  # is_overdue
        return Light.RED, f"已逾期（应于 {due.isoformat()} 前完成）"
    if not owes:
        return Light.GREEN, "无待办（已提交、已办结或随牵头单位）"
    campaign = a.task.campaign
    if campaign.light_yellow_due_soon and due_soon_gates_of(due, owes, campaign, today):
        return Light.YELLOW, "临近阶段节点，尚未提交"
    most = campaign.light_yellow_workdays
    if due is not None and (days := calendar.workdays_between(today, due, cap=most)) <= most:
        return Light.YELLOW, f"距完成时限还有 {max(days, 0)} 个工作日"
    return Light.GREEN, "按期推进"


def worse(a: str | None, b: str) -> str:
    return b if a is None or LIGHT_RANK[Light(b)] > LIGHT_RANK[Light(a)] else a
