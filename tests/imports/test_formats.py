"""The same list as .xlsx, .xls, .docx, pasted TSV and pasted HTML imports exactly alike (one parser, one set of
rules); the kind is told by content; anything else is refused with exit 2."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.documents.builders import LIST_ROWS, docx_bytes, html, tsv, xls_bytes
from tests.imports.conftest import xlsx
from tracker.imports.services import plan_import, plan_json


@pytest.fixture
def expected(hanbin_campaign):
    return plan_json(plan_import(hanbin_campaign, xlsx(LIST_ROWS, merges=["A2:A3"])))


def _plan(campaign, data: bytes) -> dict:
    return plan_json(plan_import(campaign, data))


def test_xlsx_baseline_is_clean(expected):
    assert [t["category"] for t in expected["tasks"]] == ["领导重视", "领导重视", "政策支持"]
    assert expected["tasks"][0]["deadline"] == "2022-06-30" and expected["errors"] == []


def test_docx_with_vertical_merge_imports_like_xlsx(hanbin_campaign, expected):
    assert _plan(hanbin_campaign, docx_bytes(LIST_ROWS, vmerge=[(0, 1, 2)])) == expected


def test_docx_takes_first_table_whose_header_matches(hanbin_campaign, expected):
    data = docx_bytes(LIST_ROWS, vmerge=[(0, 1, 2)], before_tables=[[["发文机关", "日期"], ["区政府办", "2021"]]])
    assert _plan(hanbin_campaign, data) == expected


def test_docx_task_cell_merged_over_two_rows_is_a_row_error(hanbin_campaign):
    rows = [LIST_ROWS[0], ["甲", "同一任务", "区卫健局", None], ["甲", None, "区发改局", None]]
    plan = _plan(hanbin_campaign, docx_bytes(rows, vmerge=[(1, 1, 2)]))
    assert [e["row"] for e in plan["errors"]] == [2, 3]
    assert "合并单元格" in plan["errors"][0]["message"]


def test_xls_with_merged_category_and_date_serial_imports_like_xlsx(hanbin_campaign, expected):
    assert _plan(hanbin_campaign, xls_bytes(LIST_ROWS, merges=[(1, 2, 0, 0)])) == expected


def test_pasted_tsv_imports_like_xlsx(hanbin_campaign, expected):
    rows = [LIST_ROWS[0], LIST_ROWS[1], ["领导重视", *LIST_ROWS[2][1:]], LIST_ROWS[3]]
    assert _plan(hanbin_campaign, tsv(rows).encode()) == expected


def test_pasted_html_with_rowspan_imports_like_xlsx(hanbin_campaign, expected):
    assert _plan(hanbin_campaign, html(LIST_ROWS, rowspans=[(0, 1, 2)]).encode()) == expected


def test_cli_imports_docx_whatever_its_name(hanbin_campaign, runner, tmp_path):
    path = tmp_path / "清单.xlsx"  # a .docx under the wrong name: content decides
    path.write_bytes(docx_bytes(LIST_ROWS, vmerge=[(0, 1, 2)]))
    result = runner.invoke(args=["tasks", "import", "hb", str(path), "--json", "--dry-run"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert len(out["tasks"]) == 3 and out["written"] is False


def test_cli_imports_xls(hanbin_campaign, runner, tmp_path):
    path = tmp_path / "list.xls"
    path.write_bytes(xls_bytes(LIST_ROWS, merges=[(1, 2, 0, 0)]))
    result = runner.invoke(args=["tasks", "import", "hb", str(path)])
    assert result.exit_code == 0, result.output
    assert "新增 3 项" in result.output


@pytest.mark.parametrize("content", [b"%PDF-1.7 ...", b"\x00\x01binary", "纯文字，没有表格".encode(),
                                     b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600])
def test_cli_refuses_other_content_with_exit_2(hanbin_campaign, runner, tmp_path, content):
    path = tmp_path / "list.docx"
    path.write_bytes(content)
    result = runner.invoke(args=["tasks", "import", "hb", str(path)])
    assert result.exit_code == 2
    assert any("\u4e00" <= ch <= "\u9fff" for ch in result.output)


def test_a_damaged_but_readable_xls_prints_nothing(hanbin_campaign, expected, tmp_path):
    """xlrd warns about a file whose size is no whole number of sectors on the process's stdout, which would come
    before the JSON of `tracker tasks import --json`: the file still reads, and its warnings are kept out of the
    output (a process of its own: xlrd binds the stdout it writes to when it is first imported)."""
    padded = xls_bytes(LIST_ROWS, merges=[(1, 2, 0, 0)]) + b"\x00" * 100
    assert _plan(hanbin_campaign, padded) == expected
    path = tmp_path / "padded.xls"
    path.write_bytes(padded)
    code = ("import sys; from tracker.documents.readers import read_xls; "
            "book = read_xls(open(sys.argv[1], 'rb').read()); sys.stderr.write(str(len(book.worksheets[0].rows)))")
    done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True,
                          cwd=Path(__file__).parents[2])
    assert done.stdout == "" and done.stderr == str(len(LIST_ROWS))
