"""The import screen (office): upload → preview → map unresolved texts → confirm."""
from io import BytesIO

from flask import Blueprint, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user

from tracker.assignments.current import all_campaigns, current_campaign, remember_campaign
from tracker.assignments.visibility import Kind, fetch, require
from tracker.campaigns.models import Campaign
from tracker.errors import NotFound
from tracker.extensions import db
from tracker.imports import screens, staging
from tracker.imports.forms import ACCEPT, ConfirmForm, UploadForm
from tracker.imports.parser import ParsedSheet, read_list
from tracker.imports.services import import_sheet, plan_sheet
from tracker.imports.template import list_template
from tracker.units.services import sorted_units
from tracker.web.errors import render_error
from tracker.web.forms import choices, form_errors
from tracker.web.roles import office_required
from tracker.xlsx.reading import ImportFileError

bp = Blueprint("imports", __name__, url_prefix="/imports")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _upload_form() -> UploadForm:
    form = UploadForm()
    form.campaign_id.choices = choices((c.id, c.name) for c in all_campaigns())
    if request.method == "GET" and (c := current_campaign()):
        form.campaign_id.data = c.id
    return form


@bp.route("", methods=["GET", "POST"])
@office_required
def index():
    form = _upload_form()
    if request.method == "POST":
        if not form.validate_on_submit():
            flash(form_errors(form), "danger")
        else:
            campaign = fetch(current_user, Campaign, form.campaign_id.data, change=True)
            try:
                sheet = read_list(screens.uploaded(form), max_rows=current_app.config["IMPORT_MAX_ROWS"])
            except ImportFileError as exc:
                flash(f"无法读取：{exc}", "danger")
            else:
                token = staging.stage(sheet, current_user.id, campaign.id)
                return redirect(url_for("imports.preview", campaign_id=form.campaign_id.data, token=token))
    return render_template("imports/index.html", form=form, accept=ACCEPT)


def _staged(campaign_id: int, token: str) -> tuple[Campaign, staging.StagedImport, ParsedSheet]:
    """The campaign and the user's own preview named in the URL, with its parsed list; else NotFound (also
    when it expired)."""
    campaign = fetch(current_user, Campaign, campaign_id, change=True)
    staged = require(current_user, staging.find(campaign.id, token), Kind.IMPORT_PREVIEW, change=True)
    try:
        return campaign, staged, staging.load(staged)
    except FileNotFoundError:
        raise NotFound() from None


@bp.get("/<int:campaign_id>/<token>")
@office_required
def preview(campaign_id: int, token: str):
    try:
        campaign, _, sheet = _staged(campaign_id, token)
    except NotFound:  # the back button after 确认导入 lands here: say what happened, not just "not found"
        return render_error(404, "这份清单预览已结束：已经导入、已放弃或已过期。如需再次导入，请到“导入清单”重新上传。")
    plan = plan_sheet(campaign, sheet)
    return render_template("imports/preview.html", campaign=campaign, plan=plan, token=token,
                           units=sorted_units(), form=ConfirmForm())


@bp.post("/<int:campaign_id>/<token>/map")
@office_required
def map_units(campaign_id: int, token: str):
    _staged(campaign_id, token)
    screens.map_units()
    return redirect(url_for("imports.preview", campaign_id=campaign_id, token=token))


@bp.post("/<int:campaign_id>/<token>/confirm")
@office_required
def confirm(campaign_id: int, token: str):
    campaign, staged, sheet = _staged(campaign_id, token)
    plan = import_sheet(campaign, sheet, actor=current_user)
    if not plan.written:
        db.session.rollback()
        flash("未导入：仍有无法确定的责任单位或错误行，请先处理。", "danger")
        return redirect(url_for("imports.preview", campaign_id=campaign_id, token=token))
    remember_campaign(current_user, campaign)  # the task list it lands on is this campaign's
    db.session.commit()
    staging.discard(staged)
    flash(f"导入完成（{campaign.name}）：新增 {plan.created} 项，更新 {plan.updated} 项"
          + (f"；清单中已无的 {len(plan.missing)} 项任务已保留，未删除。" if plan.missing else "。"), "success")
    return redirect(url_for("tasks.index") if "tasks.index" in current_app.view_functions
                    else url_for("imports.index"))


@bp.post("/<int:campaign_id>/<token>/discard")
@office_required
def discard(campaign_id: int, token: str):
    _, staged, _ = _staged(campaign_id, token)  # 404 for an unknown, malformed or someone else's upload
    staging.discard(staged)
    flash("已放弃本次导入。", "info")
    return redirect(url_for("imports.index"))


@bp.get("/template.xlsx")
@office_required
def template():
    return send_file(BytesIO(list_template()), mimetype=XLSX, as_attachment=True, download_name="责任清单模板.xlsx")
