from datetime import timedelta

import pytest

from tests.factories import PASSWORD, make_unit, make_user
from tracker.auth.models import User
from tracker.auth.services import authenticate
from tracker.extensions import db
from tracker.timeutil import utcnow


@pytest.fixture
def office(app):
    user = make_user("Office", "office")
    db.session.commit()
    return user


def test_login_is_case_insensitive_and_lands_on_overview(client, office):
    resp = client.post("/login", data={"username": "OFFICE", "password": PASSWORD})
    assert resp.status_code == 302
    assert client.get("/").status_code == 200


def test_wrong_password_shows_generic_chinese_error_and_counts(client, office):
    resp = client.post("/login", data={"username": "office", "password": "nope-nope"})
    assert resp.status_code == 401
    assert "用户名或密码错误" in resp.get_data(as_text=True)
    assert db.session.get(User, office.id).failed_logins == 1


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(client, office):
    for _ in range(5):
        client.post("/login", data={"username": "office", "password": "wrong-pass"})
    resp = client.post("/login", data={"username": "office", "password": PASSWORD})
    assert resp.status_code == 401
    assert "锁定" in resp.get_data(as_text=True)
    assert db.session.get(User, office.id).locked_until > utcnow()


def test_lock_expires_after_fifteen_minutes(app, office):
    for _ in range(5):
        authenticate("office", "wrong-pass")
    later = utcnow() + timedelta(minutes=16)
    assert authenticate("office", PASSWORD, now=later).user is not None


def test_inactive_user_cannot_log_in(client, office):
    office.active = False
    db.session.commit()
    resp = client.post("/login", data={"username": "office", "password": PASSWORD})
    assert resp.status_code == 401


def test_pages_require_login(client):
    resp = client.get("/")
    assert resp.status_code == 302 and "/login" in resp.headers["Location"]


@pytest.mark.parametrize("target,expected", [
    ("/admin/users", "/admin/users"), ("https://evil.example/", "/"), ("//evil.example/x", "/"),
    ("/\\evil.example", "/"),
])
def test_next_redirect_only_follows_local_paths(client, office, target, expected):
    resp = client.post(f"/login?next={target}", data={"username": "office", "password": PASSWORD})
    assert resp.headers["Location"] == expected


def test_logout_is_a_post_and_ends_the_session(client, office, login):
    login("office")
    assert client.get("/logout").status_code == 405
    client.post("/logout")
    assert client.get("/").status_code == 302


def test_unit_user_lands_on_own_assignments(client, app, login):
    unit = make_unit("区卫健局")
    make_user("wj", "unit", unit)
    db.session.commit()
    login("wj")
    resp = client.get("/")
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/my")


def test_password_change_ends_other_sessions(app, office, login):
    other = app.test_client()
    other.post("/login", data={"username": "office", "password": PASSWORD})
    client = login("office")
    resp = client.post("/account/password", data={"current": PASSWORD, "new": "brand-new-pass",
                                                   "confirm": "brand-new-pass"})
    assert resp.status_code == 302
    assert client.get("/").status_code == 200  # this browser stays signed in
    assert other.get("/").status_code == 302  # the old session is gone


def test_password_change_refuses_wrong_current(client, office, login):
    login("office")
    resp = client.post("/account/password", data={"current": "bad-bad-bad", "new": "brand-new-pass",
                                                   "confirm": "brand-new-pass"})
    assert "当前密码不正确" in resp.get_data(as_text=True)


def test_csrf_is_enforced_on_forms(app, office):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        resp = app.test_client().post("/login", data={"username": "office", "password": PASSWORD})
        assert resp.status_code == 400
        assert "刷新页面" in resp.get_data(as_text=True)
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
