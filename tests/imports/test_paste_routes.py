"""The import screen takes a .docx upload, a pasted TSV and a pasted clipboard HTML table into the same preview."""
import io

from sqlalchemy import func, select

from tests.documents.builders import LIST_ROWS, docx_bytes, html, tsv
from tests.factories import make_user
from tracker.extensions import db
from tracker.tasks.models import Task


def _office(login):
    make_user("office", "office")
    db.session.commit()
    return login("office")


def _confirm(client, resp) -> int:
    assert resp.status_code == 302, resp.get_data(as_text=True)
    preview = client.get(resp.headers["Location"]).get_data(as_text=True)
    assert "建立组织体系" in preview
    client.post(resp.headers["Location"] + "/confirm")
    return db.session.scalar(select(func.count(Task.id)))


def test_upload_docx_previews_and_imports(hanbin_campaign, login):
    client = _office(login)
    data = {"campaign_id": hanbin_campaign.id, "file": (io.BytesIO(docx_bytes(LIST_ROWS, vmerge=[(0, 1, 2)])),
                                                        "附件.docx")}
    resp = client.post("/imports", data=data, content_type="multipart/form-data")
    assert _confirm(client, resp) == 3


def test_pasted_tsv_previews_and_imports(hanbin_campaign, login):
    client = _office(login)
    resp = client.post("/imports", data={"campaign_id": hanbin_campaign.id, "pasted": tsv(LIST_ROWS)})
    assert _confirm(client, resp) == 3


def test_pasted_clipboard_html_previews_and_imports(hanbin_campaign, login):
    client = _office(login)
    resp = client.post("/imports", data={"campaign_id": hanbin_campaign.id,
                                         "pasted": html(LIST_ROWS, rowspans=[(0, 1, 2)])})
    assert _confirm(client, resp) == 3


def test_neither_file_nor_paste_is_refused(hanbin_campaign, login):
    resp = _office(login).post("/imports", data={"campaign_id": hanbin_campaign.id, "pasted": "  "})
    assert resp.status_code == 200 and "粘贴一张表格" in resp.get_data(as_text=True)


def test_pasted_text_without_a_table_is_refused(hanbin_campaign, login):
    resp = _office(login).post("/imports", data={"campaign_id": hanbin_campaign.id, "pasted": "随便一段文字"})
    assert resp.status_code == 200 and "不是 .xlsx、.xls 或 .docx" in resp.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Task.id))) == 0


def test_import_screen_accepts_word_and_old_excel(hanbin_campaign, login):
    page = _office(login).get("/imports").get_data(as_text=True)
    assert ".xls," in page and ".docx" in page and "data-paste-target" in page


def test_preview_counts_updated_tasks(hanbin_campaign, login):
    client = _office(login)
    first = client.post("/imports", data={"campaign_id": hanbin_campaign.id, "pasted": tsv(LIST_ROWS)})
    client.post(first.headers["Location"] + "/confirm")
    changed = [*LIST_ROWS[:3], [*LIST_ROWS[3][:3], "2022年9月底前"]]
    again = client.post("/imports", data={"campaign_id": hanbin_campaign.id, "pasted": tsv(changed)})
    page = client.get(again.headers["Location"]).get_data(as_text=True)
    assert "更新 1 项" in page and "built-in" not in page


def test_a_new_campaign_is_the_one_the_import_form_picks_and_the_task_list_shows(hanbin_campaign, login):
    from tests.factories import make_task

    make_task(hanbin_campaign, "旧活动的任务", [])  # the live campaign, with its own list
    client = _office(login)
    client.get("/")  # the office lands on the live campaign
    resp = client.post("/campaigns/new", data={
        "name": "第二轮创建", "slug": "round2", "lead_days": 14,
        "mobilization-starts_on": "2023-01-01", "mobilization-ends_on": "2023-02-01",
        "implementation-starts_on": "2023-02-02", "implementation-ends_on": "2023-05-31",
        "self_assessment-starts_on": "2023-06-01", "self_assessment-ends_on": "2023-08-20",
        "acceptance-starts_on": "2023-08-21"})
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/imports")
    from tracker.campaigns.services import get_campaign
    new = get_campaign("round2")
    form = client.get("/imports").get_data(as_text=True)
    assert f'<option selected value="{new.id}">' in form or f'value="{new.id}" selected' in form
    resp = client.post("/imports", data={"campaign_id": new.id, "file": (io.BytesIO(docx_bytes(LIST_ROWS)), "附件.docx")},
                       content_type="multipart/form-data")
    client.post(resp.headers["Location"] + "/confirm")
    tasks = client.get("/tasks", follow_redirects=True).get_data(as_text=True)
    assert "建立组织体系" in tasks and "旧活动的任务" not in tasks
