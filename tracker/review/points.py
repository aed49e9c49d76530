"""分值 for many tasks at once (the scoring page's grid): every cell checked first, all saved or none."""
from decimal import Decimal

from sqlalchemy import select

from tracker.audit.services import record_event
from tracker.extensions import db
from tracker.review.models import TaskScore
from tracker.review.services import ReviewError
from tracker.tasks.models import Task
from tracker.tasks.points import parse_points
from tracker.text import clip


class PointsRefused(ReviewError):
    """Some cells of the grid are wrong: `errors` maps a task id to its message; nothing was saved."""

    def __init__(self, errors: dict[int, str]):
        super().__init__(f"有 {len(errors)} 项分值填写有误，全部未保存。请按标红的提示修改后再保存。")
        self.errors = errors


def campaign_tasks(campaign_id: int, *visible) -> list[tuple[Task, TaskScore | None]]:
    """Every task of the campaign (matching `visible`, the policy's scope) with its score if any, category
    loaded, in list order: the grid's rows."""
    stmt = (select(Task, TaskScore).outerjoin(TaskScore, TaskScore.task_id == Task.id)
            .where(Task.campaign_id == campaign_id, *visible)
            .options(db.joinedload(Task.category)).order_by(Task.sequence, Task.id))
    return [tuple(r) for r in db.session.execute(stmt).unique()]


def _check(value: str, score: TaskScore | None) -> Decimal | None:
    points = parse_points(value)
    if score is not None and points is None:
        raise ValueError(f"已评得分 {_fmt(score.score)}，不能清空分值。")
    if score is not None and score.score > points:
        raise ValueError(f"已评得分 {_fmt(score.score)}，分值不能低于得分。")
    return points


def set_points(rows: list[tuple[Task, TaskScore | None]], values: dict[int, str], actor) -> int:
    """Set the 分值 of the tasks in `values` (task id → cell text; tasks not in it keep theirs).

    Every cell is checked before anything changes; any error refuses the whole grid (PointsRefused).
    Each changed task is audited. Returns the number of tasks changed.
    """
    errors, planned = {}, []
    for task, score in rows:
        if task.id not in values:
            continue
        try:
            planned.append((task, _check(values[task.id], score)))
        except ValueError as exc:
            errors[task.id] = str(exc)
    if errors:
        raise PointsRefused(errors)
    changed = [(task, points) for task, points in planned if task.points != points]
    for task, points in changed:
        before, task.points = task.points, points
        record_event(actor, "task.points", task, f"设置分值 {_fmt(before)} → {_fmt(points)}：{clip(task.title, 40)}",
                     campaign_id=task.campaign_id, before={"points": _str(before)}, after={"points": _str(points)})
    db.session.flush()
    return len(changed)


def _str(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _fmt(value: Decimal | None) -> str:
    return "未设" if value is None else f"{value.normalize():f}"
