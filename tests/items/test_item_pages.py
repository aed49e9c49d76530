"""督办事项 pages: roles, the form's Chinese messages with nothing saved, conversions, what units and the task
list show."""
from datetime import date

from sqlalchemy import func, select

from tests.factories import basic_world
from tests.items.conftest import meeting_matter
from tracker.extensions import db
from tracker.items.models import SupervisionItem
from tracker.registers.models import RegisterEntry
from tracker.supervision.inspections import create_rectification, record_inspection
from tracker.supervision.services import record_instruction
from tracker.tasks.models import Task


def _form(world, **kw) -> dict:
    data = {"leader_name": "张区长", "instruction_text": "抓紧建成区级托育综合服务中心", "instructed_on": "2022-09-29",
            "urgency": "extra_urgent", "content": "", "lead": str(world.units["wj"].id),
            "co": [str(world.units["fg"].id)], "due": "", "reply_requirement": "办结后书面报告"}
    return {**data, **kw}


def _counts() -> tuple[int, int, int]:
    return tuple(db.session.scalar(select(func.count(m.id))) for m in (SupervisionItem, RegisterEntry, Task))


def test_only_the_office_registers_items_leaders_read_units_do_not_open_the_list(client, login):
    world = basic_world()
    for user, list_code, form_code in [("office", 200, 200), ("admin", 200, 200), ("leader", 200, 403),
                                       ("wj", 403, 403)]:
        login(user)
        assert client.get("/items").status_code == list_code, user
        assert client.get("/items/new").status_code == form_code, user
    for user in ("leader", "wj"):
        login(user)
        assert client.post("/items/new", data=_form(world)).status_code == 403
        assert client.post("/items/limits", data={"extra_urgent": 1, "urgent": 2, "normal": 3}).status_code == 403
        assert client.post(f"/items/from-task/{world.tasks[0].id}").status_code == 403
    assert _counts()[0] == 0


def test_a_leaders_instruction_item_is_numbered_with_its_urgency_limit(client, login, clock):
    clock.freeze(date(2022, 9, 29))
    world = basic_world()
    login("office")
    resp = client.post("/items/new", data=_form(world))
    assert resp.status_code == 302
    item = db.session.scalar(select(SupervisionItem))
    assert item.number == "创建督办〔2022〕1号" and item.task.deadline == date(2022, 10, 9)  # 特急: 3 working days
    body = client.get(resp.headers["Location"]).get_data(as_text=True)
    assert "已登记督办事项 创建督办〔2022〕1号" in body and "张区长" in body and "特急" in body
    assert "2022-10-09" in body


def test_bad_input_is_refused_in_chinese_and_nothing_is_saved(client, login, clock):
    clock.freeze(date(2022, 9, 29))
    world = basic_world()
    login("office")
    before = _counts()
    for kw, message in [({"leader_name": ""}, "请填写批示领导。"), ({"instruction_text": ""}, "请填写批示内容。"),
                        ({"instructed_on": ""}, "请填写批示日期。"), ({"instructed_on": "2022-13-01"}, "批示日期应为 YYYY-MM-DD"),
                        ({"lead": "0"}, "请选择主办单位。"), ({"due": "2022-09-01"}, "早于批示日期"),
                        ({"due": "2200-01-01"}, "办理时限 2200-01-01 不在"), ({"urgency": "x"}, "请选择紧急程度。")]:
        resp = client.post("/items/new", data=_form(world, **kw))
        page = resp.get_data(as_text=True)
        assert resp.status_code == 400, kw
        assert message in page, (kw, page[:300])
        assert "抓紧建成区级托育综合服务中心" in page or kw.get("instruction_text") == ""  # what was typed is kept
    assert _counts() == before


def test_the_form_prefills_the_due_date_the_server_computes(client, login):
    basic_world()
    login("office")
    assert client.get("/items/due?on=2022-09-29&urgency=extra_urgent").get_json() == {"due": "2022-10-09"}
    assert client.get("/items/due?on=&urgency=urgent").get_json()["due"] is None
    page = client.get("/items/new").get_data(as_text=True)
    assert "特急 3 个工作日" in page and "data-filter" in page and "data-picker" in page


def test_an_instruction_on_a_task_is_turned_into_an_item_of_that_task(client, login, clock):
    clock.freeze(date(2022, 5, 10))
    world = basic_world()
    note = record_instruction(world.campaign, "务必按期完成", world.users["leader"], task=world.tasks[0])
    db.session.commit()
    login("office")
    assert "转为督办事项" in client.get("/instructions").get_data(as_text=True)
    page = client.get(f"/items/new?instruction={note.id}").get_data(as_text=True)
    assert "务必按期完成" in page and "不新建任务" in page
    tasks = _counts()[2]
    resp = client.post("/items/new", data=_form(world, instruction_id=str(note.id), instruction_text="务必按期完成",
                                                instructed_on="2022-05-10", lead="0", co=[]))
    assert resp.status_code == 302
    item = db.session.scalar(select(SupervisionItem))
    assert item.task_id == world.tasks[0].id and item.instruction_id == note.id and _counts()[2] == tasks
    page = client.get("/instructions").get_data(as_text=True)
    assert "创建督办〔2022〕1号" in page and "转为督办事项" not in page  # made an item once


def test_a_meeting_matter_and_a_rectification_are_turned_into_items_from_their_pages(client, login, clock):
    clock.freeze(date(2022, 5, 10))
    world = basic_world()
    _, matter = meeting_matter(world)
    inspection = record_inspection(world.campaign, date(2022, 5, 9), "区卫健局", "台账不全", world.users["office"])
    rect = create_rectification(world.campaign, world.units["wj"], "补齐台账", date(2022, 5, 31), world.users["office"],
                                inspection=inspection)
    db.session.commit()
    login("office")
    assert "转为督办事项" in client.get(f"/meetings/{matter.meeting_id}").get_data(as_text=True)
    assert "转为督办事项" in client.get(f"/tasks/{matter.id}").get_data(as_text=True)
    assert "转为督办事项" not in client.get(f"/tasks/{world.tasks[0].id}").get_data(as_text=True)
    resp = client.post(f"/items/from-task/{matter.id}", data={"reply_requirement": "一月内办复"})
    assert resp.status_code == 302
    assert "创建督办〔2022〕1号" in client.get(f"/tasks/{matter.id}").get_data(as_text=True)
    assert "创建督办〔2022〕1号" in client.get(f"/meetings/{matter.meeting_id}").get_data(as_text=True)
    resp = client.post(f"/items/from-task/{rect.task_id}", data={"next": "/inspections"})
    assert resp.headers["Location"] == "/inspections"
    assert "创建督办〔2022〕2号" in client.get("/inspections").get_data(as_text=True)
    before = _counts()
    refused = client.post(f"/items/from-task/{world.tasks[0].id}")
    assert refused.status_code == 302 and _counts() == before
    assert "只有会议议定事项和整改事项" in client.get(refused.headers["Location"]).get_data(as_text=True)
    page = client.get(f"/items/new?inspection={inspection.id}&finding=0").get_data(as_text=True)
    assert "台账不全" in page and "督查日期" in page


def test_the_lead_unit_sees_number_and_reply_requirement_and_the_task_list_filters_by_source(client, login, clock):
    clock.freeze(date(2022, 9, 29))
    world = basic_world()
    login("office")
    client.post("/items/new", data=_form(world, content="建成区级托育综合服务中心"))
    item = db.session.scalar(select(SupervisionItem))
    lead = item.task.lead
    login("wj")
    assert "建成区级托育综合服务中心" in client.get("/my").get_data(as_text=True)
    page = client.get(f"/assignments/{lead.id}").get_data(as_text=True)
    assert "创建督办〔2022〕1号" in page and "办结后书面报告" in page and "抓紧建成区级托育综合服务中心" in page
    login("cz")
    assert client.get(f"/assignments/{lead.id}").status_code == 404
    login("leader")
    listed = client.get("/tasks?source=instruction").get_data(as_text=True)
    assert "建成区级托育综合服务中心" in listed and "创建督办〔2022〕1号" in listed
    assert world.tasks[0].title not in listed
    assert world.tasks[0].title in client.get("/tasks?source=list").get_data(as_text=True)
    assert "建成区级托育综合服务中心" in client.get("/items?source=instruction&state=not_started").get_data(as_text=True)
    assert "没有符合条件的督办事项" in client.get("/items?source=meeting").get_data(as_text=True)


def test_the_office_sets_the_urgency_limits(client, login):
    basic_world()
    login("office")
    assert client.post("/items/limits", data={"extra_urgent": 5, "urgent": 10, "normal": 20}).status_code == 302
    assert "特急 5 个工作日" in client.get("/items/new").get_data(as_text=True)
    refused = client.post("/items/limits", data={"extra_urgent": 0, "urgent": 10, "normal": 20}, follow_redirects=True)
    assert "办理时限应为 1～250 个工作日" in refused.get_data(as_text=True)
    assert client.get("/items/due?on=2022-09-29&urgency=extra_urgent").get_json()["due"] == "2022-10-11"


def test_the_office_changes_the_reply_requirement_units_may_not(client, login, clock):
    clock.freeze(date(2022, 9, 29))
    world = basic_world()
    login("office")
    client.post("/items/new", data=_form(world))
    item = db.session.scalar(select(SupervisionItem))
    login("wj")
    assert client.post(f"/items/{item.id}/reply", data={"reply_requirement": "x"}).status_code == 403
    login("office")
    assert "修改办复要求" in client.get(f"/tasks/{item.task_id}").get_data(as_text=True)
    resp = client.post(f"/items/{item.id}/reply", data={"reply_requirement": "每周五报送进展"})
    assert resp.status_code == 302 and db.session.get(SupervisionItem, item.id).reply_requirement == "每周五报送进展"
    same = client.post(f"/items/{item.id}/reply", data={"reply_requirement": "每周五报送进展"}, follow_redirects=True)
    assert "办复要求没有变化" in same.get_data(as_text=True)
    login("wj")
    assert "每周五报送进展" in client.get(f"/assignments/{item.task.lead.id}").get_data(as_text=True)

