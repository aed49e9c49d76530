"""Page counts read uploaded containers within a byte and a time budget: a bomb is "unknown", not an outage."""
import time
import tracemalloc
import zipfile

import pytest

from tracker.exports.pages import APP_XML_LIMIT, count_pages

APP_XML = b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'


def _docx(tmp_path, app_xml: bytes, name="a.docx", **info) -> object:
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
        z.writestr(zipfile.ZipInfo("docProps/app.xml", **info) if info else "docProps/app.xml", app_xml)
    return path


def test_docx_and_pptx_pages_come_from_app_xml(tmp_path):
    assert count_pages(_docx(tmp_path, APP_XML + b"<Pages>12</Pages></Properties>"), "docx") == 12
    assert count_pages(_docx(tmp_path, APP_XML + b"<Slides>7</Slides></Properties>", "b.pptx"), "pptx") == 7


def test_an_app_xml_bomb_is_not_read(tmp_path):
    """The issue's docx: a small file whose docProps/app.xml inflates far beyond any real one."""
    bomb = _docx(tmp_path, APP_XML + b" " * (64 * 1024 * 1024) + b"<Pages>3</Pages></Properties>")
    assert bomb.stat().st_size < 1024 * 1024
    tracemalloc.start()
    start = time.perf_counter()
    assert count_pages(bomb, "docx") is None
    elapsed, (_, peak) = time.perf_counter() - start, tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 4 * APP_XML_LIMIT and elapsed < 1


def test_a_header_that_lies_about_the_size_reads_no_more_than_it_says(tmp_path):
    path = _docx(tmp_path, APP_XML + b" " * (8 * 1024 * 1024) + b"<Pages>3</Pages></Properties>")
    data = bytearray(path.read_bytes())
    central = data.rindex(b"docProps/app.xml") - 46  # the central directory entry: declare 100 bytes
    data[central + 24:central + 28] = (100).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    tracemalloc.start()
    assert count_pages(path, "docx") is None
    assert tracemalloc.get_traced_memory()[1] < 4 * APP_XML_LIMIT
    tracemalloc.stop()


@pytest.mark.parametrize("content", [b"PK\x03\x04 not a zip", b"", b"\x00" * 100])
def test_a_damaged_container_is_unknown(tmp_path, content):
    path = tmp_path / "x.docx"
    path.write_bytes(content)
    assert count_pages(path, "docx") is None


def test_an_encrypted_or_deflate64_part_is_unknown(tmp_path):
    path = _docx(tmp_path, APP_XML + b"<Pages>2</Pages></Properties>")
    data = bytearray(path.read_bytes())
    at = data.rindex(b"docProps/app.xml") - 46
    data[at + 10:at + 12] = (9).to_bytes(2, "little")  # compression method 9: deflate64
    path.write_bytes(bytes(data))
    assert count_pages(path, "docx") is None


def test_a_pdf_scan_stops_at_its_time_budget(tmp_path):
    path = tmp_path / "big.pdf"
    path.write_bytes(b"%PDF-1.4\n" + b"1 0 obj << /Type /Page >> endobj\n" * 200_000)
    assert count_pages(path, "pdf") == 200_000
    assert count_pages(path, "pdf", budget_s=0) is None


def test_the_page_count_regex_takes_no_huge_number(tmp_path):
    assert count_pages(_docx(tmp_path, APP_XML + b"<Pages>" + b"9" * 5000 + b"</Pages></Properties>"), "docx") is None
