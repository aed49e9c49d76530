"""The admin configures a robot channel; the office sees the sweep's run, flags per gate and the outbox."""
import os
from datetime import date

import pytest

from tests.e2e.conftest import login_as
from tests.factories import basic_world
from tracker.extensions import db
from tracker.scheduler.services import run_daily_sweep

pytestmark = pytest.mark.e2e
SHOTS = os.environ.get("SCREENSHOT_DIR")


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_admin_adds_a_channel_and_office_sees_the_outbox(page, clock):
    basic_world()
    login_as(page, "admin")
    page.goto(page.base + "/admin/channels")
    page.select_option("select[name=owner]", label="区卫健局")
    page.select_option("select[name=kind]", label="企业微信机器人")
    page.fill("input[name=target]", "3f1c-key-of-the-group")
    page.click("form[action$='/admin/channels'] button[type=submit]")
    page.wait_for_selector("[data-testid=channels]")
    assert "已添加通知渠道" in page.content() and "3f1c…roup" in page.content() and "key-of-the" not in page.content()
    _shot(page, "channels")

    clock.freeze(date(2022, 5, 20))  # the pages look at the day the sweep ran
    run_daily_sweep(date(2022, 5, 20))
    db.session.commit()
    page.context.clear_cookies()
    login_as(page, "office")
    page.goto(page.base + "/scheduler")
    page.wait_for_selector("[data-testid=runs]")
    assert page.locator("[data-testid=overdue]").inner_text() == "1"
    assert "区卫健局" in page.locator("[data-testid=outbox]").inner_text()
    _shot(page, "scheduler")
