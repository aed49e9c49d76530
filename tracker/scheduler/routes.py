"""The office's view of the scheduler: last runs, open flags per gate, the outbox with delivery status."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from tracker import clock
from tracker.assignments.counts import campaign_figures
from tracker.assignments.current import current_campaign
from tracker.extensions import db
from tracker.notifications.models import CHANNEL_KINDS
from tracker.notifications.outbox import retry_message
from tracker.scheduler import queries
from tracker.web.pagination import paginate
from tracker.web.roles import office_required

bp = Blueprint("scheduler", __name__, url_prefix="/scheduler")


@bp.get("")
@office_required
def runs():
    campaign = current_campaign()
    today = clock.today(campaign.timezone) if campaign else None
    status = request.args.get("status") or None
    stmt, count = queries.outbox_statement(status)
    return render_template(
        "scheduler/runs.html", campaign=campaign, today=today, runs=queries.recent_runs(),
        gates=queries.gate_views(campaign, today) if campaign else [],
        overdue=campaign_figures(campaign, today).overdue if campaign else 0,
        outbox=paginate(stmt, count_stmt=count), totals=queries.outbox_totals(), status=status,
        status_labels=queries.OUTBOX_STATUS_LABELS, CHANNEL_KINDS=CHANNEL_KINDS,
    )


@bp.post("/outbox/<int:message_id>/retry")
@office_required
def retry(message_id: int):
    if retry_message(message_id, current_user) is None:
        abort(404)
    db.session.commit()
    flash("已重新排队，将在一分钟内发送。", "success")
    return redirect(url_for("scheduler.runs", status=request.args.get("status")))
