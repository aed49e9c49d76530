"""Meeting pages: record a meeting with its attendance, minutes and 议定事项; a meeting's page with its matters'
completion; add matters later; the signed minutes file."""
from flask import Blueprint, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user, login_required
from sqlalchemy.orm import selectinload

from tracker import clock
from tracker.assignments.visibility import fetch
from tracker.campaigns.models import Campaign
from tracker.errors import NotFound, Refusal
from tracker.evidence import storage
from tracker.evidence.models import Evidence
from tracker.evidence.services import Incoming
from tracker.extensions import db
from tracker.imports import screens
from tracker.imports.parser import ParsedSheet, read_list
from tracker.meetings.forms import DECISION_ROWS, DecisionsForm, MeetingForm
from tracker.meetings.meetings import (
    MeetingSpec,
    Recorded,
    add_decisions,
    attach_minutes,
    record_meeting,
    rows_sheet,
    update_meeting,
)
from tracker.meetings.members import members_of
from tracker.meetings.models import Attendance, Meeting
from tracker.meetings.pages import meeting_page
from tracker.web.forms import form_errors
from tracker.web.roles import office_required
from tracker.xlsx.reading import ImportFileError

bp = Blueprint("meeting", __name__)


def _body(campaign_id: int) -> Campaign:
    campaign = fetch(current_user, Campaign, campaign_id, change=True)
    if not campaign.is_body:
        raise NotFound()
    return campaign


def _spec(form: MeetingForm) -> MeetingSpec:
    present = [int(u) for u in request.form.getlist("present") if u.isdigit()]
    absent = {int(k[5:]): v for k, v in request.form.items() if k.startswith("note_") and k[5:].isdigit() and v}
    return MeetingSpec(form.kind.data, form.held_on.data, form.title.data or "", form.place.data or "",
                       form.chair.data or "", form.agenda.data or "", form.minutes.data or "", present, absent)


def _typed_rows() -> list[tuple[str, str, str]]:
    return list(zip(request.form.getlist("d_title"), request.form.getlist("d_units"),
                    request.form.getlist("d_deadline"), strict=False))


def _decisions(form: DecisionsForm) -> ParsedSheet:
    """The matters as a parsed 责任清单: an uploaded or pasted table when given, else the rows typed."""
    data = screens.uploaded(form)
    if data is None:
        return rows_sheet(_typed_rows())
    return read_list(data, max_rows=current_app.config["IMPORT_MAX_ROWS"])


def _store_minutes(meeting: Meeting, form: MeetingForm) -> list:
    """The signed minutes file, if one was chosen; the paths moved into place (removed if the commit fails)."""
    upload = form.minutes_file.data
    if not (upload and getattr(upload, "filename", "")):
        return []
    return attach_minutes(meeting, Incoming(upload.filename, upload.stream), actor=current_user)


def _render_new(campaign: Campaign, form: MeetingForm, decisions: DecisionsForm, done: Recorded | None = None,
                code: int = 200):
    rows = _typed_rows() if request.method == "POST" else []
    rows += [("", "", "")] * max(DECISION_ROWS - len(rows), 1)
    return render_template("meetings/meeting_edit.html", campaign=campaign, form=form, decisions=decisions,
                           members=members_of(campaign), rows=rows, done=done, meeting=None,
                           present=set(_spec(form).present) if request.method == "POST"
                           else {m.unit_id for m in members_of(campaign)}), code


@bp.route("/bodies/<int:campaign_id>/meetings/new", methods=["GET", "POST"])
@office_required
def new(campaign_id: int):
    campaign = _body(campaign_id)
    form, decisions = MeetingForm(), DecisionsForm()
    if request.method == "GET":
        form.held_on.data = clock.today(campaign.timezone)
        return _render_new(campaign, form, decisions)
    if not form.validate_on_submit():
        flash(form_errors(form), "danger")
        return _render_new(campaign, form, decisions, code=400)
    moved = []
    try:
        done = record_meeting(campaign, _spec(form), _decisions(decisions), actor=current_user)
        if done.meeting is None:
            db.session.rollback()
            flash("未记录：议定事项中有无法确定的责任单位或错误行（见下方），请修改后再保存。", "danger")
            return _render_new(campaign, form, decisions, done, 400)
        moved = _store_minutes(done.meeting, form)
        db.session.commit()
    except Refusal as exc:
        db.session.rollback()
        storage.discard(moved)
        flash(f"{exc}（已填写的内容保留在下方；如选择了纪要文件，请重新选择）", "danger")
        return _render_new(campaign, form, decisions, code=400)
    flash(f"已记录{done.meeting.kind_label}，议定事项 {len(done.tasks)} 项已分解到责任单位。", "success")
    return redirect(url_for("meeting.detail", meeting_id=done.meeting.id))


def _meeting(meeting_id: int, *, change: bool = False) -> Meeting:
    """A meeting the user may see (a unit: of a body it belongs to), with its attendance and their units."""
    return fetch(current_user, Meeting, meeting_id, selectinload(Meeting.attendance).joinedload(Attendance.unit),
                 change=change)


@bp.get("/meetings/<int:meeting_id>")
@login_required
def detail(meeting_id: int):
    meeting = _meeting(meeting_id)
    return render_template("meetings/meeting.html", decisions=DecisionsForm(formdata=None),
                           rows_blank=[("", "", "")] * 3, done_plan=None, today=clock.today(),
                           **meeting_page(current_user, meeting))


@bp.post("/meetings/<int:meeting_id>/decisions")
@office_required
def decisions(meeting_id: int):
    meeting = _meeting(meeting_id, change=True)
    form = DecisionsForm()
    try:
        done = add_decisions(meeting, _decisions(form), actor=current_user)
    except ImportFileError as exc:
        flash(f"无法读取：{exc}", "danger")
        return redirect(url_for("meeting.detail", meeting_id=meeting_id))
    if done.meeting is None:
        db.session.rollback()
        flash("未添加：议定事项中有无法确定的责任单位或错误行（见下方）。", "danger")
        return render_template("meetings/meeting.html", decisions=form, rows_blank=_typed_rows() or [("", "", "")],
                               done_plan=done, today=clock.today(), **meeting_page(current_user, meeting)), 400
    db.session.commit()
    flash(f"已添加议定事项 {len(done.tasks)} 项。", "success")
    return redirect(url_for("meeting.detail", meeting_id=meeting_id, _anchor="matters"))


@bp.route("/meetings/<int:meeting_id>/edit", methods=["GET", "POST"])
@office_required
def edit(meeting_id: int):
    meeting = _meeting(meeting_id, change=True)
    campaign = db.session.get(Campaign, meeting.campaign_id)
    form = MeetingForm(obj=meeting) if request.method == "GET" else MeetingForm()
    if form.validate_on_submit():
        moved = []
        try:
            update_meeting(meeting, _spec(form), actor=current_user)
            moved = _store_minutes(meeting, form)
            db.session.commit()
        except Refusal as exc:
            db.session.rollback()
            storage.discard(moved)
            flash(str(exc), "danger")
        else:
            flash("已保存。", "success")
            return redirect(url_for("meeting.detail", meeting_id=meeting.id))
    elif form.errors:
        flash(form_errors(form), "danger")
    present = {a.unit_id for a in meeting.attendance if a.present} if request.method == "GET" \
        else set(_spec(form).present)
    notes = {a.unit_id: a.note for a in meeting.attendance if not a.present}
    return render_template("meetings/meeting_edit.html", campaign=campaign, form=form, decisions=None,
                           members=members_of(campaign), rows=[], done=None, meeting=meeting, present=present,
                           notes=notes)


@bp.get("/meetings/<int:meeting_id>/minutes")
@login_required
def minutes_file(meeting_id: int):
    """The signed minutes, for whoever may see the meeting (its members too, though the file is the office's)."""
    meeting = _meeting(meeting_id)
    evidence = db.session.get(Evidence, meeting.minutes_file_id) if meeting.minutes_file_id else None
    if evidence is None:
        raise NotFound()
    return send_file(storage.stored_path(evidence.stored_name), mimetype=evidence.content_type,
                     as_attachment=True, download_name=evidence.original_name, max_age=0)
