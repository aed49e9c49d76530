"""Template globals that come from the domains: the campaign in view, the bell's count, status labels."""
from flask import Flask
from flask_login import current_user
from sqlalchemy import func, select

from tracker.assignments.current import all_campaigns, current_campaign
from tracker.assignments.due import due_date, due_text
from tracker.assignments.models import STATUS_LABELS, Status
from tracker.assignments.states import owes_work
from tracker.assignments.visibility import scope
from tracker.campaigns.models import PHASE_LABELS
from tracker.extensions import db
from tracker.indicators.status import fmt
from tracker.notifications.models import Notification

STATUS_BADGES = {  # Bootstrap colour of each status badge
    Status.NOT_STARTED: "secondary", Status.IN_PROGRESS: "primary", Status.SUBMITTED: "info",
    Status.RETURNED: "warning", Status.APPROVED: "success", Status.CLOSED_WITH_LEAD: "success",
}


def unread_count() -> int:
    if not current_user.is_authenticated:
        return 0
    return db.session.scalar(
        select(func.count(Notification.id)).where(scope(current_user, Notification), Notification.read_at.is_(None))
    ) or 0


def register_domain_globals(app: Flask) -> None:
    app.jinja_env.filters["num"] = fmt  # an indicator's numbers as written: 400, 4.7, 870,000
    app.jinja_env.globals.update(
        current_campaign=current_campaign, all_campaigns=all_campaigns, unread_count=unread_count,
        due_date=due_date, due_text=due_text,  # the one due-date rule, for every page
        STATUS_LABELS=STATUS_LABELS, STATUS_BADGES=STATUS_BADGES, PHASE_LABELS=PHASE_LABELS, owes_work=owes_work,
    )
