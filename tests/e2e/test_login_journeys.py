import pytest

from tests.e2e.conftest import login_as
from tests.factories import basic_world

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("username,landing_text", [
    ("office", "自查评估"), ("leader", "申报验收"), ("admin", "用户管理"), ("wj", "我的任务"),
])
def test_each_role_lands_on_its_page(page, username, landing_text):
    basic_world()
    login_as(page, username)
    page.wait_for_selector("main")
    assert landing_text in page.content()


def test_wrong_password_shows_error_and_logout_works(page):
    basic_world()
    login_as(page, "office", "bad-password")
    assert "用户名或密码错误" in page.locator("[data-testid=login-error]").inner_text()
    login_as(page, "office")
    page.click("nav .dropdown-toggle")
    page.click("text=退出登录")
    page.wait_for_url("**/login")
    assert "已退出登录" in page.content()
