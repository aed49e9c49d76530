"""A file's details (标题, 材料形成日期): the date rule of uploads and corrections, and correcting them.

The unit that holds a file corrects its details while none of the assignments it is on is under review or
done (a file a co-unit feeds to its lead: neither while the lead's submission is); the office corrects them at
any time, giving a reason. Every correction is audited. A 材料形成日期 after today is refused; one before the
campaign's first phase asks the user to confirm it (dates.py, the same rule as uploads).
"""
from datetime import date
from functools import cache

from sqlalchemy import bindparam, select
from sqlalchemy.orm import aliased, selectinload

from tracker.assignments.models import OPEN_STATUSES, STATUS_LABELS, Assignment, Role, Status
from tracker.assignments.states import separately
from tracker.assignments.visibility import require
from tracker.audit.services import record_event
from tracker.campaigns.models import Campaign
from tracker.database import plain_rows
from tracker.evidence.dates import campaign_start, check_document_date
from tracker.evidence.models import Evidence, EvidenceLink
from tracker.evidence.services import TITLE_MAX, EvidenceError
from tracker.extensions import db
from tracker.tasks.models import Task
from tracker.text import clip

REASON_MAX = 200
RUNS = ("office", "admin")


def _links(evidence_ids: list[int]) -> list[EvidenceLink]:
    """The files' links with their assignments, tasks (campaign, phases) and the tasks' assignments: 4 queries."""
    if not evidence_ids:
        return []
    return list(db.session.scalars(
        select(EvidenceLink).where(EvidenceLink.evidence_id.in_(evidence_ids))
        .options(selectinload(EvidenceLink.assignment).selectinload(Assignment.task)
                 .selectinload(Task.assignments),
                 selectinload(EvidenceLink.assignment).selectinload(Assignment.task)
                 .selectinload(Task.campaign).selectinload(Campaign.phases))))


def _lock_reason(status: str, feeds: bool, title: str, lead_status: str | None) -> str | None:
    if status not in OPEN_STATUSES:
        return f"该材料所在的任务「{clip(title, 30)}」{STATUS_LABELS[status]}，不能修改（需要时请联系办公室）。"
    if feeds and lead_status in (Status.SUBMITTED, Status.APPROVED):
        return f"牵头单位已提交「{clip(title, 30)}」，该材料随之在审核中，不能修改。"
    return None


@cache
def _locks_statement():
    """Built once (an alias and a subquery are dear to build on every page): per link of the expanding `ids`,
    its assignment's state, its task and the status of the task's lead."""
    lead = aliased(Assignment)
    lead_status = (select(lead.status).where(lead.task_id == Task.id, lead.role == Role.LEAD)
                   .order_by(lead.position, lead.id).limit(1).scalar_subquery())
    return (select(EvidenceLink.evidence_id, Assignment.status, Assignment.role, Task.title, Task.co_submission,
                   Campaign.co_units_submit_separately, lead_status)
            .join(Assignment, Assignment.id == EvidenceLink.assignment_id).join(Task, Task.id == Assignment.task_id)
            .join(Campaign, Campaign.id == Task.campaign_id)
            .where(EvidenceLink.evidence_id.in_(bindparam("ids", expanding=True))).order_by(EvidenceLink.id))


def details_locks(evidence_ids: list[int]) -> dict[int, str | None]:
    """Per file: why its unit may not correct it now (None: it may) — an assignment it is on is under review or
    done, or the lead it feeds has submitted. One statement of plain rows for any number of files."""
    locks: dict[int, str | None] = dict.fromkeys(evidence_ids)
    if not evidence_ids:
        return locks
    rows = plain_rows(db.session, _locks_statement(), {"ids": evidence_ids})
    for evidence_id, status, role, title, co_submission, campaign_separate, lead_now in rows:
        if locks[evidence_id] is None:
            feeds = role == Role.CO and not separately(co_submission, campaign_separate)
            locks[evidence_id] = _lock_reason(status, feeds, title, lead_now)
    return locks


def _where(evidence: Evidence) -> list[Assignment]:
    return list(dict.fromkeys(link.assignment for link in _links([evidence.id])))


def correct_details(evidence: Evidence, user, *, title: str, document_date: date, today: date,
                    reason: str = "", confirmed: bool = False) -> bool:
    """Correct a file's title and 材料形成日期. Returns whether anything changed (flush only)."""
    require(user, evidence, change=True)  # the unit's own file; the office any (the visibility policy)
    office = user.role in RUNS
    if not office and (lock := details_locks([evidence.id])[evidence.id]):
        raise EvidenceError(lock)
    title, reason = (title or "").strip(), (reason or "").strip()
    if len(title) > TITLE_MAX:
        raise EvidenceError(f"标题不能超过 {TITLE_MAX} 字（现有 {len(title)} 字）。")
    linked = _where(evidence)
    starts = [s for s in (campaign_start(a.task.campaign) for a in linked) if s]
    check_document_date(document_date, today=today, starts=min(starts) if starts else None, confirmed=confirmed)
    before = {"title": evidence.title, "document_date": evidence.document_date.isoformat()}
    after = {"title": title or None, "document_date": document_date.isoformat()}
    if before == after:
        return False
    if office and not reason:
        raise EvidenceError("办公室修改单位的材料信息须填写修改理由。")
    if len(reason) > REASON_MAX:
        raise EvidenceError(f"修改理由不能超过 {REASON_MAX} 字。")
    evidence.title, evidence.document_date = title or None, document_date
    db.session.flush()
    said = "；".join(f"{label} {before[k] or '（无）'} → {after[k] or '（无）'}"
                    for k, label in (("title", "标题"), ("document_date", "材料形成日期")) if before[k] != after[k])
    summary = f"修改材料「{evidence.original_name}」：{said}" + (f"（理由：{reason}）" if reason else "")
    for a in linked or [None]:  # on the timeline of every assignment the file is on
        record_event(user, "evidence.details", evidence, summary, before=before, after={**after, "reason": reason or None},
                     campaign_id=a.task.campaign_id if a else None, assignment_id=a.id if a else None)
    return True
