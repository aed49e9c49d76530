"""Error answers: a 500 rolls the session back before its page is drawn; a 413 to a script is JSON; a 409
page from anywhere gives back what was typed."""
import io
import stat

import pytest
from flask_login import login_user
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import InternalServerError

from tests.factories import make_unit, make_user
from tracker import create_app
from tracker.extensions import db
from tracker.units.models import Unit
from tracker.web.errors import server_error


def test_a_500_rolls_back_so_the_error_page_still_draws(app):
    user = make_user("office", "office")
    db.session.commit()
    with app.test_request_context("/units", method="POST"):
        login_user(user)
        db.session.expire_all()  # the page will reload the user from the database
        db.session.add(Unit(name=None))  # NOT NULL: the flush fails and the session needs a rollback
        with pytest.raises(IntegrityError):
            db.session.flush()
        body, status = server_error(InternalServerError())
    assert status == 500 and "系统出错了" in body and "office" in body  # the user was loaded after the rollback


def test_a_409_page_gives_back_the_typed_text(app):
    make_user("office", "office")
    db.session.commit()
    data = {"csrf_token": "x", "version": "3", "note": "我写了很长的说明"}
    with app.test_request_context("/units", method="POST", data=data):
        response = app.handle_user_exception(StaleDataError("simulated"))
    body, status = response
    assert status == 409 and "我写了很长的说明" in body and 'data-typed="note"' in body
    assert 'data-typed="version"' not in body and 'data-typed="csrf_token"' not in body


def test_a_413_to_an_upload_script_is_json(app, login, monkeypatch):
    unit = make_unit("区卫健局")
    make_user("wj", "unit", unit)
    db.session.commit()
    client = login("wj")
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 1024)  # the app is shared: put it back afterwards
    resp = client.post("/assignments/1/evidence", data={"files": (io.BytesIO(b"x" * 4096), "big.pdf")},
                       headers={"X-Requested-With": "XMLHttpRequest"}, content_type="multipart/form-data")
    assert resp.status_code == 413 and resp.is_json
    assert resp.json == {"ok": False, "status": 413, "message": "上传的文件超过了允许的大小。"}
    page = client.post("/assignments/1/evidence", data={"files": (io.BytesIO(b"x" * 4096), "big.pdf")},
                       content_type="multipart/form-data")
    assert page.status_code == 413 and not page.is_json and "文件过大" in page.get_data(as_text=True)


def test_instance_files_are_private(monkeypatch, tmp_path):
    instance = tmp_path / "instance"
    monkeypatch.setenv("INSTANCE_PATH", str(instance))
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("UPLOAD_FOLDER", raising=False)
    monkeypatch.delenv("EXPORT_FOLDER", raising=False)
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{instance / 'tracker.db'}"})
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    (instance / "uploads" / "a.pdf").write_bytes(b"%PDF")
    mode = lambda p: stat.S_IMODE(p.stat().st_mode)  # noqa: E731
    assert mode(instance) == mode(instance / "uploads") == mode(instance / "exports") == 0o700
    assert mode(instance / "tracker.db") == mode(instance / "secret_key") == mode(instance / "uploads" / "a.pdf") == 0o600
