"""Joint-meeting pages: the bodies, a body's page (members, meetings, open matters), its directory, and the
office's forms for the body, its members and liaisons."""
from io import BytesIO

from flask import Blueprint, flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from tracker import clock
from tracker.assignments.visibility import fetch, scope
from tracker.campaigns.models import Campaign, CampaignKind
from tracker.errors import NotFound, Refusal
from tracker.extensions import db
from tracker.meetings.directory import directory_entries, directory_workbook
from tracker.meetings.forms import BodyForm, DutyForm, LiaisonForm, MemberForm
from tracker.meetings.members import add_member, members_of, replace_liaison, set_duty
from tracker.meetings.models import Member
from tracker.meetings.pages import body_page
from tracker.meetings.services import BodySpec, body_of, create_body, update_body
from tracker.units.models import Unit
from tracker.units.services import unit_choices
from tracker.web.forms import choices, form_errors
from tracker.web.roles import office_required

bp = Blueprint("meetings", __name__)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _body(campaign_id: int, *, change: bool = False) -> Campaign:
    """A body the user may see (a unit: one it is a member of or holds a matter in); else 404."""
    campaign = fetch(current_user, Campaign, campaign_id, change=change)
    if not campaign.is_body:
        raise NotFound()
    return campaign


def _person(text: str) -> tuple[str, str]:
    name, _, post = (text or "").strip().partition(" ")
    return name.strip(), post.strip()


def _spec(form: BodyForm) -> BodySpec:
    return BodySpec(form.name.data, db.session.get(Unit, form.office_unit_id.data) or _no_unit(),
                    _person(form.convener.data) if form.convener.data else None,
                    [_person(line) for line in (form.deputies.data or "").splitlines() if line.strip()],
                    form.notice_number.data or "", form.notice_date.data)


def _no_unit():
    raise Refusal("请选择联席会议办公室所在单位。")


@bp.get("/bodies")
@login_required
def index():
    bodies = db.session.scalars(select(Campaign).where(Campaign.kind == CampaignKind.JOINT_MEETING,
                                                       scope(current_user, Campaign))
                                .order_by(Campaign.id.desc())).all()
    return render_template("meetings/index.html", bodies=bodies)


@bp.route("/bodies/new", methods=["GET", "POST"])
@office_required
def new():
    form = BodyForm()
    form.office_unit_id.choices = choices(unit_choices())
    if form.validate_on_submit():
        try:
            campaign = create_body(form.slug.data or "", _spec(form), actor=current_user)
        except Refusal as exc:
            db.session.rollback()
            flash(str(exc), "danger")
        else:
            db.session.commit()
            flash(f"已建立联席会议：{campaign.name}。下一步：导入成员单位。", "success")
            return redirect(url_for("meetings.body", campaign_id=campaign.id))
    elif form.errors:
        flash(form_errors(form), "danger")
    return render_template("meetings/body_edit.html", form=form, campaign=None)


@bp.get("/bodies/<int:campaign_id>")
@login_required
def body(campaign_id: int):
    campaign = _body(campaign_id)
    data = body_page(current_user, campaign)
    forms = {"member": MemberForm(formdata=None), "duty": DutyForm(formdata=None),
             "liaison": LiaisonForm(formdata=None)}
    if current_user.role in ("office", "admin"):  # the picker of 添加成员单位
        forms["member"].unit_id.choices = choices(
            (i, n) for i, n in unit_choices() if i not in {m.unit_id for m in data["members"]})
    return render_template("meetings/body.html", today=clock.today(campaign.timezone), forms=forms, **data)


@bp.route("/bodies/<int:campaign_id>/edit", methods=["GET", "POST"])
@office_required
def edit(campaign_id: int):
    campaign = _body(campaign_id, change=True)
    facts = body_of(campaign)
    form = BodyForm(obj=facts, name=campaign.name, office_unit_id=facts.office_unit_id) \
        if request.method == "GET" else BodyForm()
    form.office_unit_id.choices = choices(unit_choices())
    if request.method == "GET":
        form.convener.data = f"{facts.convener.name} {facts.convener.post}".strip() if facts.convener else ""
        form.deputies.data = "\n".join(f"{d.name} {d.post}".strip() for d in facts.deputies)
    if form.validate_on_submit():
        try:
            update_body(facts, _spec(form), actor=current_user)
        except Refusal as exc:
            db.session.rollback()
            flash(str(exc), "danger")
        else:
            db.session.commit()
            flash("已保存。", "success")
            return redirect(url_for("meetings.body", campaign_id=campaign.id))
    elif form.errors:
        flash(form_errors(form), "danger")
    return render_template("meetings/body_edit.html", form=form, campaign=campaign)


@bp.post("/bodies/<int:campaign_id>/members")
@office_required
def add_member_view(campaign_id: int):
    campaign = _body(campaign_id, change=True)
    form = MemberForm()
    form.unit_id.choices = choices(unit_choices())
    if not form.validate():
        flash(form_errors(form), "danger")
        return redirect(url_for("meetings.body", campaign_id=campaign_id))
    try:
        add_member(campaign, db.get_or_404(Unit, form.unit_id.data), form.duty.data or "", actor=current_user)
    except Refusal as exc:
        db.session.rollback()
        flash(str(exc), "danger")
    else:
        db.session.commit()
        flash("已添加成员单位。", "success")
    return redirect(url_for("meetings.body", campaign_id=campaign_id, _anchor="members"))


def _member(member_id: int) -> Member:
    member = fetch(current_user, Member, member_id, change=True)
    _body(member.campaign_id, change=True)
    return member


@bp.post("/bodies/members/<int:member_id>/duty")
@office_required
def duty(member_id: int):
    member = _member(member_id)
    form = DutyForm()
    if not form.validate():
        flash(form_errors(form), "danger")
    else:
        set_duty(member, form.duty.data or "", actor=current_user)
        db.session.commit()
        flash(f"已保存{member.unit.name}的职责。", "success")
    return redirect(url_for("meetings.body", campaign_id=member.campaign_id, _anchor=f"member-{member.id}"))


@bp.post("/bodies/members/<int:member_id>/liaison")
@office_required
def liaison(member_id: int):
    member = _member(member_id)
    form = LiaisonForm()
    if not form.validate():
        flash(form_errors(form), "danger")
    else:
        replace_liaison(member, form.name.data, post=form.post.data or "", phone=form.phone.data or "",
                        email=form.email.data or "", today=clock.today(), actor=current_user)
        db.session.commit()
        flash(f"已更换{member.unit.name}的联络员（原联络员保留在历史中）。", "success")
    return redirect(url_for("meetings.body", campaign_id=member.campaign_id, _anchor=f"member-{member.id}"))


@bp.get("/bodies/<int:campaign_id>/directory")
@login_required
def directory(campaign_id: int):
    campaign = _body(campaign_id)
    return render_template("meetings/directory.html", campaign=campaign, body=body_of(campaign),
                           members=members_of(campaign), today=clock.today(campaign.timezone))


@bp.get("/bodies/<int:campaign_id>/directory.xlsx")
@login_required
def directory_xlsx(campaign_id: int):
    campaign = _body(campaign_id)
    data = directory_workbook(campaign.name, directory_entries(members_of(campaign)))
    name = f"{campaign.name}成员单位及联络员名单-{clock.today(campaign.timezone).isoformat()}.xlsx"
    return send_file(BytesIO(data), mimetype=XLSX, as_attachment=True, download_name=name)
