"""Report pages: the cycles, a cycle's board, a unit's report (file / edit), return and accept, the package."""
from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user, login_required

from tracker import clock
from tracker.assignments.current import current_campaign
from tracker.assignments.visibility import fetch
from tracker.errors import Conflict, Refusal
from tracker.evidence import storage
from tracker.evidence.services import Incoming
from tracker.extensions import db
from tracker.reports.filing import Filing, accept_report, file_report, return_report
from tracker.reports.forms import CycleForm, DecisionForm, FileForm
from tracker.reports.models import Recurrence, Report, ReportCycle
from tracker.reports.package import package_filename, write_package
from tracker.reports.pages import board_page, index_page, owed_cycles, report_page, unit_page
from tracker.reports.services import CycleSpec, create_cycle, create_self_assessment_cycle
from tracker.units.models import Unit
from tracker.units.services import unit_choices
from tracker.web.forms import form_errors
from tracker.web.roles import office_required, roles_required

bp = Blueprint("reports", __name__, url_prefix="/reports")
READERS = ("admin", "office", "leader")


def _today(campaign) -> object:
    return clock.today(campaign.timezone)


@bp.get("/")
@login_required
def index():
    if current_user.role == "unit":
        return render_template("reports/mine.html", owed=owed_cycles(current_user, clock.today()))
    campaign = current_campaign()
    if campaign is None:
        return render_template("web/no_campaign.html")
    form = CycleForm(formdata=None)
    return render_template("reports/index.html", campaign=campaign, form=form, unit_options=unit_choices(),
                           **index_page(campaign, _today(campaign)))


def _spec(form: CycleForm) -> CycleSpec:
    units = None
    if form.who.data == "chosen":
        units = list(db.session.scalars(db.select(Unit).where(Unit.id.in_(form.units.data or []))))
        units.sort(key=lambda u: (form.units.data.index(u.id)))
    return CycleSpec(form.name.data, form.due_on.data, units, form.period_from.data, form.period_to.data,
                     form.recurrence.data or Recurrence.NONE.value, remind_days=form.remind_days.data or 0)


@bp.post("/cycles")
@office_required
def create():
    campaign, form = current_campaign() or abort(404), CycleForm()
    try:
        if not form.validate():
            raise Refusal(form_errors(form))
        cycle = create_cycle(campaign, _spec(form), current_user)
    except Refusal as exc:
        db.session.rollback()
        flash(str(exc), "danger")
        return render_template("reports/index.html", campaign=campaign, form=form, unit_options=unit_choices(),
                               **index_page(campaign, _today(campaign))), 400
    db.session.commit()
    flash(f"已新建报告周期“{cycle.name}”，应报单位 {len(cycle.owed)} 个。", "success")
    return redirect(url_for(".cycle", cycle_id=cycle.id))


@bp.post("/cycles/self-assessment")
@office_required
def create_self_assessment():
    campaign = current_campaign() or abort(404)
    cycle = create_self_assessment_cycle(campaign, current_user)
    db.session.commit()
    flash(f"已新建“{cycle.name}”：{len(cycle.owed)} 个责任单位，{cycle.due_on.isoformat()} 前报送。", "success")
    return redirect(url_for(".cycle", cycle_id=cycle.id))


@bp.get("/cycles/<int:cycle_id>")
@login_required
def cycle(cycle_id: int):
    found = fetch(current_user, ReportCycle, cycle_id, db.joinedload(ReportCycle.campaign))
    today = _today(found.campaign)
    if current_user.role == "unit":
        return render_template("reports/file.html", form=FileForm(formdata=None),
                               **unit_page(found, current_user.unit, today))
    return render_template("reports/board.html", decision=DecisionForm(formdata=None),
                           **board_page(found, today, request.args.get("state")))


@bp.post("/cycles/<int:cycle_id>/report")
@roles_required("unit")
def file(cycle_id: int):
    found = fetch(current_user, ReportCycle, cycle_id, db.joinedload(ReportCycle.campaign))
    form, today, moved = FileForm(), _today(found.campaign), []
    try:
        if not form.validate():
            raise Refusal(form_errors(form))
        files = [Incoming(f.filename or "", f.stream) for f in request.files.getlist("files") if f.filename]
        library = [int(v) for v in request.form.getlist("library") if v.isdigit()]
        moved = file_report(found, current_user.unit, Filing(form.text.data, files, library), current_user,
                            today=today, version=form.posted_version).moved
        db.session.commit()
    except Refusal as exc:
        db.session.rollback()
        storage.discard(moved)
        flash(str(exc), "danger")
        page = unit_page(found, current_user.unit, today)
        page["draft"] = form.text.data or ""  # nothing typed is lost
        return render_template("reports/file.html", form=form, **page), exc.status if exc.status != 404 else 400
    except BaseException:
        db.session.rollback()
        storage.discard(moved)
        raise
    flash("报告已报送，办公室采用前仍可修改。", "success")
    return redirect(url_for(".cycle", cycle_id=found.id))


@bp.get("/<int:report_id>")
@login_required
def report(report_id: int):
    found = fetch(current_user, Report, report_id)
    return render_template("reports/report.html", decision=DecisionForm(formdata=None), **report_page(found))


@bp.post("/<int:report_id>/<any(approve, return):decision>")
@office_required
def decide(report_id: int, decision: str):
    found = fetch(current_user, Report, report_id, change=True)
    form = DecisionForm()
    try:
        if decision == "approve":
            accept_report(found, current_user, version=form.posted_version)
        else:
            return_report(found, form.reason.data, current_user, version=form.posted_version)
    except Conflict:  # the unit refiled meanwhile: back to its report as it now stands, nothing lost
        db.session.rollback()
        typed = (form.reason.data or "").strip()
        flash(f"在您审核期间，{found.unit.name}的报告有了更新，本次未审核：请查看最新内容后再决定。"
              + (f"您填写的退回原因：{typed}" if typed else ""), "warning")
        return redirect(url_for(".report", report_id=report_id))
    db.session.commit()
    flash(f"{found.unit.name}的报告{'已采用' if decision == 'approve' else '已退回，单位将看到退回原因'}。", "success")
    return redirect(url_for(".cycle", cycle_id=found.cycle_id))


@bp.get("/cycles/<int:cycle_id>/package.zip")
@roles_required(*READERS)
def package(cycle_id: int):
    found = fetch(current_user, ReportCycle, cycle_id, db.joinedload(ReportCycle.campaign))
    today = _today(found.campaign)
    return send_file(write_package(found, today), mimetype="application/zip", as_attachment=True,
                     download_name=package_filename(found, today))
