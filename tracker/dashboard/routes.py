"""The campaign dashboard for the office and leaders (read-only)."""
from flask import Blueprint, render_template
from flask_login import current_user
from markupsafe import Markup

from tracker import clock
from tracker.assignments.current import current_campaign
from tracker.assignments.figures import cached
from tracker.campaigns.models import PHASE_LABELS
from tracker.dashboard.services import dashboard, indicator_standings
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
                           charts_html=_once(campaign, today, "_charts", data),
                           indicators_html=_indicator_panel(campaign, today), **data)


def _indicator_panel(campaign, today) -> Markup:
    """The indicator panel, rendered once per campaign, write (indicator writes give a new figures token) and
    day — and per who looks: the office's empty panel offers the import."""
    runs = current_user.role in ("office", "admin")
    return cached(campaign, today, f"indicators/_panel.html:{runs}", lambda: Markup(  # noqa: S704 (autoescaped)
        render_template("indicators/_panel.html", indicators=indicator_standings(campaign, today))), db.session)


def _once(campaign, today, part: str, data: dict) -> Markup:
    """A part that is the same for everyone who may look: rendered once per campaign, write and day."""
    return cached(campaign, today, f"dashboard/{part}.html", lambda: Markup(  # noqa: S704 (autoescaped template)
        render_template(f"dashboard/{part}.html", **data)), db.session)
