from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import text

from tracker import clock
from tracker.assignments.counts import campaign_figures
from tracker.assignments.current import campaign_for_switch, current_campaign, remember_campaign
from tracker.assignments.models import STATUS_LABELS
from tracker.campaigns.models import PHASE_LABELS
from tracker.campaigns.services import next_gate, phase_calendar
from tracker.extensions import db
from tracker.scheduler.queries import gate_views
from tracker.web.safe_redirect import safe_next

bp = Blueprint("web", __name__)


@bp.get("/")
@login_required
def home():
    if current_user.role == "unit":
        return redirect(url_for("assignments.my_list"))
    campaign = current_campaign()
    if campaign is None:
        return render_template("web/no_campaign.html")
    today = clock.today(campaign.timezone)
    figures = campaign_figures(campaign, today)
    return render_template(
        "web/overview.html", campaign=campaign, today=today, calendar=phase_calendar(campaign, today),
        gate=next_gate(campaign, today), counts=figures.counts, tasks=figures.tasks,
        overdue=figures.overdue, gates=gate_views(campaign, today),
        status_labels=STATUS_LABELS, phase_labels=PHASE_LABELS,
    )


@bp.post("/campaign/switch")
@login_required
def switch_campaign():
    campaign = campaign_for_switch(request.form.get("slug", ""))
    if campaign is not None:
        remember_campaign(current_user, campaign)
        db.session.commit()
    return redirect(safe_next(request.form.get("next"), url_for("web.home")))


@bp.get("/healthz")
def healthz():
    db.session.execute(text("SELECT 1"))
    return {"status": "ok"}
