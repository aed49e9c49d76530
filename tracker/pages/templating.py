"""Template globals that come from the domains: the campaign in view, the bell's count, status labels."""
from datetime import date

from flask import Flask, g
from flask_login import current_user
from sqlalchemy import func, or_, select

from tracker.assignments.acknowledgement import ack_due, awaits_ack, is_ack_late
from tracker.assignments.current import all_campaigns, current_campaign
from tracker.assignments.due import due_date, due_text
from tracker.assignments.figures import cached
from tracker.assignments.lights import light_and_why
from tracker.assignments.models import STATUS_LABELS, Assignment
from tracker.assignments.states import owes_work
from tracker.assignments.visibility import scope
from tracker.campaigns.models import PHASE_LABELS
from tracker.extensions import db
from tracker.indicators.status import fmt
from tracker.items.models import SupervisionItem
from tracker.notifications.models import Notification
from tracker.pages.frame import unread_at_load
from tracker.pages.html import (
    STATUS_BADGES,
    by_category,
    days_left,
    light_html,
    my_row,
    options,
    queue_row,
    status_badge,
    unit_chips,
)
from tracker.registers.models import RegisterEntry
from tracker.workdays.calendar import WorkCalendar
from tracker.workdays.services import work_calendar


def unread_count() -> int:
    if not current_user.is_authenticated:
        return 0
    if (loaded := unread_at_load()) is not None:
        return loaded
    return db.session.scalar(
        select(func.count(Notification.id)).where(scope(current_user, Notification), Notification.read_at.is_(None))
    ) or 0


def request_calendar() -> WorkCalendar:
    """The working-day calendar, loaded once per request — or none: it is kept with the figures of the campaign
    in view (a change of overrides gives every campaign a new figures token, assignments/figures.py)."""
    if "work_calendar" not in g:
        campaign = current_campaign()
        g.work_calendar = (work_calendar() if campaign is None
                           else cached(campaign, None, "work_calendar", work_calendar, db.session))
    return g.work_calendar


def light_badge(a: Assignment, today: date):
    """The assignment's 亮灯 badge, its light and reason worked out once."""
    return light_html(*light_and_why(a, today, request_calendar()))


def ack_limit(a: Assignment):
    return ack_due(a, request_calendar())


def ack_late(a: Assignment, today: date) -> bool:
    return is_ack_late(a, today, request_calendar())


def item_numbers(task_ids) -> dict[int, str]:
    """{task id: 督办编号} of those tasks that are 督办事项, in one query (for lists of tasks of other domains)."""
    ids = [i for i in task_ids if i]
    if not ids:
        return {}
    rows = db.session.execute(select(SupervisionItem.task_id, RegisterEntry.number_text)
                              .join(RegisterEntry, RegisterEntry.id == SupervisionItem.register_entry_id)
                              .where(SupervisionItem.task_id.in_(ids)))
    return dict(rows.all())


def instruction_item_numbers(instructions) -> dict[int, str]:
    """{批示 id: 督办编号} of the 批示 already made items — themselves, or the task they are on — in one query."""
    ids, task_ids = [i.id for i in instructions], [i.task_id for i in instructions if i.task_id]
    if not ids:
        return {}
    rows = db.session.execute(select(SupervisionItem.instruction_id, SupervisionItem.task_id, RegisterEntry.number_text)
                              .join(RegisterEntry, RegisterEntry.id == SupervisionItem.register_entry_id)
                              .where(or_(SupervisionItem.instruction_id.in_(ids), SupervisionItem.task_id.in_(task_ids))))
    by_instruction, by_task = {}, {}
    for instruction_id, task_id, number in rows:
        by_instruction[instruction_id], by_task[task_id] = number, number
    return {i.id: n for i in instructions if (n := by_instruction.get(i.id) or by_task.get(i.task_id))}


def register_domain_globals(app: Flask) -> None:
    app.jinja_env.filters["num"] = fmt  # an indicator's numbers as written: 400, 4.7, 870,000
    app.jinja_env.globals.update(
        current_campaign=current_campaign, all_campaigns=all_campaigns, unread_count=unread_count,
        due_date=due_date, due_text=due_text,  # the one due-date rule, for every page
        STATUS_LABELS=STATUS_LABELS, STATUS_BADGES=STATUS_BADGES, PHASE_LABELS=PHASE_LABELS, owes_work=owes_work,
        awaits_ack=awaits_ack, ack_limit=ack_limit, ack_late=ack_late,  # 签收 (assignments/acknowledgement.py)
        light_badge=light_badge,  # 亮灯 with its label and reason (assignments/lights.py, pages/html.py)
        item_numbers=item_numbers, instruction_item_numbers=instruction_item_numbers,  # 督办编号 of tasks listed by pages below tracker/items (督查整改)
        options=options, status_badge=status_badge, days_left=days_left, unit_chips=unit_chips, my_row=my_row, by_category=by_category,
        queue_row=queue_row,  # rows built in Python (pages/html.py)
    )
