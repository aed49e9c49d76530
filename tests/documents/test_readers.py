"""Readers turn .docx, .xls and pasted tables into one grid shape."""
import io

import docx
import pytest

from tests.documents.builders import docx_bytes, html, xls_bytes
from tracker.documents.readers import detect, read_book, read_pasted
from tracker.units.registry_io import read_registry
from tracker.xlsx.reading import ImportFileError


def test_docx_cell_paragraphs_join_with_newline():
    grid = read_book(docx_bytes([["创建任务", "责任单位"], ["任务", "区卫健局\n区发改局"]])).worksheets[0]
    assert grid.cell(2, 2).value == "区卫健局\n区发改局"


def test_docx_vertical_merge_fills_down_and_is_kept_as_a_merge():
    grid = read_book(docx_bytes([["类别", "任务"], ["甲", "一"], [None, "二"]], vmerge=[(0, 1, 2)])).worksheets[0]
    assert [grid.cell(r, 1).value for r in (2, 3)] == ["甲", "甲"]
    assert [m.coord for m in grid.merged_cells.ranges] == ["A2:A3"]


def test_docx_without_tables_is_refused():
    buf = io.BytesIO()
    docx.Document().save(buf)
    with pytest.raises(ImportFileError, match="没有表格"):
        read_book(buf.getvalue())


def test_xls_merge_keeps_value_in_first_cell_only():
    grid = read_book(xls_bytes([["类别", "任务"], ["甲", "一"], [None, "二"]], merges=[(1, 2, 0, 0)])).worksheets[0]
    assert (grid.cell(2, 1).value, grid.cell(3, 1).value) == ("甲", None)
    assert [m.coord for m in grid.merged_cells.ranges] == ["A2:A3"]


def test_detect_by_content():
    assert detect(docx_bytes([["a", "b"]])) == "docx"
    assert detect(xls_bytes([["a", "b"]])) == "xls"
    assert detect(b"a\tb\n") == "text"
    assert detect(b"%PDF-1.4") is None


def test_pasted_html_is_read_as_data():
    grid = read_pasted(html([["<script>alert(1)</script>", "b"]]).replace("&lt;", "<")).worksheets[0]
    assert grid.cell(1, 2).value == "b"
    assert "<" not in str(grid.cell(1, 1).value or "")


def test_pasted_excel_tsv_keeps_line_breaks_in_quoted_cells():
    grid = read_pasted('创建任务\t责任单位\r\n任务\t"区卫健局\n区发改局"\r\n').worksheets[0]
    assert grid.cell(2, 2).value == "区卫健局\n区发改局"


def test_plain_text_without_a_table_is_refused():
    with pytest.raises(ImportFileError, match="不是表格"):
        read_pasted("只有一列\n没有制表符")


def test_registry_reads_a_word_table():
    data = docx_bytes([["单位名称", "简称", "别名", "分组"], ["区卫健局", "卫健", "区卫生健康局", None]])
    book = read_registry(data)
    assert [(r.name, r.short_name, r.aliases) for r in book.rows] == [("区卫健局", "卫健", ["区卫生健康局"])]
