"""The ledger workbook: layout, types, print settings, escaping, unit scope, query count, round trip."""
from datetime import datetime
from io import BytesIO

from openpyxl import load_workbook

from tests.exports.conftest import DANGEROUS_PROGRESS, TODAY
from tests.factories import make_task, make_unit
from tracker.exports.data import gather_ledger
from tracker.exports.ledger import LEDGER_SHEET, build_ledger
from tracker.exports.services import ledger_bytes
from tracker.extensions import db

HEADER = ["类别", "序号", "创建任务", "牵头单位", "配合单位", "完成时限", "完成状态", "进展情况", "存在问题",
          "下步打算", "佐证材料", "审核意见", "分值", "得分", "亮灯"]


def open_ledger(ledger_world, unit_id=None, write_only=False):
    data = gather_ledger(ledger_world.campaign, TODAY, unit_id=unit_id)
    buffer = BytesIO()
    build_ledger(data, write_only=write_only).save(buffer)
    buffer.seek(0)
    return load_workbook(buffer)


def rows(ws, first=3):
    return [list(r) for r in ws.iter_rows(min_row=first, values_only=True)]


def test_ledger_has_title_header_and_one_row_per_task_in_category_order(ledger_world):
    ws = open_ledger(ledger_world)[LEDGER_SHEET]
    assert ws["A1"].value.startswith("汉滨区创建示范城区工作责任清单") and "2022-08-20" in ws["A1"].value
    assert [c.value for c in ws[2]] == HEADER
    body = rows(ws)
    assert [r[2] for r in body] == ["制定出台推进婴幼儿照护服务实施意见", "建立长期协作的组织体系", "出台综合性支持政策"]
    assert [r[1] for r in body] == [1, 2, 3]
    assert body[0][3:5] == ["区卫健局", "区发改局"] and body[2][3:5] == ["区发改局", "区财政局"]


def test_category_is_merged_vertically_over_its_tasks(ledger_world):
    ws = open_ledger(ledger_world)[LEDGER_SHEET]
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert "A3:A4" in merged and "A1:O1" in merged
    assert ws["A3"].value == "领导重视" and ws["A5"].value == "政策支持"


def test_deadlines_are_real_dates_or_ongoing_text(ledger_world):
    ws = open_ledger(ledger_world)[LEDGER_SHEET]
    assert ws["F3"].value == datetime(2022, 3, 31) and ws["F3"].is_date
    assert ws["F3"].number_format == "yyyy-mm-dd"
    assert ws["F4"].value == "长期"


def test_a_deadline_reads_as_the_list_wrote_it(ledger_world):
    t1, _, t3 = ledger_world.tasks
    t1.deadline_text = "2022年3月底前"  # as an import keeps it
    t3.deadline_text = "常态化"
    db.session.commit()
    ws = open_ledger(ledger_world)[LEDGER_SHEET]
    assert (ws["F3"].value, ws["F4"].value) == ("2022年3月底前", "常态化")
    t1.deadline_text = "2022-03-31"  # written as a date: the cell stays a date
    t3.deadline_text = "=HYPERLINK(1)"
    db.session.commit()
    ws = open_ledger(ledger_world)[LEDGER_SHEET]
    assert ws["F3"].value == datetime(2022, 3, 31) and ws["F4"].value == "'=HYPERLINK(1)"


def test_status_progress_review_and_score_per_unit(ledger_world):
    ws = open_ledger(ledger_world)[LEDGER_SHEET]
    first, third = rows(ws)[0], rows(ws)[2]
    assert first[6] == "区卫健局：已通过\n区发改局：未开始"
    assert first[8] == "区卫健局：经费不足"
    assert first[11] == "区卫健局：通过"
    assert third[11] == "区发改局：退回：材料不全，请补充印发文件"
    assert first[10] == "4 份（目录第1项）" and rows(ws)[1][10] == "无"
    assert first[12:14] == [10, 8.5]


def test_formula_like_text_is_written_as_text(ledger_world):
    ws = open_ledger(ledger_world)[LEDGER_SHEET]
    progress, next_steps = ws["H3"], ws["J3"]
    assert progress.data_type == "s" and next_steps.data_type == "s"
    assert progress.value == "区卫健局：" + DANGEROUS_PROGRESS  # does not start with =: inert
    single = open_ledger(ledger_world, unit_id=ledger_world.units["wj"].id)[LEDGER_SHEET]
    assert single["H3"].value == "'" + DANGEROUS_PROGRESS and single["H3"].data_type == "s"
    assert single["J3"].value == "'-继续推进"
    assert not any(c.data_type == "f" for row in single.iter_rows() for c in row)


def test_print_settings_freeze_and_widths(ledger_world):
    ws = open_ledger(ledger_world)[LEDGER_SHEET]
    assert ws.freeze_panes == "A3"
    assert ws.print_title_rows == "$1:$2"
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
    assert ws.page_setup.fitToHeight == 0
    assert ws.column_dimensions["C"].width >= 30
    assert ws["H3"].alignment.wrap_text


def test_write_only_mode_gives_the_same_workbook(ledger_world):
    normal, streamed = open_ledger(ledger_world), open_ledger(ledger_world, write_only=True)
    for name in normal.sheetnames:
        assert rows(normal[name], 1) == rows(streamed[name], 1)
        assert {str(r) for r in normal[name].merged_cells.ranges} == {str(r) for r in streamed[name].merged_cells.ranges}
    assert streamed[LEDGER_SHEET].print_title_rows == "$1:$2" and streamed[LEDGER_SHEET].freeze_panes == "A3"


def test_unit_summary_and_overdue_sheets(ledger_world):
    wb = open_ledger(ledger_world)
    units = {r[1]: r for r in rows(wb["单位汇总"])}
    assert units["区卫健局"][2:10] == [2, 0, 2, 0, 1, 0, 1, 0.5]  # its 长期 task was due 2022-05-31
    assert units["区发改局"][2:10] == [1, 1, 2, 0, 0, 1, 2, 0]
    overdue = rows(wb["逾期事项"])
    assert overdue == [
        [1, "区发改局", 1, "制定出台推进婴幼儿照护服务实施意见", datetime(2022, 3, 31), 142, "未开始"],
        [2, "区卫健局", 2, "建立长期协作的组织体系", datetime(2022, 5, 31), 81, "未开始"],
        [3, "区发改局", 3, "出台综合性支持政策", datetime(2022, 6, 30), 51, "已退回"],
    ]


def test_points_columns_only_when_points_are_used(app):
    from tests.factories import make_campaign

    campaign = make_campaign("np", "无分值活动")
    make_task(campaign, "任务甲", [make_unit("区民政局")])
    ws = build_ledger(gather_ledger(campaign, TODAY)).worksheets[0]
    assert [c.value for c in ws[2]] == HEADER[:-3] + ["亮灯"]


def test_unit_ledger_holds_only_its_own_assignments(ledger_world):
    wb = open_ledger(ledger_world, unit_id=ledger_world.units["cz"].id)
    ws = wb[LEDGER_SHEET]
    assert "区财政局" in ws["A1"].value
    body = rows(ws)
    assert [r[2] for r in body] == ["出台综合性支持政策"]
    assert body[0][6] == "未开始" and body[0][11] in ("", None)  # the lead's return is not shown to a co-unit
    assert [r[1] for r in rows(wb["单位汇总"])] == ["区财政局"]


def test_gathering_takes_a_fixed_number_of_queries(ledger_world, count_queries):
    campaign = ledger_world.campaign
    assert campaign.phases  # loaded before counting: the rule reads the gates once, not per row
    with count_queries() as small:
        gather_ledger(campaign, TODAY)
    for i in range(15):
        make_task(campaign, f"新增任务{i}", [ledger_world.units["wj"], ledger_world.units["cz"]], category=f"类别{i % 4}")
    db.session.flush()  # the new tasks' audit events are written before counting
    with count_queries() as big:
        ledger_bytes(campaign, TODAY)
    assert big.count == small.count


def test_rows_are_tall_enough_for_their_wrapped_text(ledger_world):
    ws = open_ledger(ledger_world)[LEDGER_SHEET]
    assert ws.row_dimensions[3].height >= 2 * 13.5  # two units' lines in 完成状态 / 进展情况
    assert ws.row_dimensions[4].height is None  # one short line: the default height


def test_the_last_column_gives_each_units_light(ledger_world):
    first = rows(open_ledger(ledger_world)[LEDGER_SHEET])[0]
    assert first[-1] == "区卫健局：绿灯\n区发改局：红灯"
