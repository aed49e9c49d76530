"""Configuring where messages go: channels per unit, and for the office (unit_id NULL)."""
import re
from datetime import datetime

from flask import current_app
from sqlalchemy import select

from tracker.audit.services import record_event
from tracker.errors import Refusal
from tracker.extensions import db
from tracker.notifications import webhooks
from tracker.notifications.channels import wecom_url
from tracker.notifications.models import CHANNEL_KINDS, Channel
from tracker.notifications.outbox import enqueue
from tracker.timeutil import utcnow
from tracker.units.models import Unit

EMAIL_RE = re.compile(r"^[^@\s,;]+@[^@\s,;]+\.[^@\s,;]+$")


class ChannelError(Refusal):
    """A refused channel setting; the message is shown to the user."""


def _check_target(kind: str, target: str) -> str:
    target = target.strip()
    if kind == "email":
        addresses = [a.strip() for a in re.split(r"[,;；，]", target) if a.strip()]
        if not addresses or not all(EMAIL_RE.match(a) for a in addresses):
            raise ChannelError("请填写有效的邮箱地址，多个地址用逗号分隔。")
        return ", ".join(addresses)
    if kind == "dingtalk" and "://" not in target:
        raise ChannelError("钉钉机器人须填写完整的 Webhook 地址（https://oapi.dingtalk.com/robot/send?access_token=…）。")
    if kind == "wecom" and not target:
        raise ChannelError("企业微信机器人须填写 Webhook 地址或其中的 key。")
    url = wecom_url(target) if kind == "wecom" else target
    try:
        webhooks.check_url(url, kind, webhooks.parse_allowed_hosts(current_app.config.get("WEBHOOK_ALLOWED_HOSTS", "")))
    except webhooks.UnsafeWebhook as exc:
        raise ChannelError(str(exc)) from exc
    return target


def masked_target(channel: Channel) -> str:
    """Robot webhooks carry their credential (access_token / key): show only the ends."""
    target = channel.target
    if channel.kind == "email" or len(target) <= 12:
        return target
    head, _, token = target.rpartition("=") if "://" in target else ("", "", target)
    if len(token) <= 8:
        return target
    return f"{head}{'=' if head else ''}{token[:4]}…{token[-4:]}"


def owner_label(channel: Channel) -> str:
    return channel.unit.name if channel.unit else "领导小组办公室"


def create_channel(unit_id: int | None, kind: str, target: str, secret: str | None, actor) -> Channel:
    """Add a channel for a unit or (unit_id None) for the office. Flushes."""
    if kind not in CHANNEL_KINDS:
        raise ChannelError("请选择渠道类型。")
    if unit_id is not None and db.session.get(Unit, unit_id) is None:
        raise ChannelError("找不到该责任单位。")
    channel = Channel(unit_id=unit_id, kind=kind, target=_check_target(kind, target),
                      secret=(secret or "").strip() or None)
    db.session.add(channel)
    db.session.flush()
    record_event(actor, "channel.create", channel, f"新增{CHANNEL_KINDS[kind]}：{owner_label(channel)}")
    return channel


def set_channel_active(channel: Channel, active: bool, actor) -> None:
    channel.active = active
    record_event(actor, "channel.enable" if active else "channel.disable", channel,
                 f"{'启用' if active else '停用'}{CHANNEL_KINDS[channel.kind]}：{owner_label(channel)}")
    db.session.flush()


def delete_channel(channel: Channel, actor) -> None:
    """Delete a channel and its outbox history (ON DELETE CASCADE)."""
    record_event(actor, "channel.delete", channel, f"删除{CHANNEL_KINDS[channel.kind]}：{owner_label(channel)}")
    db.session.delete(channel)
    db.session.flush()


def send_test(channel: Channel, actor, now: datetime | None = None) -> None:
    """Queue a test message through this one channel (delivered by the scheduler within a minute)."""
    now = now or utcnow()
    enqueue([channel], "创建台账测试消息", f"这是一条测试消息，发送于 {now.isoformat(timespec='seconds')}（UTC）。",
            f"test:{channel.id}:{now.strftime('%Y%m%d%H%M%S%f')}")
    record_event(actor, "channel.test", channel, f"发送测试消息：{owner_label(channel)}")


def list_channels() -> list[Channel]:
    """Office channels first, then units in display order."""
    stmt = (select(Channel).outerjoin(Unit, Unit.id == Channel.unit_id).options(db.joinedload(Channel.unit))
            .order_by(Channel.unit_id.is_not(None), Unit.display_order, Unit.name, Channel.id))
    return list(db.session.scalars(stmt))
