from datetime import date

from tests.factories import basic_world
from tests.review.helpers import grow, submit
from tracker.dashboard.services import approval_trend, by_category, dashboard
from tracker.extensions import db
from tracker.review.services import approve_assignment


def test_category_figures_and_trend_aggregate_in_sql(app):
    world = basic_world()
    t1 = world.tasks[0]
    approve_assignment(submit(t1.assignments[0]), world.users["office"])
    cats = {c["name"]: c for c in by_category(world.campaign, date(2022, 5, 1))}
    # the co-unit (区发改局) closed with its lead: done, so it counts as completed and is not overdue
    assert cats["领导重视"] == {"name": "领导重视", "assigned": 2, "approved": 2, "submitted": 0, "overdue": 0,
                              "rate": 100.0}
    trend = approval_trend(world.campaign.id)
    assert len(trend) == 1 and trend[0]["total"] == 1 and len(trend[0]["date"]) == 10


def test_dashboard_shows_calendar_gate_and_overdue(app):
    world = basic_world()
    data = dashboard(world.campaign, date(2022, 5, 1))
    assert data["gate"] == ("self_assessment", date(2022, 6, 1))
    assert {o["unit"] for o in data["overdue"]} == {"区卫健局"}  # 区发改局 feeds the lead: the lead owes it


def test_dashboard_page_counts_change_after_approval(client, login):
    world = basic_world()
    a = submit(world.tasks[0].assignments[0])
    db.session.commit()
    login("leader")
    body = client.get("/dashboard").get_data(as_text=True)
    assert 'data-status="approved">0<' in body and "按类别完成情况" in body and "数据表" in body
    approve_assignment(a, world.users["office"])
    db.session.commit()
    body = client.get("/dashboard").get_data(as_text=True)
    assert 'data-status="approved">1<' in body


def test_dashboard_query_count_does_not_grow(client, login, count_queries):
    world = basic_world()
    grow(world, 2)
    login("office")
    with count_queries() as small:
        assert client.get("/dashboard").status_code == 200
    grow(world, 15, start=2)
    for t in world.tasks:
        approve_assignment(submit(t.assignments[0]), world.users["office"])
    db.session.commit()
    with count_queries() as big:
        assert client.get("/dashboard").status_code == 200
    assert big.count == small.count
