"""The campaign dashboard for the office and leaders (read-only)."""
from flask import Blueprint, render_template
from markupsafe import Markup

from tracker import clock
from tracker.assignments.current import current_campaign
from tracker.assignments.figures import cached
from tracker.campaigns.models import PHASE_LABELS
from tracker.dashboard.services import dashboard
from tracker.extensions import db
from tracker.web.roles import roles_required

bp = Blueprint("dashboard", __name__)


@bp.get("/dashboard")
@roles_required("admin", "office", "leader")
def index():
    campaign = current_campaign()
    if campaign is None:
        return render_template("web/no_campaign.html")
    today = clock.today(campaign.timezone)
    data = dashboard(campaign, today)
    return render_template("dashboard/index.html", campaign=campaign, today=today, phase_labels=PHASE_LABELS,
                           counts_html=_once(campaign, today, "_counts", data),
                           charts_html=_once(campaign, today, "_charts", data), **data)


def _once(campaign, today, part: str, data: dict) -> Markup:
    """A part that is the same for everyone who may look: rendered once per campaign, write and day."""
    return cached(campaign, today, f"dashboard/{part}.html", lambda: Markup(  # noqa: S704 (autoescaped template)
        render_template(f"dashboard/{part}.html", **data)), db.session)
