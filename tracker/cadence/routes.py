"""进展报送: the office sets the campaign's progress cycle and sees 已报 / 未报 per period."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select

from tracker import clock
from tracker.assignments.current import current_campaign
from tracker.cadence.forms import CadenceForm
from tracker.cadence.models import CycleKind
from tracker.cadence.periods import describe
from tracker.cadence.services import (
    CadenceError,
    CycleSetting,
    board,
    cadence_of,
    counts,
    first_period,
    periods,
    save_setting,
    setting_of,
)
from tracker.extensions import db
from tracker.web.forms import form_errors
from tracker.web.pagination import paginate
from tracker.web.roles import office_required

bp = Blueprint("cadence", __name__)


def _form(campaign) -> CadenceForm:
    s = setting_of(campaign)
    form = CadenceForm(formdata=None, enabled=s.enabled, kind=s.kind, min_interval_days=s.min_interval_days,
                       remind_days=s.remind_days)
    form.month_day.data = s.day if s.kind == CycleKind.MONTHLY else 25
    form.weekday.data = s.day if s.kind == CycleKind.WEEKLY else 4
    return form


@bp.get("/cadence")
@office_required
def index():
    campaign = current_campaign() or abort(404)
    return _page(campaign, _form(campaign))


def _page(campaign, form: CadenceForm, code: int = 200):
    cadence, today = cadence_of(campaign), clock.today(campaign.timezone)
    context = {"form": form, "cadence": cadence, "state": request.args.get("state", ""), "campaign": campaign}
    if cadence is not None and not (choices := periods(cadence, today)):
        context.update(first=first_period(cadence), describe=describe(cadence.kind, cadence.day))
    elif cadence is not None:
        period = next((p for p in choices if p.key == request.args.get("period")), choices[0])
        stmt = board(campaign, period, context["state"])
        context.update(choices=choices, period=period, counts=counts(campaign, period),
                       describe=describe(cadence.kind, cadence.day),
                       page=paginate(stmt, count_stmt=select(func.count()).select_from(stmt.order_by(None).subquery()),
                                     scalars=False))
    return render_template("cadence/index.html", **context), code


@bp.post("/cadence/settings")
@office_required
def settings():
    campaign = current_campaign() or abort(404)
    form = CadenceForm()
    if not form.validate():
        flash(form_errors(form), "danger")
        return _page(campaign, form, 400)
    try:
        save_setting(campaign, CycleSetting(form.enabled.data, form.kind.data, form.day, form.min_interval_days.data,
                                            form.remind_days.data), current_user)
    except CadenceError as exc:
        db.session.rollback()
        flash(str(exc), "danger")
        return _page(campaign, form, 400)
    db.session.commit()
    flash("已保存进展报送周期。" if form.enabled.data else "已关闭进展报送周期。", "success")
    return redirect(url_for("cadence.index"))
