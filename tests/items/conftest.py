from datetime import date

from tests.factories import make_task
from tracker.extensions import db
from tracker.meetings.models import Meeting
from tracker.meetings.services import BodySpec, create_body


def meeting_matter(world, title="建立托育服务专家库"):
    """A joint-meeting body, one of its meetings, and a 议定事项 of it given to 区卫健局 (a task with meeting_id)."""
    body = create_body("lxhy", BodySpec("婴幼儿照护服务联席会议", world.units["wj"]))
    meeting = Meeting(campaign_id=body.id, kind="plenary", held_on=date(2022, 3, 1), title="第一次全体会议")
    db.session.add(meeting)
    db.session.flush()
    task = make_task(body, title, [world.units["wj"], world.units["cz"]], category="议定事项",
                     deadline=date(2022, 6, 30))
    task.meeting_id = meeting.id
    db.session.flush()
    return meeting, task
