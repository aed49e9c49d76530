"""Hostile .docx, .xls and pasted tables through the list and registry readers: each is read or refused with a
Chinese reason, within the same row and cell caps as an .xlsx, and before a grid is built."""
import re
import time

import pytest

from tests.documents.builders import LIST_ROWS, docx_bytes, html, tsv, xls_bytes
from tests.xlsx.hostile import ENTITY, byte_corpus, corpus, parts_of, rezip, with_part
from tracker.documents.readers import read_book
from tracker.imports.parser import read_list
from tracker.units.registry_io import read_registry
from tracker.xlsx.package import Limits
from tracker.xlsx.reading import ImportFileError

CHINESE = re.compile(r"[\u4e00-\u9fff]")
DOC = "word/document.xml"
DOCX = docx_bytes(LIST_ROWS)
XLS = xls_bytes(LIST_ROWS, merges=[(1, 2, 0, 0)])


def _reason(data: bytes, limits: Limits | None = None) -> str:
    with pytest.raises(ImportFileError) as exc:
        read_book(data, limits)
    assert CHINESE.search(str(exc.value)), str(exc.value)
    return str(exc.value)


def _document(replace: bytes, by: bytes, count: int = 1) -> bytes:
    content = parts_of(DOCX)[DOC]
    assert replace in content
    return with_part(DOCX, DOC, content.replace(replace, by, count))


def test_seeds_read():
    assert len(read_list(DOCX).rows) == 3 and len(read_list(XLS).rows) == 3


@pytest.mark.parametrize("make, words", [
    (lambda: _document(b"<w:tcPr>", b'<w:tcPr><w:gridSpan w:val="100000000"/>'), "合并列数“100000000”无效"),
    (lambda: _document(b"<w:tr>", b'<w:tr><w:trPr><w:gridBefore w:val="999999"/></w:trPr>'), "合并列数"),
    (lambda: with_part(DOCX, DOC, ENTITY), "DOCTYPE"),
    (lambda: with_part(DOCX, DOC, parts_of(DOCX)[DOC][:-200]), "不是有效的 XML"),
    (lambda: _document("<w:t>类别".encode(), "<w:t>类别".encode() + "甲".encode() * 40_000), "超过 32,767 个字符"),
])
def test_hostile_word_document_is_refused_with_its_cause(make, words, security):
    assert words in _reason(make())
    security.hostile()


def test_a_word_table_over_the_row_cap_is_refused_before_python_docx_builds_it():
    content = parts_of(DOCX)[DOC]
    row = re.search(rb"<w:tr[ >].*?</w:tr>", content, re.S).group(0)
    data = with_part(DOCX, DOC, content.replace(row, row * 6_000, 1))
    start = time.perf_counter()
    assert "超过 5,010 行的上限" in _reason(data)
    assert time.perf_counter() - start < 10


def test_a_damaged_word_zip_is_refused():
    assert "已损坏" in _reason(DOCX[: len(DOCX) // 2])  # truncated: its directory is gone
    parts = parts_of(DOCX)
    del parts["[Content_Types].xml"]
    with pytest.raises(ImportFileError):
        read_book(rezip(parts))


def test_an_xls_over_the_row_cap_is_refused():
    rows = LIST_ROWS + [["甲", f"任务{i}", "区卫健局", None] for i in range(30)]
    assert "超过 20 行的上限" in _reason(xls_bytes(rows), Limits(max_rows=20))


def test_an_xls_merge_over_the_cell_cap_is_refused():
    data = xls_bytes(LIST_ROWS + [["甲", "任务", "区卫健局", None]], merges=[(4, 300, 0, 200)])
    assert "单元格超过 100,000 个" in _reason(data)


def test_an_xlsx_with_an_open_password_says_so():
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500) + "EncryptedPackage".encode("utf-16-le") + bytes(500)
    assert "打开密码" in _reason(ole)


def test_pasted_html_spans_are_counted_before_they_are_placed():
    cell = '<td rowspan="1000" colspan="1000">x</td>'
    text = "<table><tr><td>类别</td><td>创建任务</td><td>责任单位</td></tr>" + f"<tr>{cell * 50}</tr></table>"
    start = time.perf_counter()
    assert "单元格超过 100,000 个" in _reason(text.encode())
    assert time.perf_counter() - start < 2


def test_pasted_tsv_over_the_row_cap_is_refused():
    rows = LIST_ROWS + [["甲", f"任务{i}", "区卫健局", None] for i in range(6_000)]
    assert "超过 5,010 行的上限" in _reason(tsv(rows).encode())


def test_pasted_html_within_the_caps_still_reads():
    assert len(read_list(html(LIST_ROWS, rowspans=[(0, 1, 2)]).encode()).rows) == 3


@pytest.mark.parametrize("seed_name", ["docx", "xls"])
def test_seeded_mutations_of_a_document_are_read_or_refused(seed_name, security):
    cases = corpus(DOCX, 250, rng_seed=11) if seed_name == "docx" else byte_corpus(XLS, 250, rng_seed=11)
    for label, data in cases:
        for read in (read_list, read_registry):
            try:
                read(data)
            except ImportFileError as exc:
                assert CHINESE.search(str(exc)), (label, str(exc))
            except Exception as exc:
                raise AssertionError(f"{seed_name} {label}: {type(exc).__name__}: {exc}") from exc
            security.hostile()
