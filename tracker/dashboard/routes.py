"""The campaign dashboard for the office and leaders (read-only)."""
from flask import Blueprint, render_template

from tracker import clock
from tracker.assignments.current import current_campaign
from tracker.campaigns.models import PHASE_LABELS
from tracker.dashboard.services import dashboard
from tracker.web.roles import roles_required

bp = Blueprint("dashboard", __name__)


@bp.get("/dashboard")
@roles_required("admin", "office", "leader")
def index():
    campaign = current_campaign()
    if campaign is None:
        return render_template("web/no_campaign.html")
    today = clock.today(campaign.timezone)
    return render_template("dashboard/index.html", campaign=campaign, today=today, phase_labels=PHASE_LABELS,
                           **dashboard(campaign, today))
