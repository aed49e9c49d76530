"""The office edits a task (text, category, deadline with a reason, points) and reassigns its units."""
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from tracker.audit.services import record_event
from tracker.errors import Refusal
from tracker.extensions import db
from tracker.tasks.models import CoSubmission, Task, deadline_problem, points_problem, title_key
from tracker.tasks.services import get_or_create_category


class TaskEditError(Refusal):
    """A refused edit; the message is shown to the user."""


FIELD_LABELS = {"title": "任务内容", "category": "类别", "deadline": "完成时限", "points": "分值",
                "co_submission": "配合单位提交方式"}  # the activity feed says what changed in words


def _snapshot(task: Task) -> dict:
    return {"title": task.title, "category": task.category.name,
            "deadline": task.deadline.isoformat() if task.deadline else None,
            "points": str(task.points) if task.points is not None else None,
            "co_submission": task.co_submission}


def update_task(task: Task, *, title: str, category_name: str, deadline: date | None, points: Decimal | None,
                reason: str, co_submission: str | None, actor) -> None:
    """Change the task's text, category, deadline, points and how its co-units report (None: as the campaign
    says; 'separate' / 'feed' override it); a deadline change needs a reason."""
    title, category_name, reason = (title or "").strip(), (category_name or "").strip(), (reason or "").strip()
    co_submission = co_submission or None
    if co_submission is not None and co_submission not in CoSubmission.values():
        raise TaskEditError("配合单位提交方式无效。")
    if not title or not category_name:
        raise TaskEditError("任务内容和类别不能为空。")
    if problem := points_problem(points) or deadline_problem(deadline):
        raise TaskEditError(problem)
    if deadline != task.deadline and not reason:
        raise TaskEditError("修改完成时限须填写调整理由。")
    category = get_or_create_category(task.campaign, category_name)
    clash = db.session.scalar(select(Task.id).where(Task.category_id == category.id, Task.title_key == title_key(title),
                                                    Task.id != task.id))
    if clash:
        raise TaskEditError("同一类别下已有相同内容的任务。")
    before = _snapshot(task)
    if deadline != task.deadline:
        task.deadline_text = None
    task.set_title(title)
    task.category, task.deadline, task.points = category, deadline, points
    task.co_submission = co_submission
    db.session.flush()
    after = _snapshot(task)
    summary = "修改任务：" + "、".join(FIELD_LABELS[k] for k in after if after[k] != before[k]) + (
        f"（理由：{reason}）" if reason else "")
    record_event(actor, "task.update", task, summary, campaign_id=task.campaign_id, before=before,
                 after={**after, "reason": reason})
