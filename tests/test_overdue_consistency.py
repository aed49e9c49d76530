"""One world, several dates: every surface reports the same overdue set and the same counts.

The sweep, 我的任务, the assignment page, the overview, the dashboard, the 催办 list, the 通报, the ledger and
`tracker tasks list --json` all read the one rule in tracker/assignments/due.py.
"""
import json
from datetime import date

import pytest
from sqlalchemy import select

from tests.factories import make_task
from tracker.assignments.counts import overdue_count
from tracker.assignments.models import Assignment, Status
from tracker.dashboard.services import dashboard
from tracker.exports.data import gather_ledger
from tracker.extensions import db
from tracker.pages.workspace_queries import Filters, my_assignments
from tracker.scheduler.models import Flag
from tracker.scheduler.sweep import sweep_deadlines
from tracker.supervision.circulars import preview
from tracker.supervision.services import chase_candidates
from tracker.tasks.models import CoSubmission, Task

# task 1 is due 2022-03-31, task 2 2022-06-30, the 长期 task the day before 自查评估 (2022-06-01)
DATES = [date(2022, 3, 30), date(2022, 3, 31), date(2022, 4, 1), date(2022, 5, 31), date(2022, 6, 2),
         date(2022, 7, 1)]


@pytest.fixture
def campaign_world(world):
    wj, fg, cz = (world.units[k] for k in ("wj", "fg", "cz"))
    make_task(world.campaign, "常态化开展育儿指导", [cz, wj], category="宣传引导", deadline=None)
    world.tasks[0].assignments[1].status = Status.SUBMITTED.value  # fg's part of task 1: awaiting review
    world.tasks[1].assignments[0].status = Status.RETURNED.value  # fg leads task 2: returned, still open
    world.tasks[1].co_submission = CoSubmission.SEPARATE  # here 区财政局 (co) submits its own part
    db.session.commit()
    return world


def _key(a: Assignment) -> tuple[str, str]:
    return (a.task.title, a.unit.name)


def _expected(d: date) -> set[tuple[str, str]]:
    """Written out by hand from the rule, so the test does not trust the module it checks."""
    late = set()
    if d > date(2022, 3, 31):
        late.add(("制定出台推进婴幼儿照护服务实施意见", "区卫健局"))
    if d > date(2022, 5, 31):
        late.add(("常态化开展育儿指导", "区财政局"))  # its co-unit 区卫健局 feeds the lead: owes nothing itself
    if d > date(2022, 6, 30):
        late |= {("出台综合性支持政策", "区发改局"), ("出台综合性支持政策", "区财政局")}  # co-units submit separately
    return late


def _swept(campaign, d) -> set:
    sweep_deadlines(campaign, d)
    flags = db.session.scalars(select(Flag).where(Flag.kind == "overdue", Flag.open_marker == 1))
    return {_key(f.assignment) for f in flags}


def _unit_lists(world, d) -> tuple[set, int]:
    found, counted = set(), 0
    for unit in world.units.values():
        rows, counts = my_assignments(unit.id, world.campaign, d, Filters())
        found |= {_key(r.assignment) for r in rows if r.overdue}
        counted += counts["overdue"]
    return found, counted


def _cli(runner, d) -> set:
    result = runner.invoke(args=["tasks", "list", "hb", "--json", "--today", d.isoformat()])
    assert result.exit_code == 0, result.output
    return {(t["title"], a["unit"]) for t in json.loads(result.output) for a in t["assignments"] if a["overdue"]}


@pytest.mark.parametrize("d", DATES, ids=str)
def test_every_surface_reports_the_same_overdue_set(campaign_world, runner, d):
    world, campaign, expected = campaign_world, campaign_world.campaign, _expected(d)
    assert _swept(campaign, d) == expected
    unit_rows, unit_count = _unit_lists(world, d)
    assert unit_rows == expected and unit_count == len(expected)
    assert overdue_count(campaign, d) == len(expected)
    board = dashboard(campaign, d)
    assert {(o["task"], o["unit"]) for o in board["overdue"]} == expected
    assert sum(c["overdue"] for c in board["categories"]) == len(expected)
    assert sum(u["overdue"] for u in board["units"]) == len(expected)
    assert {_key(a) for a in db.session.scalars(chase_candidates(campaign, d, "overdue"))} == expected
    circular = preview(campaign, d)
    assert {(o["task"], o["unit"]) for o in circular["overdue"]} == expected
    assert circular["totals"]["overdue"] == len(expected)
    ledger = gather_ledger(campaign, d)
    assert {(o.task, o.unit) for o in ledger.overdue} == expected
    assert sum(u.overdue for u in ledger.units) == len(expected)
    assert _cli(runner, d) == expected


@pytest.mark.parametrize("d", [date(2022, 5, 31), date(2022, 6, 2)], ids=str)
def test_the_assignment_page_says_overdue_exactly_when_the_rule_does(campaign_world, client, login, clock, d):
    clock.freeze(d)
    task = db.session.scalar(select(Task).where(Task.deadline.is_(None)))
    ongoing = campaign_world.assignment(task, "cz")
    body = login("cz").get(f"/assignments/{ongoing.id}").get_data(as_text=True)
    assert "长期（自评材料应于 2022-05-31 前提交）" in body
    assert ("逾期 2 天" in body) == (d == date(2022, 6, 2))
