"""The ledger's sheet 指标完成情况: each indicator with its milestones, latest approved value, progress and status."""
import io
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO

from openpyxl import load_workbook

from tests.factories import make_value
from tests.indicators.conftest import FIRST
from tracker.evidence.services import Incoming
from tracker.exports.data import gather_ledger
from tracker.exports.ledger import INDICATOR_SHEET, build_ledger
from tracker.extensions import db
from tracker.indicators.reporting import Entry, approve_value, report_value

TODAY = date(2022, 5, 25)
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
HEADER = ["序号", "指标", "计量单位", "方向", "基线", "节点目标", "对照目标值", "目标日期", "最新值", "数据截至",
          "完成进度", "完成状态", "情况说明", "责任单位", "佐证材料"]


def _sheet(world, unit_id=None, write_only=False):
    buffer = BytesIO()
    build_ledger(gather_ledger(world.campaign, TODAY, unit_id=unit_id), write_only=write_only).save(buffer)
    buffer.seek(0)
    return load_workbook(buffer)[INDICATOR_SHEET]


def _rows(ws):
    return [list(r) for r in ws.iter_rows(min_row=3, values_only=True)]


def test_the_sheet_shows_each_indicator_against_its_next_milestone(world, beds, ratio):
    wj = world.units["wj"]
    entry = Entry(Decimal(360), date(2022, 3, 31), files=[Incoming("托位统计表.pdf", io.BytesIO(PDF))])
    approve_value(report_value(beds, wj, entry, world.users["wj"], today=TODAY).value, world.users["office"])
    db.session.commit()
    ws = _sheet(world)
    assert ws["A1"].value.startswith("汉滨区创建示范城区目标指标完成情况")
    assert [c.value for c in ws[2]] == HEADER
    beds_row = _rows(ws)[0]
    assert beds_row == [1, "新增托位", "个", "不低于", 0, "2021-12-31：400\n2022-12-31：500", 500,
                        datetime(2022, 12, 31), 360, datetime(2022, 3, 31), 0.72, "滞后",
                        "2021-12-31 节点目标 400，截至当日无数值", "区卫健局、区发改局", "1 份"]
    assert ws["K3"].number_format == "0.0%"


def test_a_derived_indicator_names_its_formula_and_no_data_reads_as_such(world, ratio):
    rows = {r[1]: r for r in _rows(_sheet(world))}
    derived = rows["每千人口托位数"]
    assert (derived[8], derived[11], derived[13], derived[14]) == (None, "暂无数据", "计算：托位数 ÷ 常住人口 × 1000", "—")


def test_a_units_own_ledger_has_only_the_indicators_it_reports(world, beds, ratio):
    assert [r[1] for r in _rows(_sheet(world, unit_id=world.units["fg"].id))] == ["新增托位"]
    assert _rows(_sheet(world, unit_id=world.units["cz"].id)) == []


def test_the_streamed_ledger_has_the_same_indicator_sheet(world, beds):
    make_value(beds, world.units["wj"], 420, FIRST)
    db.session.commit()
    assert _rows(_sheet(world)) == _rows(_sheet(world, write_only=True))
