"""Browser: the office maps one unresolved text (两办) to two units, in the order picked, and imports."""
import pytest
from sqlalchemy import select

from tests.e2e.conftest import login_as
from tests.factories import make_campaign, make_unit, make_user
from tests.imports.conftest import xlsx
from tracker.extensions import db
from tracker.tasks.models import Task
from tracker.units.services import alias_units

pytestmark = pytest.mark.e2e


def test_map_one_text_to_two_units_then_import(page, tmp_path):
    make_campaign()
    for name in ("区委办", "区政府办", "区卫健局"):
        make_unit(name)
    make_user("office", "office")
    db.session.commit()
    path = tmp_path / "清单.xlsx"
    path.write_bytes(xlsx([["类别", "创建任务", "责任单位", "完成时限"],
                           ["领导重视", "建立组织体系", "两办、区卫健局", "2022年6月底前"]]))
    login_as(page, "office")
    page.goto(page.base + "/imports")
    page.set_input_files("input[name=file]", str(path))
    page.click("text=上传并预览")
    row = page.locator("tr[data-unresolved='两办']")
    row.locator("select").first.select_option(label="区委办")
    row.locator("summary:has-text('指多个单位？')").click()
    row.locator("select").nth(1).select_option(label="区政府办")
    page.screenshot(path=str(tmp_path / "map.png"), full_page=True)
    page.click("text=保存对应关系")
    page.wait_for_selector("text=已对应 区委办、区政府办")
    assert page.locator(".chip-bad").count() == 0
    assert page.locator(".chip-lead").first.inner_text().startswith("区委办")
    page.once("dialog", lambda d: d.accept())
    page.click("button:has-text('确认导入')")
    page.wait_for_selector("text=导入完成")
    db.session.expire_all()
    task = db.session.scalar(select(Task))
    assert [(a.unit.name, a.role) for a in task.assignments] == [
        ("区委办", "lead"), ("区政府办", "co"), ("区卫健局", "co")]
    assert [u.name for u in alias_units("两办")] == ["区委办", "区政府办"]
    page.goto(page.base + "/units")
    assert page.locator("[data-testid=multi-aliases] tr[data-alias='两办']").inner_text().count("区") == 2
    page.screenshot(path=str(tmp_path / "units.png"), full_page=True)
