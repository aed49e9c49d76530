"""After a sweep: one digest per unit per day (in-app and the unit's channels), one summary for the office.

Dedup keys carry the campaign, the day and the unit, so a second sweep that day — or a second process —
adds nothing; an IntegrityError from a concurrent insert is caught in a savepoint and means "already done".
"""
from collections import defaultdict
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from tracker.assignments.models import Assignment
from tracker.campaigns.models import PHASE_LABELS, Campaign
from tracker.extensions import db
from tracker.notifications.outbox import enqueue_for_office, enqueue_for_unit
from tracker.notifications.services import notify_office, notify_unit
from tracker.scheduler.models import Flag
from tracker.scheduler.sweep import SweepResult
from tracker.tasks.models import Task

UNIT_LINK = "/my"
OFFICE_LINK = "/scheduler"
MAX_LINES = 30


def flag_phrase(kind: str, gate: str | None, due: date) -> str:
    if kind == "overdue":
        return f"已逾期（完成时限 {due.isoformat()}）"
    return f"临近{PHASE_LABELS.get(gate or '', '')}（完成时限 {due.isoformat()}）"


def created_by_unit(result: SweepResult) -> dict[int, list[str]]:
    """The lines of each unit's digest: the flags this sweep opened, with their task titles."""
    if not result.created:
        return {}
    wanted = set(result.created)
    stmt = (select(Assignment.unit_id, Flag.assignment_id, Flag.kind, Flag.gate_key, Flag.gate, Flag.due_on,
                   Task.title)
            .select_from(Flag).join(Assignment, Assignment.id == Flag.assignment_id)
            .join(Task, Task.id == Assignment.task_id)
            .where(Task.campaign_id == result.campaign_id, Flag.open_marker == 1, Flag.opened_on == result.today)
            .order_by(Assignment.unit_id, Flag.due_on, Task.sequence, Task.id))
    lines: dict[int, list[str]] = defaultdict(list)
    for unit_id, aid, kind, gate_key, gate, due_on, title in db.session.execute(stmt):
        if (aid, kind, gate_key) in wanted:
            lines[unit_id].append(f"· {_short(title)}：{flag_phrase(kind, gate, due_on)}")
    return lines


def _short(title: str, n: int = 60) -> str:
    title = " ".join(title.split())
    return title if len(title) <= n else title[: n - 1] + "…"


def digest_text(campaign: Campaign, today: date, lines: list[str]) -> str:
    shown = lines[:MAX_LINES]
    more = f"\n…等共 {len(lines)} 项" if len(lines) > MAX_LINES else ""
    return (f"【{campaign.name}】{today.isoformat()} 预警：本单位有 {len(lines)} 项任务新列入预警，请抓紧办理。\n"
            + "\n".join(shown) + more)


def _once(fn, *args, **kwargs) -> None:
    """Run an insert-once step; a concurrent duplicate (unique key) means it is already done."""
    try:
        with db.session.begin_nested():
            fn(*args, **kwargs)
    except IntegrityError:
        pass


def send_unit_digests(campaign: Campaign, result: SweepResult) -> int:
    """One digest per unit that has newly flagged assignments today; returns how many units."""
    by_unit = created_by_unit(result)
    for unit_id, lines in by_unit.items():
        key = f"digest:{campaign.id}:{result.today.isoformat()}:{unit_id}"
        text = digest_text(campaign, result.today, lines)
        _once(notify_unit, unit_id, "deadline_digest", text, UNIT_LINK, key, campaign_id=campaign.id)
        enqueue_for_unit(unit_id, f"{campaign.name} 任务预警（{result.today.isoformat()}）", text, key)
    return len(by_unit)


def open_counts(campaign_id: int) -> dict[str, int]:
    """Open flags of a campaign as {"overdue": n, "self_assessment": n, "acceptance": n}."""
    stmt = (select(Flag.kind, Flag.gate_key, func.count(Flag.id)).join(Assignment, Assignment.id == Flag.assignment_id)
            .join(Task, Task.id == Assignment.task_id)
            .where(Task.campaign_id == campaign_id, Flag.open_marker == 1).group_by(Flag.kind, Flag.gate_key))
    counts = {"overdue": 0, "self_assessment": 0, "acceptance": 0}
    for kind, gate_key, n in db.session.execute(stmt):
        counts["overdue" if kind == "overdue" else gate_key] += n
    return counts


def summary_text(campaign: Campaign, result: SweepResult, units: int) -> str:
    c = open_counts(campaign.id)
    return (f"【{campaign.name}】{result.today.isoformat()} 预警汇总：今日新增 {len(result.created)} 项"
            f"（涉及 {units} 个单位），关闭 {result.closed} 项。\n当前逾期 {c['overdue']} 项；"
            f"临近自查评估 {c['self_assessment']} 项；临近申报验收 {c['acceptance']} 项。")


def send_office_summary(campaign: Campaign, result: SweepResult, units: int) -> bool:
    """The office's daily summary, when there is anything open or new."""
    if not (result.open or result.created or result.closed):
        return False
    key = f"summary:{campaign.id}:{result.today.isoformat()}"
    text = summary_text(campaign, result, units)
    _once(notify_office, "deadline_summary", text, OFFICE_LINK, key, campaign_id=campaign.id)
    enqueue_for_office(f"{campaign.name} 预警汇总（{result.today.isoformat()}）", text, key)
    return True


def notify_after_sweep(campaign: Campaign, result: SweepResult) -> dict[str, int]:
    """Digests and summary for one swept campaign. Flushes, never commits."""
    units = send_unit_digests(campaign, result)
    summary = send_office_summary(campaign, result, units)
    db.session.flush()
    return {"digests": units, "summary": int(summary)}
