"""The import screen: upload → preview → map an unresolved text → confirm; limits; access."""
import io
import json
import os
import re
import time
from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy import func, select

from tests.factories import make_unit, make_user
from tests.imports.conftest import xlsx
from tracker.extensions import db
from tracker.imports.parser import read_list, sheet_to_json
from tracker.tasks.models import Task
from tracker.units.services import find_unit

HEADER = ["类别", "创建任务", "责任单位", "完成时限"]
ROWS = [HEADER, ["领导重视", "建立组织体系", "区政府办、区卫健局", "2022年6月底前"],
        ["领导重视", "文旅融合托育", "区文旅局", "长期坚持"]]


def _upload(client, campaign, data, name="list.xlsx"):
    return client.post("/imports", data={"campaign_id": campaign.id, "file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def _count():
    return db.session.scalar(select(func.count(Task.id)))


def test_upload_preview_map_confirm(hanbin_campaign, login):
    make_user("office", "office")
    target = make_unit("区文化和旅游局")
    db.session.commit()
    client = login("office")
    resp = _upload(client, hanbin_campaign, xlsx(ROWS))
    assert resp.status_code == 302
    preview_url = resp.headers["Location"]
    html = client.get(preview_url).get_data(as_text=True)
    assert "chip chip-lead" in html and "区政府办 · 牵头" in html and "chip chip-bad" in html
    assert "2022-06-30" in html and 'disabled' in html
    # confirm now is refused: nothing written
    client.post(preview_url + "/confirm")
    assert _count() == 0
    client.post(preview_url + "/map", data={"text": "区文旅局", "unit_id_0": str(target.id)})
    assert [a.alias for a in find_unit("区文化和旅游局").aliases] == ["区文旅局"]
    html = client.get(preview_url).get_data(as_text=True)
    assert "chip-bad" not in html
    resp = client.post(preview_url + "/confirm")
    assert resp.status_code == 302 and _count() == 2
    gone = client.get(preview_url)  # the staged file is gone: the back button says so
    assert gone.status_code == 404 and "这份清单预览已结束" in gone.get_data(as_text=True)


def _staged_file(app, url) -> Path:
    return next(Path(app.instance_path, "imports").glob(f"*{url.rsplit('/', 1)[1]}.json"))


def test_confirm_imports_what_the_server_staged_not_what_the_form_says(hanbin_campaign, login, app):
    make_user("office", "office")
    db.session.commit()
    client = login("office")
    url = _upload(client, hanbin_campaign, xlsx(ROWS[:2])).headers["Location"]
    other = read_list(xlsx([HEADER, ["甲", "另一项", "区卫健局", None]]))
    _staged_file(app, url).write_text(json.dumps(sheet_to_json(other), ensure_ascii=False))
    client.post(url + "/confirm", data={"tasks": "ignored"})
    assert db.session.scalar(select(Task.title)) == "另一项"


def test_the_upload_is_parsed_once_not_on_every_preview(hanbin_campaign, login, monkeypatch):
    make_user("office", "office")
    db.session.commit()
    client = login("office")
    url = _upload(client, hanbin_campaign, xlsx(ROWS[:2])).headers["Location"]
    parses = []
    monkeypatch.setattr("tracker.imports.routes.read_list", lambda *a, **k: parses.append(a))
    assert client.get(url).status_code == 200 and client.get(url).status_code == 200
    client.post(url + "/confirm")
    assert parses == [] and _count() == 1


def test_staged_list_expires(hanbin_campaign, login, app):
    make_user("office", "office")
    db.session.commit()
    client = login("office")
    url = _upload(client, hanbin_campaign, xlsx(ROWS[:2])).headers["Location"]
    staged = _staged_file(app, url)
    assert staged.stat().st_mode & 0o777 == 0o600
    old = time.time() - app.config["IMPORT_STAGE_HOURS"] * 3600 - 60
    os.utime(staged, (old, old))
    assert client.get(url).status_code == 404
    assert client.post(url + "/confirm").status_code == 404 and _count() == 0


def test_an_upload_removes_expired_staged_lists(hanbin_campaign, login, app):
    make_user("office", "office")
    db.session.commit()
    client = login("office")
    first = _staged_file(app, _upload(client, hanbin_campaign, xlsx(ROWS[:2])).headers["Location"])
    old = time.time() - app.config["IMPORT_STAGE_HOURS"] * 3600 - 60
    os.utime(first, (old, old))
    _upload(client, hanbin_campaign, xlsx(ROWS[:2]))
    assert not first.exists()


def test_unreadable_upload_is_refused_with_a_reason(hanbin_campaign, login):
    make_user("office", "office")
    db.session.commit()
    client = login("office")
    resp = _upload(client, hanbin_campaign, b"plain text", name="list.xls")
    assert resp.status_code == 200 and "不是 .xlsx" in resp.get_data(as_text=True)


def test_upload_size_cap(hanbin_campaign, login, app):
    make_user("office", "office")
    db.session.commit()
    app.config["IMPORT_MAX_MB"] = 0
    try:
        resp = _upload(login("office"), hanbin_campaign, xlsx(ROWS))
    finally:
        app.config["IMPORT_MAX_MB"] = 10
    assert "MB" in resp.get_data(as_text=True)


def test_staged_file_belongs_to_its_uploader(hanbin_campaign, login):
    make_user("office", "office")
    make_user("office2", "office")
    db.session.commit()
    url = _upload(login("office"), hanbin_campaign, xlsx(ROWS)).headers["Location"]
    client = login("office2")
    assert client.get(url).status_code == 404
    assert client.post(url + "/confirm").status_code == 404
    assert client.get(re.sub(r"/[0-9a-f]{32}$", "/../../secret", url)).status_code == 404


def test_import_screen_is_office_only(hanbin_campaign, login):
    unit = find_unit("区卫健局")
    make_user("wj", "unit", unit)
    make_user("leader", "leader")
    db.session.commit()
    assert login("wj").get("/imports").status_code == 403
    assert login("leader").get("/imports/template.xlsx").status_code == 403


def test_list_template_has_the_expected_header_and_imports_clean(hanbin_campaign, login, runner, tmp_path):
    make_user("office", "office")
    make_unit("区税务局")
    db.session.commit()
    resp = login("office").get("/imports/template.xlsx")
    ws = load_workbook(io.BytesIO(resp.data)).active
    assert ws["C2"].value == "创建任务" and ws["D2"].value.startswith("责任单位")
    path = tmp_path / "t.xlsx"
    path.write_bytes(resp.data)
    result = runner.invoke(args=["tasks", "import", "hb", str(path)])
    assert result.exit_code == 0, result.output + result.stderr


def test_preview_query_count_does_not_grow_with_rows(hanbin_campaign, login, count_queries):
    make_user("office", "office")
    db.session.commit()
    client = login("office")
    small = _upload(client, hanbin_campaign, xlsx([HEADER] + [["甲", f"任务{i}", "区卫健局", None] for i in range(3)]))
    big = _upload(client, hanbin_campaign, xlsx([HEADER] + [["甲", f"任务{i}", "区卫健局、各镇办", None] for i in range(60)]))
    with count_queries() as few:
        client.get(small.headers["Location"])
    with count_queries() as many:
        client.get(big.headers["Location"])
    assert many.count == few.count


def test_reimporting_an_unchanged_list_says_there_is_nothing_to_import(hanbin_campaign, login):
    make_user("office", "office")
    make_unit("区文旅局")
    db.session.commit()
    client = login("office")
    client.post(_upload(client, hanbin_campaign, xlsx(ROWS)).headers["Location"] + "/confirm")
    assert _count() == 2
    preview_url = _upload(client, hanbin_campaign, xlsx(ROWS)).headers["Location"]
    html = client.get(preview_url).get_data(as_text=True)
    assert 'data-testid="unchanged"' in html and "2 项均不变" in html and "确认导入" not in html
    changed = [*ROWS[:2], ["领导重视", "文旅融合托育", "区文旅局", "2022年12月底前"]]
    html = client.get(_upload(client, hanbin_campaign, xlsx(changed)).headers["Location"]).get_data(as_text=True)
    assert 'data-testid="unchanged"' not in html and "确认导入" in html


def test_a_list_without_a_deadline_column_is_imported_with_a_warning(hanbin_campaign, login):
    make_user("office", "office")
    db.session.commit()
    client = login("office")
    rows = [["类别", "创建任务", "责任单位"], ["领导重视", "建立组织体系", "区政府办、区卫健局"]]
    html = client.get(_upload(client, hanbin_campaign, xlsx(rows)).headers["Location"]).get_data(as_text=True)
    assert 'data-testid="no-deadline-column"' in html and "确认导入" in html
    html = client.get(_upload(client, hanbin_campaign, xlsx(ROWS)).headers["Location"]).get_data(as_text=True)
    assert 'data-testid="no-deadline-column"' not in html
