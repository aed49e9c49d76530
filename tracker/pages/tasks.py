"""The office's and leaders' task list, a task's page, and the office's task editing."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from tracker import clock
from tracker.assignments.assigning import reassign_units
from tracker.assignments.counts import campaign_figures
from tracker.assignments.current import current_campaign
from tracker.assignments.models import Assignment
from tracker.assignments.visibility import scope, task_for
from tracker.extensions import db
from tracker.items.models import SOURCE_FILTERS
from tracker.items.services import registrable_as_is
from tracker.pages.task_queries import task_list_select, units_of
from tracker.review.queue import filter_choices
from tracker.supervision.models import Instruction
from tracker.tasks.editing import TaskEditError, update_task
from tracker.tasks.forms import TaskForm, UnitsForm
from tracker.tasks.models import Task
from tracker.units.models import Unit
from tracker.units.services import unit_choices
from tracker.web.forms import choices, form_errors
from tracker.web.pagination import paginate
from tracker.web.roles import office_required, roles_required

bp = Blueprint("tasks", __name__)
READERS = ("admin", "office", "leader")


@bp.get("/tasks")
@roles_required(*READERS)
def index():
    campaign = current_campaign() or abort(404)
    args = request.args
    filters = {"q": args.get("q", "").strip(), "category_id": args.get("category", type=int),
               "unit_id": args.get("unit", type=int), "status": args.get("status") or None,
               "source": args.get("source") if args.get("source") in SOURCE_FILTERS else None}
    stmt, count = task_list_select(campaign.id, **filters)
    today = clock.today(campaign.timezone)
    if any(filters.values()):
        page = paginate(stmt, count_stmt=count, scalars=False)
    else:
        page = paginate(stmt, total=campaign_figures(campaign, today).tasks, scalars=False)
    return render_template("tasks/index.html", page=page, filters=filters, today=today,
                           units_of=units_of([t.id for t in page.items]), sources=SOURCE_FILTERS,
                           **filter_choices(campaign))


def _task(task_id: int, change: bool = False) -> Task:
    return task_for(current_user, task_id, db.joinedload(Task.category),
                    db.selectinload(Task.assignments).joinedload(Assignment.unit), change=change)


@bp.get("/tasks/<int:task_id>")
@roles_required(*READERS)
def detail(task_id: int):
    task = _task(task_id)
    notes = db.session.scalars(select(Instruction).where(Instruction.task_id == task.id,
                                                         scope(current_user, Instruction))
                               .options(db.joinedload(Instruction.author)).order_by(Instruction.created_at.desc()))
    item = task.supervision_item
    return render_template("tasks/detail.html", task=task, instructions=list(notes), item=item,
                           may_register=item is None and current_user.role in ("office", "admin")
                           and registrable_as_is(task), today=clock.today(task.campaign.timezone))


def _units_form(task: Task) -> UnitsForm:
    form = UnitsForm()
    units = unit_choices()
    form.lead.choices = choices([(u.id, u.name) for u in units])
    form.co.choices = choices([(u.id, u.name) for u in units])
    if request.method == "GET":
        form.lead.data = task.lead.unit_id if task.lead else None
        form.co.data = [a.unit_id for a in task.assignments if a.role == "co"]
    return form


def _task_form(task: Task) -> TaskForm:
    form = TaskForm(obj=task if request.method == "GET" else None)
    if request.method == "GET":
        form.category.data = task.category.name
    return form


@bp.route("/tasks/<int:task_id>/edit", methods=["GET", "POST"])
@office_required
def edit(task_id: int):
    task = _task(task_id, change=True)
    form = _task_form(task)
    if form.validate_on_submit():
        try:
            update_task(task, title=form.title.data, category_name=form.category.data, deadline=form.deadline.data,
                        points=form.points.data, reason=form.deadline_reason.data,
                        co_submission=form.co_submission.data, actor=current_user)
        except TaskEditError as exc:
            db.session.rollback()
            flash(str(exc), "danger")
            return render_template("tasks/edit.html", task=_task(task_id, change=True), form=form,
                                   units_form=_units_form(task)), 400
        db.session.commit()
        flash("已保存任务。", "success")
        return redirect(url_for("tasks.detail", task_id=task_id))
    if request.method == "POST":
        flash(form_errors(form), "danger")
    return render_template("tasks/edit.html", task=task, form=form, units_form=_units_form(task))


@bp.post("/tasks/<int:task_id>/units")
@office_required
def units(task_id: int):
    task = _task(task_id, change=True)
    form = _units_form(task)
    lead = db.session.get(Unit, form.lead.data or 0) or abort(400)
    co = [u for u in (db.session.get(Unit, i) for i in form.co.data or []) if u is not None]
    try:
        reassign_units(task, lead, co, current_user)
    except TaskEditError as exc:
        db.session.rollback()
        flash(str(exc), "danger")
        return redirect(url_for("tasks.edit", task_id=task_id))
    db.session.commit()
    flash("已调整责任单位。", "success")
    return redirect(url_for("tasks.detail", task_id=task_id))
