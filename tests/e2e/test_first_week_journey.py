"""Browser: an office's first week with its own data, replayed on the demo instance.

demo → import a second registry with clashes (the preview lists them all, the office settles them in the page)
→ import a list → map an unresolved unit in one step → a unit corrects a file's 材料形成日期 → each user lands on
the right campaign (not on the newly created empty one; on the one they last chose).
"""
from datetime import date

import pytest
from sqlalchemy import select

from tests.e2e.conftest import login_as
from tests.factories import make_campaign
from tests.imports.conftest import xlsx
from tracker.audit.models import AuditEvent
from tracker.auth.models import User
from tracker.demo import DEMO_PASSWORD, load_demo
from tracker.evidence.models import Evidence
from tracker.extensions import db
from tracker.tasks.models import Task
from tracker.units.services import find_unit

pytestmark = pytest.mark.e2e

TODAY = date(2022, 5, 25)
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
REGISTRY = [["单位名称", "简称", "别名", "分组"],
            ["区卫健局", "卫健", None, None],                   # 不变
            ["汉滨区消防救援大队", None, None, None],           # near-duplicate: an alias of 区消防救援大队
            ["区教体局", "消防", None, None],                   # clash: 消防 is 区消防救援大队's short name
            ["区民政局", None, "区自然资源局", None],           # clash: the alias is another unit's name
            ["区医疗保障局", "医保", None, None]]               # 新增
LIST = [["类别", "创建任务", "责任单位", "完成时限", "分值"],
        ["医保服务", "将托育服务纳入医保便民服务事项", "区医保局", "2022-09-30", "4"],
        ["卫生健康", "开展托育机构备案核查", "区卫健局、区医保局", "2022-08-31", "6"]]


def _login(browser, base, username):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15000)
    page.base = base
    login_as(page, username, DEMO_PASSWORD)
    return page


def _campaign_shown(page) -> str:
    return page.locator("select[name=slug] option:checked").inner_text()


def test_the_first_week(browser, live_server, tmp_path, clock):
    clock.freeze(TODAY)
    load_demo()
    make_campaign("new2023", "2023年新建创建活动（尚无任务）")  # created after the demo: empty
    db.session.commit()

    # the office lands on the demo campaign, the one with work, not on the newer empty one
    office = _login(browser, live_server, "office")
    assert _campaign_shown(office).startswith("汉滨区创建")

    # a second registry with clashes: every row's effect, both clashes at once with their cells
    (tmp_path / "名册.xlsx").write_bytes(xlsx(REGISTRY, title="责任单位"))
    office.goto(live_server + "/units")
    office.set_input_files("input[name=file]", str(tmp_path / "名册.xlsx"))
    office.click("button:has-text('上传并预览')")
    office.wait_for_selector("[data-testid=registry-rows]")
    assert office.locator("[data-clash-row]").count() == 2
    conflicts = office.inner_text("[data-testid=conflicts]")
    assert "B4" in conflicts and "C5" in conflicts and "区消防救援大队的简称" in conflicts
    assert office.locator("tr[data-row='3'] td").nth(3).inner_text() == "区消防救援大队"  # an alias, no new unit
    assert office.locator("[data-testid=confirm-registry]").is_disabled()
    office.screenshot(path=str(tmp_path / "registry-preview.png"), full_page=True)
    # the office settles each clash on the page (each choice refreshes the preview)
    with office.expect_navigation():
        office.click("input[data-fix='drop-short:4']")
    with office.expect_navigation():
        office.click("input[data-fix='drop-alias:5:区自然资源局']")
    assert office.locator("[data-clash-row]").count() == 0
    office.once("dialog", lambda d: d.accept())
    with office.expect_navigation():
        office.click("[data-testid=confirm-registry]")
    db.session.expire_all()
    assert find_unit("区医疗保障局").short_name == "医保"
    assert find_unit("汉滨区消防救援大队") is None  # no near-duplicate unit: an alias of the existing one
    assert "汉滨区消防救援大队" in [a.alias for a in find_unit("区消防救援大队").aliases]
    assert find_unit("区教体局").short_name == "教体"  # the clashing short name was not imported
    assert "区自然资源局" not in [a.alias for a in find_unit("区民政局").aliases]

    # a list naming a unit the registry does not know: mapped in one step, then imported
    (tmp_path / "清单.xlsx").write_bytes(xlsx(LIST))
    office.goto(live_server + "/imports")
    office.set_input_files("input[name=file]", str(tmp_path / "清单.xlsx"))
    office.click("button:has-text('上传并预览')")
    office.wait_for_selector("[data-testid=preview]")
    assert office.locator("button:has-text('确认导入')").is_disabled()
    office.select_option("tr[data-unresolved='区医保局'] select >> nth=0", label="区医疗保障局")
    office.click("text=保存对应关系")
    office.wait_for_selector("text=“区医保局”已对应 区医疗保障局")
    assert office.locator(".chip-bad").count() == 0
    office.once("dialog", lambda d: d.accept())
    office.click("button:has-text('确认导入')")
    office.wait_for_selector("text=导入完成")
    db.session.expire_all()
    task = db.session.scalar(select(Task).where(Task.title == "开展托育机构备案核查"))
    assert [a.unit.name for a in sorted(task.assignments, key=lambda a: a.position)] == ["区卫健局", "区医疗保障局"]
    assert task.points == 6 and task.campaign.slug == "hanbin"

    # 区卫健局's liaison uploads a file to the new task, then corrects its 材料形成日期
    lead = next(a for a in task.assignments if a.unit.name == "区卫健局")
    liaison = db.session.scalar(select(User.username).where(User.unit_id == lead.unit_id))
    unit_page = _login(browser, live_server, liaison)
    unit_page.goto(live_server + f"/assignments/{lead.id}")
    (tmp_path / "备案核查方案.pdf").write_bytes(PDF)
    unit_page.set_input_files("input[type=file]", str(tmp_path / "备案核查方案.pdf"))
    unit_page.click("[data-testid=upload]")
    unit_page.wait_for_selector("[data-testid=evidence-item]")
    unit_page.click("[data-testid=edit-details] summary")
    unit_page.fill("[data-details-form] input[name=document_date]", "2022-05-20")
    with unit_page.expect_navigation():
        unit_page.click("[data-testid=save-details]")
    unit_page.wait_for_selector("text=2022-05-20")
    db.session.expire_all()
    evidence = db.session.scalar(select(Evidence).where(Evidence.original_name == "备案核查方案.pdf"))
    assert evidence.document_date == date(2022, 5, 20)
    assert db.session.scalar(select(AuditEvent.id).where(AuditEvent.object_id == evidence.id,
                                                         AuditEvent.action == "evidence.details"))

    # landing: the office chooses the empty campaign, comes back and lands on it; the leader's first login and
    # the office's return to the demo campaign land where the work is
    with office.expect_navigation():
        office.select_option("select[name=slug]", "new2023")
    office.context.close()
    office = _login(browser, live_server, "office")
    assert _campaign_shown(office).startswith("2023年新建")
    with office.expect_navigation():
        office.select_option("select[name=slug]", "hanbin")
    office.context.close()
    office = _login(browser, live_server, "office")
    assert _campaign_shown(office).startswith("汉滨区创建")
    leader = _login(browser, live_server, "leader")
    assert _campaign_shown(leader).startswith("汉滨区创建")
    assert leader.locator("#sidebar a:has-text('批示')").count() == 1
