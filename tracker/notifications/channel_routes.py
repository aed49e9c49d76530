"""通知渠道: the admin configures email / DingTalk / WeCom channels per unit and for the office."""
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from tracker.extensions import db
from tracker.notifications import channel_services as svc
from tracker.notifications.channel_forms import ChannelForm
from tracker.notifications.models import CHANNEL_KINDS, Channel
from tracker.units.services import unit_choices
from tracker.web.forms import choices, form_errors
from tracker.web.roles import roles_required

bp = Blueprint("channels", __name__, url_prefix="/admin/channels")
admin_required = roles_required("admin")


def _form() -> ChannelForm:
    form = ChannelForm()
    units = unit_choices()
    form.owner.choices = choices([(0, "领导小组办公室")] + [(u.id, u.name) for u in units])
    return form


def _channel(channel_id: int) -> Channel:
    return db.session.get(Channel, channel_id) or abort(404)


@bp.get("")
@admin_required
def index():
    return render_template("channels/index.html", channels=svc.list_channels(), form=_form(),
                           CHANNEL_KINDS=CHANNEL_KINDS, masked=svc.masked_target)


@bp.post("")
@admin_required
def create():
    form = _form()
    if not form.validate_on_submit():
        flash(form_errors(form), "danger")
        return redirect(url_for("channels.index"))
    try:
        svc.create_channel(form.owner.data or None, form.kind.data, form.target.data, form.secret.data,
                           current_user)
    except svc.ChannelError as exc:
        flash(str(exc), "danger")
    else:
        db.session.commit()
        flash("已添加通知渠道。", "success")
    return redirect(url_for("channels.index"))


@bp.post("/<int:channel_id>/toggle")
@admin_required
def toggle(channel_id: int):
    channel = _channel(channel_id)
    svc.set_channel_active(channel, not channel.active, current_user)
    db.session.commit()
    return redirect(url_for("channels.index"))


@bp.post("/<int:channel_id>/delete")
@admin_required
def delete(channel_id: int):
    svc.delete_channel(_channel(channel_id), current_user)
    db.session.commit()
    flash("已删除通知渠道。", "success")
    return redirect(url_for("channels.index"))


@bp.post("/<int:channel_id>/test")
@admin_required
def test(channel_id: int):
    svc.send_test(_channel(channel_id), current_user)
    db.session.commit()
    flash("测试消息已进入发件箱，调度进程会在一分钟内发送；结果见“预警与发送”。", "success")
    return redirect(url_for("channels.index"))
