"""Export pages: the ledger download, the evidence package built in the background, a unit's own ledger."""
from flask import (
    Blueprint,
    abort,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_login import current_user

from tracker import clock
from tracker.assignments.current import current_campaign
from tracker.assignments.visibility import Kind, may_see, require
from tracker.exports.forms import PackageForm
from tracker.exports.jobs import PackageRequest, package_path, queue_package_job, read_job
from tracker.exports.services import export_filename, ledger_bytes, window_presets
from tracker.web.forms import form_errors
from tracker.web.roles import roles_required

bp = Blueprint("exports", __name__, url_prefix="/exports")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORTERS = ("admin", "office", "leader")


def _campaign():
    return current_campaign() or abort(404)


@bp.get("/")
@roles_required(*EXPORTERS)
def index():
    campaign = _campaign()
    job = read_job(current_app.config["EXPORT_FOLDER"], request.args.get("job", ""))
    job = job if may_see(current_user, job, Kind.EXPORT_JOB) else None
    return render_template("exports/index.html", campaign=campaign, form=PackageForm(), job=job,
                           presets=window_presets(campaign))


@bp.get("/ledger.xlsx")
@roles_required(*EXPORTERS)
def ledger():
    campaign = _campaign()
    today = clock.today(campaign.timezone)
    return send_file(ledger_bytes(campaign, today), mimetype=XLSX, as_attachment=True,
                     download_name=export_filename(campaign, today, "ledger"))


@bp.get("/my-ledger.xlsx")
@roles_required("unit")
def my_ledger():
    """A unit's ledger of its own assignments only."""
    campaign = _campaign()
    today = clock.today(campaign.timezone)
    return send_file(ledger_bytes(campaign, today, unit_id=current_user.unit_id), mimetype=XLSX,
                     as_attachment=True, download_name=export_filename(campaign, today, "ledger",
                                                                       current_user.unit.name))


@bp.post("/package")
@roles_required(*EXPORTERS)
def start_package():
    campaign, form = _campaign(), PackageForm()
    if not form.validate_on_submit():
        return jsonify(error=form_errors(form) or "请检查输入。"), 400
    today = clock.today(campaign.timezone)
    job_id = queue_package_job(current_app.config["EXPORT_FOLDER"], PackageRequest(
        campaign.id, current_user.id, today, form.archive.data, form.date_from.data, form.date_to.data),
        export_filename(campaign, today, "evidence"))  # built by the scheduler process
    if request.accept_mimetypes.best == "application/json":
        return jsonify(job=job_id, status_url=url_for(".job_status", job_id=job_id)), 202
    return redirect(url_for(".index", job=job_id))


def _own_job(job_id: str) -> dict:
    """The job the user started, or NotFound (unknown, malformed or someone else's)."""
    return require(current_user, read_job(current_app.config["EXPORT_FOLDER"], job_id), Kind.EXPORT_JOB)


@bp.get("/jobs/<job_id>")
@roles_required(*EXPORTERS)
def job_status(job_id: str):
    job = _own_job(job_id)
    download = url_for(".download_package", job_id=job_id) if job["state"] == "done" else None
    return jsonify(state=job["state"], done=job["done"], total=job["total"], excluded=job.get("excluded"),
                   error=job.get("error"), download_url=download)


@bp.get("/jobs/<job_id>/download")
@roles_required(*EXPORTERS)
def download_package(job_id: str):
    job = _own_job(job_id)
    if job["state"] != "done":
        abort(404)
    return send_file(package_path(current_app.config["EXPORT_FOLDER"], job_id), mimetype="application/zip",
                     as_attachment=True, download_name=job["filename"])
