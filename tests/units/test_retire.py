"""A unit in no list and no group can be retired: hidden from pickers and list import, kept in history."""
import pytest
from sqlalchemy import select

from tests.factories import make_campaign, make_task, make_unit, make_user
from tracker.audit.models import AuditEvent
from tracker.extensions import db
from tracker.units.resolver import resolve_cell
from tracker.units.services import UnitError, load_registry, restore_unit, retire_unit, unit_choices


def test_a_unit_in_no_list_and_no_group_retires_and_leaves_the_pickers(app):
    unit = make_unit("示范镇")
    retire_unit(unit)
    assert unit.retired and unit.id not in dict(unit_choices())
    assert resolve_cell(load_registry(), "示范镇").units == []
    assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.object_id == unit.id)
                             .order_by(AuditEvent.id.desc())) == "unit.retire"


def test_a_unit_in_a_group_cannot_retire(app):
    with pytest.raises(UnitError, match="分组"):
        retire_unit(make_unit("老城街道办", group="镇办"))


def test_a_unit_on_a_task_cannot_retire(app):
    unit = make_unit("区卫健局")
    make_task(make_campaign(), "任务", [unit])
    with pytest.raises(UnitError, match="任务 1 项"):
        retire_unit(unit)


def test_a_retired_unit_is_restored(app):
    unit = make_unit("示范镇")
    retire_unit(unit)
    restore_unit(unit)
    assert not unit.retired and unit.id in dict(unit_choices())


def test_retire_from_the_registry_page(app, login):
    make_user("office", "office")
    spare, grouped = make_unit("示范镇"), make_unit("老城街道办", group="镇办")
    db.session.commit()
    client = login("office")
    html = client.get("/units").get_data(as_text=True)
    assert f"/units/{spare.id}/retire" in html and f"/units/{grouped.id}/retire" not in html
    client.post(f"/units/{spare.id}/retire")
    html = client.get("/units").get_data(as_text=True)
    assert 'data-testid="retired-units"' in html and f"/units/{spare.id}/restore" in html
