"""What a unit does to its own assignment: start, report progress, submit. Services flush; routes commit.

Every change bumps `Assignment.version` (its version_id_col), so a form carrying an older version is
refused with `VersionConflict` instead of silently overwriting someone else's work.
"""
from sqlalchemy import select

from tracker.assignments.acknowledgement import acknowledge, ensure_acknowledged
from tracker.assignments.models import OPEN_STATUSES, Assignment, ProgressUpdate, Status
from tracker.assignments.states import AssignmentError, apply_transition, may, refusal
from tracker.assignments.visibility import may_change
from tracker.audit.services import record_event
from tracker.extensions import db
from tracker.notifications.services import notify_office
from tracker.timeutil import utcnow

NOTE_MAX = 2000
SUMMARY_MAX = 500


class VersionConflict(AssignmentError):
    """The form was made from an older version of the assignment."""

    status = 409

    def __init__(self, assignment: Assignment, posted: int | None):
        super().__init__("在您编辑期间，其他人已修改了此任务。")
        self.assignment = assignment
        self.posted = posted


def check_version(assignment: Assignment, posted: int | None) -> None:
    """Refuse a form built from another version than the current one."""
    if posted is None or posted != assignment.version:
        raise VersionConflict(assignment, posted)


def ensure_editable(assignment: Assignment, user) -> None:
    """Only the assignment's own unit edits it, and only while it is open."""
    if user.role != "unit" or not may_change(user, assignment):
        raise AssignmentError("只有本单位联络员可以修改此任务。")
    if assignment.status in OPEN_STATUSES:
        return
    if assignment.status == Status.SUBMITTED:
        raise AssignmentError("任务已提交审核，审核完成前不能修改。")
    if assignment.status == Status.CLOSED_WITH_LEAD:
        raise AssignmentError("任务已随牵头单位审核通过办结，不能再修改。")
    raise AssignmentError("任务已通过审核，不能再修改。")


def _event(user, action: str, obj, assignment: Assignment, summary: str, before=None, after=None) -> None:
    record_event(user, action, obj, summary, campaign_id=assignment.task.campaign_id,
                 assignment_id=assignment.id, before=before, after=after)


def acknowledge_assignment(assignment: Assignment, user, version: int | None) -> None:
    """签收: the unit's one click on a newly assigned item (the time is kept, audited)."""
    check_version(assignment, version)
    acknowledge(assignment, user)


def start_assignment(assignment: Assignment, user, version: int | None) -> None:
    """not_started / returned → in_progress."""
    check_version(assignment, version)
    ensure_editable(assignment, user)
    ensure_acknowledged(assignment, user)
    apply_transition(assignment, "start", user, summary=f"状态：{assignment.status_label} → 推进中")


def touch_assignment(assignment: Assignment, user) -> None:
    """Mark a change by the unit: a first note or file starts the work (and acknowledges receipt, 签收);
    otherwise just bump the version."""
    ensure_acknowledged(assignment, user)
    if may(assignment, "auto_start", user):
        apply_transition(assignment, "auto_start", user, summary=f"状态：{assignment.status_label} → 推进中（自动）")
    else:
        assignment.updated_at = utcnow()
        db.session.flush()


def _clean_note(label: str, text: str | None, required: bool = False) -> str:
    text = (text or "").strip()
    if required and not text:
        raise AssignmentError(f"请填写{label}。")
    if len(text) > NOTE_MAX:
        raise AssignmentError(f"{label}不能超过 {NOTE_MAX} 字（现有 {len(text)} 字）。")
    return text


def add_progress_update(assignment: Assignment, user, version: int | None, progress: str,
                        problems: str = "", next_steps: str = "") -> ProgressUpdate:
    """Record a progress report (进展情况 / 存在问题 / 下步打算) by the assignment's unit."""
    check_version(assignment, version)
    ensure_editable(assignment, user)
    update = ProgressUpdate(
        assignment_id=assignment.id, author_id=user.id, progress=_clean_note("进展情况", progress, True),
        problems=_clean_note("存在问题", problems), next_steps=_clean_note("下步打算", next_steps),
    )
    db.session.add(update)
    touch_assignment(assignment, user)
    _event(user, "progress.add", update, assignment, f"填报进展：{update.progress[:60]}")
    return update


def confirm_no_change(assignment: Assignment, user, version: int | None) -> ProgressUpdate:
    """"无变化": one click records today's report as the last one again, flagged no-change (report once, reuse)."""
    check_version(assignment, version)
    ensure_editable(assignment, user)
    last = latest_progress(assignment.id)
    if last is None:
        raise AssignmentError("还没有填报过进展，请先填报一次；以后没有变化时可一键报“无变化”。")
    update = ProgressUpdate(assignment_id=assignment.id, author_id=user.id, progress=last.progress,
                            problems=last.problems, next_steps=last.next_steps, no_change=True)
    db.session.add(update)
    touch_assignment(assignment, user)
    _event(user, "progress.no_change", update, assignment, "报送进展：无变化（同上次）")
    return update


def submit_assignment(assignment: Assignment, user, version: int | None, summary: str, *,
                      carried: list[dict] | None = None, files: int = 0) -> None:
    """in_progress → submitted with a short summary; the office is notified in-app.

    A submission carries something: at least one progress report or one evidence file — its own (`files`: how
    many are linked, counted by the evidence domain above) or carried. A lead's submission carries the notes
    and files of the co-units that feed it; `carried` (per co-unit, see `tracker.evidence.services.co_material`)
    is kept in the event as what it carried.
    """
    check_version(assignment, version)
    ensure_editable(assignment, user)
    if (refused := refusal(assignment, "submit", user)) is not None:
        raise refused
    summary = (summary or "").strip()
    if not summary:
        raise AssignmentError("请填写提交说明。")
    if len(summary) > SUMMARY_MAX:
        raise AssignmentError(f"提交说明不能超过 {SUMMARY_MAX} 字。")
    if not files and latest_progress(assignment.id) is None and not any(
            c.get("progress") or c.get("evidence") for c in carried or []):
        raise AssignmentError("提交前请先填报工作进展或上传佐证材料：没有内容的提交无法审核。")
    ensure_acknowledged(assignment, user)
    assignment.submit_summary, assignment.submitted_at = summary, utcnow()
    apply_transition(assignment, "submit", user, summary=f"提交审核：{summary[:60]}",
                     after={"carried": carried} if carried else None)
    notify_office("submitted", f"{assignment.unit.name}提交了「{assignment.task.title[:40]}」，请审核。",
                  link=f"/assignments/{assignment.id}", campaign_id=assignment.task.campaign_id)


def latest_progress(assignment_id: int) -> ProgressUpdate | None:
    """The newest progress report of an assignment (a new report starts from it)."""
    return db.session.scalar(
        select(ProgressUpdate).where(ProgressUpdate.assignment_id == assignment_id)
        .order_by(ProgressUpdate.created_at.desc(), ProgressUpdate.id.desc()).limit(1)
    )
