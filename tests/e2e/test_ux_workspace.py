"""Usability checks a liaison officer relies on: nothing typed is lost, and the list reads on a phone."""
import pytest

from tests.e2e.conftest import login_as
from tests.factories import basic_world, make_task
from tracker.extensions import db

pytestmark = pytest.mark.e2e


def _page(browser, base, width=1366, height=768):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
    pg = context.new_page()
    pg.set_default_timeout(10000)
    pg.base = base
    return pg


def test_conflict_page_keeps_what_the_second_editor_typed(browser, live_server):
    world = basic_world()
    assignment = next(a for a in world.tasks[0].assignments if a.unit_id == world.units["wj"].id)
    first, second = _page(browser, live_server), _page(browser, live_server)
    try:
        for pg in (first, second):
            login_as(pg, "wj")
            pg.goto(f"{live_server}/assignments/{assignment.id}")
        first.fill("textarea[name=progress]", "甲：已召开专题会")
        first.click("[data-testid=save-progress]")
        first.wait_for_selector("text=进展已保存")

        second.fill("textarea[name=progress]", "乙：起草了实施意见初稿，一段很长的文字")
        second.fill("textarea[name=problems]", "乙：部门意见未收齐")
        second.click("[data-testid=save-progress]")
        second.wait_for_selector("[data-testid=conflict]")

        assert "甲：已召开专题会" in second.inner_text("[data-testid=changes]")
        mine = second.locator("[data-testid=your-input]")
        assert mine.locator("textarea[name=progress]").input_value() == "乙：起草了实施意见初稿，一段很长的文字"
        assert mine.locator("textarea[name=problems]").input_value() == "乙：部门意见未收齐"

        mine.locator("button").click()  # 仍然保存我的进展: the retry carries the new version
        second.wait_for_selector("text=进展已保存")
        assert second.input_value("textarea[name=progress]") == "乙：起草了实施意见初稿，一段很长的文字"
    finally:
        first.context.close()
        second.context.close()


def test_unit_list_at_phone_width_shows_status_and_deadline_without_scrolling(browser, live_server):
    world = basic_world()
    make_task(world.campaign, "常态化推进：" + "完善婴幼儿照护服务体系" * 4, [world.units["wj"]],
              deadline=None)
    db.session.commit()
    pg = _page(browser, live_server, 390, 844)
    try:
        login_as(pg, "wj")
        pg.wait_for_selector("[data-testid=my-list]")
        assert pg.evaluate("document.documentElement.scrollWidth") <= 390
        for row in pg.locator("tr[data-assignment]").all():
            for cell in (row.locator("[data-status]"), row.locator("[data-testid=deadline]")):
                box = cell.bounding_box()
                assert box is not None and box["x"] + box["width"] <= 390, row.inner_text()
            for wrapper in row.locator("xpath=ancestor::div[contains(@class,'table-responsive')]").all():
                assert wrapper.evaluate("e => e.scrollWidth <= e.clientWidth")
        assert pg.inner_text("tr[data-assignment] >> nth=0 >> [data-testid=deadline]").startswith("2022-03-31")
        assert pg.locator("[data-testid=deadline]:has-text('长期')").inner_text().count("长期") == 1  # the open-ended task says 长期 once, not twice
        # the filters fold away behind one button and come back when asked for
        assert not pg.is_visible("#f-q")
        pg.click("text=筛选和搜索")
        pg.wait_for_selector("#f-q", state="visible")
    finally:
        pg.context.close()


def test_campaign_form_asks_for_its_slug_while_another_campaign_is_current(page):
    basic_world()  # a current campaign exists: the page must not mistake it for the one being created
    login_as(page, "office")
    page.goto(page.base + "/campaigns/new")
    assert page.is_visible("input[name=slug]")
    assert page.inner_text(".breadcrumb .active") == "新建"


def test_new_account_form_starts_as_a_liaison_officer(page):
    basic_world()
    login_as(page, "admin")
    page.goto(page.base + "/admin/users")
    assert page.input_value("select[name=role]") == "unit"


def test_empty_submit_summary_is_caught_before_the_confirm_dialog(page):
    world = basic_world()
    assignment = next(a for a in world.tasks[1].assignments if a.unit_id == world.units["fg"].id)
    login_as(page, "fg")
    page.goto(f"{page.base}/assignments/{assignment.id}")
    page.fill("textarea[name=progress]", "已启动")
    page.click("[data-testid=save-progress]")
    page.wait_for_selector("[data-testid=submit]")
    assert page.input_value("#summary") == "已启动"  # prefilled from the note just saved
    page.fill("#summary", "")
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.click("[data-testid=submit]")
    assert page.evaluate("document.querySelector('#summary').validity.valueMissing")
    assert dialogs == []
