"""A unit logs in, opens an assignment, writes a note, uploads a PDF, submits, and sees it read-only."""
import pytest

from tests.e2e.conftest import login_as
from tests.factories import basic_world

pytestmark = pytest.mark.e2e

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def test_unit_reports_uploads_and_submits(page, tmp_path):
    world = basic_world()
    assignment = next(a for a in world.tasks[0].assignments if a.unit_id == world.units["wj"].id)
    login_as(page, "wj")
    page.wait_for_selector("[data-testid=my-list]")
    page.click(f"tr[data-assignment='{assignment.id}'] a")
    page.wait_for_selector("[data-testid=progress-form]")

    page.fill("textarea[name=progress]", "已起草实施意见，征求意见中")
    page.fill("textarea[name=problems]", "部门意见尚未收齐")
    page.click("[data-testid=save-progress]")
    page.wait_for_selector("text=进展已保存")
    assert page.input_value("textarea[name=problems]") == "部门意见尚未收齐"  # pre-filled for the next one

    pdf = tmp_path / "实施意见.pdf"
    pdf.write_bytes(PDF)
    page.set_input_files("input[type=file]", str(pdf))
    page.click("[data-testid=upload]")
    page.wait_for_selector("[data-testid=evidence-item]")
    assert "实施意见.pdf" in page.inner_text("[data-testid=evidence]")

    page.fill("textarea[name=summary]", "实施意见已印发，附印发稿")
    page.once("dialog", lambda d: d.accept())
    page.click("[data-testid=submit]")
    page.wait_for_selector("[data-testid=readonly]")
    assert page.inner_text("[data-testid=status]") == "已提交"
    assert page.locator("[data-testid=progress-form]").count() == 0
    assert page.locator("[data-testid=upload-form]").count() == 0
    assert page.locator("[data-testid=unlink]").count() == 0
