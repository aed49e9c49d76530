"""The bell: my in-app notifications, marked read one by one or all at once."""
from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import func, select

from tracker.extensions import db
from tracker.notifications.services import mark_all_read, mark_read, notifications_statement
from tracker.web.pagination import paginate
from tracker.web.safe_redirect import safe_next

bp = Blueprint("notifications", __name__)


@bp.get("/notifications")
@login_required
def index():
    stmt = notifications_statement(current_user.id)
    page = paginate(stmt, count_stmt=select(func.count()).select_from(stmt.order_by(None).subquery()))
    return render_template("notifications/index.html", page=page)


@bp.post("/notifications/<int:notification_id>/read")
@login_required
def read(notification_id: int):
    note = mark_read(current_user, notification_id)
    db.session.commit()
    return redirect(safe_next(note.link, url_for("notifications.index")))


@bp.post("/notifications/read-all")
@login_required
def read_all():
    mark_all_read(current_user)
    db.session.commit()
    return redirect(url_for("notifications.index"))
