"""The 通报 as .docx: issuing body and number on top, title, body with figures, the tables as real Word tables,
date and body at the foot; it converts to A4 PDF pages with LibreOffice; text is made safe."""
import io
import os
import re
import shutil
import subprocess
from datetime import date, datetime

import docx
import pytest

from tests.factories import basic_world, make_task
from tracker.documents.circular import circular_docx
from tracker.supervision.circulars import issue_circular
from tracker.supervision.xlsx import circular_docx_of

DATA = {"as_of": "2022-05-10",
        "units": [{"rank": 1, "name": "区发改局", "assigned": 3, "submitted": 0, "approved": 3, "returned": 0,
                   "overdue": 0, "rate": 100.0},
                  {"rank": 2, "name": "区卫健局", "assigned": 4, "submitted": 1, "approved": 1, "returned": 1,
                   "overdue": 2, "rate": 25.0}],
        "totals": {}, "overdue": [{"task": "制定实施意见", "unit": "区卫健局", "deadline": "2022-03-31", "days": 40,
                                   "status": "not_started", "chases": 1}],
        "praise": ["区发改局"], "criticism": [{"name": "区卫健局", "reason": "有任务逾期 40 天"}]}


def _doc(**kw) -> docx.document.Document:
    args = {"title": "创建工作进展通报（第1期）", "body": "截至2022-05-10，共承担任务7项。\n请加快推进。", "data": DATA,
            "issuer": "汉滨区创建工作领导小组办公室", "number_text": "第1期", "issued_on": "2022-05-11"} | kw
    return docx.Document(io.BytesIO(circular_docx(**args)))


def _texts(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def test_issuer_and_number_on_top_then_title():
    texts = [t for t in _texts(_doc()) if t]
    assert texts[:3] == ["汉滨区创建工作领导小组办公室", "第1期", "创建工作进展通报（第1期）"]


def test_body_paragraphs_and_foot():
    texts = _texts(_doc())
    assert "截至2022-05-10，共承担任务7项。" in texts and "请加快推进。" in texts
    assert "2022年5月11日" in texts and texts.count("汉滨区创建工作领导小组办公室") == 2
    assert "通报批评：区卫健局（有任务逾期 40 天）。" in texts and "表扬：区发改局。" in texts


def test_unit_table_and_overdue_list_are_word_tables():
    units, overdue = _doc().tables
    assert [c.text for c in units.rows[0].cells][:2] == ["排名", "责任单位"]
    assert [c.text for c in units.rows[2].cells] == ["2", "区卫健局", "4", "1", "1", "1", "2", "25.0"]
    assert [c.text for c in overdue.rows[1].cells] == ["1", "制定实施意见", "区卫健局", "2022-03-31", "40", "1"]


def test_page_is_a4():
    section = _doc().sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)


def test_control_characters_are_dropped():
    document = _doc(body="第一段\x07\x0b正文\x00")
    assert "第一段正文" in _texts(document)


@pytest.mark.skipif(shutil.which("soffice") is None and not os.environ.get("CI"),
                    reason="LibreOffice (libreoffice-writer) not installed; CI installs it (scripts/ensure-office.sh)")
def test_libreoffice_renders_it_on_a4_pages(tmp_path):
    path = tmp_path / "c.docx"
    data = DATA | {"overdue": DATA["overdue"] * 40}
    path.write_bytes(circular_docx("创建工作进展通报（第1期）", "正文。", data, issuer="办公室", number_text="第1期",
                                   issued_on="2022-05-11"))
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(path)], check=True, capture_output=True, timeout=180)
    pdf = (tmp_path / "c.pdf").read_bytes()
    pages = len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))
    assert 2 <= pages <= 4  # 40 overdue rows run over a page, nothing overflows into dozens
    boxes = set(re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)", pdf))
    assert {(round(float(w)), round(float(h))) for w, h in boxes} == {(595, 842)}  # A4 in points


def test_issued_circular_docx_carries_its_snapshot(world):
    make_task(world.campaign, "逾期的任务", [world.units["cz"]], deadline=date(2022, 1, 1))
    c = issue_circular(world.campaign, date(2022, 5, 10), "请加快推进。", world.users["office"])
    document = docx.Document(io.BytesIO(circular_docx_of(c)))
    assert c.title in _texts(document)
    assert any("逾期的任务" in cell.text for cell in document.tables[1].columns[1].cells)


def test_issued_circular_docx_is_dated_by_the_local_day(world):
    c = issue_circular(world.campaign, date(2022, 5, 10), "请加快推进。", world.users["office"])
    c.register_entry.issued_on = date(2022, 5, 12)  # registered: the 发文登记's date (the local day of issue)
    assert "2022年5月12日" in "\n".join(_texts(docx.Document(io.BytesIO(circular_docx_of(c)))))
    c.register_entry = None  # issued before the register existed: the local day of its timestamp
    c.created_at = datetime(2022, 5, 10, 17, 30)  # UTC: 01:30 on 11 May in Asia/Shanghai
    assert "2022年5月11日" in "\n".join(_texts(docx.Document(io.BytesIO(circular_docx_of(c)))))


def test_cli_issue_writes_docx(runner, tmp_path):
    basic_world()
    path = tmp_path / "c.docx"
    out = runner.invoke(args=["circular", "issue", "--campaign", "hb", "--as-of", "2022-05-10", "--docx", str(path)])
    assert out.exit_code == 0, out.output
    assert "创建工作进展通报（第1期）" in _texts(docx.Document(str(path)))


def test_circular_page_offers_word_download(client, login):
    world = basic_world()
    c = issue_circular(world.campaign, date(2022, 5, 10), "请加快推进。", world.users["office"])
    login("wj")
    assert f"/circulars/{c.id}.docx" in client.get(f"/circulars/{c.id}").get_data(as_text=True)
    resp = client.get(f"/circulars/{c.id}.docx")
    assert resp.status_code == 200 and resp.mimetype.endswith("wordprocessingml.document")
