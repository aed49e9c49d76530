"""Evidence: upload to an assignment, download and preview, the unit's library, link and unlink."""
from datetime import date

from flask import Blueprint, flash, jsonify, redirect, render_template, request, send_file, url_for
from flask_login import current_user, login_required
from sqlalchemy import func, select

from tracker import clock
from tracker.assignments.forms import VersionForm
from tracker.assignments.services import AssignmentError
from tracker.assignments.visibility import assignment_for, fetch, scope
from tracker.evidence import storage
from tracker.evidence.dates import EarlyDate
from tracker.evidence.details import correct_details, details_locks
from tracker.evidence.models import Evidence, EvidenceLink
from tracker.evidence.services import (
    DuplicateFile,
    Incoming,
    library_statement,
    link_evidence,
    links_of,
    unlink_evidence,
    upload_evidence,
)
from tracker.evidence.sniff import PREVIEWABLE
from tracker.extensions import db
from tracker.indicators.pages import indicator_uses
from tracker.pages.workspace_queries import load_assignment_options
from tracker.pages.workspace_views import run_action
from tracker.web.pagination import paginate
from tracker.web.roles import roles_required
from tracker.web.safe_redirect import safe_next

bp = Blueprint("evidence", __name__)


def _upload_reply(ok: bool, message: str, assignment_id: int, version: int | None = None, **extra):
    if request.headers.get("X-Requested-With") == "XMLHttpRequest":
        return jsonify(ok=ok, message=message, version=version, **extra), (200 if ok else 400)
    flash(message, "success" if ok else "danger")
    if extra.get("library"):  # a file the unit already holds: the library offers to link it
        return redirect(extra["library"])
    return redirect(url_for("assignments.detail", assignment_id=assignment_id))


def _refused_upload(exc: AssignmentError, assignment_id: int):
    """The reply to a refused upload: an early date asks to confirm, a duplicate offers the existing file."""
    if isinstance(exc, EarlyDate):
        return _upload_reply(False, str(exc), assignment_id, confirm=True)
    if isinstance(exc, DuplicateFile) and not exc.linked:
        library = url_for("evidence.library", assignment=assignment_id, highlight=exc.existing.id)
        return _upload_reply(False, str(exc), assignment_id, library=library, evidence_id=exc.existing.id,
                             link=url_for("evidence.link", assignment_id=assignment_id))
    return _upload_reply(False, str(exc), assignment_id)


def _document_date() -> date | None:
    try:
        return date.fromisoformat(request.form.get("document_date", ""))
    except ValueError:
        return None


@bp.post("/assignments/<int:assignment_id>/evidence")
@roles_required("unit")
def upload(assignment_id: int):
    a = assignment_for(current_user, assignment_id, *load_assignment_options(), change=True)
    files = [Incoming(f.filename or "", f.stream) for f in request.files.getlist("files") if f.filename]
    moved = []
    try:
        moved = upload_evidence(a, current_user, files, title=request.form.get("title", ""),
                                document_date=_document_date(), today=clock.today(a.task.campaign.timezone),
                                confirmed=request.form.get("confirm_date") == "1")
        db.session.commit()
    except AssignmentError as exc:
        db.session.rollback()
        return _refused_upload(exc, assignment_id)
    except BaseException:
        db.session.rollback()
        storage.discard(moved)
        raise
    return _upload_reply(True, f"已上传 {len(files)} 个文件。", assignment_id, a.version)


def _send(evidence: Evidence, inline: bool):
    response = send_file(storage.stored_path(evidence.stored_name), mimetype=evidence.content_type,
                         as_attachment=not inline, download_name=evidence.original_name, max_age=0)
    response.headers["Cache-Control"] = "private, no-cache"
    return response


@bp.get("/evidence/<int:evidence_id>/download")
@login_required
def download(evidence_id: int):
    return _send(fetch(current_user, Evidence, evidence_id), inline=False)


@bp.get("/evidence/<int:evidence_id>/view")
@login_required
def view(evidence_id: int):
    evidence = fetch(current_user, Evidence, evidence_id)
    if evidence.kind not in PREVIEWABLE:
        return _send(evidence, inline=False)
    return _send(evidence, inline=True)


@bp.get("/evidence")
@roles_required("unit")
def library():
    target = None
    if target_id := request.args.get("assignment", type=int):
        target = assignment_for(current_user, target_id, *load_assignment_options(), change=True)
    stmt = library_statement(scope(current_user, Evidence, change=True))
    page = paginate(stmt, count_stmt=select(func.count()).select_from(stmt.order_by(None).subquery()))
    form = VersionForm(formdata=None, version=target.version if target else None)
    ids = [e.id for e in page.items]
    highlight = request.args.get("highlight", type=int)
    offered = fetch(current_user, Evidence, highlight, change=True) if highlight else None
    return render_template("evidence/library.html", page=page, target=target, form=form, links=links_of(ids),
                           locks=details_locks(ids), highlight=highlight, offered=offered, today=clock.today(),
                           uses=indicator_uses(ids))


@bp.post("/evidence/<int:evidence_id>/details")
@roles_required("unit", "office", "admin")
def details(evidence_id: int):
    """Correct a file's 标题 and 材料形成日期 (the unit while it may; the office with a reason); back to the page."""
    evidence = fetch(current_user, Evidence, evidence_id, change=True)
    back = safe_next(request.form.get("next"), url_for("web.home"))
    when = _document_date()
    try:
        if when is None:
            raise AssignmentError("请填写材料形成日期（如 2022-03-01）。")
        changed = correct_details(evidence, current_user, title=request.form.get("title", ""), document_date=when,
                                  today=clock.today(), reason=request.form.get("reason", ""),
                                  confirmed=request.form.get("confirm_date") == "1")
    except AssignmentError as exc:
        db.session.rollback()
        flash(f"未修改：{exc}", "danger")
        return redirect(back)
    db.session.commit()
    flash(f"已修改「{evidence.original_name}」的材料信息。" if changed else "材料信息没有变化。", "success" if changed else "info")
    return redirect(back)


@bp.post("/assignments/<int:assignment_id>/evidence/link")
@roles_required("unit")
def link(assignment_id: int):
    a, form = assignment_for(current_user, assignment_id, *load_assignment_options(), change=True), VersionForm()
    evidence = fetch(current_user, Evidence, request.form.get("evidence_id", type=int), change=True)
    return run_action(a, form, "link", lambda: link_evidence(a, current_user, evidence, form.posted_version),
                      f"已将「{evidence.original_name}」关联到本任务。")


@bp.post("/assignments/<int:assignment_id>/evidence/<int:link_id>/remove")
@roles_required("unit")
def unlink(assignment_id: int, link_id: int):
    a, form = assignment_for(current_user, assignment_id, *load_assignment_options(), change=True), VersionForm()
    link = fetch(current_user, EvidenceLink, link_id, change=True)
    return run_action(a, form, "unlink", lambda: unlink_evidence(a, current_user, link, form.posted_version),
                      "已从本任务移除该材料，文件仍保留在本单位材料库中。")
