"""督办事项 pages: the list (leaders read), registering an item (office), turning a 批示, a 督查 finding, a
meeting's 议定事项 or a 整改事项 into one, the urgency limits, and the due date an urgency gives (for the form)."""
from datetime import date

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user

from tracker import clock
from tracker.assignments.current import current_campaign
from tracker.assignments.visibility import fetch, scope, task_for
from tracker.errors import Refusal
from tracker.extensions import db
from tracker.items.forms import ItemForm, RegisterTaskForm, UrgencyLimitsForm
from tracker.items.models import Source, SupervisionItem, Urgency
from tracker.items.queries import STATE_FILTERS, ItemFilters, item_counts, item_page
from tracker.items.services import (
    ItemSpec,
    instruction_defaults,
    register_existing_task,
    register_inspection_item,
    register_instruction_item,
    set_reply_requirement,
)
from tracker.items.urgency import default_due, set_urgency_limits, urgency_limits
from tracker.supervision.models import Inspection, Instruction
from tracker.units.models import Unit
from tracker.units.services import unit_choices
from tracker.web.forms import choices
from tracker.web.pagination import page_number
from tracker.web.roles import office_required, roles_required
from tracker.web.safe_redirect import safe_next

bp = Blueprint("items", __name__)
READERS = ("admin", "office", "leader")


def _campaign():
    return current_campaign() or abort(404)


@bp.get("/items")
@roles_required(*READERS)
def index():
    campaign = _campaign()
    today, filters = clock.today(campaign.timezone), ItemFilters.from_args(request.args)
    visible = scope(current_user, SupervisionItem)
    page, limits = item_page(campaign, today, filters, visible, page=page_number(request.args)), urgency_limits(campaign)
    return render_template("items/index.html", page=page, filters=filters,
                           counts=item_counts(campaign, today, visible), today=today, sources=Source.labels(),
                           states=STATE_FILTERS, limits=limits, urgencies=Urgency.labels(),
                           limits_form=UrgencyLimitsForm(formdata=None, **limits))


def _item_form(campaign) -> ItemForm:
    form = ItemForm()
    units = [(u.id, u.name) for u in unit_choices()]
    form.lead.choices = choices([(0, "（请选择）")] + units)
    form.co.choices = choices(units)
    return form


def _source_objects(form: ItemForm):
    """The 批示 or the inspection the form names (hidden fields), if any: one the office may see."""
    def one(model, value):
        return fetch(current_user, model, int(value)) if str(value or "").isdigit() else None
    return one(Instruction, form.instruction_id.data), one(Inspection, form.inspection_id.data)


def _prefill(form: ItemForm, campaign) -> None:
    """A GET of the form from a 批示 (?instruction=) or a 督查 finding (?inspection=&finding=N)."""
    form.instructed_on.data = clock.today(campaign.timezone)
    if instruction_id := request.args.get("instruction", type=int):
        spec = instruction_defaults(fetch(current_user, Instruction, instruction_id))
        form.instruction_id.data = instruction_id
        form.leader_name.data, form.instruction_text.data = spec.leader_name, spec.instruction_text
        form.instructed_on.data, form.content.data, form.due.data = spec.instructed_on, spec.content, spec.due
        form.lead.data, form.co.data = (spec.lead.id if spec.lead else 0), [u.id for u in spec.co]
    elif inspection_id := request.args.get("inspection", type=int):
        inspection = fetch(current_user, Inspection, inspection_id)
        lines = [line.strip() for line in inspection.findings.splitlines() if line.strip()]
        n = request.args.get("finding", 0, type=int)
        form.inspection_id.data = inspection_id
        form.content.data = lines[n] if 0 <= n < len(lines) else ""


def _mark_required(form: ItemForm, inspection) -> None:
    """The asterisks of the fields the service will ask for (it checks them: one set of messages)."""
    wanted = [form.due] if inspection is not None else [form.leader_name, form.instructed_on, form.instruction_text]
    for f in wanted:
        f.flags.required = True


def _spec(form: ItemForm) -> ItemSpec:
    lead = db.session.get(Unit, form.lead.data) if form.lead.data else None
    co = [u for u in (db.session.get(Unit, i) for i in form.co.data or []) if u is not None]
    return ItemSpec(content=form.content.data or "", lead=lead, co=co, due=form.due.data,
                    reply_requirement=form.reply_requirement.data or "", leader_name=form.leader_name.data or "",
                    instruction_text=form.instruction_text.data or "", instructed_on=form.instructed_on.data,
                    urgency=form.urgency.data or "")


def _render_form(form, campaign, instruction, inspection, code=200):
    return render_template("items/new.html", form=form, instruction=instruction, inspection=inspection,
                           limits=urgency_limits(campaign), urgencies=Urgency.labels()), code


@bp.route("/items/new", methods=["GET", "POST"])
@office_required
def new():
    campaign = _campaign()
    form = _item_form(campaign)
    if request.method == "GET":
        _prefill(form, campaign)
    instruction, inspection = _source_objects(form)
    _mark_required(form, inspection)
    if request.method == "GET" or not form.validate_on_submit():
        return _render_form(form, campaign, instruction, inspection, 200 if request.method == "GET" else 400)
    try:
        if inspection is not None:
            item = register_inspection_item(campaign, inspection, _spec(form), current_user)
        else:
            item = register_instruction_item(campaign, _spec(form), current_user, instruction=instruction)
    except Refusal as exc:
        db.session.rollback()
        flash(str(exc), "danger")
        return _render_form(form, campaign, instruction, inspection, exc.status)
    number = item.number
    db.session.commit()
    flash(f"已登记督办事项 {number}。", "success")
    return redirect(url_for("items.index", q=number))


@bp.post("/items/from-task/<int:task_id>")
@office_required
def from_task(task_id: int):
    """A meeting's 议定事项 or a 整改事项 registered as an item as it is (no second task)."""
    task = task_for(current_user, task_id, change=True)
    form = RegisterTaskForm()
    back = safe_next(request.form.get("next"), url_for("tasks.detail", task_id=task.id))
    try:
        item = register_existing_task(task, current_user, form.reply_requirement.data or "")
    except Refusal as exc:
        db.session.rollback()
        flash(str(exc), "danger")
        return redirect(back)
    number = item.number
    db.session.commit()
    flash(f"已登记督办事项 {number}。", "success")
    return redirect(back)


@bp.post("/items/<int:item_id>/reply")
@office_required
def reply(item_id: int):
    """The office changes an item's 办复要求 (on the task's page)."""
    item = fetch(current_user, SupervisionItem, item_id, change=True)
    form, back = RegisterTaskForm(), url_for("tasks.detail", task_id=item.task_id)
    try:
        set_reply_requirement(item, form.reply_requirement.data or "", current_user)
    except Refusal as exc:
        db.session.rollback()
        flash(str(exc), "danger")
        return redirect(back)
    db.session.commit()
    flash("已修改办复要求。", "success")
    return redirect(back)


@bp.post("/items/limits")
@office_required
def limits():
    campaign = _campaign()
    form = UrgencyLimitsForm()
    if not form.validate_on_submit():
        flash("；".join(e for errs in form.errors.values() for e in errs), "danger")
        return redirect(url_for("items.index"))
    try:
        set_urgency_limits(campaign, {u: getattr(form, u).data for u in Urgency.values()}, current_user)
    except Refusal as exc:
        db.session.rollback()
        flash(str(exc), "danger")
        return redirect(url_for("items.index"))
    db.session.commit()
    flash("已保存办理时限。", "success")
    return redirect(url_for("items.index"))


@bp.get("/items/due")
@office_required
def due():
    """{"due": "YYYY-MM-DD"}: the 办理时限 an urgency gives from a 批示's date (the form pre-fills it)."""
    campaign = _campaign()
    try:
        day = date.fromisoformat(request.args.get("on", ""))
        return jsonify(due=default_due(campaign, request.args.get("urgency", ""), day).isoformat())
    except (ValueError, Refusal):  # nothing to compute yet: the form keeps what is typed
        return jsonify(due=None, error="请填写批示日期并选择紧急程度。")

