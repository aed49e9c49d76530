"""Read-only helpers for other pages: flags as badges, counts per gate, the scheduler page's data."""
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from tracker.assignments.counts import campaign_figures
from tracker.campaigns.models import PHASE_LABELS
from tracker.extensions import db
from tracker.notifications.models import Channel, OutboxMessage
from tracker.scheduler.digest import open_counts
from tracker.scheduler.models import Flag
from tracker.scheduler.services import recent_runs

OUTBOX_STATUS_LABELS = {"pending": "待发送", "sent": "已发送", "failed": "发送失败"}


def open_flags_for(assignment_ids) -> dict[int, list[Flag]]:
    """Open flags of the given assignments, in one query: {assignment_id: [Flag, …]} (overdue first).

    For badges in lists: `{% for f in flags.get(a.id, []) %}<span class="badge">{{ f.label }}</span>{% endfor %}`.
    """
    ids = list(assignment_ids)
    found: dict[int, list[Flag]] = defaultdict(list)
    if not ids:
        return found
    stmt = (select(Flag).where(Flag.assignment_id.in_(ids), Flag.open_marker == 1)
            .order_by(Flag.assignment_id, Flag.kind.desc(), Flag.gate_key))
    for flag in db.session.scalars(stmt):
        found[flag.assignment_id].append(flag)
    return found


def open_flag_counts(campaign_id: int) -> dict[str, int]:
    """{"overdue": n, "self_assessment": n, "acceptance": n} — open flags per gate, for the dashboard."""
    return open_counts(campaign_id)


@dataclass
class GateView:
    kind: str
    label: str
    starts_on: date
    days: int
    flags: int


def gate_views(campaign, today: date) -> list[GateView]:
    """Each gate with the days left to it and its open due-soon flags."""
    counts = campaign_figures(campaign, today).due_soon  # the rule (assignments/due.py), so every page agrees
    return [GateView(kind, PHASE_LABELS[kind], on, (on - today).days, counts.get(kind, 0))
            for kind, on in sorted(campaign.gate_dates().items(), key=lambda kv: kv[1])]


def outbox_statement(status: str | None):
    stmt = select(OutboxMessage).options(db.joinedload(OutboxMessage.channel).joinedload(Channel.unit))
    if status in OUTBOX_STATUS_LABELS:
        stmt = stmt.where(OutboxMessage.status == status)
    count = select(func.count(OutboxMessage.id))
    if status in OUTBOX_STATUS_LABELS:
        count = count.where(OutboxMessage.status == status)
    return stmt.order_by(OutboxMessage.id.desc()), count


def outbox_totals() -> dict[str, int]:
    return dict(db.session.execute(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)).all())


__all__ = ["open_flag_counts", "open_flags_for", "outbox_statement", "outbox_totals", "recent_runs", "gate_views"]
