"""The due-date rule: its Python twin and its SQL twin agree on every boundary."""
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from tests.factories import make_task
from tracker.assignments.due import (
    due_date,
    due_soon_gates,
    due_soon_sql,
    due_sql,
    due_text,
    gates_at_risk,
    is_overdue,
    overdue_sql,
)
from tracker.assignments.models import Assignment, Status
from tracker.extensions import db
from tracker.tasks.models import Task

DEADLINE = date(2022, 3, 31)
OWN = date(2022, 4, 15)  # an approved extension
ONGOING_DUE = date(2022, 5, 31)  # the day before 自查评估 starts (2022-06-01)
BOUNDARIES = sorted({d + timedelta(days=k) for d in (DEADLINE, OWN, ONGOING_DUE, date(2022, 6, 1),
                                                       date(2022, 8, 21), date(2022, 5, 18), date(2022, 8, 7))
                     for k in (-1, 0, 1)})


@pytest.fixture
def assignments(world):
    """Every kind of due date in every status: dated, extended, ongoing."""
    wj, fg = world.units["wj"], world.units["fg"]
    dated = world.tasks[0]  # 2022-03-31, wj lead, fg co
    ongoing = make_task(world.campaign, "常态化开展育儿指导", [wj, fg], deadline=None)
    extended = make_task(world.campaign, "建设示范托育机构", [wj, fg], deadline=DEADLINE)
    db.session.flush()
    next(a for a in extended.assignments if a.unit_id == wj.id).due_on = OWN
    rows = []
    for task in (dated, ongoing, extended):
        for a, status in zip(task.assignments, (Status.NOT_STARTED, Status.SUBMITTED), strict=True):
            a.status = status.value
            rows.append(a)
    extra = make_task(world.campaign, "建立联席会议制度", [wj], deadline=ONGOING_DUE)
    extra.assignments[0].status = Status.RETURNED.value
    rows.append(extra.assignments[0])
    db.session.commit()
    return list(db.session.scalars(select(Assignment).order_by(Assignment.id)))  # the world's task 2 too


def _sql_ids(condition) -> set[int]:
    stmt = select(Assignment.id).join(Task, Task.id == Assignment.task_id).where(condition)
    return set(db.session.scalars(stmt))


def test_due_date_is_own_date_then_deadline_then_the_day_before_self_assessment(world, assignments):
    dues = {(a.task.title, a.unit.short_name): due_date(a) for a in assignments}
    assert dues[("制定出台推进婴幼儿照护服务实施意见", "卫健")] == DEADLINE
    assert dues[("建设示范托育机构", "卫健")] == OWN and dues[("建设示范托育机构", "发改")] == DEADLINE
    assert dues[("常态化开展育儿指导", "卫健")] == ONGOING_DUE


def test_python_and_sql_due_dates_agree(world, assignments):
    stmt = (select(Assignment.id, due_sql(world.campaign)).join(Task, Task.id == Assignment.task_id))
    assert dict(db.session.execute(stmt).all()) == {a.id: due_date(a) for a in assignments}


@pytest.mark.parametrize("today", BOUNDARIES, ids=str)
def test_python_and_sql_overdue_agree_on_every_boundary(world, assignments, today):
    python = {a.id for a in assignments if is_overdue(a, today)}
    assert _sql_ids(overdue_sql(world.campaign, today)) == python


@pytest.mark.parametrize("today", BOUNDARIES, ids=str)
def test_python_and_sql_due_soon_agree_on_every_boundary(world, assignments, today):
    for gate, on in gates_at_risk(world.campaign, today).items():
        python = {a.id for a in assignments if gate in due_soon_gates(a, today)}
        assert _sql_ids(due_soon_sql(world.campaign, today, on)) == python, gate


def test_overdue_starts_the_day_after_the_due_date_and_only_while_open(world, assignments):
    lead, co = world.tasks[0].assignments  # 2022-03-31: not started, submitted
    assert not is_overdue(lead, DEADLINE) and is_overdue(lead, DEADLINE + timedelta(days=1))
    assert not is_overdue(co, date(2023, 1, 1))


def test_an_ongoing_task_reads_with_the_date_its_self_assessment_material_is_due(world, assignments):
    ongoing = next(a for a in assignments if a.task.deadline is None)
    assert due_text(ongoing).text == "长期（自评材料应于 2022-05-31 前提交）"
    assert due_text(world.tasks[0].assignments[0]).text == "2022-03-31"
