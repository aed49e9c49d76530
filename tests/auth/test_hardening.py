"""Authentication against an attacker: cookies, logout that revokes, answers that do not tell usernames apart,
per-address throttling, the password policy and the last admin."""
from datetime import timedelta

import pytest

from tests.factories import PASSWORD, make_user
from tracker import create_app
from tracker.auth import services, throttle
from tracker.auth.models import User
from tracker.auth.passwords import password_problem
from tracker.auth.services import AccountError, authenticate, update_user
from tracker.extensions import db
from tracker.timeutil import utcnow


@pytest.fixture
def office(app):
    user = make_user("office", "office")
    db.session.commit()
    return user


def test_remember_cookie_is_secure_when_sessions_are(monkeypatch, tmp_path):
    monkeypatch.setenv("SESSION_COOKIE_SECURE", "1")
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path))
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["REMEMBER_COOKIE_SECURE"] is True and app.config["SESSION_COOKIE_SECURE"] is True


def test_a_session_copied_before_logout_no_longer_works_after_it(app, office):
    browser = app.test_client()
    browser.post("/login", data={"username": "office", "password": PASSWORD, "remember": "y"})
    stolen = browser.get_cookie("session").value
    assert browser.get("/").status_code == 200
    browser.post("/logout")
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    assert thief.get("/").status_code == 302  # to the login page


def test_unknown_usernames_lock_with_the_same_message_as_real_ones(app, office):
    answers = {}
    for name in ("office", "nosuchuser"):
        answers[name] = [authenticate(name, "wrong-password").error for _ in range(6)]
        db.session.commit()
    assert answers["office"] == answers["nosuchuser"]
    assert "锁定" in answers["office"][4] and "锁定" in answers["office"][5]


def test_unknown_usernames_cost_a_password_hash_too(app, office, monkeypatch):
    """The same work for every answer (timing measured on a loaded machine is noise; the hash is counted)."""
    hashed = []
    real = services.check_password_hash
    monkeypatch.setattr(services, "check_password_hash", lambda h, p: hashed.append(p) or real(h, p))
    authenticate("nosuchuser", "wrong-password")
    assert hashed == ["wrong-password"]


@pytest.fixture
def few_tries(monkeypatch):
    """The per-address limit lowered from 30 so the tests stay quick (the rule is the same)."""
    monkeypatch.setattr(throttle, "MAX_FAILED_PER_ADDRESS", 8)
    return 8


def test_one_address_cannot_go_on_guessing_across_accounts(app, office, few_tries):
    for i in range(few_tries):
        authenticate(f"user{i % 4}", "wrong-password", address="203.0.113.9")
    db.session.commit()
    refused = authenticate("office", PASSWORD, address="203.0.113.9")
    assert refused.user is None and "此地址" in refused.error
    assert authenticate("office", PASSWORD, address="198.51.100.1").user is not None  # others still sign in
    later = utcnow() + timedelta(minutes=16)
    assert authenticate("office", PASSWORD, now=later, address="203.0.113.9").user is not None


def test_the_login_page_counts_the_client_address(app, office, client, few_tries):
    for _ in range(few_tries):
        client.post("/login", data={"username": "someone", "password": "wrong-password"})
    resp = client.post("/login", data={"username": "office", "password": PASSWORD})
    assert resp.status_code == 401 and "此地址登录失败次数过多" in resp.get_data(as_text=True)


@pytest.mark.parametrize("password,username,fragment", [
    ("12345678", "", "至少 10 位"), ("demo12345", "", "至少 10 位"), ("1234567890", "", "常见"),
    ("Password123", "", "常见"), ("qwertyuiop", "", "常见"), ("aaaaaaaaaaaa", "", "简单"),
    ("1212121212", "", "简单"), ("zhangsan2022", "zhangsan", "用户名"), ("zhangsan", "zhangsan", "至少"),
    ("woaini1314520", "", "常见"),
])
def test_password_policy_refuses(password, username, fragment):
    assert fragment in password_problem(password, username)


def test_password_policy_accepts_a_decent_one():
    assert password_problem("汉滨创建-台账-2022", "office") is None
    assert password_problem("river-ledger-blue", "qwjj") is None


def test_the_change_form_says_why_a_password_is_refused(app, office, login):
    client = login("office")
    resp = client.post("/account/password", data={"current": PASSWORD, "new": "1234567890",
                                                   "confirm": "1234567890"})
    assert "过于常见" in resp.get_data(as_text=True)
    assert db.session.get(User, office.id).check_password(PASSWORD)


def test_the_last_admin_cannot_demote_or_deactivate_itself(app, login):
    admin = make_user("admin", "admin")
    db.session.commit()
    with pytest.raises(AccountError, match="最后一个系统管理员"):
        update_user(admin, role="office", unit=None, display_name="admin", actor=admin)
    db.session.rollback()
    client = login("admin")
    resp = client.post(f"/admin/users/{admin.id}", data={"username": "admin", "role": "office", "unit_id": 0,
                                                        "display_name": "admin"}, follow_redirects=True)
    assert "最后一个系统管理员" in resp.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, admin.id).role == "admin"
    second = make_user("admin2", "admin")
    db.session.commit()
    update_user(admin, role="office", unit=None, display_name="admin", actor=admin)  # another admin remains
    assert admin.role == "office" and second.role == "admin"
