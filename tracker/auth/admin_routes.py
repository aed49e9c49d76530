"""Admin pages: users."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, or_, select

from tracker.auth.forms import ResetPasswordForm, UserForm
from tracker.auth.models import User
from tracker.auth.services import AccountError, create_user, reset_password, set_active, update_user
from tracker.extensions import db
from tracker.units.models import Unit
from tracker.units.services import unit_choices
from tracker.web.forms import choices, form_errors
from tracker.web.pagination import paginate
from tracker.web.roles import roles_required

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _user_form(user: User | None = None) -> UserForm:
    form = UserForm(obj=user)
    units = unit_choices()
    form.unit_id.choices = choices([(0, "（不属于责任单位）")] + [(u.id, u.name) for u in units])
    if user is not None and request.method == "GET":
        form.unit_id.data = user.unit_id or 0
    return form


@bp.get("/users")
@roles_required("admin")
def users():
    q = request.args.get("q", "").strip()
    stmt = select(User).options(db.joinedload(User.unit)).order_by(User.role, User.username)
    if q:
        like = f"%{q}%"
        stmt = stmt.outerjoin(Unit).where(or_(User.username.ilike(like), User.display_name.ilike(like), Unit.name.ilike(like)))
    page = paginate(stmt, count_stmt=select(func.count()).select_from(stmt.order_by(None).subquery()))
    return render_template("admin/users.html", page=page, q=q, form=_user_form(), reset_form=ResetPasswordForm())


@bp.post("/users")
@roles_required("admin")
def create():
    form = _user_form()
    if form.validate_on_submit():
        unit_name = db.session.get(Unit, form.unit_id.data).name if form.unit_id.data else None
        try:
            user = create_user(form.username.data, form.role.data, form.password.data or "",
                               display_name=form.display_name.data, unit_name=unit_name,
                               actor=current_user, must_change=True)
        except AccountError as exc:
            flash(str(exc), "danger")
        else:
            db.session.commit()
            flash(f"已创建账号 {user.username}，首次登录须修改密码。", "success")
    else:
        flash(form_errors(form), "danger")
    return redirect(url_for("admin.users"))


def _user_or_404(user_id: int) -> User:
    return db.session.get(User, user_id) or abort(404)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@roles_required("admin")
def edit(user_id: int):
    user = _user_or_404(user_id)
    form = _user_form(user)
    if form.validate_on_submit():
        unit = db.session.get(Unit, form.unit_id.data) if form.unit_id.data else None
        try:
            update_user(user, role=form.role.data, unit=unit,
                        display_name=form.display_name.data or user.username, actor=current_user)
        except AccountError as exc:
            flash(str(exc), "danger")
        else:
            db.session.commit()
            flash("已保存。", "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/user_edit.html", user=user, form=form)


@bp.post("/users/<int:user_id>/reset")
@roles_required("admin")
def reset(user_id: int):
    user = _user_or_404(user_id)
    form = ResetPasswordForm()
    if not form.validate_on_submit():
        flash(form_errors(form), "danger")
        return redirect(url_for("admin.users"))
    try:
        reset_password(user, form.password.data, current_user)
    except AccountError as exc:
        flash(str(exc), "danger")
    else:
        db.session.commit()
        flash(f"已重置 {user.username} 的密码，下次登录须修改。", "success")
    return redirect(url_for("admin.users"))


@bp.post("/users/<int:user_id>/active")
@roles_required("admin")
def toggle_active(user_id: int):
    user = _user_or_404(user_id)
    try:
        set_active(user, request.form.get("active") == "1", current_user)
    except AccountError as exc:
        flash(str(exc), "danger")
    else:
        db.session.commit()
        flash("已更新账号状态。", "success")
    return redirect(url_for("admin.users"))
