"""The scan before openpyxl: each hostile shape is refused at its cause, with a Chinese reason, and cheaply."""
import zipfile
from contextlib import contextmanager
from unittest.mock import patch

import pytest

from tests.xlsx.hostile import (
    SHEET,
    STRINGS,
    handmade,
    list_workbook,
    parts_of,
    rezip,
    sheet_xml,
    with_part,
)
from tracker.xlsx.guard import Limits, check_workbook
from tracker.xlsx.reading import ImportFileError

GB = 1024 * 1024 * 1024
SEED = list_workbook()
CASES = handmade(SEED)


@contextmanager
def bytes_unpacked():
    """How many bytes the scan inflated from the archive while inside the block (a one-item list)."""
    total, read = [0], zipfile.ZipExtFile.read

    def counting(self, n=-1):
        chunk = read(self, n)
        total[0] += len(chunk)
        return chunk

    with patch.object(zipfile.ZipExtFile, "read", counting):
        yield total


def _reason(data: bytes, limits: Limits | None = None) -> str:
    with pytest.raises(ImportFileError) as exc:
        check_workbook(data, limits or Limits())
    return str(exc.value)


def test_a_valid_workbook_passes_and_formulas_without_a_saved_value_are_noted():
    assert check_workbook(SEED).uncached_formulas == {}
    sheet = parts_of(SEED)[SHEET].replace(b'<c r="F3" t="n"><v>5</v>', b'<c r="F3"><f>1+4</f><v>5</v>')
    sheet = sheet.replace(b'<c r="F4" t="n"><v>3</v>', b'<c r="F4"><f>1+2</f><v></v>')
    facts = check_workbook(with_part(SEED, SHEET, sheet))
    assert facts.sheet_names == {SHEET: "责任清单"} and facts.uncached_formulas == {"责任清单": {(4, 6)}}


@pytest.mark.parametrize("case, words", [
    ("not a zip (text)", "不是 .xlsx"),
    ("encrypted workbook (OLE container)", "打开密码"),
    ("truncated zip", "已损坏"),
    ("zip without content types", "[Content_Types].xml"),
    ("zip without workbook", "缺少工作簿"),
    ("broken sheet XML", "sheet1.xml”不是有效的 XML"),
    ("broken content types XML", "[Content_Types].xml”不是有效的 XML"),
    ("broken workbook XML", "workbook.xml”不是有效的 XML"),
    ("broken styles XML", "styles.xml”不是有效的 XML"),
    ("broken shared strings XML", "sharedStrings.xml”不是有效的 XML"),
    ("external entity", "DOCTYPE"),
    ("entity expansion (billion laughs)", "DOCTYPE"),
    ("corrupt deflate", "无法解压"),
    ("encrypted flag", "已加密"),
    ("deflate64", "不支持的压缩方式（9）"),
    ("shared-string index past the table", "A1 引用的共享字符串“9999”不存在"),
    ("negative shared-string index", "“-1”不存在"),
    ("non-numeric shared-string index", "“x”不存在"),
    ("invalid cell address", "单元格地址“2A”无效"),
    ("column past XFD", "单元格地址“ZZZ2”无效"),
    ("row number out of range", "第 1,048,576 行"),
    ("merge over a million rows", "第 1,048,576 行"),
    ("merge over the cell cap", "单元格（含合并单元格）超过 100,000 个"),
    ("invalid number", "数值“1,5”无效"),
    ("invalid boolean", "逻辑值“yes”无效"),
    ("row number not a number", "行号“x”无效"),
    ("style index past the table", "A2 引用的单元格格式“999”不存在"),
    ("cell longer than Excel allows", "工作表“责任清单” A2 超过 32,767 个字符"),
    ("shared string longer than Excel allows", "超过 32,767 个字符"),
    ("too many shared strings", "共享字符串超过 100,000 个"),
    ("too many rows", "工作表“责任清单”超过 5,010 行的上限（第 5,011 行）"),
    ("zip bomb (unpacks to 210 MB)", "解压后超过 200 MB"),
])
def test_hostile_file_is_refused_with_its_cause(case, words):
    assert words in _reason(CASES[case]())


def test_the_scan_stops_at_the_first_breach():
    """Eleven million tiny shared strings (the 488 KB file of the issue): refused by their unpacked size, and
    with that cap lifted, by their count after 100,000 — without reading the rest."""
    strings = (b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
               + b"<si><t>a</t></si>" * 11_700_000 + b"</sst>")
    data = with_part(SEED, STRINGS, strings)
    assert len(data) < 1024 * 1024
    assert "解压后超过 32 MB" in _reason(data)
    with bytes_unpacked() as unpacked:
        assert "共享字符串超过 100,000 个" in _reason(data, Limits(max_xml_bytes=GB, max_unpacked_bytes=GB))
    assert unpacked[0] < 10 * 1024 * 1024 < len(strings) // 10  # stopped within the first 5 % of the part


def test_a_150_mb_cell_is_refused_without_reading_it_all():
    data = with_part(SEED, SHEET, sheet_xml('<row r="1"><c r="A1" t="inlineStr"><is><t>'
                                            + "a" * (150 * 1024 * 1024) + "</t></is></c></row>"))
    with bytes_unpacked() as unpacked:
        assert "A1 超过 32,767 个字符" in _reason(data, Limits(max_xml_bytes=GB, max_unpacked_bytes=GB))
    assert unpacked[0] < 10 * 1024 * 1024  # of 150 MB


def test_too_many_parts_is_refused():
    assert "部件" in _reason(rezip({**parts_of(SEED), **{f"x/{i}.bin": b"" for i in range(30)}}),
                              Limits(max_members=20))


def test_xml_over_its_unpacked_cap_is_refused_before_any_parse():
    data = with_part(SEED, "docProps/custom.xml", b"<a/>" + b" " * (3 * 1024 * 1024))
    assert "工作表内容解压后超过 2 MB" in _reason(data, Limits(max_xml_bytes=2 * 1024 * 1024))


def test_limits_are_parameters():
    rows = "".join(f'<row r="{r}"><c r="A{r}"><v>1</v></c></row>' for r in range(1, 30))
    assert "超过 20 行" in _reason(with_part(SEED, SHEET, sheet_xml(rows)), Limits(max_rows=20))
    assert "单元格（含合并单元格）超过 10 个" in _reason(with_part(SEED, SHEET, sheet_xml(rows)), Limits(max_cells=10))
