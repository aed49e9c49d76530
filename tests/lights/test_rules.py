"""亮灯 rules at each boundary (default: red when overdue; yellow when 临期 or within 5 working days; else green)."""
from datetime import date

from sqlalchemy import select

from tests.factories import make_task
from tracker.assignments.lights import Light, light_and_why, light_of, light_sql
from tracker.assignments.models import Assignment
from tracker.assignments.services import start_assignment, submit_assignment
from tracker.extensions import db
from tracker.tasks.models import Task
from tracker.workdays.calendar import WorkCalendar

CAL = WorkCalendar()


def why_of(a, today, cal) -> str:
    """The reason of the light by the rule's words, from its parts (due.py), as `why` reads it."""
    from tracker.assignments.due import due_date, due_soon_gates
    from tracker.assignments.states import owes_work

    light, due = light_of(a, today, cal), due_date(a)
    if light == Light.RED:
        return f"已逾期（应于 {due.isoformat()} 前完成）"
    if light == Light.YELLOW:
        if due_soon_gates(a, today) and a.task.campaign.light_yellow_due_soon:
            return "临近阶段节点，尚未提交"
        return f"距完成时限还有 {max(cal.workdays_between(today, due), 0)} 个工作日"
    return "按期推进" if owes_work(a) else "无待办（已提交、已办结或随牵头单位）"


def _lead(world, deadline):
    task = make_task(world.campaign, f"建设托育服务指导中心（{deadline}）", [world.units["wj"]], deadline=deadline)
    db.session.flush()
    return task.assignments[0]


def test_green_six_working_days_before_the_due_date(world):
    assert light_of(world.assignment(0, "wj"), date(2022, 3, 23), CAL) == Light.GREEN


def test_yellow_five_working_days_before_the_due_date(world):
    assert light_of(world.assignment(0, "wj"), date(2022, 3, 24), CAL) == Light.YELLOW


def test_yellow_on_the_due_date(world):
    assert light_of(world.assignment(0, "wj"), date(2022, 3, 31), CAL) == Light.YELLOW


def test_red_the_day_after_the_due_date(world):
    assert light_of(world.assignment(0, "wj"), date(2022, 4, 1), CAL) == Light.RED


def test_the_qingming_holiday_does_not_count_as_working_days(world):
    # due Wed 4-06; 4-03..4-05 off, Sat 4-02 a make-up day: five working days back is 3-29, six is 3-28
    a = _lead(world, date(2022, 4, 6))
    assert (light_of(a, date(2022, 3, 28), CAL), light_of(a, date(2022, 3, 29), CAL)) == (Light.GREEN, Light.YELLOW)


def test_an_office_day_off_brings_the_yellow_light_earlier(world):
    a = world.assignment(0, "wj")
    assert light_of(a, date(2022, 3, 23), WorkCalendar({date(2022, 3, 28): False})) == Light.YELLOW


def test_yellow_when_due_soon_before_a_gate(world):
    a = _lead(world, date(2022, 5, 31))  # 7 working days away, but 自查评估 starts 6-01 within the lead days
    assert light_of(a, date(2022, 5, 20), CAL) == Light.YELLOW


def test_due_soon_does_not_light_yellow_when_the_campaign_turns_it_off(world):
    world.campaign.light_yellow_due_soon = False
    a = _lead(world, date(2022, 5, 31))
    assert light_of(a, date(2022, 5, 20), CAL) == Light.GREEN


def test_the_campaign_threshold_of_working_days_is_used(world):
    world.campaign.light_yellow_workdays = 2
    assert light_of(world.assignment(0, "wj"), date(2022, 3, 28), CAL) == Light.GREEN


def test_an_approved_extension_moves_the_light(world):
    a = world.assignment(0, "wj")
    a.due_on = date(2022, 4, 30)
    assert light_of(a, date(2022, 4, 1), CAL) == Light.GREEN


def test_a_submitted_assignment_is_green_after_its_due_date(world):
    a, wj = world.assignment(0, "wj"), world.users["wj"]
    start_assignment(a, wj, a.version)
    submit_assignment(a, wj, a.version, "已印发", files=1)
    assert light_of(a, date(2022, 4, 10), CAL) == Light.GREEN


def test_a_co_unit_feeding_its_lead_is_green_after_the_due_date(world):
    assert light_of(world.assignment(0, "fg"), date(2022, 4, 10), CAL) == Light.GREEN



def _sql_lights(campaign, today, cal) -> dict[int, str]:
    stmt = (select(Assignment.id, light_sql(campaign, today, cal)).join(Task, Task.id == Assignment.task_id)
            .where(Task.campaign_id == campaign.id))
    return dict(db.session.execute(stmt).all())


def test_the_sql_twin_agrees_with_the_python_rule_on_every_boundary(world):
    _lead(world, date(2022, 4, 6))
    _lead(world, date(2022, 5, 31))
    cal = WorkCalendar({date(2022, 3, 28): False})
    assignments = db.session.scalars(select(Assignment)).all()
    for today in [date(2022, 3, d) for d in (22, 23, 24, 28, 29, 30, 31)] + [date(2022, 4, 1), date(2022, 5, 20),
                                                                            date(2022, 6, 30)]:
        assert _sql_lights(world.campaign, today, cal) == {a.id: str(light_of(a, today, cal)) for a in assignments}


def test_the_light_and_its_reason_worked_out_together_agree_with_light_of_and_why(world):
    _lead(world, date(2022, 4, 6))
    _lead(world, date(2022, 5, 31))
    _lead(world, None)  # ongoing: due the day before 自查评估
    a = world.assignment(0, "wj")
    start_assignment(a, world.users["wj"], a.version)
    submit_assignment(a, world.users["wj"], a.version, "已印发", files=1)
    cal = WorkCalendar({date(2022, 3, 28): False})
    for today in [date(2022, 3, d) for d in (22, 23, 24, 28, 29, 30, 31)] + [date(2022, 4, 1), date(2022, 5, 20),
                                                                            date(2022, 6, 30)]:
        for a in db.session.scalars(select(Assignment)).all():
            assert light_and_why(a, today, cal) == (light_of(a, today, cal), why_of(a, today, cal))


def test_the_light_given_its_due_date_and_what_is_owed_is_the_light_worked_out_alone(world):
    from tracker.assignments.due import due_date
    from tracker.assignments.states import owes_work

    _lead(world, date(2022, 5, 31))
    _lead(world, None)
    for today in (date(2022, 3, 24), date(2022, 4, 1), date(2022, 5, 20), date(2022, 6, 30)):
        for a in db.session.scalars(select(Assignment)).all():
            given = light_and_why(a, today, CAL, due=due_date(a), owes=owes_work(a))
            assert given == light_and_why(a, today, CAL)
