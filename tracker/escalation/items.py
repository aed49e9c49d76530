"""The office's view of the ladder per assignment (current step, next step, paused), and pausing it."""
from dataclasses import dataclass

from sqlalchemy import select

from tracker.assignments.models import Assignment
from tracker.audit.services import record_event
from tracker.campaigns.models import Campaign
from tracker.errors import Conflict, Refusal
from tracker.escalation.models import EscalationPause, EscalationRecord, EscalationStep, Trigger
from tracker.escalation.services import order_key
from tracker.extensions import db

MAX_REASON = 500


@dataclass(frozen=True)
class LadderState:
    current: EscalationRecord | None  # the furthest step taken (not passed over)
    next_step: EscalationStep | None
    pause: EscalationPause | None


def ladder_states(assignments: list[Assignment], steps: list[EscalationStep]) -> dict[int, LadderState]:
    """Per assignment: its furthest step taken, the next active step and its pause — two queries for a page."""
    ids = [a.id for a in assignments]
    if not ids:
        return {}
    records: dict[int, list[EscalationRecord]] = {}
    for r in db.session.scalars(select(EscalationRecord).where(EscalationRecord.assignment_id.in_(ids))
                                .order_by(EscalationRecord.id)):
        records.setdefault(r.assignment_id, []).append(r)
    pauses = {p.assignment_id: p for p in db.session.scalars(
        select(EscalationPause).where(EscalationPause.assignment_id.in_(ids)))}
    return {aid: state_of(records.get(aid, []), steps, pauses.get(aid)) for aid in ids}


def state_of(records: list[EscalationRecord], steps: list[EscalationStep],
             pause: EscalationPause | None) -> LadderState:
    """One assignment's ladder from its records, the campaign's steps and its pause (no query): the furthest
    step taken (not passed over) and the first active step after it that it has not reached."""
    by_id = {s.id: s for s in steps}
    taken_ids = {r.step_id for r in records}
    taken = [r for r in records if not r.skipped and r.step_id in by_id]
    current = max(taken, key=lambda r: order_key(by_id[r.step_id]), default=None)
    after = order_key(by_id[current.step_id]) if current else None  # a step before the current one is behind it
    nxt = next((s for s in sorted(steps, key=order_key)
                if s.active and s.id not in taken_ids and (after is None or order_key(s) > after)), None)
    return LadderState(current, nxt, pause)


def pause_ladder(a: Assignment, reason: str, actor) -> EscalationPause:
    """Hold the ladder for one assignment (e.g. 已书面说明原因，经领导同意缓办), with a required reason. Flushes."""
    reason = (reason or "").strip()
    if not reason:
        raise Refusal("请填写暂停督办升级的理由。")
    if db.session.scalar(select(EscalationPause.id).where(EscalationPause.assignment_id == a.id)):
        raise Conflict("该任务的督办升级已暂停。")
    pause = EscalationPause(assignment_id=a.id, reason=reason[:MAX_REASON], paused_by_id=getattr(actor, "id", None))
    db.session.add(pause)
    db.session.flush()
    record_event(actor, "escalation.pause", pause, f"暂停督办升级：{a.task.title[:40]}（{a.unit.name}）",
                 campaign_id=a.task.campaign_id, assignment_id=a.id, after={"reason": pause.reason})
    return pause


def resume_ladder(a: Assignment, actor) -> None:
    """The ladder runs again for the assignment (steps reached meanwhile: only the furthest is taken)."""
    pause = db.session.scalar(select(EscalationPause).where(EscalationPause.assignment_id == a.id))
    if pause is None:
        raise Conflict("该任务的督办升级未暂停。")
    record_event(actor, "escalation.resume", pause, f"恢复督办升级：{a.task.title[:40]}（{a.unit.name}）",
                 campaign_id=a.task.campaign_id, assignment_id=a.id, before={"reason": pause.reason})
    db.session.delete(pause)
    db.session.flush()


def save_step(campaign: Campaign, actor, *, trigger: str, days: int, remind: bool, urge_notice: bool,
              propose_criticism: bool, issue_notice: bool, active: bool = True,
              step: EscalationStep | None = None) -> EscalationStep:
    """Add a step, or change one (its trigger stays: a step already taken keeps meaning what it meant); a step
    with the trigger of an existing one changes that one."""
    if trigger not in Trigger.values():
        raise Refusal("请选择触发条件。")
    if not 0 <= days <= 60:
        raise Refusal("工作日数应在 0～60 之间。")
    if trigger == "day_after":
        days = 0
    if not (remind or urge_notice or propose_criticism or issue_notice):
        raise Refusal("请至少选择一项督办措施。")
    if step is None:
        step = db.session.scalar(select(EscalationStep).where(
            EscalationStep.campaign_id == campaign.id, EscalationStep.trigger == trigger,
            EscalationStep.days == days))
    if step is None:
        step = EscalationStep(campaign_id=campaign.id, trigger=trigger, days=days)
        db.session.add(step)
    before = {"remind": step.remind, "urge_notice": step.urge_notice, "propose_criticism": step.propose_criticism,
              "issue_notice": step.issue_notice, "active": step.active}
    step.remind, step.urge_notice, step.propose_criticism = remind, urge_notice, propose_criticism
    step.issue_notice, step.active = issue_notice, active
    db.session.flush()
    record_event(actor, "escalation.step_save", step, f"督办升级步骤：{step.label}（{'、'.join(step.actions)}）"
                 + ("" if active else "（停用）"), campaign_id=campaign.id, before=before,
                 after={"remind": remind, "urge_notice": urge_notice, "propose_criticism": propose_criticism,
                        "issue_notice": issue_notice, "active": active})
    return step


