"""Fixtures in the style of flaskr: app, client, runner; a clean database for every test."""
import contextlib
import os

import pytest
from flask.testing import FlaskClient
from hypothesis import settings
from sqlalchemy import event

from tests.audit_watch import audit_watch
from tests.dbs import create_test_database, drop_test_database
from tests.factories import World, basic_world
from tracker import clock as app_clock
from tracker import create_app
from tracker.config import engine_options
from tracker.extensions import db

pytest_plugins = ["tests.security_tally"]  # the `security` fixture and the suite's last line

# property tests assert behaviour, not speed: no per-example deadline on a shared, noisy machine
settings.register_profile("tracker", deadline=None)
settings.load_profile("tracker")


class IsolatedClient(FlaskClient):
    """Each request runs in its own app context, as in production: its own `g` and database session.

    The test's own session is expired afterwards so that it reads what the request committed.
    """

    def open(self, *args, **kwargs):
        db.session.commit()  # what the test set up is visible to the request's own connection
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        db.session.expire_all()
        return response


@pytest.fixture(scope="session")
def _session_app(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("app")
    url = create_test_database(str(tmp))
    os.environ.setdefault("SECRET_KEY", "test-secret")
    app = create_app({
        "TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "WTF_CSRF_ENABLED": False,
        "SQLALCHEMY_ENGINE_OPTIONS": engine_options(url),
        "SERVER_NAME": None, "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
    })
    app.instance_path = str(tmp)
    app.test_client_class = IsolatedClient
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    drop_test_database(url)


def _wipe() -> None:
    db.session.rollback()
    with db.engine.begin() as conn:
        for table in reversed(db.metadata.sorted_tables):
            conn.execute(table.delete())


@pytest.fixture
def app(_session_app, tmp_path):
    _session_app.config.update(UPLOAD_FOLDER=str(tmp_path / "uploads"), EXPORT_FOLDER=str(tmp_path / "exports"),
                               WTF_CSRF_ENABLED=False)
    with _session_app.app_context(), audit_watch(_session_app) as findings:
        yield _session_app
        db.session.remove()
        _wipe()
    assert not findings, findings  # every state-changing request writes an audit event (tests/audit_watch.py)


@pytest.fixture(autouse=True)
def clock():
    """The one clock, frozen per test with `clock.freeze(date(...))`; real again after the test."""
    yield app_clock
    app_clock.reset()


@pytest.fixture
def world(app) -> World:
    """The basic world (tests/factories.py), committed: three units, their liaisons, office, leader, two tasks."""
    return basic_world()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


class QueryCounter:
    def __init__(self):
        self.statements: list[str] = []

    @property
    def count(self) -> int:
        return len(self.statements)

    def __call__(self, conn, cursor, statement, *args):
        if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK")):
            self.statements.append(statement)


@pytest.fixture
def count_queries(app):
    """`with count_queries() as q: ...; q.count` — SQL statements sent while inside."""

    @contextlib.contextmanager
    def counting():
        counter = QueryCounter()
        event.listen(db.engine, "before_cursor_execute", counter)
        try:
            yield counter
        finally:
            event.remove(db.engine, "before_cursor_execute", counter)

    return counting


@pytest.fixture
def login(client):
    def do(username: str, password: str = "ledger-pass-2022"):
        client.post("/logout")
        resp = client.post("/login", data={"username": username, "password": password})
        assert resp.status_code == 302, resp.get_data(as_text=True)[:500]
        return client

    return do


def pytest_sessionfinish(session, exitstatus):
    """In CI a skipped test is a failure: something the suite needs is missing."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if os.environ.get("CI") and skipped and exitstatus == 0:
        reporter.write_line(f"FAILED: {len(skipped)} test(s) skipped in CI", red=True)
        session.exitstatus = 1
