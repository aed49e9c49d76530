"""初验 scoring: the office scores each task 0..points; a summary by category shows where points are lost."""
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import case, func, select

from tracker.audit.services import record_event
from tracker.extensions import db
from tracker.review.models import TaskScore
from tracker.review.services import ReviewError
from tracker.tasks.models import Category, Task
from tracker.text import clip


def score_task(task: Task, score: Decimal, comment: str, actor) -> TaskScore:
    """Set (or change) the task's score; refused when the task has no points or the score is out of range."""
    if task.points is None:
        raise ReviewError("该任务未设分值，请先在任务编辑中设置分值。")
    if score is None or score < 0 or score > task.points:
        raise ReviewError(f"得分应在 0 到 {task.points:g} 之间。")
    row = db.session.scalar(select(TaskScore).where(TaskScore.task_id == task.id))
    before = {"score": str(row.score), "comment": row.comment} if row else None
    values = {"score": score, "comment": (comment or "").strip(), "scorer_id": actor.id}
    if row is None:
        row = TaskScore(task_id=task.id, **values)
        db.session.add(row)
    else:
        row.score, row.comment, row.scorer_id = values.values()
    db.session.flush()
    record_event(actor, "task.score", task, f"初验评分 {score:g}/{task.points:g}：{clip(task.title, 40)}",
                 campaign_id=task.campaign_id, before=before,
                 after={"score": str(score), "comment": row.comment})
    return row


@dataclass
class CategoryScore:
    name: str
    maximum: Decimal
    score: Decimal
    scored: int
    tasks: int
    scored_maximum: Decimal

    @property
    def lost(self) -> Decimal:
        """Points lost on the items scored so far (unscored items lose nothing yet)."""
        return self.scored_maximum - self.score


def category_scores(campaign_id: int) -> list[CategoryScore]:
    """Per category: maximum (sum of points), score, scored and total tasks — aggregated in SQL."""
    stmt = (select(Category.name, func.coalesce(func.sum(Task.points), 0), func.coalesce(func.sum(TaskScore.score), 0),
                   func.count(TaskScore.id), func.count(Task.id),
                   func.coalesce(func.sum(case((TaskScore.id.is_not(None), Task.points), else_=0)), 0))
            .join(Task, Task.category_id == Category.id)
            .outerjoin(TaskScore, TaskScore.task_id == Task.id)
            .where(Category.campaign_id == campaign_id, Task.points.is_not(None))
            .group_by(Category.id, Category.name, Category.sequence).order_by(Category.sequence))
    return [CategoryScore(n, Decimal(m), Decimal(s), sc, t, Decimal(sm)) for n, m, s, sc, t, sm in db.session.execute(stmt)]


def scored_tasks(campaign_id: int) -> list[tuple[Task, TaskScore | None]]:
    """Every task with points, with its score if any (category loaded), in list order."""
    stmt = (select(Task, TaskScore).outerjoin(TaskScore, TaskScore.task_id == Task.id)
            .where(Task.campaign_id == campaign_id, Task.points.is_not(None))
            .options(db.joinedload(Task.category)).order_by(Task.sequence, Task.id))
    return [tuple(r) for r in db.session.execute(stmt).unique()]


def lost_points(rows: list[tuple[Task, TaskScore | None]]) -> list[tuple[Task, TaskScore]]:
    """The scored items that lost points (the candidates for 整改)."""
    return [(t, s) for t, s in rows if s is not None and s.score < t.points]


def score_map(campaign_id: int) -> dict[int, TaskScore]:
    """task id → score, for the export."""
    stmt = select(TaskScore).join(Task, Task.id == TaskScore.task_id).where(Task.campaign_id == campaign_id)
    return {s.task_id: s for s in db.session.scalars(stmt)}
