"""延期申请 in a browser: the unit asks for a later date, the office approves in its queue, the unit sees it."""
from datetime import date

import pytest

from tests.e2e.conftest import login_as
from tests.factories import basic_world

pytestmark = pytest.mark.e2e


def _logout(page):
    page.click("nav .dropdown-toggle")
    page.click("text=退出登录")
    page.wait_for_url("**/login")


def test_unit_requests_an_extension_office_approves_and_the_new_date_shows(page, clock):
    clock.freeze(date(2022, 3, 20))
    world = basic_world()
    a = next(x for x in world.tasks[0].assignments if x.unit_id == world.units["wj"].id)
    login_as(page, "wj")
    page.wait_for_selector("[data-testid=my-list]")
    page.goto(f"{page.base}/assignments/{a.id}")
    assert page.inner_text("[data-testid=due]") == "2022-03-31"
    page.fill("input[name=new_due]", "2022-04-30")
    page.fill("textarea[name=reason]", "实施意见需经区政府常务会审议")
    page.click("[data-testid=request-extension]")
    page.wait_for_selector("text=延期申请已提交")
    assert page.locator("[data-extension-state=pending]").count() == 1

    _logout(page)
    login_as(page, "office")
    page.goto(f"{page.base}/supervision/extensions")
    assert "实施意见需经区政府常务会审议" in page.inner_text("[data-testid=extension-queue]")
    page.fill("textarea[name=reason]", "同意延期，请按新时限完成")
    page.click("[data-testid=approve-extension]")
    page.wait_for_selector("text=已批准延期至 2022-04-30")

    _logout(page)
    login_as(page, "wj")
    page.goto(f"{page.base}/assignments/{a.id}")
    assert page.inner_text("[data-testid=due]") == "2022-04-30（已延期）"
    assert "同意延期，请按新时限完成" in page.inner_text("[data-testid=extension]")
