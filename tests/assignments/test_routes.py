"""The unit's pages: my list with counts and filters, the assignment page, progress, submit and the 409 path."""
import re
from datetime import date

import pytest
from sqlalchemy import select

from tests.assignments.conftest import assignment_of, fresh
from tests.factories import make_task
from tracker.assignments.models import ProgressUpdate
from tracker.assignments.services import add_progress_update
from tracker.extensions import db
from tracker.notifications.models import Notification
from tracker.review.models import Review


def test_my_list_shows_own_assignments_grouped_with_roles(world, login):
    html = login("fg").get("/my").get_data(as_text=True)
    assert "制定出台推进婴幼儿照护服务实施意见" in html and "出台综合性支持政策" in html
    assert html.index("领导重视") < html.index("政策支持")
    assert "牵头" in html and "配合" in html


def test_my_list_hides_other_units_tasks(world, login):
    html = login("cz").get("/my").get_data(as_text=True)
    assert "出台综合性支持政策" in html
    assert "制定出台推进婴幼儿照护服务实施意见" not in html


@pytest.mark.parametrize("username", ["office", "leader", "admin"])
def test_my_list_is_for_units_only(world, login, username):
    assert login(username).get("/my").status_code == 403


def test_counts_overdue_and_latest_comment(world, login):
    a = assignment_of(world, 0, "wj")
    db.session.add(Review(assignment_id=a.id, decision="return", reason="请补充印发文件"))
    a.status = "returned"
    db.session.commit()
    html = login("wj").get("/my").get_data(as_text=True)
    assert "请补充印发文件" in html
    assert "逾期" in html  # deadline 2022-03-31 is long past
    assert 'data-count="returned"' in html


def _card(html: str, key: str) -> int:
    return int(re.search(rf'data-count="{key}".*?<div class="fs-4[^"]*">(\d+)</div>', html, re.S).group(1))


def test_the_todo_card_counts_a_returned_task_and_opens_exactly_what_it_counts(world, login):
    returned, submitted = assignment_of(world, 0, "fg"), assignment_of(world, 1, "fg")
    returned.status, submitted.status = "returned", "submitted"
    db.session.commit()
    client = login("fg")
    html = client.get("/my").get_data(as_text=True)
    assert (_card(html, "todo"), _card(html, "returned"), _card(html, "submitted")) == (1, 1, 1)
    assert 'href="/my?status=todo"' in html
    listing = client.get("/my?status=todo").get_data(as_text=True)
    rows = listing.split("</form>", 1)[1]
    assert "实施意见" in rows and "综合性支持政策" not in rows
    assert '<option value="todo" selected>' in listing


@pytest.mark.parametrize("query,shown,hidden", [
    ("status=not_started", "实施意见", None), ("role=lead", "综合性支持政策", "实施意见"),
    ("role=co", "实施意见", "综合性支持政策"), ("q=综合性", "综合性支持政策", "实施意见"),
    ("phase=self_assessment", "综合性支持政策", "实施意见"), ("phase=implementation", "实施意见", "综合性支持政策"),
    ("status=approved", None, "实施意见"),
])
def test_my_list_filters(world, login, query, shown, hidden):
    html = login("fg").get(f"/my?{query}").get_data(as_text=True)
    table = html[html.find('data-testid="filters"'):]
    if shown:
        assert shown in table
    if hidden:
        assert hidden not in table.split("</form>", 1)[1]


def test_overdue_filter_uses_open_status(world, login):
    a = assignment_of(world, 0, "fg")
    a.status = "submitted"
    db.session.commit()
    html = login("fg").get("/my?overdue=1").get_data(as_text=True)
    assert "实施意见" not in html.split("</form>", 1)[1]


def test_list_runs_a_fixed_number_of_queries(world, login, count_queries):
    client = login("wj")
    with count_queries() as few:
        assert client.get("/my").status_code == 200
    unit = world.units["wj"]
    for i in range(300):
        task = make_task(world.campaign, f"任务 {i}", [unit], category=f"类别{i % 5}", deadline=date(2022, 5, 1))
        add_progress_update(task.assignments[0], world.users["wj"], task.assignments[0].version, f"进展 {i}")
    db.session.commit()
    with count_queries() as many:
        html = client.get("/my").get_data(as_text=True)
    assert html.count("<tr data-assignment=") == 50 and "共 301 条" in html  # 50 rows a page
    assert many.count == few.count
    assert "任务 299" in client.get("/my?page=7").get_data(as_text=True)  # the last page


def test_assignment_page_shows_task_calendar_peers_and_timeline(world, login):
    lead = assignment_of(world, 0, "wj")
    co = assignment_of(world, 0, "fg")
    add_progress_update(co, world.users["fg"], co.version, "配合单位已提供数据")
    db.session.commit()
    html = login("wj").get(f"/assignments/{lead.id}").get_data(as_text=True)
    assert "制定出台推进婴幼儿照护服务实施意见" in html and "2022-03-31" in html
    assert "组织实施" in html and "区发改局" in html and "配合单位已提供数据" in html
    assert 'data-testid="progress-form"' in html


def test_co_unit_sees_the_lead_but_not_other_co_units(world, login):
    from tests.factories import make_unit, make_user

    extra = make_unit("区人社局", "人社")
    make_user("rs", "unit", extra)
    task = make_task(world.campaign, "三方任务", [world.units["wj"], world.units["fg"], extra])
    db.session.commit()
    co = next(a for a in task.assignments if a.unit_id == extra.id)
    html = login("rs").get(f"/assignments/{co.id}").get_data(as_text=True)
    assert 'data-peer="区卫健局"' in html and 'data-peer="区发改局"' not in html


@pytest.mark.parametrize("username", ["office", "leader", "admin"])
def test_other_roles_read_the_page_without_unit_forms(world, login, username):
    a = assignment_of(world, 0, "wj")
    html = login(username).get(f"/assignments/{a.id}").get_data(as_text=True)
    assert "实施意见" in html
    assert "progress-form" not in html and "upload-form" not in html


@pytest.mark.parametrize("username", ["office", "leader", "admin"])
def test_unit_actions_are_403_for_other_roles(world, login, username):
    a = assignment_of(world, 0, "wj")
    client = login(username)
    for path in ("start", "progress", "submit", "evidence"):
        assert client.post(f"/assignments/{a.id}/{path}", data={"version": a.version}).status_code == 403


def test_progress_form_is_prefilled_from_the_last_update(world, login):
    a = assignment_of(world, 0, "wj")
    client = login("wj")
    resp = client.post(f"/assignments/{a.id}/progress", data={
        "version": a.version, "progress": "起草完成", "problems": "经费不足", "next_steps": "提交常委会"})
    assert resp.status_code == 302
    html = client.get(f"/assignments/{a.id}").get_data(as_text=True)
    form = html[html.index('data-testid="progress-form"'):]
    assert "起草完成" in form and "经费不足" in form and "提交常委会" in form
    assert fresh(a).status == "in_progress"


def test_invalid_note_keeps_typed_text_and_changes_nothing(world, login):
    a = assignment_of(world, 0, "wj")
    resp = login("wj").post(f"/assignments/{a.id}/progress", data={
        "version": a.version, "progress": "", "problems": "我写的问题"})
    assert resp.status_code == 400
    html = resp.get_data(as_text=True)
    assert "请填写进展情况" in html and "我写的问题" in html
    assert db.session.scalar(select(ProgressUpdate.id)) is None
    assert fresh(a).status == "not_started"


def test_submit_then_read_only_and_office_notified(world, login):
    a = assignment_of(world, 0, "wj")
    add_progress_update(a, world.users["wj"], a.version, "已起草实施意见")
    db.session.commit()
    client = login("wj")
    resp = client.post(f"/assignments/{a.id}/submit", data={"version": fresh(a).version, "summary": "已印发"})
    assert resp.status_code == 302
    html = client.get(f"/assignments/{a.id}").get_data(as_text=True)
    assert 'data-testid="readonly"' in html and "progress-form" not in html and "upload-form" not in html
    assert db.session.scalar(select(Notification.text)).startswith("区卫健局提交了")
    again = client.post(f"/assignments/{a.id}/progress", data={"version": fresh(a).version, "progress": "x"})
    assert again.status_code == 400 and "审核完成前不能修改" in again.get_data(as_text=True)


def test_the_submit_summary_starts_from_the_latest_note(world, login):
    a = assignment_of(world, 0, "wj")
    client = login("wj")
    add_progress_update(a, world.users["wj"], a.version, "初稿已完成")
    add_progress_update(a, world.users["wj"], fresh(a).version, "实施意见已于5月10日印发，见附件")
    db.session.commit()
    html = client.get(f"/assignments/{a.id}").get_data(as_text=True)
    form = html[html.index('data-testid="submit-form"'):]
    form = form[:form.index("</form>")]
    assert re.search(r">\s*实施意见已于5月10日印发，见附件</textarea>", form) and "初稿已完成" not in form
    assert 'data-testid="summary-prefilled"' in form


def test_without_a_note_the_submit_summary_is_empty(world, login):
    a = assignment_of(world, 0, "wj")
    a.status = "in_progress"
    db.session.commit()
    html = login("wj").get(f"/assignments/{a.id}").get_data(as_text=True)
    form = html[html.index('data-testid="submit-form"'):]
    assert re.search(r'id="summary"[^>]*>\s*</textarea>', form[:form.index("</form>")])
    assert 'data-testid="summary-prefilled"' not in html


def test_start_from_wrong_state_is_refused_with_message(world, login):
    a = assignment_of(world, 0, "wj")
    a.status = "in_progress"
    db.session.commit()
    resp = login("wj").post(f"/assignments/{a.id}/start", data={"version": fresh(a).version})
    assert resp.status_code == 400 and "不能再次开始推进" in resp.get_data(as_text=True)


def test_second_save_gets_409_keeping_input_and_showing_changes(world, login):
    a = assignment_of(world, 0, "wj")
    client = login("wj")
    page = client.get(f"/assignments/{a.id}").get_data(as_text=True)
    assert f'name="version" type="hidden" value="{a.version}"' in page
    stale = a.version
    first = client.post(f"/assignments/{a.id}/progress", data={"version": stale, "progress": "甲的进展"})
    assert first.status_code == 302
    second = client.post(f"/assignments/{a.id}/progress", data={
        "version": stale, "seen": "0", "progress": "乙的进展", "problems": "乙的问题"})
    assert second.status_code == 409
    html = second.get_data(as_text=True)
    assert "乙的进展" in html and "乙的问题" in html  # kept
    assert "填报进展：甲的进展" in html  # what changed
    assert [u.progress for u in db.session.scalars(select(ProgressUpdate))] == ["甲的进展"]
    # re-saving from the conflict page carries the new version and succeeds
    resaved = client.post(f"/assignments/{a.id}/progress", data={"version": fresh(a).version, "progress": "乙的进展"})
    assert resaved.status_code == 302


def test_assignment_page_runs_a_fixed_number_of_queries(world, login, count_queries):
    a = assignment_of(world, 0, "wj")
    client = login("wj")
    with count_queries() as few:
        client.get(f"/assignments/{a.id}")
    for i in range(20):
        add_progress_update(fresh(a), world.users["wj"], fresh(a).version, f"进展 {i}")
        co = assignment_of(world, 0, "fg")
        add_progress_update(co, world.users["fg"], co.version, f"配合 {i}")
    db.session.commit()
    with count_queries() as many:
        html = client.get(f"/assignments/{a.id}").get_data(as_text=True)
    assert "进展 19" in html
    assert many.count == few.count
