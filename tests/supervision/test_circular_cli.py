import json

from openpyxl import load_workbook

from tests.factories import basic_world


def test_preview_json_then_issue_with_xlsx_and_list(runner, tmp_path):
    basic_world()
    out = runner.invoke(args=["circular", "preview", "--campaign", "hb", "--as-of", "2022-05-10", "--json"])
    assert out.exit_code == 0 and json.loads(out.output)["totals"]["overdue"] == 1  # task 1's lead
    path = tmp_path / "c.xlsx"
    out = runner.invoke(args=["circular", "issue", "--campaign", "hb", "--as-of", "2022-05-10", "--xlsx", str(path)])
    assert out.exit_code == 0 and "第1期" in out.output
    assert load_workbook(path)["通报"]["A1"].value == "创建工作进展通报（第1期）"
    assert "第1期" in runner.invoke(args=["circular", "list", "--campaign", "hb"]).output


def test_a_bad_date_exits_2_with_the_expected_format(runner):
    basic_world()
    result = runner.invoke(args=["circular", "preview", "--campaign", "hb", "--as-of", "x"])
    assert (result.exit_code, result.stderr) == (2, "日期格式应为 YYYY-MM-DD：x\n")
