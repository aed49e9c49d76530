"""The scheduler's flags show where people look: badges in the unit's list, counts per gate on the dashboard."""
import re
from datetime import date

from tests.factories import basic_world, make_task
from tracker.dashboard.services import dashboard
from tracker.extensions import db
from tracker.pages.workspace_queries import Filters, my_assignments
from tracker.scheduler.sweep import sweep_deadlines

TODAY = date(2022, 5, 25)  # self-assessment gate (2022-06-01) is 7 days ahead, within the 14 lead days


def _world_with_due_soon_task():
    world = basic_world()
    task = make_task(world.campaign, "完成托育机构备案登记", [world.units["cz"]], deadline=date(2022, 5, 31))
    sweep_deadlines(world.campaign, TODAY)
    db.session.commit()
    return world, task


def test_unit_list_rows_carry_due_soon_flags_with_their_gate(app):
    world, task = _world_with_due_soon_task()
    rows, _ = my_assignments(world.units["cz"].id, world.campaign, TODAY, Filters())
    by_task = {r.assignment.task_id: r for r in rows}
    assert [(f.kind, f.gate) for f in by_task[task.id].flags] == [("due_soon", "self_assessment")]


def test_unit_list_page_shows_the_due_soon_badge(client, login, clock):
    world, _ = _world_with_due_soon_task()
    clock.freeze(TODAY)
    body = login("cz").get("/my").get_data(as_text=True)
    assert 'data-flag="due_soon"' in body and "临期·自查评估前" in body


def test_dashboard_counts_open_flags_per_gate(app):
    world, _ = _world_with_due_soon_task()
    data = dashboard(world.campaign, TODAY)
    assert data["overdue_count"] == 1  # task 1 (2022-03-31): its lead; the co-unit feeds the lead
    gates = {g.kind: g for g in data["gates"]}
    assert gates["self_assessment"].days == 7 and gates["self_assessment"].flags == 1


def test_ongoing_task_shows_its_implied_due_date_and_days_overdue(client, login, clock):
    world = basic_world()
    make_task(world.campaign, "常态化开展育儿指导", [world.units["cz"]], deadline=None)
    later = date(2022, 6, 10)  # 长期 tasks are due the day before 自查评估 (2022-06-01) starts
    sweep_deadlines(world.campaign, later)
    db.session.commit()
    clock.freeze(later)
    body = re.sub(r"<[^>]+>", "", login("cz").get("/my").get_data(as_text=True))  # the text a reader sees
    assert "自评材料应于 2022-05-31 前提交" in body and "逾期 10 天" in body
