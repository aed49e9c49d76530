import pytest

from tests.factories import PASSWORD, make_unit, make_user
from tracker.audit.models import AuditEvent
from tracker.auth.models import User
from tracker.auth.services import AccountError, create_user, find_user
from tracker.extensions import db


@pytest.fixture
def unit_and_admins(app):
    unit = make_unit("区卫健局")
    make_user("admin", "admin")
    make_user("office", "office")
    db.session.commit()
    return unit


def test_admin_creates_a_unit_user_who_must_change_password(client, unit_and_admins, login):
    login("admin")
    resp = client.post("/admin/users", data={"username": "newbie", "display_name": "新人", "role": "unit",
                                             "unit_id": unit_and_admins.id, "password": "initial-pass"})
    assert resp.status_code == 302
    user = find_user("newbie")
    assert user.unit_id == unit_and_admins.id and user.must_change_password
    resp = login("newbie", "initial-pass").get("/")
    assert resp.status_code == 302
    resp = client.post("/login", data={"username": "newbie", "password": "initial-pass"})


def test_first_login_after_reset_goes_to_password_page(client, unit_and_admins, login):
    login("admin")
    target = find_user("office")
    client.post(f"/admin/users/{target.id}/reset", data={"password": "reset-pass-1"})
    client.post("/logout")
    resp = client.post("/login", data={"username": "office", "password": "reset-pass-1"})
    assert resp.headers["Location"].endswith("/account/password")


def test_deactivation_ends_sessions(app, unit_and_admins, login):
    office_client = app.test_client()
    office_client.post("/login", data={"username": "office", "password": PASSWORD})
    client = login("admin")
    target = find_user("office")
    client.post(f"/admin/users/{target.id}/active", data={"active": "0"})
    assert office_client.get("/").status_code == 302
    assert db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "user.deactivate"))


@pytest.mark.parametrize("username", ["office"])
def test_non_admins_get_403_on_user_admin(client, unit_and_admins, login, username):
    login(username)
    assert client.get("/admin/users").status_code == 403
    assert "没有权限" in client.get("/admin/users").get_data(as_text=True)


def test_duplicate_and_unknown_unit_refused(app, unit_and_admins):
    with pytest.raises(AccountError, match="已存在"):
        create_user("OFFICE", "office", PASSWORD)
    with pytest.raises(AccountError, match="找不到责任单位：不存在局"):
        create_user("x1", "unit", PASSWORD, unit_name="不存在局")
    with pytest.raises(AccountError, match="请选择联络员所属的责任单位"):
        create_user("x2", "unit", PASSWORD, unit_name=" ")


def test_unit_role_requires_unit_in_database(app, unit_and_admins):
    user = User(username="broken", display_name="b", role="unit", password_hash="x", unit_id=None)
    db.session.add(user)
    with pytest.raises(Exception):  # noqa: B017 — the CHECK constraint fires, whatever the driver's class
        db.session.flush()
    db.session.rollback()


def test_admin_user_list_searches(client, unit_and_admins, login):
    login("admin")
    body = client.get("/admin/users?q=offi").get_data(as_text=True)
    rows = body.split("<tbody>")[1].split("</tbody>")[0]
    assert "<td>office</td>" in rows and "<td>admin</td>" not in rows


def test_a_reset_password_must_be_changed_before_anything_else(client, unit_and_admins, login):
    login("admin")
    target = find_user("office")
    client.post(f"/admin/users/{target.id}/reset", data={"password": "reset-pass-1"})
    client.post("/logout")
    client.post("/login", data={"username": "office", "password": "reset-pass-1"})
    for url in ("/", "/notifications", "/units/template.xlsx"):
        resp = client.get(url)
        assert resp.status_code == 302 and resp.headers["Location"].endswith("/account/password"), url
    assert client.get("/account/password").status_code == 200
    client.post("/account/password", data={"current": "reset-pass-1", "new": "fresh-pass-2", "confirm": "fresh-pass-2"})
    assert client.get("/notifications").status_code == 200
