"""The unit's workspace: my assignments, an assignment's page, and the unit's actions on it."""
from flask import Blueprint, render_template, request
from flask_login import current_user, login_required

from tracker import clock
from tracker.assignments.current import current_campaign
from tracker.assignments.extension import request_extension
from tracker.assignments.forms import ExtensionForm, ProgressForm, SubmitForm, VersionForm
from tracker.assignments.models import ROLE_LABELS, STATUS_LABELS
from tracker.assignments.services import (
    acknowledge_assignment,
    add_progress_update,
    confirm_no_change,
    start_assignment,
    submit_assignment,
)
from tracker.assignments.visibility import assignment_for
from tracker.campaigns.models import PHASE_LABELS
from tracker.evidence.services import co_material, linked_count
from tracker.pages.templating import request_calendar
from tracker.pages.workspace_queries import Filters, load_assignment_options, my_assignments
from tracker.pages.workspace_views import render_detail, run_action
from tracker.web.pagination import page_number
from tracker.web.roles import roles_required

bp = Blueprint("assignments", __name__)


def _load(assignment_id: int, change: bool = True):
    return assignment_for(current_user, assignment_id, *load_assignment_options(), change=change)


@bp.get("/my")
@roles_required("unit")
def my_list():
    campaign = current_campaign()
    if campaign is None:
        return render_template("web/no_campaign.html")
    today = clock.today(campaign.timezone)
    filters = Filters.from_args(request.args)
    rows, counts = my_assignments(current_user.unit_id, campaign, today, filters, page_number(request.args),
                                  calendar=request_calendar())
    return render_template("assignments/my_list.html", rows=rows, counts=counts, filters=filters, today=today,
                           campaign=campaign, phase_labels=PHASE_LABELS, status_labels=STATUS_LABELS,
                           role_labels=ROLE_LABELS)


@bp.get("/assignments/<int:assignment_id>")
@login_required
def detail(assignment_id: int):
    return render_detail(_load(assignment_id, change=False))


@bp.post("/assignments/<int:assignment_id>/acknowledge")
@roles_required("unit")
def acknowledge(assignment_id: int):
    a, form = _load(assignment_id), VersionForm()
    return run_action(a, form, "action", lambda: acknowledge_assignment(a, current_user, form.posted_version),
                      "已签收。")


@bp.post("/assignments/<int:assignment_id>/extension")
@roles_required("unit")
def extension(assignment_id: int):
    a, form = _load(assignment_id), ExtensionForm()
    today = clock.today(a.task.campaign.timezone)
    return run_action(a, form, "extension", lambda: request_extension(
        a, current_user, form.new_due.data, form.reason.data, today), "延期申请已提交，请等待办公室审批。")


@bp.post("/assignments/<int:assignment_id>/start")
@roles_required("unit")
def start(assignment_id: int):
    a, form = _load(assignment_id), VersionForm()
    return run_action(a, form, "start", lambda: start_assignment(a, current_user, form.posted_version),
                      "任务已开始推进。")


@bp.post("/assignments/<int:assignment_id>/progress")
@roles_required("unit")
def progress(assignment_id: int):
    a, form = _load(assignment_id), ProgressForm()
    return run_action(a, form, "progress", lambda: add_progress_update(
        a, current_user, form.posted_version, form.progress.data, form.problems.data, form.next_steps.data,
    ), "进展已保存。")


@bp.post("/assignments/<int:assignment_id>/no-change")
@roles_required("unit")
def no_change(assignment_id: int):
    a, form = _load(assignment_id), VersionForm()
    return run_action(a, form, "action", lambda: confirm_no_change(a, current_user, form.posted_version),
                      "已报送：本期进展无变化。")


@bp.post("/assignments/<int:assignment_id>/submit")
@roles_required("unit")
def submit(assignment_id: int):
    a, form = _load(assignment_id), SubmitForm()
    return run_action(a, form, "submit", lambda: submit_assignment(
        a, current_user, form.posted_version, form.summary.data, carried=co_material(a), files=linked_count(a.id)),
        "已提交审核，办公室会收到通知。")
