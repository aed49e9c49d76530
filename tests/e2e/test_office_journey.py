"""Unit submits → office returns with a reason → unit sees it and resubmits → office approves →
the dashboard counts change → a circular lists the unit → the exported ledger shows it."""
import pytest
from openpyxl import load_workbook

from tests.e2e.conftest import login_as
from tests.factories import basic_world

pytestmark = pytest.mark.e2e


def _logout(page):
    page.click("nav .dropdown-toggle")
    page.click("text=退出登录")
    page.wait_for_url("**/login")


def _unit_submits(page, assignment_id, note, summary):
    page.goto(f"{page.base}/assignments/{assignment_id}")
    page.fill("textarea[name=progress]", note)
    page.click("[data-testid=save-progress]")
    page.wait_for_selector("text=进展已保存")
    page.fill("textarea[name=summary]", summary)
    page.once("dialog", lambda d: d.accept())
    page.click("[data-testid=submit]")
    page.wait_for_selector("[data-testid=readonly]")


def test_return_resubmit_approve_dashboard_and_circular(page):
    world = basic_world()
    a = next(x for x in world.tasks[0].assignments if x.unit_id == world.units["wj"].id)

    login_as(page, "wj")
    page.wait_for_selector("main")
    _unit_submits(page, a.id, "已起草实施意见", "实施意见已印发")
    _logout(page)

    login_as(page, "office")
    page.goto(page.base + "/dashboard")
    assert page.inner_text("[data-status=approved]") == "0"
    page.goto(page.base + "/review")
    page.click(f"a[href='/review/{a.id}']")
    page.fill("textarea[name=reason]", "缺少正式印发文件")
    page.once("dialog", lambda d: d.accept())
    page.click("[data-testid=return]")
    page.wait_for_selector("text=已退回")
    _logout(page)

    login_as(page, "wj")
    page.goto(f"{page.base}/assignments/{a.id}")
    assert "缺少正式印发文件" in page.inner_text("[data-testid=return-reason]")
    page.click("[data-testid=start]")
    _unit_submits(page, a.id, "已补充正式印发文件", "已补充印发文件")
    _logout(page)

    login_as(page, "office")
    page.goto(f"{page.base}/review/{a.id}")
    assert "此后新增进展 1 条" in page.inner_text("[data-testid=changes]")
    page.click("[data-testid=approve]")
    page.wait_for_selector("text=已通过。")
    page.goto(page.base + "/dashboard")
    assert page.inner_text("[data-status=approved]") == "1"
    page.wait_for_selector("#unit-chart canvas")
    page.click("button[data-bs-target='#unit-table']")
    page.wait_for_selector("#unit-table [data-testid=unit-table]", state="visible")

    page.goto(page.base + "/circulars/new?as_of=2022-06-10")
    page.once("dialog", lambda d: d.accept())
    page.click("text=印发通报")
    page.wait_for_selector("[data-testid=circular]")
    table = page.inner_text("[data-testid=unit-table]")
    assert "区卫健局" in table and "100.0%" in table
    assert "区卫健局" in page.inner_text("[data-testid=praise]")

    page.goto(page.base + "/exports")
    with page.expect_download() as download:
        page.click("[data-testid=download-ledger]")
    with open(download.value.path(), "rb") as fh:
        ledger = load_workbook(fh)["责任清单"]
    row = next(r for r in ledger.iter_rows(values_only=True) if r[2] == a.task.title)
    assert "已通过" in str(row) and "已补充正式印发文件" in str(row)
    _logout(page)

    login_as(page, "wj")
    page.goto(page.base + "/circulars")
    assert "第1期" in page.inner_text("[data-testid=circulars]")
