"""Who sees an indicator and its values: the office and leaders all, a unit those it is responsible for."""
import pytest
from sqlalchemy import select

from tests.factories import make_value
from tests.indicators.conftest import FIRST
from tracker.assignments.visibility import fetch, may_change, may_see, scope
from tracker.errors import NotFound
from tracker.extensions import db
from tracker.indicators.models import Indicator, IndicatorValue


@pytest.mark.parametrize(("username", "sees"), [
    ("office", True), ("admin", True), ("leader", True), ("wj", True), ("fg", True), ("cz", False)])
def test_an_indicator_is_seen_by_readers_and_its_responsible_units(world, beds, username, sees):
    assert may_see(world.users[username], beds) is sees


def test_a_unit_not_responsible_gets_not_found(world, beds):
    with pytest.raises(NotFound):
        fetch(world.users["cz"], Indicator, beds.id)


def test_only_the_office_changes_an_indicator(world, beds):
    assert [u for u in ("office", "admin", "leader", "wj") if may_change(world.users[u], beds)] == ["office", "admin"]


def test_a_value_is_seen_by_every_responsible_unit_and_changed_by_its_own_and_the_office(world, beds):
    value = make_value(beds, world.units["wj"], 420, FIRST, approved=False)
    users = world.users
    assert [u for u in ("office", "leader", "wj", "fg", "cz") if may_see(users[u], value)] == [
        "office", "leader", "wj", "fg"]
    assert [u for u in ("office", "leader", "wj", "fg", "cz") if may_change(users[u], value)] == ["office", "wj"]


def test_a_units_list_of_indicators_is_scoped_by_the_policy(world, beds):
    for username, expected in (("wj", [beds.id]), ("cz", [])):
        rows = db.session.scalars(select(Indicator.id).where(scope(world.users[username], Indicator))).all()
        assert rows == expected
    assert db.session.scalars(select(IndicatorValue.id).where(scope(world.users["cz"], IndicatorValue))).all() == []
