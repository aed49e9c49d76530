from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user

from tracker.auth.forms import ChangePasswordForm, LoginForm
from tracker.auth.services import AccountError, authenticate, change_password, end_session
from tracker.extensions import db
from tracker.web.safe_redirect import safe_next

bp = Blueprint("auth", __name__)
# what a user with an initial or reset password may still open before changing it
BEFORE_PASSWORD_CHANGE = {"auth.password", "auth.logout", "auth.login", "static", "web.healthz"}


@bp.before_app_request
def require_password_change():
    """An initial or reset password is changed before anything else (it is known to the admin)."""
    if request.endpoint in BEFORE_PASSWORD_CHANGE or request.endpoint is None:
        return None
    if current_user.is_authenticated and current_user.must_change_password:
        return redirect(url_for("auth.password"))
    return None


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("web.home"))
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        result = authenticate(form.username.data, form.password.data, address=request.remote_addr)
        db.session.commit()  # failures and lock-outs are kept too
        if result.user:
            login_user(result.user, remember=form.remember.data)
            if result.user.must_change_password:
                flash("请先修改初始密码。", "warning")
                return redirect(url_for("auth.password"))
            return redirect(safe_next(request.args.get("next"), url_for("web.home")))
        error = result.error
    return render_template("auth/login.html", form=form, error=error), (401 if error else 200)


@bp.post("/logout")
@login_required
def logout():
    """Ends this session on the server too: a copied session or remember cookie no longer signs in."""
    end_session(current_user)
    db.session.commit()
    logout_user()
    flash("已退出登录。", "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            change_password(current_user, form.current.data, form.new.data)
        except AccountError as exc:
            form.new.errors.append(str(exc))
        else:
            db.session.commit()
            login_user(current_user)  # the session token changed: keep this browser signed in
            flash("密码已修改。", "success")
            return redirect(url_for("web.home"))
    return render_template("auth/password.html", form=form)
