"""The ledger carries the 督办事项 on a sheet of their own; the 责任清单 sheet still imports back to the same list."""
import io
from datetime import date

from openpyxl import load_workbook

from tests.exports.test_round_trip import listed
from tests.factories import basic_world, make_campaign
from tests.items.conftest import meeting_matter
from tracker.exports.data import gather_ledger
from tracker.exports.ledger import ITEM_SHEET, build_ledger
from tracker.exports.services import ledger_bytes
from tracker.imports.services import plan_import
from tracker.items.services import ItemSpec, register_existing_task, register_instruction_item


def _rows(ws):
    return [tuple(c.value for c in row) for row in ws.iter_rows(min_row=3)]


def test_items_get_their_own_sheet_and_the_list_round_trip_holds(app, clock):
    clock.freeze(date(2022, 5, 10))
    world = basic_world()
    office = world.users["office"]
    register_instruction_item(world.campaign, ItemSpec(
        content="=建成区级托育综合服务中心", lead=world.units["wj"], co=[world.units["fg"]], leader_name="张区长",
        instruction_text="抓紧建设", instructed_on=date(2022, 5, 10), urgency="extra_urgent",
        reply_requirement="书面报告"), office)
    _, matter = meeting_matter(world)
    register_existing_task(matter, office)  # the joint meeting's: not on this campaign's ledger
    wb = build_ledger(gather_ledger(world.campaign, date(2022, 5, 10)))
    assert wb.sheetnames[-1] == ITEM_SHEET
    [row] = _rows(wb[ITEM_SHEET])
    assert row[:4] == ("创建督办〔2022〕1号", "领导批示", "张区长 2022-05-10 批示（特急）：抓紧建设", 3)
    assert row[4] == "'=建成区级托育综合服务中心"  # written as text, never a formula
    assert row[5:] == ("区卫健局", "区发改局", date(2022, 5, 13), "书面报告", "未开始")
    plan = plan_import(make_campaign("copy", "复制"), ledger_bytes(world.campaign, date(2022, 5, 10)).getvalue())
    assert plan.ok, (plan.errors, plan.unresolved)
    assert [(t.category, t.title, [u.name for u in t.units], t.deadline) for t in plan.tasks] == listed(world.campaign)


def test_a_campaign_without_items_has_no_item_sheet(app):
    world = basic_world()
    wb = load_workbook(io.BytesIO(ledger_bytes(world.campaign, date(2022, 5, 10)).getvalue()))
    assert ITEM_SHEET not in wb.sheetnames
