"""Browser: the header fits a phone (menu folded behind a button), nothing scrolls sideways at 390 px; co-units
are chosen with a searchable picker; the 催办 list sends without a dialog when nothing is ticked."""
import pytest

from tests.e2e.conftest import login_as
from tests.factories import basic_world, make_campaign
from tracker.extensions import db

pytestmark = pytest.mark.e2e

PAGES = ["/", "/dashboard", "/tasks", "/review", "/review/scores", "/supervision/chase", "/circulars",
         "/instructions", "/inspections", "/imports", "/units", "/campaigns", "/exports", "/notifications"]


def _phone(page):
    page.set_viewport_size({"width": 390, "height": 800})


def test_every_main_page_fits_390_px(page, tmp_path):
    world = basic_world()
    make_campaign("second", "另一个名称很长很长很长的创建活动（用于检查切换框）")
    db.session.commit()
    _phone(page)
    login_as(page, "office")
    for path in PAGES + [f"/tasks/{world.tasks[0].id}", f"/tasks/{world.tasks[0].id}/edit"]:
        page.goto(page.base + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, (path, width)
        assert page.locator("nav.topbar").bounding_box()["height"] < 70, path  # one line
    page.screenshot(path=str(tmp_path / "phone.png"), full_page=True)
    assert not page.locator("#sidebar").is_visible()
    page.click("[data-testid=menu-toggle]")
    page.wait_for_selector("#sidebar.show")
    assert page.locator("#sidebar a:has-text('催办')").is_visible()


def test_a_unit_fits_390_px_too(page):
    world = basic_world()
    _phone(page)
    login_as(page, "wj")
    for path in ["/my", f"/assignments/{world.assignment(0, 'wj').id}", "/evidence", "/circulars"]:
        page.goto(page.base + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path


def test_co_units_are_picked_by_searching(page):
    world = basic_world()
    task = world.tasks[0]
    login_as(page, "office")
    page.goto(page.base + f"/tasks/{task.id}/edit")
    picker = page.locator("[data-testid=picker]")
    assert picker.locator(".chip-pick").all_inner_texts() == ["区发改局"]
    picker.locator("input[type=search]").fill("财政")
    page.keyboard.press("Enter")  # the only match is ticked, the form is not sent
    assert picker.locator(".chip-pick").all_inner_texts() == ["区发改局", "区财政局"]
    page.once("dialog", lambda d: d.accept())
    with page.expect_navigation():
        page.click("button:has-text('调整责任单位')")
    db.session.expire_all()
    assert {a.unit.name for a in task.assignments} == {"区卫健局", "区发改局", "区财政局"}


def test_chasing_nothing_ticked_asks_nothing(page):
    basic_world()
    login_as(page, "office")
    page.goto(page.base + "/supervision/chase?kind=open")
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.click("[data-testid=chase-submit]")
    page.wait_for_selector("text=请先勾选要催办的任务。")
    assert dialogs == []
    page.check("input[name=ids] >> nth=0")
    page.click("[data-testid=chase-submit]")
    assert dialogs == ["确定向所选任务的责任单位发送催办吗？"]
