"""A member unit sees its body (its duty is there before any matter is assigned); other units do not."""
import json

from sqlalchemy import select

from tracker.assignments.visibility import scope
from tracker.campaigns.models import Campaign
from tracker.extensions import db
from tracker.meetings.members import add_member


def _visible(user) -> set[str]:
    return set(db.session.scalars(select(Campaign.slug).where(scope(user, Campaign))))


def test_a_member_unit_sees_its_body_and_a_non_member_does_not(world, body):
    add_member(body, world.units["fg"], "将托育服务纳入规划")
    db.session.commit()
    assert _visible(world.users["fg"]) == {"hb", "lxhy"}
    assert _visible(world.users["cz"]) == {"hb"}  # holds a task in hb, is no member of lxhy
    assert _visible(world.users["leader"]) == {"hb", "lxhy"}


def test_tasks_list_json_names_no_meeting_for_a_campaign_task(runner, world):
    result = runner.invoke(args=["tasks", "list", "hb", "--json"])
    assert [t["meeting"] for t in json.loads(result.stdout)] == [None, None]
