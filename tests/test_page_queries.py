"""The growth rule of issue 16, pinned: each main page sends the same number of SQL statements (≤ 12) with a
few tasks and with more than a page of them, cache cold (just after a write) and warm.

Timings are not asserted here: `make bench` measures them.
"""
from datetime import date, timedelta

import pytest

from tests.factories import basic_world, make_indicator, make_task, make_value
from tracker.assignments.models import ProgressUpdate
from tracker.extensions import db
from tracker.review.models import Review

MAX_QUERIES = 12
PAGES = [("/my", "wj"), ("/assignments/{a}", "wj"), ("/review", "office"), ("/dashboard", "office"),
         ("/dashboard", "leader"), ("/tasks", "office"), ("/", "office")]
STATES = ("not_started", "in_progress", "submitted", "returned", "approved")


def city(extra_tasks: int):
    """The basic world and `extra_tasks` more, each held by the three units in every state, with notes."""
    world = basic_world()
    units = list(world.units.values())
    beds = make_indicator(world.campaign, "新增托位", units[:1], [(date(2022, 12, 31), 500)])  # the dashboard's panel
    make_value(beds, units[0], 360, date(2022, 3, 1))
    for i in range(extra_tasks):
        task = make_task(world.campaign, f"第{i}项任务", units[i % 3:] + units[:i % 3], category=f"类别{i % 4}",
                         deadline=date(2022, 3, 1) + timedelta(days=i * 5))
        for j, a in enumerate(task.assignments):
            a.status = STATES[(i + j) % len(STATES)]
            db.session.add(ProgressUpdate(assignment=a, progress=f"进展{i}"))
            if a.status in ("returned", "approved"):
                db.session.add(Review(assignment=a, decision="return" if a.status == "returned" else "approve",
                                      reason="请补充" if a.status == "returned" else ""))
    db.session.commit()
    return world


def statements(client, path: str, count_queries) -> int:
    with count_queries() as q:
        assert client.get(path).status_code == 200, path
    return q.count


def counts_of(world, login, count_queries) -> dict:
    a = world.assignment(0, "wj")
    found = {}
    for template, user in PAGES:
        path, client = template.format(a=a.id), login(user)
        world.tasks[0].points = (world.tasks[0].points or 0) + 1  # a write: every cache is cold
        db.session.commit()
        cold = statements(client, path, count_queries)
        found[(template, user)] = (cold, statements(client, path, count_queries))
    return found


@pytest.fixture
def two_sizes(app, login, count_queries):
    small = counts_of(city(3), login, count_queries)
    db.session.remove()
    with db.engine.begin() as conn:
        for table in reversed(db.metadata.sorted_tables):
            conn.execute(table.delete())
    big = counts_of(city(60), login, count_queries)  # 63 assignments for each unit: more than a page
    return small, big


def test_every_page_sends_the_same_few_statements_at_both_sizes(two_sizes):
    small, big = two_sizes
    assert big == small
    too_many = {page: n for page, n in big.items() if max(n) > MAX_QUERIES}
    assert not too_many, too_many
