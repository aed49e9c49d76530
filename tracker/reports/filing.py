"""A unit files its report; the office returns it (with the reason) or accepts it. Services flush only.

    (file) ──► submitted ──accept──► accepted          the unit may edit until accepted
                  ▲  │ └──return──► returned (reason) ──(edit and file again)──┐
                  │  └─(edit)─┘                                              │
                  └──────────────────────────────────────────────────────────┘

Every step writes its audit event and tells the other side, in the same flush. The form is pre-filled from the
unit's progress reports in the cycle's period (`prefill`), so nothing the tracker knows is typed twice.
"""
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select

from tracker.assignments.models import Assignment, ProgressUpdate
from tracker.audit.services import record_event
from tracker.errors import Conflict, Refusal
from tracker.evidence.models import Evidence
from tracker.evidence.services import Incoming, store_unit_files
from tracker.extensions import db
from tracker.notifications.services import notify_office, notify_unit
from tracker.reports.models import Report, ReportCycle, ReportFile, ReportStatus
from tracker.tasks.models import Task
from tracker.timeutil import to_local, utcnow
from tracker.units.models import Unit

TEXT_MAX = 20000
OFFICE = ("office", "admin")


class ReportRefused(Refusal):
    """A refused step on a report: 409 for the wrong state, 403 for the wrong person, 400 for bad input."""

    status = 409


@dataclass
class Filing:
    """What a unit files: the text; new files and files already in its library."""

    text: str
    files: list[Incoming] = field(default_factory=list)
    library_ids: list[int] = field(default_factory=list)


@dataclass
class Filed:
    report: Report
    moved: list[Path]  # files moved into place: the caller removes them if its commit fails


def link(cycle: ReportCycle) -> str:
    return f"/reports/cycles/{cycle.id}"


def _check_version(report: Report, version: int | None) -> None:
    if version is not None and version != report.version:
        raise Conflict("在您操作期间，该报告已被他人修改。请刷新后重试。")


def _check_filer(cycle: ReportCycle, unit: Unit, actor) -> None:
    if actor is not None and (actor.role != "unit" or actor.unit_id != unit.id):
        raise ReportRefused("只有本单位联络员可以报送本单位的报告。", status=403)
    if unit.id not in {o.unit_id for o in cycle.owed}:
        raise ReportRefused(f"{unit.name}不在“{cycle.name}”的应报单位中。", status=403)


def _check_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ReportRefused("请填写报告正文。", status=400)
    if len(text) > TEXT_MAX:
        raise ReportRefused(f"报告正文不能超过 {TEXT_MAX} 字（现有 {len(text)} 字）。", status=400)
    return text


def report_of(cycle: ReportCycle, unit_id: int) -> Report | None:
    return db.session.scalar(select(Report).where(Report.cycle_id == cycle.id, Report.unit_id == unit_id))


def _attach(report: Report, unit_id: int, actor, filing: Filing, today: date) -> list[Path]:
    """Link the filing's files: new ones stored in the unit's library (the evidence checks), chosen ones checked."""
    chosen = []
    if filing.library_ids:
        chosen = list(db.session.scalars(select(Evidence).where(Evidence.id.in_(filing.library_ids))))
        if len(chosen) != len(set(filing.library_ids)) or any(e.unit_id != unit_id for e in chosen):
            raise ReportRefused("所选材料不在本单位材料库中。", status=404)
    stored, moved = store_unit_files(unit_id, actor, filing.files, document_date=today) if filing.files else ([], [])
    have = {f.evidence_id for f in report.files}
    for evidence in [*chosen, *stored]:
        if evidence.id not in have:
            report.files.append(ReportFile(evidence=evidence, evidence_id=evidence.id))
            have.add(evidence.id)
    return moved


def file_report(cycle: ReportCycle, unit: Unit, filing: Filing, actor, *, today: date,
                version: int | None = None) -> Filed:
    """The unit files its report, or edits it (submitted or returned: it is submitted again). Refused once
    accepted. `actor` None is the command line / demo acting as the unit."""
    _check_filer(cycle, unit, actor)
    text = _check_text(filing.text)
    report = report_of(cycle, unit.id)
    if report is not None and report.status == ReportStatus.ACCEPTED:
        raise ReportRefused("该报告已被采用，不能再修改。")
    now = utcnow()
    if report is None:
        report = Report(cycle=cycle, cycle_id=cycle.id, unit=unit, unit_id=unit.id, text=text,
                        status=ReportStatus.SUBMITTED.value, submitted_by_id=getattr(actor, "id", None),
                        first_submitted_at=now, submitted_at=now)
        db.session.add(report)
        before, action, verb = None, "report.submit", "报送"
    else:
        _check_version(report, version)
        before = report_state(report)
        action, verb = ("report.resubmit", "修改后重新报送") if report.status == ReportStatus.RETURNED else (
            "report.edit", "修改")
        report.text, report.status, report.submitted_at = text, ReportStatus.SUBMITTED.value, now
        report.submitted_by_id = getattr(actor, "id", None)
    moved = _attach(report, unit.id, actor, filing, today)
    db.session.flush()
    late = "（逾期报送）" if today > cycle.due_on else ""
    summary = f"{unit.name}{verb}了“{cycle.name}”报告{late}"
    record_event(actor, action, report, summary, campaign_id=cycle.campaign_id, before=before,
                 after=report_state(report))
    notify_office("report.submit", f"{summary}。", link=link(cycle), campaign_id=cycle.campaign_id)
    return Filed(report, moved)


def _decide(report: Report, actor, target: ReportStatus, reason: str, version: int | None) -> Report:
    if actor is not None and actor.role not in OFFICE:
        raise ReportRefused("只有领导小组办公室可以审核报告。", status=403)
    _check_version(report, version)
    if report.status != ReportStatus.SUBMITTED:
        raise ReportRefused(f"该报告当前为“{report.status_label}”，不能{'退回' if reason else '采用'}。")
    before = report_state(report)
    report.status, report.reviewed_by_id, report.reviewed_at = target.value, getattr(actor, "id", None), utcnow()
    if reason:
        report.reason = reason
    db.session.flush()
    cycle, word = report.cycle, ("退回" if target == ReportStatus.RETURNED else "采用")
    text = f"{report.unit.name}的“{cycle.name}”报告已{word}" + (f"。退回原因：{reason}" if reason else "。")
    record_event(actor, f"report.{target.value}", report, text, campaign_id=cycle.campaign_id, before=before,
                 after=report_state(report))
    notify_unit(report.unit_id, f"report.{target.value}", text.replace(report.unit.name, "您单位", 1),
                link=link(cycle), campaign_id=cycle.campaign_id)
    return report


def return_report(report: Report, reason: str, actor, *, version: int | None = None) -> Report:
    """退回: back to the unit with a required reason; it counts as not reported until filed again."""
    reason = (reason or "").strip()
    if not reason:
        raise ReportRefused("退回时必须填写退回原因。", status=400)
    return _decide(report, actor, ReportStatus.RETURNED, reason, version)


def accept_report(report: Report, actor, *, version: int | None = None) -> Report:
    """采用: the report is final; the unit can no longer edit it."""
    return _decide(report, actor, ReportStatus.ACCEPTED, "", version)


def report_state(report: Report) -> dict:
    return {"status": report.status, "chars": len(report.text), "reason": report.reason or "",
            "files": [f.evidence_id for f in report.files]}


# --- the pre-filled form ----------------------------------------------------------------------------------------

def _utc_bounds(cycle: ReportCycle) -> tuple[datetime, datetime]:
    """The cycle's period as naive UTC instants, from its first local midnight to the one after its last day."""
    tz = ZoneInfo(cycle.campaign.timezone)

    def at(day: date) -> datetime:
        return datetime.combine(day, time(0), tz).astimezone(ZoneInfo("UTC")).replace(tzinfo=None)

    return at(cycle.period_from), at(cycle.period_to + timedelta(days=1))


def period_updates(cycle: ReportCycle, unit_id: int) -> list[tuple[Task, ProgressUpdate]]:
    """The unit's progress reports on its tasks of the cycle's campaign, dated within the period, in list order."""
    start, end = _utc_bounds(cycle)
    stmt = (select(Task, ProgressUpdate).join(Assignment, Assignment.id == ProgressUpdate.assignment_id)
            .join(Task, Task.id == Assignment.task_id)
            .where(Assignment.unit_id == unit_id, Task.campaign_id == cycle.campaign_id,
                   ProgressUpdate.created_at >= start, ProgressUpdate.created_at < end)
            .order_by(Task.sequence, Task.id, ProgressUpdate.created_at, ProgressUpdate.id))
    return [tuple(r) for r in db.session.execute(stmt)]


def prefill(cycle: ReportCycle, unit: Unit) -> str:
    """A draft of the report from what the unit already reported in the period: per task, its progress notes
    (dated), then the problems and next steps of its latest note. Empty when there is nothing."""
    by_task: dict[int, tuple[Task, list[ProgressUpdate]]] = {}
    for task, update in period_updates(cycle, unit.id):
        by_task.setdefault(task.id, (task, []))[1].append(update)
    if not by_task:
        return ""
    tz = cycle.campaign.timezone
    lines = [f"{unit.name}{cycle.name}{cycle.kind_label}",
             f"（报告期 {cycle.period_from.isoformat()} 至 {cycle.period_to.isoformat()}，据本单位已填报的进展整理）", "",
             "一、工作进展"]
    problems, steps = [], []
    for n, (task, updates) in enumerate(by_task.values(), 1):
        lines.append(f"{n}. {task.title}")
        lines += [f"   {to_local(u.created_at, tz).date().isoformat()}：{u.progress.strip()}" for u in updates]
        latest = updates[-1]
        if latest.problems.strip():
            problems.append(f"{len(problems) + 1}. {task.title}：{latest.problems.strip()}")
        if latest.next_steps.strip():
            steps.append(f"{len(steps) + 1}. {task.title}：{latest.next_steps.strip()}")
    lines += ["", "二、存在问题", *(problems or ["无。"]), "", "三、下步打算", *(steps or ["无。"])]
    return "\n".join(lines)[:TEXT_MAX]
