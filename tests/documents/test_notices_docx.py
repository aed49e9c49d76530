"""督办通知单 as .docx: a page per unit with its overdue and at-risk assignments; CLI and the chase list's button."""
import io
from datetime import date

import docx

from tests.factories import basic_world, make_task
from tracker.documents.notice import notices_docx
from tracker.extensions import db
from tracker.supervision.notices import unit_notices

NOTICES = [{"unit": "区卫健局", "items": [{"category": "领导重视", "task": "制定实施意见", "deadline": "2022-03-31",
                                       "state": "逾期40天", "chases": 2}]},
           {"unit": "区发改局", "items": [{"category": "政策支持", "task": "出台专项规划", "deadline": "2022-05-20",
                                       "state": "临期（剩10天）", "chases": 0}]}]


def _doc(notices=NOTICES):
    return docx.Document(io.BytesIO(notices_docx(notices, issuer="汉滨区创建办", number_text="2022年",
                                                 issued_on="2022-05-10")))


def test_one_page_per_unit_with_its_table():
    document = _doc()
    xml = document.element.body.xml
    assert xml.count('w:type="page"') == 1
    texts = [p.text for p in document.paragraphs]
    assert "区卫健局：" in texts and "区发改局：" in texts
    assert [c.text for c in document.tables[0].rows[1].cells] == ["1", "领导重视", "制定实施意见", "2022-03-31",
                                                                 "逾期40天", "2次"]


def test_counts_in_the_text():
    texts = [p.text for p in _doc(NOTICES[:1]).paragraphs]
    assert any("逾期未完成1项、临近时限尚未启动0项" in t for t in texts)


def test_unit_notices_group_lagging_work_by_unit(world):
    make_task(world.campaign, "早已逾期", [world.units["cz"]], deadline=date(2022, 1, 1))
    db.session.flush()
    notices = unit_notices(world.campaign, date(2022, 5, 10))
    cz = next(n for n in notices if n["unit"] == world.units["cz"].name)
    assert any(it["task"] == "早已逾期" and it["state"].startswith("逾期") for it in cz["items"])


def test_cli_writes_one_file_per_unit(runner, tmp_path):
    basic_world()
    out = runner.invoke(args=["notices", "hb", str(tmp_path / "out"), "--today", "2022-05-10"])
    assert out.exit_code == 0, out.output
    files = sorted((tmp_path / "out").glob("督办通知单-*.docx"))
    assert files and all(f.name.endswith(".docx") for f in files)
    assert docx.Document(str(files[0])).tables[0].rows[0].cells[2].text == "任务"


def test_chase_list_downloads_the_notices(client, login, clock):
    clock.freeze(date(2022, 5, 10))
    basic_world()
    login("office")
    assert "notices-docx" in client.get("/supervision/chase").get_data(as_text=True)
    resp = client.post("/supervision/notices.docx")
    assert resp.status_code == 200 and resp.mimetype.endswith("wordprocessingml.document")
    assert docx.Document(io.BytesIO(resp.data)).tables


def test_nothing_lagging_redirects_with_a_message(client, login, clock):
    clock.freeze(date(2021, 10, 1))
    basic_world()
    login("office")
    resp = client.post("/supervision/notices.docx")
    assert resp.status_code == 302
