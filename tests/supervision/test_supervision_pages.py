from datetime import date

from sqlalchemy import select

from tests.factories import basic_world, make_campaign, make_task
from tracker.assignments.models import Assignment
from tracker.extensions import db
from tracker.supervision.circulars import issue_circular
from tracker.supervision.models import Circular, Instruction, Rectification


def test_chase_from_the_list(client, login):
    world = basic_world()
    a = world.tasks[0].assignments[0]
    login("office")
    body = client.get("/supervision/chase?kind=open").get_data(as_text=True)
    assert world.tasks[0].title in body
    resp = client.post("/supervision/chase", data={"ids": [str(a.id)], "message": "请加快", "next": "/review"})
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/review")
    assert db.session.get(Assignment, a.id).chase_count == 1
    assert "催办 1 次" in client.get("/supervision/chase?kind=open").get_data(as_text=True)


def test_issue_circular_then_unit_reads_it_and_downloads_xlsx(client, login):
    world = basic_world()
    login("office")
    page = client.get("/circulars/new?as_of=2022-05-10").get_data(as_text=True)
    assert "截至2022-05-10" in page and "区卫健局" in page
    resp = client.post("/circulars/new", data={
        "as_of": "2022-05-10", "title": "", "body": "请各单位加快推进。",
        "praise": [str(world.units["fg"].id)], "criticism": [str(world.units["wj"].id)],
        f"reason_{world.units['wj'].id}": "任务逾期"})
    assert resp.status_code == 302
    c = db.session.scalar(select(Circular))
    login("wj")
    assert "创建工作进展通报（第1期）" in client.get("/circulars").get_data(as_text=True)
    body = client.get(f"/circulars/{c.id}").get_data(as_text=True)
    assert "任务逾期" in body and "区发改局" in body and "请各单位加快推进。" in body
    xlsx = client.get(f"/circulars/{c.id}.xlsx")
    assert xlsx.status_code == 200 and xlsx.data[:2] == b"PK"


def test_leader_instructs_office_cannot(client, login):
    world = basic_world()
    t = world.tasks[0]
    login("office")
    assert client.post("/instructions", data={"text": "x", "task_id": t.id, "unit_id": 0}).status_code == 403
    login("leader")
    resp = client.post("/instructions", data={"text": "务必按期完成", "task_id": t.id, "unit_id": 0})
    assert resp.status_code == 302
    assert db.session.scalar(select(Instruction.text)) == "务必按期完成"
    login("wj")
    assert "务必按期完成" in client.get("/instructions").get_data(as_text=True)
    login("cz")
    assert "务必按期完成" not in client.get("/instructions").get_data(as_text=True)


def test_inspection_and_rectification_pages(client, login):
    world = basic_world()
    login("office")
    resp = client.post("/inspections", data={"held_on": "2022-06-15", "units_visited": "区卫健局",
                                              "findings": "台账不规范"})
    assert resp.status_code == 302
    page = client.get(f"/inspections?task={world.tasks[0].id}").get_data(as_text=True)
    assert "台账不规范" in page and "初验失分整改" in page
    resp = client.post("/rectifications", data={"unit_id": world.units["wj"].id, "title": "规范台账",
                                                 "deadline": "2022-07-15", "inspection_id": "",
                                                 "source_task_id": str(world.tasks[0].id)})
    assert resp.status_code == 302
    assert db.session.scalar(select(Rectification.source_task_id)) == world.tasks[0].id
    assert "规范台账" in client.get("/inspections").get_data(as_text=True)


def test_circular_of_a_campaign_the_unit_takes_no_part_in_is_404(client, login):
    world = basic_world()
    other = make_campaign("sq", "另一创建活动")
    make_task(other, "另一活动的任务", [world.units["wj"]])
    c = issue_circular(other, date(2022, 5, 10), "请加快推进。", world.users["office"])
    db.session.commit()
    for username, status in (("cz", 404), ("wj", 200), ("leader", 200)):
        login(username)
        assert client.get(f"/circulars/{c.id}").status_code == status, username
        assert client.get(f"/circulars/{c.id}.xlsx").status_code == status, username
