"""督查 says 被督查单位 and 督查组; a 整改时限 before the inspection date is refused."""
from datetime import date

import pytest
from sqlalchemy import select

from tracker.extensions import db
from tracker.supervision.inspections import create_rectification, record_inspection
from tracker.supervision.models import Inspection, Rectification
from tracker.supervision.services import SupervisionError


def test_a_deadline_before_the_inspection_is_refused(world):
    office = world.users["office"]
    insp = record_inspection(world.campaign, date(2022, 6, 15), "区卫健局", "台账不规范", office)
    with pytest.raises(SupervisionError, match="整改时限 2022-06-14 早于督查日期 2022-06-15"):
        create_rectification(world.campaign, world.units["wj"], "规范台账", date(2022, 6, 14), office,
                             inspection=insp)
    assert create_rectification(world.campaign, world.units["wj"], "规范台账", date(2022, 6, 15), office,
                                inspection=insp).task.deadline == date(2022, 6, 15)


def test_the_page_names_the_inspected_units_and_the_team(world, login):
    client = login("office")
    body = client.get("/inspections").get_data(as_text=True)
    assert "被督查单位" in body and "督查组" in body
    assert client.post("/inspections", data={"held_on": "2022-06-15", "units_visited": "区卫健局",
                                              "team": "第一督查组", "findings": "台账不规范"}).status_code == 302
    assert db.session.scalar(select(Inspection.team)) == "第一督查组"
    body = client.get("/inspections").get_data(as_text=True)
    assert "被督查单位：区卫健局" in body and "督查组：第一督查组" in body and 'data-held-on="2022-06-15"' in body


def test_the_form_refuses_an_early_deadline_and_creates_nothing(world, login):
    client = login("office")
    insp = record_inspection(world.campaign, date(2022, 6, 15), "区卫健局", "台账不规范", world.users["office"])
    db.session.commit()
    resp = client.post("/rectifications", data={"unit_id": world.units["wj"].id, "title": "规范台账",
                                                 "deadline": "2022-06-01", "inspection_id": str(insp.id)},
                       follow_redirects=True)
    assert "早于督查日期" in resp.get_data(as_text=True)
    assert db.session.scalar(select(Rectification.id)) is None
