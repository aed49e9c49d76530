"""The bell: my in-app notifications, marked read one by one or all at once.

Here in the read layer (not in notifications/, below the core) so that it asks the visibility policy.
"""
from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import func, select

from tracker.assignments.current import all_campaigns, remember_campaign
from tracker.assignments.visibility import fetch, scope
from tracker.extensions import db
from tracker.notifications.models import Notification
from tracker.notifications.services import mark_all_read, mark_read, notifications_statement
from tracker.web.pagination import paginate
from tracker.web.safe_redirect import safe_next

bp = Blueprint("notifications", __name__)


@bp.get("/notifications")
@login_required
def index():
    stmt = notifications_statement(scope(current_user, Notification))
    page = paginate(stmt, count_stmt=select(func.count()).select_from(stmt.order_by(None).subquery()))
    return render_template("notifications/index.html", page=page,
                           campaign_names={c.id: c.name for c in all_campaigns()})


@bp.post("/notifications/<int:notification_id>/read")
@login_required
def read(notification_id: int):
    note = mark_read(fetch(current_user, Notification, notification_id, change=True))
    if about := next((c for c in all_campaigns() if c.id == note.campaign_id), None):
        remember_campaign(current_user, about)  # the message's page is shown within its campaign
    db.session.commit()
    return redirect(safe_next(note.link, url_for("notifications.index")))


@bp.post("/notifications/read-all")
@login_required
def read_all():
    mark_all_read(scope(current_user, Notification, change=True))
    db.session.commit()
    return redirect(url_for("notifications.index"))
