"""A joint-meeting body on the basic world's units (区卫健局 hosts the office), and its directory workbooks."""
import pytest

from tracker.extensions import db
from tracker.meetings.services import BodySpec, create_body

DIRECTORY_HEADER = ["成员单位", "职责", "联络员", "职务", "电话", "邮箱"]


@pytest.fixture
def body(world):
    """Body `lxhy` (the office at 区卫健局), no members yet; committed."""
    campaign = create_body("lxhy", BodySpec("婴幼儿照护服务发展工作联席会议", world.units["wj"],
                                            ("张三", "副区长"), [("李四", "区政府办副主任")], "汉政办函〔2021〕5号"))
    db.session.commit()
    return campaign
