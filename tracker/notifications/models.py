from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.auth.models import User
from tracker.extensions import db
from tracker.timeutil import utcnow
from tracker.units.models import Unit

CHANNEL_KINDS = {"email": "电子邮件", "dingtalk": "钉钉机器人", "wecom": "企业微信机器人"}


class Notification(db.Model):
    """An in-app message to one user (the bell). `dedup_key` makes a digest arrive once."""

    __tablename__ = "notifications"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(30))
    text: Mapped[str] = mapped_column(Text)
    link: Mapped[str | None] = mapped_column(String(255))
    # the campaign the message is about (the bell names it; None: about no campaign, e.g. a channel test)
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaigns.id", ondelete="SET NULL"))
    dedup_key: Mapped[str | None] = mapped_column(String(150), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]
    user: Mapped[User] = relationship()
    __table_args__ = (Index("ix_notifications_user_read", "user_id", "read_at"),)  # the bell's unread count


class Channel(db.Model):
    """Where messages go outside the app: a unit's or the office's email / DingTalk / WeCom robot."""

    __tablename__ = "channels"
    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    target: Mapped[str] = mapped_column(String(500))
    secret: Mapped[str | None] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    unit: Mapped[Unit | None] = relationship()
    __table_args__ = (CheckConstraint("kind IN ('email', 'dingtalk', 'wecom')", name="kind"),)


class OutboxMessage(db.Model):
    """A message waiting for (or done with) delivery through a channel: deduplicated, retried with back-off."""

    __tablename__ = "outbox"
    id: Mapped[int] = mapped_column(primary_key=True)
    channel_id: Mapped[int] = mapped_column(ForeignKey("channels.id", ondelete="CASCADE"), index=True)
    dedup_key: Mapped[str] = mapped_column(String(150), unique=True)
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
    channel: Mapped[Channel] = relationship()
    __table_args__ = (CheckConstraint("status IN ('pending', 'sent', 'failed')", name="status"),)
