"""Indicator pages: the list, an indicator's page (trend, values, report and review), the office's definitions."""
from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from tracker import clock
from tracker.assignments.current import current_campaign
from tracker.assignments.visibility import fetch
from tracker.errors import Refusal
from tracker.evidence import storage
from tracker.evidence.services import Incoming
from tracker.extensions import db
from tracker.indicators.definitions import IndicatorError, save_indicator
from tracker.indicators.forms import IndicatorForm, ReportForm, ReviewForm
from tracker.indicators.importing import import_indicators
from tracker.indicators.models import Indicator, IndicatorValue
from tracker.indicators.pages import detail_page, import_template, list_page
from tracker.indicators.reporting import Entry, approve_value, report_value, resubmit_value, return_value
from tracker.web.forms import form_errors
from tracker.web.roles import office_required, roles_required
from tracker.xlsx.reading import ImportFileError, read_capped

bp = Blueprint("indicators", __name__)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _campaign():
    return current_campaign() or abort(404)


def _today(campaign):
    return clock.today(campaign.timezone)


def _back(indicator_id: int, message: str, category: str = "success"):
    flash(message, category)
    return redirect(url_for("indicators.detail", indicator_id=indicator_id))


@bp.get("/indicators")
@login_required
def index():
    campaign = current_campaign()
    if campaign is None:
        return render_template("web/no_campaign.html")
    return render_template("indicators/index.html", **list_page(current_user, campaign, _today(campaign),
                                                                request.args.get("status")))


@bp.get("/indicators/<int:indicator_id>")
@login_required
def detail(indicator_id: int):
    return _render_detail(fetch(current_user, Indicator, indicator_id))


def _render_detail(indicator: Indicator, code: int = 200, report_form: ReportForm | None = None):
    today = _today(indicator.campaign)
    form = report_form or ReportForm(formdata=None, as_of=today)
    return render_template("indicators/detail.html", report_form=form, review_form=ReviewForm(formdata=None),
                           **detail_page(current_user, indicator, today)), code


def _entry(form: ReportForm) -> Entry:
    files = [Incoming(f.filename or "", f.stream) for f in request.files.getlist("files") if f.filename]
    library = [int(v) for v in request.form.getlist("library") if v.isdigit()]
    return Entry(form.value.parsed, form.as_of.data, form.note.data or "", files, library)


def _run_report(indicator: Indicator, form: ReportForm, action, done: str):
    """Validate, run the report or resubmission, commit once; a refusal re-renders with what was typed."""
    if not form.validate():
        flash(form_errors(form), "danger")
        return _render_detail(indicator, 400, form)
    moved = []
    try:
        moved = action(_entry(form)).moved
        db.session.commit()
    except Refusal as exc:
        db.session.rollback()
        flash(str(exc), "danger")
        return _render_detail(indicator, exc.status if exc.status != 404 else 400, form)
    except BaseException:
        db.session.rollback()
        storage.discard(moved)
        raise
    return _back(indicator.id, done)


@bp.post("/indicators/<int:indicator_id>/values")
@roles_required("unit")
def report(indicator_id: int):
    indicator = fetch(current_user, Indicator, indicator_id)
    return _run_report(indicator, ReportForm(), lambda entry: report_value(
        indicator, current_user.unit, entry, current_user, today=_today(indicator.campaign)),
        "数值已报送，等待办公室审核。")


@bp.post("/indicator-values/<int:value_id>/resubmit")
@roles_required("unit")
def resubmit(value_id: int):
    value = fetch(current_user, IndicatorValue, value_id, change=True)
    form = ReportForm()
    return _run_report(value.indicator, form, lambda entry: resubmit_value(
        value, entry, current_user, today=_today(value.indicator.campaign), version=form.posted_version),
        "已修改并重新报送，等待办公室审核。")


@bp.post("/indicator-values/<int:value_id>/<any(approve, return):decision>")
@office_required
def decide(value_id: int, decision: str):
    value = fetch(current_user, IndicatorValue, value_id, change=True)
    form = ReviewForm()
    if decision == "approve":
        approve_value(value, current_user, version=form.posted_version)
    else:
        return_value(value, form.reason.data, current_user, version=form.posted_version)
    db.session.commit()
    word = "审核通过，已计入完成情况" if decision == "approve" else "已退回报送单位"
    target = request.form.get("back")
    flash(f"“{value.indicator.name}”的数值{word}。", "success")
    if target == "list":
        return redirect(url_for("indicators.index"))
    return redirect(url_for("indicators.detail", indicator_id=value.indicator_id))


@bp.route("/indicators/new", methods=["GET", "POST"])
@office_required
def new():
    campaign, form = _campaign(), IndicatorForm()
    if form.validate_on_submit():
        try:
            indicator = save_indicator(campaign, form.spec(), current_user)
        except IndicatorError as exc:
            db.session.rollback()
            flash(str(exc), "danger")
        else:
            db.session.commit()
            return _back(indicator.id, f"已新增指标“{indicator.name}”。")
    elif request.method == "POST":
        flash(form_errors(form), "danger")
    return render_template("indicators/edit.html", form=form, indicator=None), 400 if request.method == "POST" else 200


@bp.route("/indicators/<int:indicator_id>/edit", methods=["GET", "POST"])
@office_required
def edit(indicator_id: int):
    indicator = fetch(current_user, Indicator, indicator_id, change=True)
    form = IndicatorForm() if request.method == "POST" else IndicatorForm.of(indicator)
    if request.method == "POST":
        if form.posted_version is not None and form.posted_version != indicator.version:
            flash("在您编辑期间，该指标已被他人修改。请刷新后重新编辑。", "danger")
            return render_template("indicators/edit.html", form=form, indicator=indicator), 409
        if form.validate():
            try:
                save_indicator(indicator.campaign, form.spec(), current_user, indicator=indicator)
            except IndicatorError as exc:
                db.session.rollback()
                flash(str(exc), "danger")
            else:
                db.session.commit()
                return _back(indicator.id, "指标已保存。")
        else:
            flash(form_errors(form), "danger")
        return render_template("indicators/edit.html", form=form, indicator=indicator), 400
    return render_template("indicators/edit.html", form=form, indicator=indicator)


@bp.route("/indicators/import", methods=["GET", "POST"])
@office_required
def import_file():
    campaign = _campaign()
    if request.method == "GET":
        return render_template("indicators/import.html", plan=None, campaign=campaign)
    upload = request.files.get("file")
    dry_run = bool(request.form.get("dry_run"))
    try:
        if upload is None or not upload.filename:
            raise ImportFileError("请选择要上传的 .xlsx 文件。")
        data = read_capped(upload.stream, current_app.config["IMPORT_MAX_MB"])
        plan = import_indicators(campaign, data, dry_run=dry_run, actor=current_user,
                                 max_rows=current_app.config["IMPORT_MAX_ROWS"])
    except ImportFileError as exc:
        db.session.rollback()
        flash(str(exc), "danger")
        return render_template("indicators/import.html", plan=None, campaign=campaign), 400
    if plan.written:
        db.session.commit()
    else:
        db.session.rollback()
    return render_template("indicators/import.html", plan=plan, dry_run=dry_run, campaign=campaign), (
        200 if plan.ok else 400)


@bp.get("/indicators/template.xlsx")
@office_required
def template():
    return Response(import_template(), mimetype=XLSX,
                    headers={"Content-Disposition": "attachment; filename=indicators-template.xlsx"})
