"""The outbox: messages to units' and the office's channels, deduplicated by key, retried with back-off.

Enqueueing only writes rows (so a failing channel never stops the sweep or a request); the scheduler's
`deliver_outbox` job sends them, one committed message at a time.
"""
import logging
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError

from tracker.audit.services import record_event
from tracker.extensions import db
from tracker.notifications import channels as senders
from tracker.notifications.models import Channel, OutboxMessage
from tracker.text import clip
from tracker.timeutil import utcnow

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
BACKOFF_BASE = timedelta(minutes=1)
BACKOFF_MAX = timedelta(hours=6)
ERROR_MAX = 1000


def backoff(attempts: int) -> timedelta:
    """1, 2, 4, 8 … minutes after the n-th failure, at most six hours."""
    return min(BACKOFF_BASE * (2 ** max(attempts - 1, 0)), BACKOFF_MAX)


def channels_of(unit_id: int | None) -> list[Channel]:
    """Active channels of a unit, or of the office when `unit_id` is None."""
    owner = Channel.unit_id.is_(None) if unit_id is None else Channel.unit_id == unit_id
    return list(db.session.scalars(select(Channel).where(owner, Channel.active.is_(True)).order_by(Channel.id)))


def enqueue(channel_list: list[Channel], subject: str, body: str, dedup_key: str) -> int:
    """One message per channel, keyed `{dedup_key}:c{id}`; a key already queued (by anyone) is skipped.

    Returns how many messages were queued. Flushes, never commits.
    """
    queued = 0
    for channel in channel_list:
        row = {"channel_id": channel.id, "dedup_key": f"{dedup_key}:c{channel.id}"[:150],
               "subject": clip(subject, 200), "body": body, "status": "pending", "attempts": 0,
               "next_attempt_at": _now()}
        if db.session.scalar(select(OutboxMessage.id).where(OutboxMessage.dedup_key == row["dedup_key"])):
            continue
        try:
            with db.session.begin_nested():
                db.session.execute(insert(OutboxMessage), [row])
            queued += 1
        except IntegrityError:  # another process queued it in the meantime
            continue
    return queued


def enqueue_for_unit(unit_id: int, subject: str, body: str, dedup_key: str) -> int:
    """Queue a message to every active channel of the unit (催办 reminders, digests). Idempotent by key."""
    return enqueue(channels_of(unit_id), subject, body, dedup_key)


def enqueue_for_office(subject: str, body: str, dedup_key: str) -> int:
    """Queue a message to every active office channel. Idempotent by key."""
    return enqueue(channels_of(None), subject, body, dedup_key)


def due_message_ids(now: datetime, limit: int = 200) -> list[int]:
    stmt = (select(OutboxMessage.id).where(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now)
            .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id).limit(limit))
    return list(db.session.scalars(stmt))


def sent_last_minute(channel_id: int, now: datetime) -> int:
    return db.session.scalar(
        select(func.count(OutboxMessage.id)).where(
            OutboxMessage.channel_id == channel_id, OutboxMessage.sent_at > now - timedelta(minutes=1))
    ) or 0


def deliver_message(message_id: int, now: datetime) -> str:
    """Try to send one pending message; returns sent | retry | failed | limited | skipped. Flushes only.

    The row is locked (SKIP LOCKED) so that two delivery loops never send the same message.
    """
    msg = db.session.scalar(
        select(OutboxMessage).where(OutboxMessage.id == message_id, OutboxMessage.status == "pending",
                                    OutboxMessage.next_attempt_at <= now)
        .with_for_update(skip_locked=True))
    if msg is None:
        return "skipped"
    db.session.get(Channel, msg.channel_id)  # separately: FOR UPDATE may not cover an outer join
    if not msg.channel.active:
        return _fail(msg, "渠道已停用", final=True)
    if sent_last_minute(msg.channel_id, now) >= senders.RATE_LIMITS.get(msg.channel.kind, 20):
        msg.next_attempt_at = now + timedelta(minutes=1)  # rate limit: wait, without counting an attempt
        db.session.flush()
        return "limited"
    try:
        senders.send(msg.channel, msg.subject, msg.body, current_app.config)
    except senders.DeliveryError as exc:  # our own sentence: what the far end said is in the log only
        log.warning("outbox message %s via channel %s failed: %s", msg.id, msg.channel_id, exc)
        return _fail(msg, str(exc), now=now)
    except Exception:  # any other failure of a channel is recorded, never raised, never shown
        log.exception("outbox message %s via channel %s failed", msg.id, msg.channel_id)
        return _fail(msg, "发送失败：内部错误（详见服务器日志）。", now=now)
    msg.status, msg.sent_at, msg.attempts, msg.last_error = "sent", now, msg.attempts + 1, None
    db.session.flush()
    return "sent"


def _fail(msg: OutboxMessage, error: str, *, now: datetime | None = None, final: bool = False) -> str:
    msg.attempts += 1
    msg.last_error = error[:ERROR_MAX]
    if final or msg.attempts >= MAX_ATTEMPTS:
        msg.status = "failed"
    else:
        msg.next_attempt_at = (now or _now()) + backoff(msg.attempts)
    db.session.flush()
    return msg.status if msg.status == "failed" else "retry"


def retry_message(message_id: int, actor, now: datetime | None = None) -> OutboxMessage | None:
    """The office sends a failed message again: pending now, attempts kept for the record. Flushes.

    Returns None when there is no such failed message.
    """
    message = db.session.get(OutboxMessage, message_id)
    if message is None or message.status != "failed":
        return None
    message.status, message.next_attempt_at = "pending", now or _now()
    record_event(actor, "outbox.retry", message, f"重新发送：{clip(message.subject, 60)}")
    db.session.flush()
    return message


def deliver_outbox(now: datetime | None = None, limit: int = 200) -> dict[str, int]:
    """Send what is due, committing after each message so a crash never resends what went out.

    This is a job runner (it commits), called by the scheduler process, not by web requests.
    """
    now = now or _now()
    counts: dict[str, int] = {}
    for message_id in due_message_ids(now, limit):
        try:
            outcome = deliver_message(message_id, now)
            db.session.commit()
        except Exception:
            db.session.rollback()
            log.exception("outbox message %s could not be processed", message_id)
            outcome = "error"
        counts[outcome] = counts.get(outcome, 0) + 1
    return counts


def _now() -> datetime:
    return utcnow()
