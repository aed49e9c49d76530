"""Filters and globals every template may use."""
from datetime import date, datetime

from flask import Flask
from flask_login import current_user
from sqlalchemy import func, select

from tracker.campaigns.models import PHASE_LABELS
from tracker.extensions import db
from tracker.tasks.models import STATUS_LABELS
from tracker.timeutil import demo_today, to_local
from tracker.web.context import all_campaigns, current_campaign

STATUS_BADGES = {
    "not_started": "secondary", "in_progress": "primary", "submitted": "info",
    "returned": "warning", "approved": "success",
}


def fmt_date(value: date | None, empty: str = "长期") -> str:
    return value.isoformat() if value else empty


def fmt_dt(value: datetime | None) -> str:
    return to_local(value).strftime("%Y-%m-%d %H:%M") if value else ""


def unread_count() -> int:
    from tracker.notifications.models import Notification

    if not current_user.is_authenticated:
        return 0
    return db.session.scalar(
        select(func.count(Notification.id)).where(Notification.user_id == current_user.id,
                                                  Notification.read_at.is_(None))
    ) or 0


def register_templating(app: Flask) -> None:
    app.jinja_env.filters["d"] = fmt_date
    app.jinja_env.filters["dt"] = fmt_dt
    app.jinja_env.globals.update(
        current_campaign=current_campaign, all_campaigns=all_campaigns, unread_count=unread_count,
        STATUS_LABELS=STATUS_LABELS, STATUS_BADGES=STATUS_BADGES, PHASE_LABELS=PHASE_LABELS,
        url_rules=frozenset(app.view_functions), demo_today=demo_today,  # the nav shows only what exists
    )
