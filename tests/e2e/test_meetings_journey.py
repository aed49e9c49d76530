"""The office records a meeting with a decided matter → the member unit sees it as an assignment in 我的任务 →
submits → the office approves → the meeting page shows it completed."""
import pytest

from tests.e2e.conftest import login_as
from tests.factories import basic_world, make_unit, make_user
from tracker.extensions import db
from tracker.meetings.members import add_member
from tracker.meetings.services import BodySpec, create_body
from tracker.tasks.models import Task

pytestmark = pytest.mark.e2e


def _logout(page):
    page.click("nav .dropdown-toggle")
    page.click("text=退出登录")
    page.wait_for_url("**/login")


def test_a_decided_matter_is_worked_reviewed_and_shown_completed(page):
    world = basic_world()
    mz = make_unit("区民政局", "民政")
    make_user("mz", "unit", mz)
    body = create_body("lxhy", BodySpec("托育工作联席会议", world.units["wj"]))
    add_member(body, mz, "将托育服务纳入社区服务体系建设规划")
    db.session.commit()

    login_as(page, "office")
    page.goto(f"{page.base}/bodies/{body.id}")
    page.click("text=记录会议")
    page.fill("input[name=title]", "2022年第一次全体会议")
    page.fill("input[name=held_on]", "2022-03-01")
    page.fill("input[name=d_title] >> nth=0", "依托社区综合服务设施拓展托育服务功能")
    page.fill("input[name=d_units] >> nth=0", "民政")
    page.fill("input[name=d_deadline] >> nth=0", "2022年6月底前")
    page.click("form button.btn-primary:has-text('保存')")
    page.wait_for_selector("[data-testid=completion]")
    assert page.inner_text("[data-testid=completion]") == "已完成 0 / 1"
    assert "区民政局 · 牵头" in page.inner_text("[data-testid=matters]")
    _logout(page)

    task = db.session.scalar(db.select(Task).where(Task.campaign_id == body.id))
    a = task.lead
    login_as(page, "mz")
    page.wait_for_selector("[data-testid=my-list]")
    page.click(f"tr[data-assignment='{a.id}'] a")
    page.fill("textarea[name=progress]", "已将托育服务纳入社区服务体系建设规划")
    page.click("[data-testid=save-progress]")
    page.wait_for_selector("text=进展已保存")
    page.fill("textarea[name=summary]", "规划已印发")
    page.once("dialog", lambda d: d.accept())
    page.click("[data-testid=submit]")
    page.wait_for_selector("[data-testid=readonly]")
    page.goto(f"{page.base}/bodies/{body.id}")
    assert "将托育服务纳入社区服务体系建设规划" in page.inner_text("[data-testid=my-duty]")
    _logout(page)

    login_as(page, "office")
    page.goto(f"{page.base}/review/{a.id}")
    page.click("[data-testid=approve]")
    page.wait_for_selector("text=已通过。")
    page.goto(f"{page.base}/meetings/{task.meeting_id}")
    assert page.inner_text("[data-testid=completion]") == "已完成 1 / 1"
    assert page.locator("[data-testid=matters] [data-done]").count() == 1
