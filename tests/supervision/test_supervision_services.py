from datetime import date
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from tests.factories import make_task
from tests.review.helpers import submit
from tracker.audit.models import AuditEvent
from tracker.extensions import db
from tracker.notifications.models import Notification
from tracker.review.services import approve_assignment, return_for_revision
from tracker.supervision.circulars import issue_circular, preview
from tracker.supervision.inspections import create_rectification, record_inspection
from tracker.supervision.models import Chase
from tracker.supervision.services import (
    SupervisionError,
    chase_assignments,
    instructions_for,
    record_instruction,
)
from tracker.supervision.xlsx import circular_workbook, workbook_bytes


def _notes(user):
    return db.session.scalars(select(Notification.text).where(Notification.user_id == user.id)).all()


def test_chase_counts_records_and_notifies(world):
    a = world.tasks[0].assignments[0]
    chase_assignments([a], "请本周内报送", world.users["office"])
    chase_assignments([a], "再次提醒", world.users["office"])
    assert a.chase_count == 2
    assert len(db.session.scalars(select(Chase)).all()) == 2
    assert any("再次提醒" in t for t in _notes(world.users["wj"]))
    assert db.session.scalar(select(AuditEvent.assignment_id).where(AuditEvent.action == "assignment.chase")) == a.id


def test_chase_goes_out_once_per_unit_through_the_outbox(world):
    from tracker.notifications.models import Channel, OutboxMessage

    wj, fg = world.units["wj"], world.units["fg"]
    db.session.add_all([Channel(unit_id=wj.id, kind="email", target="wj@example.org"),
                        Channel(unit_id=fg.id, kind="wecom", target="key-1")])
    db.session.flush()
    t1, t2 = world.tasks
    picked = [t1.assignments[0], t1.assignments[1], t2.assignments[0]]  # wj, fg, fg
    chase_assignments(picked, "请本周内报送", world.users["office"])
    rows = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.channel_id)).all()
    assert [r.channel.unit_id for r in rows] == [wj.id, fg.id]
    fg_body = rows[1].body
    assert "请本周内报送" in fg_body and t1.title[:20] in fg_body and t2.title[:10] in fg_body


def test_chase_needs_a_message_and_a_selection(world):
    a = world.tasks[0].assignments[0]
    with pytest.raises(SupervisionError):
        chase_assignments([a], " ", world.users["office"])
    with pytest.raises(SupervisionError):
        chase_assignments([], "x", world.users["office"])
    assert a.chase_count == 0


def test_circular_figures_ranking_and_suggestions(world):
    office = world.users["office"]
    world.campaign.co_units_submit_separately = True  # 发改 (a co-unit) is reviewed on its own
    t1, t2 = world.tasks
    approve_assignment(submit(t1.assignments[1]), office)  # 发改 approved on t1
    return_for_revision(submit(t1.assignments[0]), "补充", office)
    return_for_revision(submit(t1.assignments[0]), "再补充", office)  # 卫健 returned twice
    data = preview(world.campaign, date(2022, 5, 10), with_ranking=True)
    units = {u["name"]: u for u in data["units"]}
    assert units["区发改局"]["approved"] == 1 and units["区发改局"]["assigned"] == 2
    assert units["区发改局"]["rate"] == 50.0 and units["区发改局"]["rank"] == 1
    assert units["区卫健局"]["overdue"] == 1 and units["区卫健局"]["max_overdue_days"] == 40
    assert units["区卫健局"]["times_returned"] == 2
    criticised = {c["name"]: c["reason"] for c in data["suggestions"]["criticism"]}
    assert "逾期 40 天" in criticised["区卫健局"] and "退回 2 次" in criticised["区卫健局"]
    assert [o["unit"] for o in data["overdue"]] == ["区卫健局"]


def test_issue_circular_numbers_snapshots_and_tells_units(world):
    office, fg, wj = world.users["office"], world.units["fg"], world.units["wj"]
    first = issue_circular(world.campaign, date(2022, 5, 10), "正文", office, praise_ids=[fg.id],
                           criticism={wj.id: "逾期"})
    second = issue_circular(world.campaign, date(2022, 6, 10), "正文二", office)
    assert (first.number, second.number) == (1, 2)
    assert first.data["praise"] == ["区发改局"] and first.data["criticism"] == [{"name": "区卫健局", "reason": "逾期"}]
    assert "第1期" in first.title
    assert any("通报" in t for t in _notes(world.users["cz"]))
    with pytest.raises(SupervisionError):
        issue_circular(world.campaign, date(2022, 5, 10), "  ", office)


def test_circular_xlsx_keeps_formula_like_text_as_text(world):
    make_task(world.campaign, "=HYPERLINK(\"http://x\")", [world.units["cz"]], deadline=date(2022, 1, 1))
    c = issue_circular(world.campaign, date(2022, 5, 10), "=1+1 正文", world.users["office"])
    wb = load_workbook(BytesIO(workbook_bytes(circular_workbook(c.title, c.body, c.data))))
    body = wb["通报"]["A3"]
    assert body.value == "'=1+1 正文" and body.data_type == "s"
    overdue = [r[0] for r in wb["逾期任务"].iter_rows(min_row=2, values_only=True)]
    assert "'=HYPERLINK(\"http://x\")" in overdue
    assert all(c.data_type != "f" for row in wb["逾期任务"].iter_rows() for c in row)


def test_instruction_reaches_units_and_office_and_is_scoped(world):
    leader, t1 = world.users["leader"], world.tasks[0]
    record_instruction(world.campaign, "抓紧出台", leader, task=t1)
    record_instruction(world.campaign, "财政保障到位", leader, unit=world.units["cz"])
    assert any("抓紧出台" in t for t in _notes(world.users["wj"]))
    assert any("抓紧出台" in t for t in _notes(world.users["office"]))
    assert [i.text for i in instructions_for(world.users["cz"], world.campaign)] == ["财政保障到位"]
    assert len(instructions_for(world.users["office"], world.campaign)) == 2
    with pytest.raises(SupervisionError):
        record_instruction(world.campaign, "x", leader)


def test_an_instruction_concerns_only_a_unit_holding_the_work(world, login):
    from tests.factories import make_unit

    leader, t1 = world.users["leader"], world.tasks[0]  # task 0: 区卫健局 leads, 区发改局 helps
    idle = make_unit("团市委")
    with pytest.raises(SupervisionError, match="区财政局不是该任务的责任单位"):
        record_instruction(world.campaign, "抓紧", leader, task=t1, unit=world.units["cz"])
    with pytest.raises(SupervisionError, match="团市委在本活动中没有任务"):
        record_instruction(world.campaign, "抓紧", leader, unit=idle)
    assert record_instruction(world.campaign, "抓紧", leader, task=t1, unit=world.units["fg"]).unit_id == \
        world.units["fg"].id
    db.session.commit()
    page = login("leader").get("/instructions").get_data(as_text=True)
    form = page.split('name="unit_id"', 1)[1].split("</select>", 1)[0]
    assert "区卫健局" in form and "团市委" not in form


def test_inspection_finding_becomes_rectification_task(world):
    office = world.users["office"]
    insp = record_inspection(world.campaign, date(2022, 6, 15), "区卫健局", "托育机构备案不全\n台账不规范", office)
    item = create_rectification(world.campaign, world.units["wj"], "托育机构备案不全", date(2022, 7, 15),
                                office, inspection=insp)
    assert item.task.category.name == "整改事项" and item.task.deadline == date(2022, 7, 15)
    assert item.task.assignments[0].unit_id == world.units["wj"].id
    lost = create_rectification(world.campaign, world.units["fg"], "初验失分整改", date(2022, 7, 1),
                                office, source_task=world.tasks[0])
    assert lost.source_task_id == world.tasks[0].id
    with pytest.raises(SupervisionError):
        create_rectification(world.campaign, world.units["wj"], "x", None, office)


def test_a_co_unit_closed_with_its_lead_is_not_praised_and_the_text_says_how_work_was_done(world):
    office = world.users["office"]
    lead = next(a for a in world.tasks[0].assignments if a.role == "lead")
    approve_assignment(submit(lead), office)  # its feeding co-unit closes with it
    data = preview(world.campaign, date(2022, 5, 10))
    units = {u["name"]: u for u in data["units"]}
    co = next(a for a in world.tasks[0].assignments if a.role == "co")
    assert units[co.unit.name]["closed_with_lead"] == 1 and units[co.unit.name]["own_approved"] == 0
    assert [u["name"] for u in data["suggestions"]["praise"]] == [lead.unit.name]
    assert data["totals"]["approved"] == 2 and data["totals"]["closed_with_lead"] == 1
    assert "已办结2项（其中审核通过1项、配合单位随牵头办结1项）" in data["body"]


def test_praise_names_every_unit_level_with_the_last_one_and_never_a_unit_with_overdue_work():
    from tracker.supervision.circulars import praise_suggestions

    def unit(name, own, approved, overdue=0, order=0):
        return {"name": name, "own": own, "own_approved": approved, "overdue": overdue, "order": order}
    units = [unit("甲", 2, 2, order=5), unit("乙", 4, 2, order=1), unit("丙", 4, 2, order=2),
             unit("丁", 4, 2, order=3), unit("戊", 4, 1, order=4), unit("己", 1, 1, overdue=1),
             unit("庚", 0, 0)]
    assert [u["name"] for u in praise_suggestions(units)] == ["甲", "乙", "丙", "丁"]  # 丁 ties with 丙
    assert [u["name"] for u in praise_suggestions(units[:2] + units[4:])] == ["甲", "乙", "戊"]
