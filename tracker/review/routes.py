"""Review pages of the office: the queue, one submission, bulk approve, and 初验 scoring."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from tracker import clock
from tracker.assignments.counts import campaign_figures
from tracker.assignments.current import current_campaign
from tracker.assignments.models import Assignment
from tracker.assignments.visibility import assignment_for, scope, task_for
from tracker.audit.services import timeline_for_assignment
from tracker.campaigns.models import PHASE_LABELS
from tracker.extensions import db
from tracker.review import points, scoring
from tracker.review.forms import DecisionForm, ScoreForm
from tracker.review.queue import QueueFilters, filter_choices, queue_count, queue_select
from tracker.review.services import (
    ReviewError,
    approve_assignment,
    assignments_by_ids,
    bulk_approve,
    return_counts,
    return_for_revision,
    review_detail,
)
from tracker.tasks.models import Task
from tracker.web.forms import form_errors
from tracker.web.pagination import paginate
from tracker.web.roles import office_required

bp = Blueprint("review", __name__, url_prefix="/review")


def _campaign():
    return current_campaign() or abort(404)


@bp.get("")
@office_required
def queue():
    campaign = _campaign()
    filters = QueueFilters.from_args(request.args)
    today = clock.today(campaign.timezone)
    counts = campaign_figures(campaign, today).counts
    if filters.any:
        page = paginate(queue_select(campaign, filters), count_stmt=queue_count(campaign, filters), scalars=False)
    else:  # the whole queue: its length is a cached figure
        page = paginate(queue_select(campaign, filters), total=counts.get("submitted", 0), scalars=False)
    return render_template(
        "review/queue.html", page=page, filters=filters, counts=counts, campaign=campaign,
        returns=return_counts([a.id for a in page.items]), phase_labels=PHASE_LABELS,
        today=today, **filter_choices(campaign))


@bp.post("/bulk-approve")
@office_required
def bulk():
    ids = [int(i) for i in request.form.getlist("ids") if i.isdigit()]
    try:
        reviews = bulk_approve(assignments_by_ids(ids, scope(current_user, Assignment, change=True)), current_user)
    except ReviewError as exc:
        db.session.rollback()
        flash(str(exc), "danger")
    else:
        db.session.commit()
        flash(f"已通过 {len(reviews)} 项。", "success")
    return redirect(url_for("review.queue"))


def _load(assignment_id: int, change: bool = False) -> Assignment:
    return assignment_for(current_user, assignment_id, db.joinedload(Assignment.task).joinedload(Task.category),
                          db.joinedload(Assignment.unit), change=change)


@bp.get("/<int:assignment_id>")
@office_required
def detail(assignment_id: int):
    return _render_detail(_load(assignment_id))


def _render_detail(assignment: Assignment, status: int = 200, form: DecisionForm | None = None):
    form = form or DecisionForm(version=assignment.version)
    form.version.data = assignment.version
    today = clock.today(assignment.task.campaign.timezone)
    return render_template("review/detail.html", a=assignment, form=form, today=today,
                           history=timeline_for_assignment(assignment.id), **review_detail(assignment)), status


@bp.post("/<int:assignment_id>/<any(approve, return):decision>")
@office_required
def decide(assignment_id: int, decision: str):
    assignment = _load(assignment_id, change=True)
    form = DecisionForm()
    version = int(form.version.data) if (form.version.data or "").isdigit() else None
    try:
        if decision == "approve":
            approve_assignment(assignment, current_user, version=version)
        else:
            return_for_revision(assignment, form.reason.data or "", current_user, version=version,
                                co_units=form.co_units.data or [])
    except ReviewError as exc:
        db.session.rollback()
        flash(str(exc), "danger")
        return _render_detail(_load(assignment_id), exc.status, form)
    db.session.commit()
    flash("已通过。" if decision == "approve" else "已退回，单位将收到退回原因。", "success")
    return redirect(url_for("review.queue"))


@bp.get("/scores")
@office_required
def scores():
    return _render_scores()


def _render_scores(status: int = 200, grid_errors: dict | None = None, grid_values: dict | None = None):
    campaign = _campaign()
    rows = scoring.scored_tasks(campaign.id)
    return render_template("review/scores.html", rows=rows, summary=scoring.category_scores(campaign.id),
                           lost=scoring.lost_points(rows), form=ScoreForm(),
                           grid=points.campaign_tasks(campaign.id, scope(current_user, Task, change=True)),
                           grid_errors=grid_errors or {}, grid_values=grid_values or {}), status


@bp.post("/scores/points")
@office_required
def set_points():
    """The 分值 grid: every task's points in one form, all saved or none."""
    campaign = _campaign()
    rows = points.campaign_tasks(campaign.id, scope(current_user, Task, change=True))
    values = {t.id: request.form[f"points-{t.id}"] for t, _ in rows if f"points-{t.id}" in request.form}
    try:
        changed = points.set_points(rows, values, current_user)
    except points.PointsRefused as exc:
        db.session.rollback()
        flash(str(exc), "danger")
        return _render_scores(400, grid_errors=exc.errors, grid_values=values)
    db.session.commit()
    flash(f"已保存分值（修改 {changed} 项）。" if changed else "分值没有变化。", "success")
    return redirect(url_for("review.scores") + "#points")


@bp.post("/scores/<int:task_id>")
@office_required
def score(task_id: int):
    task = task_for(current_user, task_id, change=True)
    form = ScoreForm()
    if not form.validate_on_submit():
        flash(form_errors(form), "danger")
        return _render_scores(400)
    try:
        scoring.score_task(task, form.score.data, form.comment.data or "", current_user)
    except ReviewError as exc:
        db.session.rollback()
        flash(str(exc), "danger")
        return _render_scores(exc.status)
    db.session.commit()
    flash("已保存评分。", "success")
    return redirect(url_for("review.scores") + f"#task-{task.id}")
