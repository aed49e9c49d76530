"""The light is shown, with its label, on 我的任务, the task page, the 催办 list and the ledger."""
from datetime import date

import pytest

from tracker.exports.data import gather_ledger
from tracker.extensions import db

LATE = date(2022, 4, 1)  # world task 1 (区卫健局 leads) was due 2022-03-31


@pytest.fixture
def late(world, clock):
    clock.freeze(LATE)
    return world


def _red(body: str) -> bool:
    return 'data-light="red"' in body and "红灯" in body


def test_my_tasks_show_the_red_light_with_its_label(late, login):
    assert _red(login("wj").get("/my").get_data(as_text=True))


def test_the_assignment_page_shows_its_light(late, login):
    a = late.assignment(0, "wj")
    assert _red(login("wj").get(f"/assignments/{a.id}").get_data(as_text=True))


def test_the_task_page_shows_each_units_light(late, login):
    body = login("office").get(f"/tasks/{late.tasks[0].id}").get_data(as_text=True)
    assert _red(body) and 'data-light="green"' in body


def test_the_chase_list_shows_the_light(late, login):
    assert _red(login("office").get("/supervision/chase").get_data(as_text=True))


def test_the_ledger_gives_each_unit_its_light(late):
    record = gather_ledger(late.campaign, LATE).tasks[0]
    assert {w.unit: w.light for w in record.work} == {"区卫健局": "red", "区发改局": "green"}


def test_the_office_sets_the_yellow_rule_of_a_campaign(world, login):
    c = world.campaign
    data = {"name": c.name, "lead_days": 14, "light_yellow_workdays": 3,
            **{f"{p.kind}-starts_on": p.starts_on.isoformat() for p in c.phases},
            **{f"{p.kind}-ends_on": p.ends_on.isoformat() if p.ends_on else "" for p in c.phases}}
    assert login("office").post(f"/campaigns/{c.id}/edit", data=data).status_code == 302
    db.session.expire_all()
    assert (c.light_yellow_workdays, c.light_yellow_due_soon) == (3, False)
