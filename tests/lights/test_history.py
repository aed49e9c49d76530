"""The monthly 亮灯 history kept by the sweep: one row per assignment and month, reruns change nothing."""
from datetime import date

from sqlalchemy import func, select

from tracker.assignments.services import start_assignment, submit_assignment
from tracker.extensions import db
from tracker.scheduler.lights import light_history, record_lights
from tracker.scheduler.models import LightRecord
from tracker.scheduler.services import scan


def _rows():
    return db.session.scalar(select(func.count(LightRecord.id)))


def test_the_sweep_records_one_light_per_assignment_for_the_month(world):
    scan([world.campaign], date(2022, 4, 1))
    assert _rows() == 4


def test_sweeping_twice_the_same_day_adds_nothing(world):
    record_lights(world.campaign, date(2022, 4, 1))
    counts = record_lights(world.campaign, date(2022, 4, 1))
    assert (_rows(), counts.created, counts.updated) == (4, 0, 0)


def test_a_unit_that_recovers_is_green_the_next_month_and_red_the_month_it_was_late(world):
    a, wj = world.assignment(0, "wj"), world.users["wj"]
    record_lights(world.campaign, date(2022, 4, 1))
    start_assignment(a, wj, a.version)
    submit_assignment(a, wj, a.version, "已印发", files=1)
    record_lights(world.campaign, date(2022, 5, 2))
    history = light_history([a.id])[a.id]
    assert (history["2022-04"].light, history["2022-05"].light) == ("red", "green")


def test_the_month_keeps_its_worst_light_when_the_unit_recovers_within_it(world):
    a, wj = world.assignment(0, "wj"), world.users["wj"]
    record_lights(world.campaign, date(2022, 4, 1))
    start_assignment(a, wj, a.version)
    submit_assignment(a, wj, a.version, "已印发", files=1)
    record_lights(world.campaign, date(2022, 4, 6))
    row = light_history([a.id])[a.id]["2022-04"]
    assert (row.light, row.worst, row.as_of) == ("green", "red", date(2022, 4, 6))


def test_an_earlier_rerun_does_not_overwrite_a_later_light(world):
    a = world.assignment(0, "wj")
    record_lights(world.campaign, date(2022, 3, 31))
    record_lights(world.campaign, date(2022, 3, 20))
    assert light_history([a.id])[a.id]["2022-03"].as_of == date(2022, 3, 31)
