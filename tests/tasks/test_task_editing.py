from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from tests.review.helpers import grow
from tracker.assignments.assigning import reassign_units
from tracker.assignments.services import start_assignment
from tracker.audit.models import AuditEvent
from tracker.extensions import db
from tracker.tasks.editing import TaskEditError, update_task
from tracker.tasks.models import Task


def _edit(task, office, **kw):
    values = {"title": task.title, "category_name": task.category.name, "deadline": task.deadline,
              "points": task.points, "reason": "", "co_submission": task.co_submission, "actor": office}
    update_task(task, **{**values, **kw})


def test_deadline_change_needs_a_reason_and_is_audited(world):
    t, office = world.tasks[0], world.users["office"]
    with pytest.raises(TaskEditError, match="调整理由"):
        _edit(t, office, deadline=date(2022, 4, 30))
    assert t.deadline == date(2022, 3, 31)
    _edit(t, office, deadline=date(2022, 4, 30), reason="省级文件推迟", points=Decimal("12"), category_name="政策支持")
    assert t.deadline == date(2022, 4, 30) and t.category.name == "政策支持" and t.points == Decimal("12")
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "task.update"))
    assert event.before["deadline"] == "2022-03-31" and event.after["reason"] == "省级文件推迟"


def test_reassign_units_changes_lead_and_refuses_removing_started_work(world):
    t, office, u = world.tasks[0], world.users["office"], world.units
    reassign_units(t, u["fg"], [u["wj"], u["cz"]], office)
    assert [(a.unit.name, a.role) for a in t.assignments] == [("区发改局", "lead"), ("区卫健局", "co"),
                                                              ("区财政局", "co")]
    cz = t.assignments[2]
    start_assignment(cz, world.users["cz"], cz.version)
    with pytest.raises(TaskEditError, match="区财政局已开展工作"):
        reassign_units(t, u["fg"], [u["wj"]], office)
    assert len(t.assignments) == 3


def test_task_list_search_filter_and_edit_page(client, login, world):
    login("leader")
    body = client.get("/tasks?q=综合性").get_data(as_text=True)
    assert "出台综合性支持政策" in body and "实施意见" not in body
    body = client.get(f"/tasks?unit={world.units['wj'].id}").get_data(as_text=True)
    assert "实施意见" in body and "综合性" not in body
    assert client.get(f"/tasks/{world.tasks[0].id}/edit").status_code == 403
    login("office")
    t = world.tasks[0]
    resp = client.post(f"/tasks/{t.id}/edit", data={"title": t.title, "category": "领导重视",
                                                    "deadline": "2022-05-31", "deadline_reason": "", "points": "10"})
    assert resp.status_code == 400 and "调整理由" in resp.get_data(as_text=True)
    resp = client.post(f"/tasks/{t.id}/edit", data={"title": t.title, "category": "领导重视",
                                                    "deadline": "2022-05-31", "deadline_reason": "延后", "points": "10"})
    assert resp.status_code == 302
    assert db.session.get(Task, t.id).deadline == date(2022, 5, 31)
    resp = client.post(f"/tasks/{t.id}/units", data={"lead": world.units["cz"].id, "co": [world.units["wj"].id]})
    assert resp.status_code == 302
    assert db.session.get(Task, t.id).lead.unit_id == world.units["cz"].id


def test_task_list_query_count_does_not_grow(client, login, count_queries, world):
    login("office")
    with count_queries() as small:
        client.get("/tasks")
    grow(world, 10)
    with count_queries() as big:
        client.get("/tasks")
    assert big.count == small.count


@pytest.mark.parametrize("points", ["NaN", "Infinity", "-1", "1e30", "100000"])
def test_the_edit_form_refuses_points_the_database_cannot_hold(client, login, world, points):
    login("office")
    t = world.tasks[0]
    resp = client.post(f"/tasks/{t.id}/edit", data={"title": t.title, "category": t.category.name,
                                                    "deadline": t.deadline.isoformat(), "points": points})
    assert resp.status_code in (200, 400) and "分值" in resp.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Task, t.id).points == t.points
    assert client.get(f"/tasks/{t.id}/edit").status_code == 200


def test_the_edit_form_refuses_a_deadline_before_1990(client, login, world):
    login("office")
    t = world.tasks[0]
    resp = client.post(f"/tasks/{t.id}/edit", data={"title": t.title, "category": t.category.name,
                                                    "deadline": "0001-01-01", "deadline_reason": "x"})
    assert resp.status_code in (200, 400) and "1990" in resp.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Task, t.id).deadline == date(2022, 3, 31)
