"""The directory import screen (office): upload or paste → preview (map unresolved texts) → 确认导入 — the
same steps, staging and caps as the 责任清单 import."""
from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from tracker import clock
from tracker.assignments.visibility import Kind, fetch, require
from tracker.campaigns.models import Campaign
from tracker.errors import NotFound
from tracker.extensions import db
from tracker.imports import screens, staging
from tracker.imports.forms import ACCEPT, ConfirmForm
from tracker.meetings.forms import MembersUploadForm
from tracker.meetings.member_import import (
    MemberSheet,
    import_members,
    plan_sheet,
    read_members,
    sheet_from_json,
    sheet_to_json,
)
from tracker.units.services import sorted_units
from tracker.web.forms import form_errors
from tracker.web.roles import office_required
from tracker.xlsx.reading import ImportFileError

bp = Blueprint("body_members", __name__, url_prefix="/bodies/<int:campaign_id>/members/import")
STAGE = "members"


def _body(campaign_id: int) -> Campaign:
    campaign = fetch(current_user, Campaign, campaign_id, change=True)
    if not campaign.is_body:
        raise NotFound()
    return campaign


@bp.route("", methods=["GET", "POST"])
@office_required
def upload(campaign_id: int):
    campaign = _body(campaign_id)
    form = MembersUploadForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            flash(form_errors(form), "danger")
        else:
            try:
                sheet = read_members(screens.uploaded(form), max_rows=current_app.config["IMPORT_MAX_ROWS"])
            except ImportFileError as exc:
                flash(f"无法读取：{exc}", "danger")
            else:
                token = staging.stage_table(STAGE, sheet_to_json(sheet), current_user.id, campaign.id)
                return redirect(url_for("body_members.preview", campaign_id=campaign.id, token=token))
    return render_template("meetings/members_upload.html", campaign=campaign, form=form, accept=ACCEPT)


def _staged(campaign_id: int, token: str) -> tuple[Campaign, staging.StagedTable, MemberSheet]:
    """The body and the user's own staged directory; NotFound when unknown, someone else's or expired."""
    campaign = _body(campaign_id)
    staged = require(current_user, staging.find_table(STAGE, campaign.id, token), Kind.IMPORT_PREVIEW, change=True)
    try:
        return campaign, staged, sheet_from_json(staging.load_table(staged))
    except FileNotFoundError:
        raise NotFound() from None


@bp.get("/<token>")
@office_required
def preview(campaign_id: int, token: str):
    campaign, _, sheet = _staged(campaign_id, token)
    return render_template("meetings/members_preview.html", campaign=campaign, plan=plan_sheet(campaign, sheet),
                           token=token, units=sorted_units(), form=ConfirmForm())


@bp.post("/<token>/map")
@office_required
def map_units(campaign_id: int, token: str):
    _staged(campaign_id, token)
    screens.map_units()
    return redirect(url_for("body_members.preview", campaign_id=campaign_id, token=token))


@bp.post("/<token>/confirm")
@office_required
def confirm(campaign_id: int, token: str):
    campaign, staged, sheet = _staged(campaign_id, token)
    plan = import_members(campaign, sheet, today=clock.today(campaign.timezone), actor=current_user)
    if not plan.written:
        db.session.rollback()
        flash("未导入：仍有无法确定的成员单位或错误行，请先处理。", "danger")
        return redirect(url_for("body_members.preview", campaign_id=campaign_id, token=token))
    db.session.commit()
    staging.discard(staged)
    flash(f"导入完成：新增 {plan.created} 个成员单位，更新 {plan.updated} 个"
          + (f"；名单中没有的 {len(plan.missing)} 个成员单位已保留，未删除。" if plan.missing else "。"), "success")
    return redirect(url_for("meetings.body", campaign_id=campaign_id, _anchor="members"))


@bp.post("/<token>/discard")
@office_required
def discard(campaign_id: int, token: str):
    _, staged, _ = _staged(campaign_id, token)
    staging.discard(staged)
    flash("已放弃本次导入。", "info")
    return redirect(url_for("meetings.body", campaign_id=campaign_id))
