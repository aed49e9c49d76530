"""The type of a file is read from its content; the name must not contradict it."""
import pytest
import xlwt
from sqlalchemy import func, select

from tests.assignments.conftest import assignment_of
from tests.cfb import compound_file
from tests.evidence.conftest import EXE, JPG, PDF, PNG, ole2, ooxml, plain_zip, upload
from tracker.evidence.models import Evidence
from tracker.evidence.sniff import OLE2_MAGIC, MacroRefused, detect_kind, name_matches
from tracker.extensions import db


@pytest.mark.parametrize("name,content,kind", [
    ("a.pdf", PDF, "pdf"), ("a.png", PNG, "png"), ("a.jpg", JPG, "jpg"),
    ("a.docx", ooxml("word/document.xml"), "docx"), ("a.xlsx", ooxml("xl/workbook.xml"), "xlsx"),
    ("a.pptx", ooxml("ppt/presentation.xml"), "pptx"), ("a.zip", plain_zip(), "zip"),
    ("a.doc", ole2("WordDocument"), "doc"), ("a.xls", ole2("Workbook"), "xls"),
    ("a.ppt", ole2("PowerPoint Document"), "ppt"), ("a.exe", EXE, ""), ("a.txt", b"hello", ""),
])
def test_detect_kind_by_content(tmp_path, name, content, kind):
    path = tmp_path / "f"
    path.write_bytes(content)
    assert detect_kind(path, name) == kind


@pytest.mark.parametrize("kind,name,ok", [
    ("pdf", "通知.pdf", True), ("jpg", "照片.JPEG", True), ("pdf", "无扩展名", True),
    ("png", "伪装.pdf", False), ("zip", "报告.docx", False), ("pdf", "a.txt", False),
])
def test_name_must_agree_with_content(kind, name, ok):
    assert name_matches(kind, name) is ok


@pytest.mark.parametrize("name,content", [
    ("setup.xls", compound_file({"\x05SummaryInformation": b"msi", "!_StringData": b"x"})),  # an installer
    ("junk.doc", OLE2_MAGIC + b"\x00" * 504 + "WordDocument".encode("utf-16-le") + b"\x00" * 64),  # header + junk
    ("a.ppt", compound_file({"Workbook": b"x"})[:700]),  # cut off inside its directory
])
def test_an_ole2_file_without_the_expected_stream_is_refused(tmp_path, name, content):
    path = tmp_path / "f"
    path.write_bytes(content)
    assert detect_kind(path, name) == ""


def test_a_real_xls_written_by_excel_tools_is_an_xls(tmp_path):
    book = xlwt.Workbook()
    book.add_sheet("责任清单").write(0, 0, "类别")
    path = tmp_path / "f"
    book.save(str(path))
    assert detect_kind(path, "清单.xls") == "xls"


@pytest.mark.parametrize("name,content", [
    ("a.doc", ole2("WordDocument", {"Macros": ["VBA"]})), ("a.xls", ole2("Workbook", {"_VBA_PROJECT_CUR": ["VBA"]})),
    ("a.xlsx", ooxml("xl/workbook.xml", "xl/vbaProject.bin")), ("a.docx", ooxml("word/document.xml", "word/vbaProject.bin")),
])
def test_macro_bearing_office_files_are_refused_and_say_why(tmp_path, name, content):
    path = tmp_path / "f"
    path.write_bytes(content)
    with pytest.raises(MacroRefused, match="含有宏"):
        detect_kind(path, name)


def test_the_upload_names_the_file_and_the_macro(client, login, world):
    a = assignment_of(world, 0, "wj")
    resp = upload(login("wj"), a.id, ("报表.xls", ole2("Workbook", {"_VBA_PROJECT_CUR": ["VBA"]})))
    assert resp.json["ok"] is False and "「报表.xls」含有宏" in resp.json["message"]
    assert db.session.scalar(select(func.count(Evidence.id))) == 0
