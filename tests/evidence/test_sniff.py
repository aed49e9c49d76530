"""The type of a file is read from its content; the name must not contradict it."""
import pytest

from tests.evidence.conftest import EXE, JPG, PDF, PNG, ole2, ooxml, plain_zip
from tracker.evidence.sniff import detect_kind, name_matches


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
