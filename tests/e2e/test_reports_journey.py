"""A unit files its half-year report from the pre-filled draft with a file → the office's board shows 已报."""
from datetime import date, datetime

import pytest

from tests.e2e.conftest import login_as
from tests.factories import basic_world
from tracker.assignments.services import add_progress_update
from tracker.extensions import db
from tracker.reports.services import CycleSpec, create_cycle

pytestmark = pytest.mark.e2e

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def test_unit_files_its_half_year_report_and_the_board_shows_it_reported(page, tmp_path, clock):
    clock.freeze(date(2022, 7, 5))
    world = basic_world()
    a = world.assignment(0, "wj")
    update = add_progress_update(a, world.users["wj"], a.version, "实施意见已印发（汉政办发〔2022〕12号）")
    db.session.flush()
    update.created_at = datetime(2022, 4, 2, 2)
    cycle = create_cycle(world.campaign, CycleSpec("2022年上半年", date(2022, 7, 10),
                                                   [world.units["wj"], world.units["fg"]]))
    db.session.commit()

    login_as(page, "office")
    page.goto(page.base + f"/reports/cycles/{cycle.id}")
    assert page.get_attribute("tr[data-unit='区卫健局']", "data-state") == "missing"

    page.context.clear_cookies()
    login_as(page, "wj")
    page.goto(page.base + "/reports/")
    page.click(f"[data-testid=owed] [data-cycle='{cycle.id}']")
    draft = page.input_value("textarea[name=text]")
    assert "实施意见已印发（汉政办发〔2022〕12号）" in draft  # pre-filled from the unit's own progress
    page.fill("textarea[name=text]", draft + "\n四、其他\n按时完成上半年各项任务。")
    pdf = tmp_path / "上半年工作总结.pdf"
    pdf.write_bytes(PDF)
    page.set_input_files("input[name=files]", str(pdf))
    page.click("[data-testid=submit]")
    page.wait_for_selector("text=报告已报送")
    assert "按时完成上半年各项任务" in page.input_value("textarea[name=text]")

    page.context.clear_cookies()
    login_as(page, "office")
    page.goto(page.base + f"/reports/cycles/{cycle.id}")
    row = page.locator("tr[data-unit='区卫健局']")
    assert row.get_attribute("data-state") == "reported"
    assert "已报" in row.inner_text() and "上半年工作总结.pdf" in row.inner_text()
    assert page.inner_text("[data-count=reported] strong") == "1"
    assert page.get_attribute("tr[data-unit='区发改局']", "data-state") == "missing"
