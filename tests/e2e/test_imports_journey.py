"""Browser: the office uploads a messy list, maps an unresolved unit, imports; the alias is remembered."""
import pytest
from sqlalchemy import func, select

from tests.e2e.conftest import login_as
from tests.factories import make_campaign, make_unit, make_user
from tests.imports.conftest import hanbin_registry, xlsx
from tracker.extensions import db
from tracker.tasks.models import Task
from tracker.units.services import find_unit

pytestmark = pytest.mark.e2e


def test_upload_map_unresolved_unit_then_import(page, tmp_path):
    make_campaign()
    hanbin_registry()
    make_unit("区文化和旅游局")
    make_user("office", "office")
    db.session.commit()
    path = tmp_path / "清单.xlsx"
    path.write_bytes(xlsx([["附件"], ["类别", "创建任务", "责任单位", "完成时限"],
                           ["领导重视", "建立组织体系", "区政府办、区卫健局、各镇办", "2022年6月底前"],
                           [None, "出台支持政策", "区发改、财政税务等部门", "长期坚持"],
                           ["创新融合", "文旅与托育融合", "区文旅局", "2022年8月20日前"]], merges=["A3:A4"]))
    login_as(page, "office")
    page.goto(page.base + "/imports")
    page.set_input_files("input[name=file]", str(path))
    page.click("text=上传并预览")
    page.wait_for_selector("[data-testid=preview]")
    assert page.locator(".chip-lead").first.inner_text().startswith("区政府办")
    assert page.locator("button:has-text('确认导入')").is_disabled()
    page.screenshot(path=str(tmp_path / "preview.png"), full_page=True)
    page.select_option("tr[data-unresolved='区文旅局'] select", label="区文化和旅游局")
    page.click("text=保存对应关系")
    page.wait_for_selector("text=“区文旅局”已对应 区文化和旅游局")
    assert page.locator(".chip-bad").count() == 0
    page.once("dialog", lambda d: d.accept())
    page.click("button:has-text('确认导入')")
    page.wait_for_selector("text=导入完成")
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Task.id))) == 3
    assert [a.alias for a in find_unit("区文化和旅游局").aliases] == ["区文旅局"]
