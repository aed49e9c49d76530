"""A unit reports an indicator's value with a file → the office approves it → the dashboard's bar moves."""
from datetime import date

import pytest

from tests.e2e.conftest import login_as
from tests.factories import basic_world, make_indicator
from tracker.extensions import db

pytestmark = pytest.mark.e2e

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _bar(page, indicator_id: int) -> str:
    return page.get_attribute(f"[data-testid=indicator-panel] tr[data-indicator='{indicator_id}'] [role=progressbar]",
                              "aria-valuenow")


def test_unit_reports_with_a_file_office_approves_and_the_dashboard_bar_moves(page, tmp_path, clock):
    clock.freeze(date(2022, 5, 25))
    world = basic_world()
    beds = make_indicator(world.campaign, "新增托位", [world.units["wj"]],
                          [(date(2021, 12, 31), 400), (date(2022, 12, 31), 500)], baseline=0)
    db.session.commit()

    login_as(page, "office")
    page.goto(page.base + "/dashboard")
    assert _bar(page, beds.id) == "0"
    assert "暂无数据" in page.inner_text(f"tr[data-indicator='{beds.id}']")

    page.context.clear_cookies()  # the next user logs in afresh
    login_as(page, "wj")
    page.goto(page.base + "/indicators")
    page.click(f"tr[data-indicator='{beds.id}'] a")
    page.wait_for_selector("[data-testid=report-form]")
    page.fill("input[name=value]", "420")
    page.fill("input[name=as_of]", "2021-12-31")
    page.fill("textarea[name=note]", "全区新增托位汇总表")
    pdf = tmp_path / "托位汇总表.pdf"
    pdf.write_bytes(PDF)
    page.set_input_files("input[name=files]", str(pdf))
    page.click("[data-testid=report]")
    page.wait_for_selector("text=数值已报送，等待办公室审核")
    row = page.locator("[data-testid=values] tr[data-status=submitted]")
    assert "420个" in row.inner_text() and "托位汇总表.pdf" in row.inner_text()

    page.context.clear_cookies()
    login_as(page, "office")
    page.goto(page.base + "/dashboard")
    assert _bar(page, beds.id) == "0"  # not approved yet: it does not count
    page.goto(page.base + "/indicators")
    page.click("[data-testid=pending-values] [data-testid=approve]")
    page.wait_for_selector("text=审核通过，已计入完成情况")

    page.goto(page.base + "/dashboard")
    assert _bar(page, beds.id) == "84.0"  # 420 of the next milestone's 500
    panel = page.inner_text(f"[data-testid=indicator-panel] tr[data-indicator='{beds.id}']")
    assert "正常推进" in panel and "托位汇总表.pdf" in panel
    page.wait_for_selector(f"#dash-indicator-{beds.id}-chart canvas")  # the trend chart was drawn
