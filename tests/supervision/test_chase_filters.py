"""The 催办 list filters by unit, by light and by days overdue; its action sits above the list and asks for a
confirmation only when something is ticked."""
from datetime import date

import pytest

from tests.factories import make_task
from tracker.extensions import db

LATE = date(2022, 4, 20)  # task 0 (区卫健局 leads) was due 2022-03-31: 20 days overdue


@pytest.fixture
def late(world, clock):
    clock.freeze(LATE)
    make_task(world.campaign, "推进托育机构备案", [world.units["cz"]], deadline=date(2022, 4, 15))  # 5 days overdue
    make_task(world.campaign, "开展托育服务宣传", [world.units["fg"]], deadline=date(2022, 4, 22))  # due soon
    db.session.commit()
    return world


def _rows(login, query: str) -> set[str]:
    body = login("office").get(f"/supervision/chase?kind=open&{query}").get_data(as_text=True)
    table = body.split('data-testid="chase-list"', 1)[1] if 'data-testid="chase-list"' in body else ""
    return {t for t in ("婴幼儿照护", "托育机构备案", "托育服务宣传", "综合性支持政策") if t in table}


def test_no_filter_lists_every_open_assignment_owed(late, login):
    assert _rows(login, "") == {"婴幼儿照护", "托育机构备案", "托育服务宣传", "综合性支持政策"}


def test_filter_by_unit(late, login):
    assert _rows(login, f"unit={late.units['cz'].id}") == {"托育机构备案"}


def test_filter_by_red_light_keeps_the_overdue(late, login):
    assert _rows(login, "light=red") == {"婴幼儿照护", "托育机构备案"}


def test_filter_by_yellow_light_keeps_the_due_soon(late, login):
    assert _rows(login, "light=yellow") == {"托育服务宣传"}


def test_filter_by_days_overdue(late, login):
    assert _rows(login, "days=7") == {"婴幼儿照护"}
    assert _rows(login, "days=5") == {"婴幼儿照护", "托育机构备案"}


def test_filters_combine_and_an_unreadable_one_is_ignored(late, login):
    assert _rows(login, f"unit={late.units['wj'].id}&light=red&days=abc") == {"婴幼儿照护"}
    assert _rows(login, f"unit={late.units['cz'].id}&days=30") == set()


def test_the_empty_filtered_list_says_so_and_the_tabs_keep_the_filter(late, login):
    body = login("office").get(f"/supervision/chase?kind=open&unit={late.units['cz'].id}&days=30").get_data(as_text=True)
    assert "没有符合筛选条件的任务。" in body and "清除筛选" in body
    assert f"kind=overdue&amp;unit={late.units['cz'].id}&amp;days=30" in body


def test_the_action_is_above_the_list_and_confirms_only_what_is_ticked(late, login):
    body = login("office").get("/supervision/chase?kind=open").get_data(as_text=True)
    assert body.index('data-testid="chase-actions"') < body.index('data-testid="chase-list"')
    assert 'data-confirm-checked="ids"' in body
    assert "<form method=\"post\" action=\"/supervision/chase\">" in body  # no form-wide confirm (the Word button)


def test_chasing_nothing_ticked_is_refused_with_a_plain_message(late, login):
    client = login("office")
    resp = client.post("/supervision/chase", data={"message": "请加快", "next": "/supervision/chase"},
                       follow_redirects=True)
    assert "请先勾选要催办的任务。" in resp.get_data(as_text=True)


def test_the_landings_due_soon_count_opens_the_chase_list_of_exactly_those(world, login, clock):
    clock.freeze(date(2022, 5, 25))  # 自查评估 starts 2022-06-01: at risk
    make_task(world.campaign, "开展托育服务宣传", [world.units["fg"]], deadline=date(2022, 5, 28))  # 临期
    make_task(world.campaign, "推进托育机构备案", [world.units["cz"]], deadline=date(2022, 7, 15))  # after the gate
    db.session.commit()
    landing = login("office").get("/").get_data(as_text=True)
    assert 'href="/supervision/chase?kind=open&amp;gate=self_assessment"' in landing
    assert 'href="/tasks?status=returned"' in landing  # 已退回、待单位重新提交: the tasks with a returned unit
    assert _rows(login, "gate=self_assessment") == {"托育服务宣传"}
    body = login("office").get("/supervision/chase?kind=open&gate=self_assessment").get_data(as_text=True)
    assert 'data-testid="gate-filter"' in body and "自查评估节点前临期" in body
    assert _rows(login, "gate=acceptance") == set()  # not at risk today: nothing, never everything
    assert _rows(login, "gate=nonsense") == _rows(login, "")  # an unreadable filter is no filter
