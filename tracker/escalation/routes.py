"""督办升级 (/escalation): the campaign's ladder, each owed item's step, pause/resume, and the step documents."""
from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import func, or_, select

from tracker import clock
from tracker.assignments.current import current_campaign
from tracker.assignments.models import Assignment
from tracker.assignments.visibility import assignment_for, fetch
from tracker.errors import Refusal
from tracker.escalation.documents import record_document
from tracker.escalation.forms import ButtonForm, PauseForm, StepForm
from tracker.escalation.items import ladder_states, pause_ladder, resume_ladder, save_step
from tracker.escalation.models import EscalationPause, EscalationRecord, EscalationStep
from tracker.escalation.services import ladder
from tracker.extensions import db
from tracker.registers.services import letterhead_bytes
from tracker.supervision.services import chase_candidates
from tracker.tasks.models import Task
from tracker.units.models import Unit
from tracker.web.forms import form_errors
from tracker.web.pagination import paginate
from tracker.web.roles import office_required
from tracker.web.safe_redirect import safe_next

bp = Blueprint("escalation", __name__)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _campaign():
    return current_campaign() or abort(404)


def _back(message: str, category: str = "success", target: str | None = None):
    flash(message, category)
    return redirect(target or url_for("escalation.index"))


@bp.get("/escalation")
@office_required
def index():
    campaign = _campaign()
    today = clock.today(campaign.timezone)
    steps = ladder(campaign, create=False)
    stmt = chase_candidates(campaign, today, "open")
    if q := request.args.get("q", "").strip()[:50]:
        stmt = stmt.where(or_(Task.title.like(f"%{q}%"), Assignment.unit.has(Unit.name.like(f"%{q}%"))))
    if request.args.get("paused"):
        stmt = stmt.where(Assignment.id.in_(select(EscalationPause.assignment_id)))
    page = paginate(stmt, count_stmt=select(func.count()).select_from(stmt.order_by(None).subquery()))
    return render_template("escalation/index.html", steps=steps, page=page, today=today, q=q,
                           states=ladder_states(page.items, steps), step_form=StepForm(formdata=None),
                           pause_form=PauseForm(formdata=None), button=ButtonForm())


def _step_args(form: StepForm) -> dict:
    return {"remind": form.remind.data, "urge_notice": form.urge_notice.data,
            "propose_criticism": form.propose_criticism.data, "issue_notice": form.issue_notice.data,
            "active": form.active.data}


@bp.post("/escalation/steps")
@office_required
def add_step():
    form, campaign = StepForm(), _campaign()
    if not form.validate_on_submit():
        return _back(form_errors(form), "danger")
    try:
        ladder(campaign)  # the default steps are kept before one is added
        step = save_step(campaign, current_user, trigger=form.trigger.data, days=form.days.data or 0,
                         **_step_args(form))
    except Refusal as exc:
        db.session.rollback()
        return _back(str(exc), "danger")
    db.session.commit()
    return _back(f"已添加督办升级步骤：{step.label}。")


@bp.post("/escalation/steps/<int:step_id>")
@office_required
def edit_step(step_id: int):
    form, campaign = StepForm(), _campaign()
    step = db.session.get(EscalationStep, step_id)
    if step is None or step.campaign_id != campaign.id:
        abort(404)
    if not form.validate_on_submit():
        return _back(form_errors(form), "danger")
    try:
        save_step(campaign, current_user, trigger=step.trigger, days=step.days, step=step, **_step_args(form))
    except Refusal as exc:
        db.session.rollback()
        return _back(str(exc), "danger")
    db.session.commit()
    return _back(f"已保存步骤：{step.label}。")


@bp.post("/escalation/assignments/<int:assignment_id>/pause")
@office_required
def pause(assignment_id: int):
    form = PauseForm()
    a = assignment_for(current_user, assignment_id, change=True)
    back = safe_next(request.form.get("next"), url_for("escalation.index"))
    if not form.validate_on_submit():
        return _back(form_errors(form), "danger", back)
    try:
        pause_ladder(a, form.reason.data, current_user)
    except Refusal as exc:
        db.session.rollback()
        return _back(str(exc), "danger", back)
    db.session.commit()
    return _back(f"已暂停“{a.task.title[:30]}”（{a.unit.name}）的督办升级。", target=back)


@bp.post("/escalation/assignments/<int:assignment_id>/resume")
@office_required
def resume(assignment_id: int):
    a = assignment_for(current_user, assignment_id, change=True)
    back = safe_next(request.form.get("next"), url_for("escalation.index"))
    if not ButtonForm().validate_on_submit():
        return _back("页面已过期，请重试。", "danger", back)
    try:
        resume_ladder(a, current_user)
    except Refusal as exc:
        db.session.rollback()
        return _back(str(exc), "danger", back)
    db.session.commit()
    return _back(f"已恢复“{a.task.title[:30]}”（{a.unit.name}）的督办升级。", target=back)


@bp.get("/escalation/records/<int:record_id>/<which>.docx")
@login_required
def document(record_id: int, which: str):
    """A step's 督办单 ('notice') or 催办通知书 ('urge'): the office, leaders and the unit it was sent to."""
    if which not in ("notice", "urge"):
        abort(404)
    record = fetch(current_user, EscalationRecord, record_id)
    body = record_document(record, which, letterhead_bytes())
    return Response(body, mimetype=DOCX, headers={
        "Content-Disposition": f"attachment; filename={which}-{record.id}.docx"})
