"""督办事项 end to end: the office registers a 特急 领导批示 (the due date filled from the urgency over the National
Day holiday) → its 编号 is shown → the lead unit finds it in 我的任务, reports progress and submits → the office
approves it in 办结审核 → the item shows 已办结 in the 督办事项 list filtered by 领导批示."""
from datetime import date

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import login_as
from tests.factories import basic_world

pytestmark = pytest.mark.e2e
NUMBER = "创建督办〔2022〕1号"
CONTENT = "加快建设区级托育综合服务指导中心"


def _logout(page):
    page.click("nav .dropdown-toggle")
    page.click("text=退出登录")
    page.wait_for_url("**/login")


def _office_registers_an_extra_urgent_instruction(page):
    page.goto(page.base + "/items")
    page.click("text=登记领导批示督办事项")
    page.fill("input[name=leader_name]", "张区长")
    page.fill("textarea[name=instruction_text]", "指导中心要加快建设，请区卫健局牵头、区发改局配合，尽快拿出时间表。")
    assert page.input_value("input[name=instructed_on]") == "2022-09-29"
    page.select_option("select[name=urgency]", label="特急")
    # 3 working days after 9-29: 9-30, then the make-up days 10-08 and 10-09 (10-01..10-07 are off)
    expect(page.locator("input[name=due]")).to_have_value("2022-10-09")  # no page-side eval: the CSP forbids it
    page.fill("textarea[name=content]", CONTENT)
    page.fill("input[placeholder=输入名称筛选主办单位]", "卫健")
    page.press("input[placeholder=输入名称筛选主办单位]", "Enter")
    assert page.input_value("select[name=lead]") != "0"
    page.fill("input[placeholder=输入名称筛选，点击勾选协办单位]", "发改")
    page.press("input[placeholder=输入名称筛选，点击勾选协办单位]", "Enter")
    assert "区发改局" in page.inner_text("[data-testid=picker] .picker-chips")
    page.fill("textarea[name=reply_requirement]", "办结后书面报告办理结果")
    page.click("text=登记并编号")
    page.wait_for_selector(f"text=已登记督办事项 {NUMBER}")
    row = page.locator(f"tr[data-item='{NUMBER}']")
    assert "特急" in row.inner_text() and "2022-10-09" in row.inner_text() and "未开始" in row.inner_text()


def _lead_unit_reports_and_submits(page):
    page.goto(page.base + "/my")
    page.click(f"text={CONTENT}")
    assert page.inner_text("[data-testid=item-number]") == NUMBER
    assert "办结后书面报告办理结果" in page.inner_text("[data-testid=reply-requirement]")
    page.fill("textarea[name=progress]", "已完成选址和设计方案，正在招标。")
    page.click("[data-testid=save-progress]")
    page.wait_for_selector("text=进展已保存")
    page.fill("textarea[name=summary]", "指导中心已建成，请审核。")
    page.once("dialog", lambda d: d.accept())
    page.click("[data-testid=submit]")
    page.wait_for_selector("[data-testid=readonly]")


def test_a_leaders_instruction_item_from_registration_to_closing(page, clock):
    clock.freeze(date(2022, 9, 29))
    basic_world()
    login_as(page, "office")
    _office_registers_an_extra_urgent_instruction(page)
    _logout(page)

    login_as(page, "wj")
    _lead_unit_reports_and_submits(page)
    _logout(page)

    login_as(page, "office")
    page.goto(page.base + "/review")
    page.locator("tr", has_text=CONTENT).locator("text=审核").click()
    assert "指导中心已建成，请审核。" in page.inner_text("[data-testid=summary]")
    page.click("[data-testid=approve]")
    page.wait_for_selector("text=已通过。")
    page.goto(page.base + "/items")
    page.click("[data-testid=source-filter] >> text=领导批示")
    page.wait_for_url("**/items?source=instruction")
    row = page.locator(f"tr[data-item='{NUMBER}']")
    assert "已办结" in row.inner_text()
