"""Reading messy workbooks: header synonyms, title rows, merged categories, notes, bad input."""
import datetime
import io
import json
import math
from decimal import Decimal

import pytest
from openpyxl import Workbook

from tests.imports.conftest import xlsx
from tests.xlsx.hostile import SHEET, list_workbook, parts_of, with_part
from tracker.imports.parser import ParsedSheet, RawRow, RowError, read_list, sheet_from_json, sheet_to_json
from tracker.xlsx.reading import ImportFileError


def test_seed_001_layout_title_rows_merged_categories_and_notes():
    data = xlsx([
        ["附件"], ["汉滨区创建省级婴幼儿照护服务示范城区工作责任清单"],
        ["类别", "创建任务", "责任单位", "完成时限"],
        ["领导重视", "建立组织体系", "区政府办、区卫健局、各镇办", "2022年6月底前"],
        [None, "出台专项规划", "区发改局", None],
        [None, None, None, None],
        ["政策支持", "出台综合性支持政策", "区发改、财政等部门", "长期坚持"],
        [None, "提供用地保障", "区自然资源局", None],
        [], ["注：本表由区卫健局负责解释。"],
    ], merges=["A2:D2", "A4:A6", "A7:A8"])
    sheet = read_list(data)
    assert sheet.header_row == 3
    assert [(r.row, r.category, r.title) for r in sheet.rows] == [
        (4, "领导重视", "建立组织体系"), (5, "领导重视", "出台专项规划"),
        (7, "政策支持", "出台综合性支持政策"), (8, "政策支持", "提供用地保障")]
    assert sheet.errors == []


@pytest.mark.parametrize("header", [
    ["序号", "类型", "工作任务", "牵头单位", "时间节点"], ["序号", "项目", "重点任务", "责任部门", "完成时间"],
    ["序号", "板块", "工作内容", "承办单位", "时限"], ["序号", "类别", "创建内容", "责任单位（牵头单位列首位）", "完成时限"],
])
def test_header_synonyms_anywhere_in_the_first_ten_rows(header):
    data = xlsx([["标题"], [], header, [1, "领导重视", "任务一", "区卫健局", "2022-06-30"]])
    sheet = read_list(data)
    assert sheet.columns["title"] == 3 and sheet.columns["units"] == 4 and sheet.columns["deadline"] == 5
    assert sheet.rows[0].title == "任务一" and sheet.rows[0].category == "领导重视"


def test_quangang_style_with_co_units_and_points():
    data = xlsx([["泉港区婴幼儿照护服务工作任务分解表"],
                 ["序号", "工作任务", "牵头单位", "配合单位", "完成时限", "分值"],
                 [1, "制定实施方案", "泉港区住房和城乡建设局", "区财政局", "2022/6/30", 5]])
    row = read_list(data).rows[0]
    assert (row.category, row.units_text, row.co_text, str(row.points)) == ("未分类", "泉港区住房和城乡建设局",
                                                                            "区财政局", "5")


def test_sheet_named_zerenqingdan_is_preferred():
    data = xlsx([["说明"]], title="说明", extra_sheets=[("责任清单", [HEADER_ROW, ["类", "任务", "区卫健局", None]])])
    assert read_list(data).sheet == "责任清单"


HEADER_ROW = ["类别", "创建任务", "责任单位", "完成时限"]


def test_empty_units_and_duplicate_tasks_are_row_errors():
    data = xlsx([HEADER_ROW, ["甲", "任务", None, None], ["甲", "任务二", "区卫健局", None],
                 ["甲", "任务二", "区财政局", None]])
    errors = read_list(data).errors
    assert [(e.row, e.column) for e in errors] == [(2, "责任单位"), (4, "创建任务")]
    assert "C2" in errors[0].message and "第 3 行" in errors[1].message


def test_merged_task_cells_are_an_error_naming_the_range():
    data = xlsx([HEADER_ROW, ["甲", "两行共用的任务", "区卫健局", None], ["甲", None, "区财政局", None]],
                merges=["B2:B3"])
    errors = read_list(data).errors
    assert errors and errors[0].column == "创建任务" and "B2:B3" in errors[0].message


def test_formula_without_saved_value_is_an_error_naming_the_cell():
    data = xlsx([HEADER_ROW, ["甲", "任务", "区卫健局", "=TODAY()+30"]])
    errors = read_list(data).errors
    assert errors[0].row == 2 and errors[0].column == "完成时限" and "D2" in errors[0].message


def test_bad_points_is_a_row_error():
    data = xlsx([["类别", "创建任务", "责任单位", "分值"], ["甲", "任务", "区卫健局", "十分"]])
    assert read_list(data).errors[0].column == "分值"


@pytest.mark.parametrize("data, words", [
    (b"not a spreadsheet at all", "不是 .xlsx"),
    (b"PK\x03\x04corrupt zip", "已损坏"),
    (xlsx([]), "为空"),
    (xlsx([["这里没有表头"], ["只有一些文字"]]), "未找到表头"),
])
def test_unreadable_files(data, words):
    with pytest.raises(ImportFileError) as exc:
        read_list(data)
    assert words in str(exc.value)


def test_row_cap():
    rows = [HEADER_ROW] + [["甲", f"任务{i}", "区卫健局", None] for i in range(12)]
    with pytest.raises(ImportFileError, match="10 行"):
        read_list(xlsx(rows), max_rows=10)


def test_xls_saved_as_zip_without_workbook_is_refused():
    buf = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(ImportFileError):
        read_list(buf.getvalue())


def test_excel_dates_pass_through():
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER_ROW)
    ws.append(["甲", "任务", "区卫健局", datetime.datetime(2022, 6, 30)])
    buf = io.BytesIO()
    wb.save(buf)
    assert read_list(buf.getvalue()).rows[0].deadline == datetime.datetime(2022, 6, 30)


def test_a_parsed_list_survives_staging_as_json():
    """The import screen keeps the parsed list as JSON: every deadline type and the points come back equal."""
    rows = [RawRow(3, "甲", "任务", "区卫健局", None, deadline, Decimal("2.5"))
            for deadline in (datetime.datetime(2022, 6, 30, 8), datetime.date(2022, 6, 30), 44742, 44742.5,
                             "2022年6月底前", None, float("inf"))]
    sheet = ParsedSheet("责任清单", 2, {"title": 2, "units": 3}, rows, [RowError(4, "分值", "分值应为数字。")])
    back = sheet_from_json(json.loads(json.dumps(sheet_to_json(sheet), ensure_ascii=False)))
    assert back == sheet and type(back.rows[0].deadline) is datetime.datetime
    nan = ParsedSheet("s", 1, {}, [RawRow(2, "甲", "任务", "区卫健局", None, float("nan"), None)])
    assert math.isnan(sheet_from_json(json.loads(json.dumps(sheet_to_json(nan)))).rows[0].deadline)


def test_formula_with_its_saved_value_reads_the_value():
    seed = list_workbook()
    sheet = parts_of(seed)[SHEET].replace(b'<c r="F3" t="n"><v>5</v>', b'<c r="F3"><f>2+3</f><v>5</v>')
    parsed = read_list(with_part(seed, SHEET, sheet))
    assert parsed.errors == [] and parsed.rows[0].points == 5
