"""Campaign pages (office): list, create and edit a campaign and its four phases."""
from flask import Blueprint, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tracker.campaigns.forms import CampaignForm
from tracker.campaigns.models import PHASE_KINDS, Campaign
from tracker.campaigns.services import (
    CampaignError,
    PhaseSpec,
    create_campaign,
    suggest_slug,
    update_campaign,
)
from tracker.extensions import db
from tracker.web.forms import form_errors
from tracker.web.roles import office_required

bp = Blueprint("campaigns", __name__, url_prefix="/campaigns")


def _phases(form: CampaignForm) -> list[PhaseSpec]:
    """The phases the form fills in (a phase without a start is left out)."""
    specs = []
    for kind in PHASE_KINDS:
        sub = getattr(form, kind)
        if sub.starts_on.data:
            specs.append(PhaseSpec(kind, sub.starts_on.data, sub.ends_on.data))
    return specs


@bp.get("")
@office_required
def index():
    campaigns = db.session.scalars(select(Campaign).options(selectinload(Campaign.phases))
                                   .order_by(Campaign.id.desc())).all()
    return render_template("campaigns/index.html", campaigns=campaigns)


@bp.route("/new", methods=["GET", "POST"])
@office_required
def new():
    form = CampaignForm()
    if form.validate_on_submit():
        try:
            campaign = create_campaign(form.slug.data or "", form.name.data, _phases(form),
                                       lead_days=form.lead_days.data, actor=current_user,
                                       co_units_submit_separately=form.co_units_submit_separately.data,
                                       light_yellow=(form.light_yellow_workdays.data,
                                                     form.light_yellow_due_soon.data),
                                       ack_workdays=form.ack_workdays.data)
        except CampaignError as exc:
            db.session.rollback()
            flash(str(exc), "danger")
        else:
            current_user.last_campaign_id = campaign.id  # the office works on it next: every page shows it
            db.session.commit()
            flash(f"已创建活动：{campaign.name}。下一步：导入它的责任清单。", "success")
            return redirect(url_for("imports.index") if "imports.index" in current_app.view_functions
                            else url_for("campaigns.index"))
    elif form.errors:
        flash(form_errors(form), "danger")
    return render_template("campaigns/edit.html", form=form, campaign=None)


@bp.get("/slug")
@office_required
def slug():
    """The 标识 the form suggests for a name (the page fills it in as the name is typed; it stays editable)."""
    return jsonify(slug=suggest_slug(request.args.get("name", ""), request.args.get("year", type=int)))


@bp.route("/<int:campaign_id>/edit", methods=["GET", "POST"])
@office_required
def edit(campaign_id: int):
    campaign = db.get_or_404(Campaign, campaign_id)
    form = CampaignForm(obj=campaign)
    if not form.is_submitted():
        for p in campaign.phases:
            getattr(form, p.kind).starts_on.data, getattr(form, p.kind).ends_on.data = p.starts_on, p.ends_on
    if form.validate_on_submit():
        try:
            update_campaign(campaign, form.name.data, form.lead_days.data, _phases(form), current_user,
                            co_units_submit_separately=form.co_units_submit_separately.data,
                            light_yellow=(form.light_yellow_workdays.data, form.light_yellow_due_soon.data),
                            ack_workdays=form.ack_workdays.data)
        except CampaignError as exc:
            db.session.rollback()
            flash(str(exc), "danger")
        else:
            db.session.commit()
            flash("已保存。", "success")
            return redirect(url_for("campaigns.index"))
    elif form.errors:
        flash(form_errors(form), "danger")
    return render_template("campaigns/edit.html", form=form, campaign=campaign)
