"""督办事项 services: numbering, urgency limits on working days, conversions that never duplicate a task."""
from datetime import date

import pytest
from sqlalchemy import func, select

from tests.factories import basic_world, make_campaign, make_task
from tests.items.conftest import meeting_matter
from tests.threads import run_at_once
from tracker.assignments.visibility import scope
from tracker.auth.models import User
from tracker.errors import Refusal
from tracker.extensions import db
from tracker.items.models import Source, SupervisionItem
from tracker.items.queries import ItemFilters, item_counts, item_page
from tracker.items.services import (
    ItemError,
    ItemSpec,
    register_existing_task,
    register_inspection_item,
    register_instruction_item,
)
from tracker.items.urgency import default_due, set_urgency_limits, urgency_limits
from tracker.pages.task_queries import task_list_select
from tracker.registers.models import RegisterCounter, RegisterEntry
from tracker.supervision.inspections import create_rectification, record_inspection
from tracker.supervision.services import record_instruction
from tracker.tasks.models import Task


def _spec(world, **kw) -> ItemSpec:
    base = {"leader_name": "张区长", "instruction_text": "抓紧建成区级托育综合服务中心",
            "instructed_on": date(2022, 5, 10), "urgency": "normal", "lead": world.units["wj"],
            "co": [world.units["fg"]], "reply_requirement": "每周报送进展"}
    return ItemSpec(**{**base, **kw})


def _tasks() -> int:
    return db.session.scalar(select(func.count(Task.id)))


def test_numbers_run_consecutively_across_every_source(app, clock):
    clock.freeze(date(2022, 5, 10))
    world = basic_world()
    office = world.users["office"]
    first = register_instruction_item(world.campaign, _spec(world), office)
    _, matter = meeting_matter(world)
    second = register_existing_task(matter, office)
    inspection = record_inspection(world.campaign, date(2022, 5, 9), "区财政局", "托育补助资金未及时拨付", office)
    third = register_inspection_item(world.campaign, inspection,
                                     _spec(world, content="托育补助资金未及时拨付", due=date(2022, 5, 31)), office)
    assert [first.number, second.number, third.number] == ["创建督办〔2022〕1号", "创建督办〔2022〕2号",
                                                            "创建督办〔2022〕3号"]
    assert [i.source for i in (first, second, third)] == ["instruction", "meeting", "inspection"]
    assert second.meeting_id == matter.meeting_id and third.inspection_id == inspection.id
    kinds = db.session.scalars(select(RegisterEntry.kind)).all()
    assert kinds == ["item", "item", "item"]


def test_a_refused_item_takes_no_number(app, clock):
    clock.freeze(date(2022, 5, 10))
    world = basic_world()
    with pytest.raises(ItemError, match="请选择主办单位"):
        register_instruction_item(world.campaign, _spec(world, lead=None), world.users["office"])
    db.session.rollback()
    item = register_instruction_item(world.campaign, _spec(world), world.users["office"])
    assert item.number == "创建督办〔2022〕1号"


def test_urgent_limits_count_working_days_over_the_national_day_holiday(app):
    world = basic_world()
    before_holiday = date(2022, 9, 29)  # 10-01..10-07 off, 10-08 and 10-09 are make-up working days
    assert default_due(world.campaign, "extra_urgent", before_holiday) == date(2022, 10, 9)
    assert default_due(world.campaign, "urgent", before_holiday) == date(2022, 10, 25)
    assert default_due(world.campaign, "normal", before_holiday) == date(2022, 11, 15)


def test_a_blank_due_date_is_the_urgency_limit_and_a_typed_one_wins(app, clock):
    clock.freeze(date(2022, 9, 29))
    world = basic_world()
    office = world.users["office"]
    auto = register_instruction_item(world.campaign, _spec(world, urgency="extra_urgent",
                                                           instructed_on=date(2022, 9, 29)), office)
    typed = register_instruction_item(world.campaign, _spec(world, content="另一事项", urgency="extra_urgent",
                                                            instructed_on=date(2022, 9, 29), due=date(2022, 10, 31)),
                                      office)
    assert auto.task.deadline == date(2022, 10, 9) and typed.task.deadline == date(2022, 10, 31)
    assert auto.task.lead.unit_id == world.units["wj"].id
    assert [a.unit_id for a in auto.task.assignments if a.role == "co"] == [world.units["fg"].id]


def test_a_campaign_sets_its_own_limits(app):
    world = basic_world()
    set_urgency_limits(world.campaign, {"extra_urgent": 2, "urgent": 10, "normal": 20}, world.users["office"])
    assert urgency_limits(world.campaign) == {"extra_urgent": 2, "urgent": 10, "normal": 20}
    assert default_due(world.campaign, "extra_urgent", date(2022, 9, 29)) == date(2022, 10, 8)
    with pytest.raises(Refusal, match="1～250"):
        set_urgency_limits(world.campaign, {"normal": 0}, world.users["office"])


def test_an_instruction_on_a_task_registers_that_task_without_a_second_one(app, clock):
    clock.freeze(date(2022, 5, 10))
    world = basic_world()
    task = world.tasks[0]
    note = record_instruction(world.campaign, "务必按期完成", world.users["leader"], task=task)
    count = _tasks()
    item = register_instruction_item(world.campaign, _spec(world, lead=None, co=[], instruction_text=note.text),
                                     world.users["office"], instruction=note)
    assert _tasks() == count and item.task_id == task.id and item.instruction_id == note.id
    assert task.deadline == date(2022, 3, 31)  # the task keeps its units and deadline
    with pytest.raises(ItemError, match="已转为督办事项"):
        register_instruction_item(world.campaign, _spec(world), world.users["office"], instruction=note)


def test_an_instruction_on_a_unit_becomes_a_new_task_for_that_unit(app, clock):
    clock.freeze(date(2022, 5, 10))
    world = basic_world()
    note = record_instruction(world.campaign, "加快普惠托位建设", world.users["leader"], unit=world.units["cz"])
    count = _tasks()
    item = register_instruction_item(world.campaign, _spec(world, lead=world.units["cz"], co=[], content=""),
                                     world.users["office"], instruction=note)
    assert _tasks() == count + 1
    assert item.task.title == "抓紧建成区级托育综合服务中心"  # blank content: the 批示's text
    assert item.task.category.name == "督办事项" and item.task.lead.unit_id == world.units["cz"].id


def test_a_meeting_matter_and_a_rectification_are_registered_as_they_are(app, clock):
    clock.freeze(date(2022, 5, 10))
    world = basic_world()
    office = world.users["office"]
    _, matter = meeting_matter(world)
    inspection = record_inspection(world.campaign, date(2022, 5, 9), "区卫健局", "台账不全", office)
    rect = create_rectification(world.campaign, world.units["wj"], "补齐台账", date(2022, 5, 31), office,
                                inspection=inspection)
    count = _tasks()
    by_meeting = register_existing_task(matter, office, "会后一月内办复")
    by_inspection = register_existing_task(rect.task, office)
    assert _tasks() == count
    assert (by_meeting.task_id, by_meeting.source, by_meeting.reply_requirement) == (matter.id, "meeting", "会后一月内办复")
    assert (by_inspection.task_id, by_inspection.source, by_inspection.inspection_id) == (rect.task_id, "inspection",
                                                                                         inspection.id)
    with pytest.raises(ItemError, match="已登记为督办事项"):
        register_existing_task(matter, office)
    with pytest.raises(ItemError, match="只有会议议定事项和整改事项"):
        register_existing_task(world.tasks[0], office)


def test_an_instruction_item_needs_its_details_and_a_due_date_not_before_it(app):
    world = basic_world()
    office = world.users["office"]
    for kw, message in [({"leader_name": " "}, "请填写批示领导"), ({"instruction_text": ""}, "请填写批示内容"),
                        ({"instructed_on": None}, "请填写批示日期"), ({"urgency": "x"}, "请选择紧急程度"),
                        ({"due": date(2022, 5, 1)}, "早于批示日期")]:
        with pytest.raises(ItemError, match=message):
            register_instruction_item(world.campaign, _spec(world, **kw), office)
    assert db.session.scalar(select(func.count(SupervisionItem.id))) == 0


def test_source_filters_and_counts(app, clock):
    clock.freeze(date(2022, 5, 10))
    world = basic_world()
    office = world.users["office"]
    register_instruction_item(world.campaign, _spec(world), office)
    register_instruction_item(world.campaign, _spec(world, content="第二件"), office)
    inspection = record_inspection(world.campaign, date(2022, 5, 9), "", "问题", office)
    register_inspection_item(world.campaign, inspection, _spec(world, content="督查问题", due=date(2022, 6, 1)), office)
    counts = item_counts(world.campaign, date(2022, 5, 10), scope(office, SupervisionItem))
    assert counts["source"] == {"all": 3, "instruction": 2, "meeting": 0, "inspection": 1}
    assert counts["state"]["not_started"] == 3 and counts["state"]["approved"] == 0
    page = item_page(world.campaign, date(2022, 5, 10), ItemFilters(source=Source.INSTRUCTION), scope(office, SupervisionItem))
    assert [i.number for i in page.items] == ["创建督办〔2022〕2号", "创建督办〔2022〕1号"]
    rows = lambda source: [r.title for r in db.session.execute(task_list_select(world.campaign.id, source=source)[0])]  # noqa: E731
    assert rows("list") == [t.title for t in world.tasks]
    assert rows("inspection") == ["督查问题"]
    assert len(rows("instruction")) == 2


def test_a_unit_sees_only_the_items_on_its_tasks(app, clock):
    clock.freeze(date(2022, 5, 10))
    world = basic_world()
    register_instruction_item(world.campaign, _spec(world, co=[]), world.users["office"])
    seen = lambda user: item_counts(world.campaign, date(2022, 5, 10), scope(user, SupervisionItem))["source"]["all"]  # noqa: E731
    assert (seen(world.users["wj"]), seen(world.users["cz"]), seen(world.users["leader"])) == (1, 0, 1)


def test_two_offices_registering_one_matter_at_once_make_one_item_and_take_one_number(app, clock):
    """Each on its own connection: the loser is refused (its number rolls back with it), never a 500."""
    clock.freeze(date(2022, 5, 10))
    world = basic_world()
    _, matter = meeting_matter(world)
    db.session.commit()
    task_id, office_id = matter.id, world.users["office"].id

    def work():
        try:
            register_existing_task(db.session.get(Task, task_id), db.session.get(User, office_id))
            return "registered"
        except ItemError:
            db.session.rollback()
            return "refused"

    assert sorted(run_at_once(app, work)) == ["refused", "registered"]
    db.session.expire_all()
    assert db.session.scalar(select(func.count(SupervisionItem.id))) == 1
    assert db.session.scalars(select(RegisterEntry.number_text)).all() == ["创建督办〔2022〕1号"]
    assert db.session.scalar(select(RegisterCounter.last)) == 1


def test_a_source_of_another_campaign_is_refused_and_nothing_is_written(app, clock):
    clock.freeze(date(2022, 5, 10))
    world = basic_world()
    office = world.users["office"]
    other = make_campaign("ak", "安康市创建示范城市")
    make_task(other, "落实托育补助资金", [world.units["cz"]])  # a 批示 concerns a unit holding work there
    note = record_instruction(other, "加快普惠托位建设", world.users["leader"], unit=world.units["cz"])
    inspection = record_inspection(other, date(2022, 5, 9), "区财政局", "托育补助资金未及时拨付", office)
    tasks = _tasks()
    with pytest.raises(ItemError, match="另一项创建活动"):
        register_instruction_item(world.campaign, _spec(world), office, instruction=note)
    with pytest.raises(ItemError, match="另一项创建活动"):
        register_inspection_item(world.campaign, inspection, _spec(world, content="补助未拨付", due=date(2022, 5, 31)),
                                 office)
    assert _tasks() == tasks
    assert db.session.scalar(select(func.count(SupervisionItem.id))) == 0
    assert db.session.scalar(select(func.count(RegisterEntry.id))) == 0
