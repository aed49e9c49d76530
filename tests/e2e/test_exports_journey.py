"""The office builds the evidence package in the background, sees the progress bar finish, downloads it."""
import os
import threading

import pytest

from tests.e2e.conftest import login_as
from tests.exports.conftest import ledger_world  # noqa: F401  (the export world fixture)
from tracker.exports.jobs import run_package_jobs

pytestmark = pytest.mark.e2e


@pytest.fixture
def scheduler(app):
    """Stands in for the `tracker scheduler` process: its package job every 0.2 s."""
    stop = threading.Event()

    def loop():
        while not stop.wait(0.2):
            run_package_jobs(app)

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    yield
    stop.set()
    thread.join(10)


def test_office_builds_and_downloads_the_evidence_package(page, ledger_world, scheduler):  # noqa: F811
    login_as(page, "office")
    page.goto(page.base + "/exports/")
    page.check("input[name=archive]")
    page.click("text=自查评估前一年")
    assert page.input_value("input[name=date_to]") == "2022-06-01"
    page.click("button:has-text('生成材料包')")
    link = page.locator("[data-testid=download-package]")
    link.wait_for(state="visible")
    assert "已完成" in page.text_content("[data-role=message]")
    if shots := os.environ.get("SCREENSHOT_DIR"):
        page.screenshot(path=f"{shots}/exports_index.png", full_page=True)
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.endswith("佐证材料.zip")
    with page.expect_download() as ledger:
        page.click("[data-testid=download-ledger]")
    assert ledger.value.suggested_filename.endswith("责任清单.xlsx")
