"""`tracker indicators import|report|list`: the exact contract — JSON shape and exit codes 0 / 1 / 2."""
import json
from datetime import date

import pytest
from docx import Document
from sqlalchemy import func, select

from tests.factories import make_value
from tests.imports.conftest import xlsx
from tests.indicators.conftest import FIRST
from tracker.extensions import db
from tracker.indicators.models import Indicator, IndicatorValue

HEADER = ["指标", "计量单位", "方向", "基线", "目标值", "目标日期", "责任单位"]


def _list(runner, *extra):
    result = runner.invoke(args=["indicators", "list", "hb", "--json", *extra])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_list_json_has_exactly_the_contracts_shape(runner, world, beds):
    make_value(beds, world.units["wj"], 420, FIRST)
    assert _list(runner, "--today", "2022-05-25") == [{
        "name": "新增托位", "measure": "个", "direction": "at_least",
        "latest": {"value": 420, "date": "2021-12-31"},
        "next_milestone": {"target": 500, "date": "2022-12-31"}, "status": "on_track",
    }]


def test_list_json_without_a_value_or_a_next_milestone_gives_nulls(runner, world, beds):
    assert _list(runner, "--today", "2023-01-01") == [{
        "name": "新增托位", "measure": "个", "direction": "at_least", "latest": None, "next_milestone": None,
        "status": "no_data"}]


@pytest.mark.parametrize(("today", "status"), [
    ("2021-12-17", "behind"),  # within the 14 lead days of 2021-12-31, 380 < 400
    ("2021-12-16", "on_track"),  # one day earlier: outside them
    ("2021-12-31", "behind"),  # the milestone's day
    ("2022-01-01", "behind"),  # the day after: missed
])
def test_list_json_status_at_the_boundaries(runner, world, beds, today, status):
    make_value(beds, world.units["wj"], 380, date(2021, 12, 1))
    assert _list(runner, "--today", today)[0]["status"] == status


def test_report_records_a_value_as_the_unit_and_approve_counts_it(runner, world, beds):
    result = runner.invoke(args=["indicators", "report", "hb", "新增托位", "420", "--date", "2021-12-31",
                                 "--unit", "区卫健局", "--approve"])
    assert result.exit_code == 0, result.output
    assert "已审核通过" in result.stdout
    value = db.session.scalar(select(IndicatorValue))
    assert (value.unit_id, value.status, value.reported_by_id) == (world.units["wj"].id, "approved", None)
    assert _list(runner, "--today", "2022-01-05")[0]["latest"] == {"value": 420, "date": "2021-12-31"}


def test_report_without_approve_waits_for_review(runner, world, beds):
    result = runner.invoke(args=["indicators", "report", "hb", "新增托位", "420.5", "--date", "2021-12-31",
                                 "--unit", "卫健"])
    assert result.exit_code == 0 and "待办公室审核" in result.stdout
    assert db.session.scalar(select(IndicatorValue.status)) == "submitted"


@pytest.mark.parametrize(("args", "message"), [
    (["无此指标", "1"], "找不到指标：无此指标"),
    (["新增托位", "四百"], "数值应为数字：四百"),
    (["新增托位", "1", "--unit", "区教育局"], "找不到责任单位：区教育局"),
])
def test_report_usage_errors_exit_2(runner, world, beds, args, message):
    unit = [] if "--unit" in args else ["--unit", "区卫健局"]
    result = runner.invoke(args=["indicators", "report", "hb", *args, "--date", "2021-12-31", *unit])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith(message)


def test_report_by_a_unit_not_responsible_is_refused_with_exit_1(runner, world, beds):
    result = runner.invoke(args=["indicators", "report", "hb", "新增托位", "1", "--date", "2021-12-31",
                                 "--unit", "区财政局"])
    assert (result.exit_code, result.stdout) == (1, "")
    assert "不是指标“新增托位”的责任单位" in result.stderr
    assert db.session.scalar(select(func.count(IndicatorValue.id))) == 0


def test_report_as_of_a_future_date_is_refused_with_exit_1(runner, world, beds, clock):
    clock.freeze(date(2022, 5, 25))
    result = runner.invoke(args=["indicators", "report", "hb", "新增托位", "1", "--date", "2022-05-26",
                                 "--unit", "区卫健局"])
    assert result.exit_code == 1 and "不能晚于今天" in result.stderr


# --- import --------------------------------------------------------------------------------------------------

def _import(runner, tmp_path, rows, *extra, merges=()):
    path = tmp_path / "indicators.xlsx"
    path.write_bytes(xlsx(rows, merges=merges, title="指标"))
    return runner.invoke(args=["indicators", "import", "hb", str(path), "--json", *extra])


SEED_001 = [
    HEADER,
    ["新增托位", "个", "不低于", 0, 400, "2021-12-31", "区卫健局、区发改局"],
    [None, None, None, None, 500, "2022年12月31日", None],
    ["婴幼儿早期发展知识普及率", "%", "不低于", None, "95%", "2025年底", "区卫健局"],
]


def test_import_reads_one_row_per_milestone_with_merged_indicator_cells(runner, world, tmp_path):
    result = _import(runner, tmp_path, SEED_001, merges=["A2:A3", "B2:B3", "C2:C3", "D2:D3", "G2:G3"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert (out["written"], out["created"], out["errors"], out["unresolved"]) == (True, 2, [], [])
    assert out["indicators"][0] == {
        "row": 2, "name": "新增托位", "measure": "个", "direction": "at_least", "baseline": 0,
        "milestones": [{"target": 400, "date": "2021-12-31"}, {"target": 500, "date": "2022-12-31"}],
        "units": ["区卫健局", "区发改局"], "formula": None}
    assert out["indicators"][1]["milestones"] == [{"target": 95, "date": "2025-12-31"}]


def test_import_accepts_the_indicators_cells_repeated_on_each_row(runner, world, tmp_path):
    rows = [HEADER, ["新增托位", "个", "不低于", 0, 400, "2021-12-31", "区卫健局"],
            ["新增托位", "个", "不低于", 0, 500, "2022-12-31", "区卫健局"]]
    assert _import(runner, tmp_path, rows).exit_code == 0
    indicator = db.session.scalar(select(Indicator))
    assert [m.target for m in indicator.milestones] == [400, 500]


def test_import_again_updates_by_name_and_replaces_milestones(runner, world, tmp_path):
    _import(runner, tmp_path, SEED_001, merges=["A2:A3"])
    rows = [HEADER, ["新增托位", "个", "不低于", 0, 450, "2021-12-31", "区卫健局"]]
    out = json.loads(_import(runner, tmp_path, rows).stdout)
    assert (out["created"], out["updated"], out["missing"]) == (0, 1, ["婴幼儿早期发展知识普及率"])
    db.session.expire_all()
    indicator = db.session.scalar(select(Indicator).where(Indicator.name == "新增托位"))
    assert [(m.due_on, m.target) for m in indicator.milestones] == [(date(2021, 12, 31), 450)]


def test_import_dry_run_writes_nothing(runner, world, tmp_path):
    result = _import(runner, tmp_path, SEED_001, "--dry-run", merges=["A2:A3"])
    assert result.exit_code == 0 and json.loads(result.stdout)["written"] is False
    assert db.session.scalar(select(func.count(Indicator.id))) == 0


@pytest.mark.parametrize(("row", "column", "words"), [
    (["新增托位", "个", "大约", 0, 400, "2021-12-31", "区卫健局"], "方向", "不低于"),
    (["新增托位", "个", "不低于", 0, "四百", "2021-12-31", "区卫健局"], "目标值", "应为一个数字"),
    (["新增托位", "个", "不低于", 0, 400, "明年", "区卫健局"], "目标日期", "应为日期"),
    (["新增托位", "个", "不低于", 0, 400, None, "区卫健局"], "目标日期", "应同时填写"),
    (["新增托位", None, "不低于", 0, 400, "2021-12-31", "区卫健局"], "计量单位", "计量单位为空"),
    ([None, "个", "不低于", 0, 400, "2021-12-31", "区卫健局"], "指标", "指标为空"),
])
def test_import_errors_name_the_row_and_column_and_write_nothing(runner, world, tmp_path, row, column, words):
    result = _import(runner, tmp_path, [HEADER, row])
    assert result.exit_code == 1
    out = json.loads(result.stdout)
    assert out["written"] is False and out["errors"][0]["row"] == 2
    assert out["errors"][0]["column"] == column and words in out["errors"][0]["message"]
    assert db.session.scalar(select(func.count(Indicator.id))) == 0


def test_import_repeated_rows_that_disagree_are_an_error(runner, world, tmp_path):
    rows = [HEADER, ["新增托位", "个", "不低于", 0, 400, "2021-12-31", "区卫健局"],
            ["新增托位", "所", "不低于", 0, 500, "2022-12-31", "区卫健局"]]
    out = json.loads(_import(runner, tmp_path, rows).stdout)
    assert out["errors"] == [{"row": 3, "column": "计量单位",
                              "message": "指标!B3 与第 2 行同一指标的计量单位“个”不一致。"}]


def test_import_unresolved_units_exit_1_with_suggestions(runner, world, tmp_path):
    rows = [HEADER, ["新增托位", "个", "不低于", 0, 400, "2021-12-31", "区卫健委"]]
    result = _import(runner, tmp_path, rows)
    out = json.loads(result.stdout)
    assert result.exit_code == 1 and out["unresolved"][0]["row"] == 2 and out["unresolved"][0]["text"] == "区卫健委"
    assert db.session.scalar(select(func.count(Indicator.id))) == 0


def test_import_a_derived_indicator_with_its_formula(runner, world, tmp_path):
    rows = [HEADER + ["计算公式"],
            ["每千人口拥有3岁以下婴幼儿托位数", "个", "不低于", None, 4.7, "2025-12-31", None, "托位数 ÷ 常住人口 × 1000"],
            ["托位数", "个", "不低于", None, 4100, "2025-12-31", "区卫健局", None],
            ["常住人口", "人", "不低于", None, 870000, "2025-12-31", "区卫健局", None]]
    result = _import(runner, tmp_path, rows)
    assert result.exit_code == 0, result.output
    derived = db.session.scalar(select(Indicator).where(Indicator.formula.is_not(None)))
    assert (derived.name, derived.sequence, derived.responsibilities) == ("每千人口拥有3岁以下婴幼儿托位数", 1, [])


def test_import_a_formula_over_an_unknown_indicator_is_an_error(runner, world, tmp_path):
    rows = [HEADER + ["计算公式"], ["每千人口托位数", "个", "不低于", None, 4.7, "2025-12-31", None, "托位数 ÷ 人口 × 1000"]]
    out = json.loads(_import(runner, tmp_path, rows).stdout)
    assert "公式引用的指标不存在：托位数、人口" in out["errors"][0]["message"]


def test_import_an_unreadable_file_exits_2(runner, world, tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"%PDF-1.4 not a table")
    result = runner.invoke(args=["indicators", "import", "hb", str(path)])
    assert result.exit_code == 2 and "PDF 文件中的表格无法读取" in result.stderr


def test_import_reads_the_table_of_a_word_document(runner, world, tmp_path):
    document = Document()
    table = document.add_table(rows=3, cols=7)
    for r, row in enumerate([HEADER, ["新增托位", "个", "不低于", "0", "400", "2021年12月31日", "区卫健局"],
                             ["新增托位", "个", "不低于", "0", "500", "2022年12月31日", "区卫健局"]]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    path = tmp_path / "指标.docx"
    document.save(path)
    result = runner.invoke(args=["indicators", "import", "hb", str(path), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["indicators"][0]["milestones"] == [
        {"target": 400, "date": "2021-12-31"}, {"target": 500, "date": "2022-12-31"}]


def test_import_without_the_columns_exits_2(runner, world, tmp_path):
    result = _import(runner, tmp_path, [["类别", "创建任务", "责任单位"], ["领导重视", "建立组织体系", "区卫健局"]])
    assert result.exit_code == 2 and "未找到表头" in result.stderr


def test_import_reads_a_workbook_written_in_traditional_characters(runner, world, tmp_path):
    """Seed 004 (宝坻区) is in Traditional characters: 2020年建成2家具有示範效應的嬰幼兒照護服務機構."""
    rows = [["指標", "計量單位", "方向", "基線", "目標值", "目標日期", "責任單位"],
            ["示範性嬰幼兒照護服務機構", "所", "不低於", 0, 2, "2020年12月31日", "區衛健局"]]
    result = _import(runner, tmp_path, rows)
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)["indicators"][0]
    assert (out["name"], out["direction"], out["units"]) == ("示範性嬰幼兒照護服務機構", "at_least", ["区卫健局"])
