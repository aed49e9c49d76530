"""Supervision pages: 催办, 通报, 批示, 督查 and 整改."""
from datetime import date

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import func, select

from tracker import clock
from tracker.assignments.current import current_campaign
from tracker.assignments.extension import extension_queue
from tracker.assignments.models import Assignment, ExtensionRequest
from tracker.assignments.states import AssignmentError
from tracker.assignments.visibility import fetch, scope, task_for
from tracker.extensions import db
from tracker.registers.services import letterhead_bytes
from tracker.review.queue import filter_choices
from tracker.review.services import assignments_by_ids
from tracker.supervision import circulars as circ
from tracker.supervision.burden import Burden, burden_by_unit
from tracker.supervision.chase_filter import ChaseFilter
from tracker.supervision.forms import (
    ChaseForm,
    CircularForm,
    ExtensionDecisionForm,
    InspectionForm,
    InstructionForm,
    RectifyForm,
    picked_units,
)
from tracker.supervision.inspections import (
    create_rectification,
    list_inspections,
    list_rectifications,
    record_inspection,
)
from tracker.supervision.models import Circular, Inspection, Rectification
from tracker.supervision.notices import issue_notices, notices_bytes
from tracker.supervision.services import (
    SupervisionError,
    chase_assignments,
    chase_candidates,
    decide_extension,
    instruction_replies,
    instructions_for,
    record_instruction,
)
from tracker.supervision.xlsx import circular_docx_of, circular_workbook, workbook_bytes
from tracker.tasks.models import Task
from tracker.text import clip
from tracker.units.models import Unit
from tracker.units.services import unit_choices
from tracker.web.forms import choices, form_errors
from tracker.web.pagination import paginate
from tracker.web.roles import office_required, roles_required
from tracker.web.safe_redirect import safe_next

bp = Blueprint("supervision", __name__)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _campaign():
    return current_campaign() or abort(404)


def _done(ok_message: str, target: str):
    db.session.commit()
    flash(ok_message, "success")
    return redirect(target)


def _refused(exc: Exception, target: str):
    db.session.rollback()
    flash(str(exc), "danger")
    return redirect(target)


@bp.get("/supervision/chase")
@office_required
def chase_list():
    campaign = _campaign()
    kind, today = request.args.get("kind", "lagging"), clock.today(campaign.timezone)
    filters = ChaseFilter.from_args(request.args)
    stmt = filters.apply(chase_candidates(campaign, today, kind, ack_late=kind == "lagging"), campaign, today)
    page = paginate(stmt, count_stmt=select(func.count()).select_from(stmt.order_by(None).subquery()))
    return render_template("supervision/chase_list.html", page=page, kind=kind, form=ChaseForm(),
                           filters=filters, units=filter_choices(campaign)["units"], today=today,
                           burden=burden_by_unit(campaign, today), no_burden=Burden())


@bp.post("/supervision/notices.docx")
@office_required
def notices_docx():
    """督办通知单 for the units of the chase list (all lagging work, or the ticked assignments): a page per unit,
    each numbered from the 发文登记 (the numbers are taken, so this is a POST)."""
    campaign = _campaign()
    today = clock.today(campaign.timezone)
    ids = [int(i) for i in request.form.getlist("ids") if i.isdigit()] or None
    notices = issue_notices(campaign, today, current_user, ids)
    if not notices:
        flash("没有逾期或临期的任务，无需生成督办通知单。", "info")
        return redirect(url_for("supervision.chase_list"))
    body = notices_bytes(campaign, today, notices)
    db.session.commit()
    return Response(body, mimetype=DOCX, headers={"Content-Disposition": "attachment; filename=notices.docx"})


@bp.post("/supervision/chase")
@office_required
def chase():
    form = ChaseForm()
    back = safe_next(request.form.get("next"), url_for("supervision.chase_list"))
    ids = [int(i) for i in request.form.getlist("ids") if i.isdigit()]
    try:
        chases = chase_assignments(assignments_by_ids(ids, scope(current_user, Assignment, change=True)), form.message.data or "", current_user)
    except SupervisionError as exc:
        return _refused(exc, back)
    return _done(f"已催办 {len(chases)} 项，相关单位将收到提醒。", back)


@bp.get("/supervision/extensions")
@office_required
def extensions():
    """延期申请 queue: pending oldest first, or every request (pending first)."""
    campaign = _campaign()
    state = "all" if request.args.get("state") == "all" else "pending"
    stmt = extension_queue(campaign.id, state)
    page = paginate(stmt, count_stmt=select(func.count()).select_from(stmt.order_by(None).subquery()))
    return render_template("supervision/extensions.html", page=page, state=state, form=ExtensionDecisionForm(),
                           today=clock.today(campaign.timezone))


@bp.post("/supervision/extensions/<int:request_id>/<any(approve, refuse):decision>")
@office_required
def extension_decide(request_id: int, decision: str):
    req = fetch(current_user, ExtensionRequest, request_id, change=True)
    form, back = ExtensionDecisionForm(), safe_next(request.form.get("next"), url_for("supervision.extensions"))
    campaign = req.assignment.task.campaign
    try:
        decide_extension(req, current_user, decision, form.reason.data or "", clock.today(campaign.timezone))
    except (SupervisionError, AssignmentError) as exc:
        return _refused(exc, back)
    done = f"已批准延期至 {req.new_due.isoformat()}。" if decision == "approve" else "已不予批准，单位将收到理由。"
    return _done(done, back)


@bp.get("/circulars")
@login_required
def circulars():
    campaign = _campaign()
    items = circ.list_circulars(campaign.id, scope(current_user, Circular))
    return render_template("supervision/circulars.html", items=items)


@bp.route("/circulars/new", methods=["GET", "POST"])
@office_required
def circular_new():
    campaign = _campaign()
    form = CircularForm()
    if form.validate_on_submit():
        praise, criticism = picked_units(request.form)
        try:
            item = circ.issue_circular(campaign, form.as_of.data, form.body.data, current_user,
                                       praise_ids=praise, criticism=criticism, title=form.title.data or None,
                                       with_indicators=bool(request.form.get("with_indicators")),
                                       with_ranking=bool(request.form.get("with_ranking")))
        except SupervisionError as exc:
            return _refused(exc, url_for("supervision.circular_new", as_of=form.as_of.data.isoformat()))
        return _done(f"已印发{item.title}。", url_for("supervision.circular", circular_id=item.id))
    if request.method == "POST":
        flash(form_errors(form), "danger")
    as_of = _as_of(request.args.get("as_of"), campaign)
    data = circ.preview(campaign, as_of, with_indicators=True)  # offered: the office ticks it in or out
    form.as_of.data = as_of
    form.body.data = form.body.data or data["body"]
    return render_template("supervision/circular_new.html", form=form, data=data,
                           number=circ.next_number(campaign.id))


def _as_of(text: str | None, campaign) -> date:
    try:
        return date.fromisoformat(text) if text else clock.today(campaign.timezone)
    except ValueError:
        return clock.today(campaign.timezone)


@bp.get("/circulars/<int:circular_id>")
@login_required
def circular(circular_id: int):
    return render_template("supervision/circular.html", c=fetch(current_user, Circular, circular_id))


@bp.get("/circulars/<int:circular_id>.xlsx")
@login_required
def circular_xlsx(circular_id: int):
    c = fetch(current_user, Circular, circular_id)
    body = workbook_bytes(circular_workbook(c.title, c.body, c.data))
    return Response(body, mimetype=XLSX, headers={
        "Content-Disposition": f"attachment; filename=circular-{c.number}.xlsx"})


@bp.get("/circulars/<int:circular_id>.docx")
@login_required
def circular_docx(circular_id: int):
    c = fetch(current_user, Circular, circular_id)
    return Response(circular_docx_of(c, letterhead_bytes()), mimetype=DOCX, headers={
        "Content-Disposition": f"attachment; filename=circular-{c.number}.docx"})


@bp.get("/instructions")
@login_required
def instructions():
    campaign = _campaign()
    form = _instruction_form(campaign) if current_user.role == "leader" else None
    items = instructions_for(current_user, campaign)
    return render_template("supervision/instructions.html", items=items, form=form,
                           replies=instruction_replies(current_user, items))


def _instruction_form(campaign) -> InstructionForm:
    form = InstructionForm()
    tasks = db.session.execute(select(Task.id, Task.title).where(Task.campaign_id == campaign.id)
                               .order_by(Task.sequence)).all()
    units = filter_choices(campaign)["units"]  # the units holding work here, not the whole registry
    form.task_id.choices = choices([(0, "（不针对具体任务）")] + [(t.id, clip(t.title, 50)) for t in tasks])
    form.unit_id.choices = choices([(0, "（不针对具体单位）")] + [(u.id, u.name) for u in units])
    return form


@bp.post("/instructions")
@roles_required("leader")
def instruct():
    campaign = _campaign()
    form = _instruction_form(campaign)
    back = safe_next(request.form.get("next"), url_for("supervision.instructions"))
    if not form.validate_on_submit():
        return _refused(ValueError(form_errors(form)), back)
    task = task_for(current_user, form.task_id.data) if form.task_id.data else None
    unit = db.session.get(Unit, form.unit_id.data) if form.unit_id.data else None
    try:
        record_instruction(campaign, form.text.data, current_user, task=task, unit=unit)
    except SupervisionError as exc:
        return _refused(exc, back)
    return _done("批示已发送，相关单位和办公室可见。", back)


@bp.get("/inspections")
@office_required
def inspections():
    campaign = _campaign()
    return render_template("supervision/inspections.html",
                           items=list_inspections(campaign.id, scope(current_user, Inspection)),
                           rectifications=list_rectifications(campaign.id, scope(current_user, Rectification)),
                           form=InspectionForm(),
                           rectify_form=_rectify_form(), today=clock.today(campaign.timezone))


def _rectify_form() -> RectifyForm:
    form = RectifyForm()
    units = unit_choices()
    form.unit_id.choices = choices([(u.id, u.name) for u in units])
    if request.method == "GET" and (tid := request.args.get("task", type=int)):
        task = task_for(current_user, tid)
        form.source_task_id.data, form.title.data = task.id, f"初验失分整改：{task.title}"
        form.unit_id.data = task.lead.unit_id if task.lead else None
    return form


@bp.post("/inspections")
@office_required
def inspection_create():
    form = InspectionForm()
    if not form.validate_on_submit():
        return _refused(ValueError(form_errors(form)), url_for("supervision.inspections"))
    try:
        record_inspection(_campaign(), form.held_on.data, form.units_visited.data, form.findings.data, current_user,
                          team=form.team.data)
    except SupervisionError as exc:
        return _refused(exc, url_for("supervision.inspections"))
    return _done("已记录督查。可将发现的问题转为整改事项。", url_for("supervision.inspections"))


@bp.post("/rectifications")
@office_required
def rectify():
    form, back = _rectify_form(), url_for("supervision.inspections")
    if not form.validate_on_submit():
        return _refused(ValueError(form_errors(form)), back)
    unit = db.session.get(Unit, form.unit_id.data) or abort(400)
    inspection = _optional(Inspection, form.inspection_id.data)
    source = _optional(Task, form.source_task_id.data)
    try:
        create_rectification(_campaign(), unit, form.title.data, form.deadline.data, current_user,
                             inspection=inspection, source_task=source)
    except SupervisionError as exc:
        return _refused(exc, back)
    return _done(f"已向{unit.name}下达整改事项。", back)


def _optional(model, value):
    """The object a hidden form field names, if it names one: the user must be allowed to see it."""
    return fetch(current_user, model, int(value)) if str(value or "").isdigit() else None
