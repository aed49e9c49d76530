"""`tracker item add|register|list`."""
import json
from datetime import date

from tests.factories import basic_world
from tests.items.conftest import meeting_matter
from tracker.extensions import db


def test_add_prints_the_number_and_the_urgency_limit(runner, app, clock):
    clock.freeze(date(2022, 9, 29))
    basic_world()
    result = runner.invoke(args=["item", "add", "hb", "--source", "instruction", "--leader", "张区长", "--text",
                                 "加快建设指导中心", "--lead", "区卫健局", "--co", "发改", "--urgency", "extra_urgent"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "创建督办〔2022〕1号  办理时限 2022-10-09"
    listed = json.loads(runner.invoke(args=["item", "list", "hb", "--json"]).output)
    assert listed == [{"number": "创建督办〔2022〕1号", "source": "instruction", "content": "加快建设指导中心",
                       "lead": "区卫健局", "due": "2022-10-09", "status": "not_started"}]


def test_register_a_meeting_matter_and_refusals(runner, app, clock):
    clock.freeze(date(2022, 5, 10))
    world = basic_world()
    _, matter = meeting_matter(world)
    db.session.commit()
    assert runner.invoke(args=["item", "register", "lxhy", str(matter.id)]).output.strip() == "创建督办〔2022〕1号"
    again = runner.invoke(args=["item", "register", "lxhy", str(matter.id)])
    assert again.exit_code == 1 and "已登记为督办事项" in again.output
    unknown = runner.invoke(args=["item", "add", "hb", "--leader", "张区长", "--text", "x", "--lead", "区不存在局"])
    assert unknown.exit_code == 2 and "单位名录中没有“区不存在局”" in unknown.output
    assert runner.invoke(args=["item", "list", "nope"]).exit_code == 2
    assert runner.invoke(args=["item", "add", "hb", "--leader", "张区长", "--text", "x", "--lead", "区卫健局",
                               "--due", "2022-1-1x"]).exit_code == 2
