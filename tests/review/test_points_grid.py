"""初验: the office sets 分值 for many tasks at once on the scoring page — every cell checked, all or nothing."""
from decimal import Decimal

import pytest
from sqlalchemy import select

from tests.factories import make_task
from tracker.audit.models import AuditEvent
from tracker.extensions import db
from tracker.review.points import PointsRefused, campaign_tasks, set_points
from tracker.review.scoring import score_task
from tracker.tasks.models import Task
from tracker.tasks.points import parse_points


@pytest.fixture
def third(world):
    task = make_task(world.campaign, "建设社区托育点", [world.units["cz"]])  # no points yet
    db.session.commit()
    return task


def _points() -> dict[str, Decimal | None]:
    db.session.expire_all()
    return {t.title[:4]: t.points for t in db.session.scalars(select(Task))}


@pytest.mark.parametrize(("text", "expected"), [("", None), (" 8 ", Decimal("8")), ("2.5", Decimal("2.5")),
                                                ("3，5", Decimal("3.5")), ("0", Decimal("0"))])
def test_a_cell_reads_as_points(text, expected):
    assert parse_points(text) == expected


@pytest.mark.parametrize(("text", "message"), [("abc", "不是数字"), ("-1", "不能小于 0"), ("1.234", "两位小数"),
                                               ("100000", "不能大于"), ("NaN", "不能小于 0")])
def test_a_bad_cell_says_why(text, message):
    with pytest.raises(ValueError, match=message):
        parse_points(text)


def test_the_grid_sets_many_tasks_at_once_and_audits_each(world, third):
    t1, t2 = world.tasks
    changed = set_points(campaign_tasks(world.campaign.id), {t1.id: "12", t2.id: "5", third.id: "3"},
                         world.users["office"])
    assert changed == 2  # t2 had 5 already
    assert _points() == {"制定出台": 12, "出台综合": 5, "建设社区": 3}
    summaries = db.session.scalars(select(AuditEvent.summary).where(AuditEvent.action == "task.points")).all()
    assert sorted(summaries) == ["设置分值 10 → 12：制定出台推进婴幼儿照护服务实施意见", "设置分值 未设 → 3：建设社区托育点"]


def test_one_bad_cell_saves_nothing_and_names_every_bad_row(world, third):
    t1, t2 = world.tasks
    with pytest.raises(PointsRefused) as refused:
        set_points(campaign_tasks(world.campaign.id), {t1.id: "12", t2.id: "x", third.id: "-2"},
                   world.users["office"])
    assert set(refused.value.errors) == {t2.id, third.id}
    assert _points() == {"制定出台": 10, "出台综合": 5, "建设社区": None}


def test_points_below_a_given_score_or_cleared_are_refused(world):
    t1, t2 = world.tasks
    score_task(t1, Decimal("8"), "", world.users["office"])
    with pytest.raises(PointsRefused) as refused:
        set_points(campaign_tasks(world.campaign.id), {t1.id: "6", t2.id: ""}, world.users["office"])
    assert refused.value.errors == {t1.id: "已评得分 8，分值不能低于得分。"}
    with pytest.raises(PointsRefused, match="1 项"):
        set_points(campaign_tasks(world.campaign.id), {t1.id: ""}, world.users["office"])


def test_the_scoring_page_grid_saves_and_shows_the_new_points(world, third, login):
    client = login("office")
    body = client.get("/review/scores").get_data(as_text=True)
    assert 'data-testid="points-grid"' in body and f'name="points-{third.id}"' in body
    data = {f"points-{t.id}": v for t, v in zip((*world.tasks, third), ("10", "5", "4"), strict=True)}
    resp = client.post("/review/scores/points", data=data)
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/review/scores#points")
    assert "建设社区托育点" in client.get("/review/scores").get_data(as_text=True).split('data-testid="points-grid"')[0]
    assert _points()["建设社区"] == 4


def test_a_refused_grid_keeps_what_was_typed_and_marks_the_bad_cells(world, third, login):
    client = login("office")
    resp = client.post("/review/scores/points", data={f"points-{world.tasks[0].id}": "11",
                                                       f"points-{third.id}": "很多"})
    body = resp.get_data(as_text=True)
    assert resp.status_code == 400 and "全部未保存" in body and "“很多”不是数字。" in body
    assert 'value="很多"' in body and 'value="11"' in body and "is-invalid" in body
    assert _points()["制定出台"] == 10


def test_a_unit_cannot_post_the_grid(world, login):
    assert login("wj").post("/review/scores/points", data={f"points-{world.tasks[0].id}": "1"}).status_code == 403
