"""The office's red-header template: validated on upload; 通报 and 督办通知单 are written on it with their
placeholders filled (read back from the produced .docx); without it the built-in layout stays."""
import io
from datetime import date

import docx
import pytest

from tests.factories import basic_world
from tracker.documents.circular import circular_docx
from tracker.documents.letterhead import TemplateError, check_template
from tracker.documents.notice import notices_docx
from tracker.extensions import db
from tracker.registers.services import current_letterhead, letterhead_bytes


def letterhead(*, body_marker=True, title=True, extra: str = "") -> bytes:
    d = docx.Document()
    p = d.add_paragraph()
    p.add_run("{{发文")
    p.add_run("机关}}文件")  # Word splits placeholders over runs
    d.add_paragraph("{{文号}}")
    if title:
        d.add_paragraph("{{标题}}")
    d.add_paragraph("主送：{{主送}}")
    if body_marker:
        d.add_paragraph("{{正文}}")
    d.add_paragraph("成文日期：{{日期}}" + extra)
    d.sections[0].footer.paragraphs[0].text = "{{发文机关}}印发"
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


DATA = {"as_of": "2022-05-10", "units": [{"rank": 1, "name": "区发改局", "assigned": 3, "submitted": 0,
                                          "approved": 3, "returned": 0, "overdue": 0, "rate": 100.0}],
        "totals": {}, "overdue": [], "praise": [], "criticism": []}


def _circular(template: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(circular_docx("创建工作进展通报（第1期）", "请加快推进。", DATA,
                                                  issuer="汉滨区创建办", number_text="汉创办发〔2022〕3号",
                                                  issued_on="2022-05-11", letterhead=template)))


def test_a_circular_on_the_template_has_its_placeholders_filled_and_its_body_at_the_marker():
    d = _circular(letterhead())
    texts = [p.text for p in d.paragraphs]
    assert texts[:4] == ["汉滨区创建办文件", "汉创办发〔2022〕3号", "创建工作进展通报（第1期）", "主送："]
    body_at = texts.index("请加快推进。")
    assert 3 < body_at < texts.index("成文日期：2022年5月11日")
    assert texts.count("创建工作进展通报（第1期）") == 1  # the template prints the title: the body does not
    assert d.tables[0].rows[1].cells[1].text == "区发改局"
    assert d.sections[0].footer.paragraphs[0].text == "汉滨区创建办印发"
    assert not any("{{" in t for t in texts)


def test_without_markers_the_body_follows_the_template_and_starts_with_its_title():
    texts = [p.text for p in _circular(letterhead(body_marker=False, title=False)).paragraphs]
    assert texts.index("成文日期：2022年5月11日") < texts.index("创建工作进展通报（第1期）") < texts.index("请加快推进。")


def test_notices_on_the_template_repeat_it_per_unit_with_its_number_and_addressee():
    notices = [{"unit": u, "number": f"汉创督〔2022〕{n}号",
                "items": [{"category": "领导重视", "task": "任务", "deadline": "2022-03-31", "state": "逾期40天",
                           "chases": 1}]} for n, u in ((1, "区卫健局"), (2, "区发改局"))]
    d = docx.Document(io.BytesIO(notices_docx(notices, issuer="汉滨区创建办", number_text="", issued_on="2022-05-11",
                                              letterhead=letterhead())))
    texts = [p.text for p in d.paragraphs]
    assert "汉创督〔2022〕1号" in texts and "汉创督〔2022〕2号" in texts
    assert texts.count("主送：区卫健局") == 1 and texts.count("主送：区发改局") == 1
    assert len(d.tables) == 2


@pytest.mark.parametrize(("data", "message"), [
    (b"%PDF-1.4 not a docx", "须为 Word 文档"),
    (b"PK\x03\x04broken", "无法读取|不是有效"),
    (letterhead(extra="{{落款}}"), "无法识别的占位符：{{落款}}"),
    (b"PK\x03\x04" + b"0" * (5 * 1024 * 1024), "不能超过 5 MB"),
])
def test_a_bad_template_is_refused_with_a_clear_message(data, message):
    with pytest.raises(TemplateError, match=message):
        check_template(data)


def test_upload_replace_and_remove_the_template_from_the_register_page(client, login, clock):
    clock.freeze(date(2022, 5, 11))
    basic_world()
    login("office")
    bad = client.post("/registers/letterhead", data={"file": (io.BytesIO(b"hello"), "红头.docx")},
                      content_type="multipart/form-data", follow_redirects=True)
    assert "须为 Word 文档" in bad.get_data(as_text=True) and letterhead_bytes() is None
    ok = client.post("/registers/letterhead", data={"file": (io.BytesIO(letterhead()), "红头.docx")},
                     content_type="multipart/form-data", follow_redirects=True)
    assert "已启用红头模板" in ok.get_data(as_text=True)
    assert current_letterhead().filename == "红头.docx"
    resp = client.post("/supervision/notices.docx")
    texts = [p.text for p in docx.Document(io.BytesIO(resp.data)).paragraphs]
    assert "主送：区卫健局" in texts and "汉滨区创建示范城区领导小组办公室文件" in texts
    client.post("/registers/letterhead/remove")
    db.session.expire_all()
    assert letterhead_bytes() is None
    resp = client.post("/supervision/notices.docx")
    assert not any(p.text.startswith("主送：") for p in docx.Document(io.BytesIO(resp.data)).paragraphs)
