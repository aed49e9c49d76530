"""Rendering the assignment page, its 409 conflict page, and running a unit's action with one commit."""
from collections.abc import Callable

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from tracker import clock
from tracker.assignments.due import is_overdue
from tracker.assignments.extension import why_no_request
from tracker.assignments.forms import ExtensionForm, ProgressForm, SubmitForm, VersionForm
from tracker.assignments.models import Assignment, ExtensionRequest
from tracker.assignments.services import SUMMARY_MAX, AssignmentError, VersionConflict
from tracker.assignments.visibility import may_change
from tracker.cadence.models import ProgressCadence
from tracker.cadence.services import status_for
from tracker.campaigns.services import phase_calendar
from tracker.escalation.page import ladder_of
from tracker.extensions import db
from tracker.pages.workspace_queries import assignment_page
from tracker.tasks.models import Task


def _latest_note(page):
    """The assignment's newest progress note, or None (page.progress is newest first)."""
    return (page.progress.get(page.assignment.id) or [None])[0]


def _prefilled_progress(page) -> ProgressForm:
    last = _latest_note(page)
    if last is None:
        return ProgressForm(formdata=None)
    return ProgressForm(formdata=None, progress=last.progress, problems=last.problems, next_steps=last.next_steps)


def _prefilled_submit(page) -> SubmitForm:
    """提交说明 starts from the latest progress note (report once, reuse it): the unit edits rather than retypes."""
    last = _latest_note(page)
    if last is None or not last.progress.strip():
        return SubmitForm(formdata=None)
    form = SubmitForm(formdata=None, summary=last.progress.strip()[:SUMMARY_MAX])
    form.prefilled = True  # the page says so
    return form


def _extensions_and_cycle(a: Assignment) -> tuple[list[ExtensionRequest], ProgressCadence | None]:
    """The assignment's 延期申请 (newest first) and its campaign's progress cycle when on, in one statement."""
    rows = db.session.execute(
        select(ExtensionRequest, ProgressCadence).select_from(Assignment).join(Task, Task.id == Assignment.task_id)
        .outerjoin(ExtensionRequest, ExtensionRequest.assignment_id == Assignment.id)
        .outerjoin(ProgressCadence, ProgressCadence.campaign_id == Task.campaign_id)
        .where(Assignment.id == a.id).order_by(ExtensionRequest.id.desc())).all()
    cadence = rows[0][1] if rows and rows[0][1] is not None and rows[0][1].enabled else None
    return [r for r, _ in rows if r is not None], cadence


def render_detail(a: Assignment, code: int = 200, **forms):
    """The assignment page; `forms` may carry a bound form (kept as typed) after a refused action."""
    page = assignment_page(current_user, a)
    progress_form = forms.get("progress") or _prefilled_progress(page)
    submit_form = forms.get("submit") or _prefilled_submit(page)
    action_form = VersionForm(formdata=None)
    for form in (progress_form, submit_form, action_form):
        form.version.data, form.seen.data = a.version, page.last_event_id
    today = clock.today(a.task.campaign.timezone)
    editable = current_user.role == "unit" and may_change(current_user, a) and a.is_open
    extensions, cadence = _extensions_and_cycle(a)
    return render_template(
        "assignments/detail.html", page=page, a=a, today=today, editable=editable,
        overdue=is_overdue(a, today), calendar=phase_calendar(a.task.campaign, today),
        progress_form=progress_form, submit_form=submit_form, action_form=action_form,
        extensions=extensions, extension_form=forms.get("extension") or ExtensionForm(formdata=None),
        no_extension=why_no_request(a, current_user, today, extensions) if editable else None,
        cycle=status_for(cadence, a, today, page.progress.get(a.id, [])) if editable else None,
        ladder=ladder_of(a),
    ), code


def render_conflict(a: Assignment, form, which: str):
    """409: keep what the user typed, show what changed since the version they edited."""
    db.session.rollback()
    page = assignment_page(current_user, a)
    changes = [e for e in page.timeline if e.id > form.seen_event]
    form.version.data, form.seen.data = a.version, page.last_event_id
    return render_template("assignments/conflict.html", a=a, page=page, form=form, which=which,
                           changes=changes), 409


def run_action(a: Assignment, form, which: str, action: Callable[[], object], done: str):
    """Run one service call for the assignment page; commit once, or re-render with the user's input."""
    try:
        action()
        db.session.commit()
    except (VersionConflict, StaleDataError):  # StaleDataError: another save won between our read and write
        return render_conflict(a, form, which)
    except AssignmentError as exc:
        db.session.rollback()
        flash(str(exc), "danger")
        return render_detail(a, 400, **{which: form})
    flash(done, "success")
    return redirect(url_for("assignments.detail", assignment_id=a.id))
