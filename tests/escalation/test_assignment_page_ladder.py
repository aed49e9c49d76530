"""The ladder on the assignment page: the 督办单 (colour named) and 催办通知书 its steps sent, with 文号, date and
download, to the office and the unit that owns the item (no other unit); the office also sees the item's step
and pauses or resumes it there; the page sends no statement more for it."""
import re
from datetime import date

from sqlalchemy import select

from tests.factories import basic_world
from tracker.escalation.models import EscalationPause
from tracker.escalation.services import walk_ladder
from tracker.extensions import db

WALKS = (date(2022, 3, 30), date(2022, 4, 1), date(2022, 4, 20))  # before the due date (03-31), the day after, late


def _walked():
    world = basic_world()
    for day in WALKS:
        walk_ladder(world.campaign, day)
    db.session.commit()
    return world


def _documents(html: str) -> list[tuple[str, str]]:
    """(what, 文号) of each document listed, in page order."""
    items = re.findall(r'data-ladder-doc="(\w+)".*?<span class="badge [^"]+">([^<]+)</span>\s*<span[^>]*>([^<]+)<',
                       html, re.S)
    return [(label, number) for _, label, number in items]


def test_the_unit_sees_its_documents_newest_first_with_number_colour_date_and_download(client, login):
    world = _walked()
    a = world.assignment(0, "wj")
    login("wj")
    html = client.get(f"/assignments/{a.id}").get_data(as_text=True)
    assert _documents(html) == [("红色督办单", "创建办督〔2022〕4号"), ("催办通知书", "创建办督〔2022〕5号"),
                                ("黄色督办单", "创建办督〔2022〕2号"), ("催办通知书", "创建办督〔2022〕3号"),
                                ("蓝色督办单", "创建办督〔2022〕1号")]
    assert 'data-colour="red"' in html and "2022-04-20 · 逾期 5 个工作日" in html
    assert "2022-03-30 · 完成时限前 3 个工作日" in html
    links = re.findall(r'href="(/escalation/records/\d+/(?:notice|urge)\.docx)"', html)
    assert len(links) == 5
    assert all(client.get(link).status_code == 200 for link in links)
    assert 'data-testid="ladder-state"' not in html and "暂停" not in html  # the step and pause are the office's


def test_another_unit_sees_neither_the_page_nor_the_documents(client, login):
    world = _walked()
    a = world.assignment(0, "wj")
    login("wj")
    links = re.findall(r'href="(/escalation/records/\d+/(?:notice|urge)\.docx)"',
                       client.get(f"/assignments/{a.id}").get_data(as_text=True))
    login("fg")  # the co-unit of the same task: its own page lists nothing of the lead's ladder
    own = client.get(f"/assignments/{world.assignment(0, 'fg').id}").get_data(as_text=True)
    assert 'data-testid="ladder"' not in own and "创建办督" not in own
    assert client.get(f"/assignments/{a.id}").status_code == 404
    login("cz")
    assert [client.get(link).status_code for link in links] == [404] * 5


def test_the_office_sees_the_step_and_pauses_and_resumes_the_item_from_its_page(client, login):
    world = _walked()
    a = world.assignment(0, "wj")
    login("office")
    page = f"/assignments/{a.id}"
    html = client.get(page).get_data(as_text=True)
    assert "当前步骤：<strong>逾期 5 个工作日</strong>（2022-04-20）" in html and "已到最后一步" in html
    assert len(_documents(html)) == 5 and 'data-testid="ladder-pause"' in html
    resp = client.post(f"/escalation/assignments/{a.id}/pause", data={"reason": "经领导同意缓办", "next": page})
    assert resp.status_code == 302 and resp.headers["Location"].endswith(page)
    assert db.session.scalar(select(EscalationPause.reason)) == "经领导同意缓办"
    html = client.get(page).get_data(as_text=True)
    assert 'data-testid="ladder-paused"' in html and "经领导同意缓办" in html and "恢复督办升级" in html
    client.post(f"/escalation/assignments/{a.id}/resume", data={"next": page})
    assert db.session.scalar(select(EscalationPause.id)) is None
    assert 'data-testid="ladder-pause"' in client.get(page).get_data(as_text=True)


def test_before_any_step_the_office_sees_the_next_one_and_the_unit_sees_nothing(client, login):
    world = basic_world()
    a = world.assignment(0, "wj")
    login("office")
    html = client.get(f"/assignments/{a.id}").get_data(as_text=True)
    assert "未到步骤" in html and "下一步：完成时限前 3 个工作日" in html  # the default ladder, not yet saved
    login("wj")
    assert 'data-testid="ladder"' not in client.get(f"/assignments/{a.id}").get_data(as_text=True)
    login("office")  # work no longer owed and never escalated: nothing to show
    b = world.assignment(0, "fg")  # the co-unit feeding its lead
    assert 'data-testid="ladder"' not in client.get(f"/assignments/{b.id}").get_data(as_text=True)


def test_the_ladder_costs_the_page_no_statement(client, login, count_queries):
    world = basic_world()
    a = world.assignment(0, "wj")
    path = f"/assignments/{a.id}"

    def counts() -> dict[str, int]:
        found = {}
        for user in ("wj", "office"):
            login(user)
            with count_queries() as q:
                assert client.get(path).status_code == 200
            found[user] = q.count
        return found

    before = counts()
    for day in WALKS:
        walk_ladder(world.campaign, day)
    db.session.commit()
    assert counts() == before
