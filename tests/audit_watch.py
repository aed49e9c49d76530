"""Every state-changing request writes an audit event: watched over the whole suite, not route by route.

While a test's app runs, each request records which tables its flushes changed. A POST (PUT, PATCH, DELETE) that
succeeds (status below 400), changed a table of the app's records and added no `audit_events` row is a finding; the
test that made the request then fails at teardown, naming the route and the tables.
"""
import threading
from contextlib import contextmanager

from flask import request, request_finished, request_started
from sqlalchemy import event
from sqlalchemy.orm import Session

# a user's own session state, not a change to the records: signing in and out (last login, session token),
# marking messages read, the campaign the top bar remembers
SESSION_STATE = {"auth.login", "auth.logout", "notifications.read", "notifications.read_all",
                 "web.switch_campaign"}

_state = threading.local()


def _changed_tables(session, flush_context, instances) -> None:
    seen = getattr(_state, "tables", None)
    if seen is None:
        return
    for obj in (*session.new, *session.dirty, *session.deleted):
        table = getattr(obj, "__tablename__", None)
        if table and (obj not in session.dirty or session.is_modified(obj)):
            seen.add(table)


@contextmanager
def audit_watch(app):
    findings: list[str] = []

    def started(sender, **extra):
        _state.tables = set()

    def finished(sender, response, **extra):
        tables, _state.tables = getattr(_state, "tables", None) or set(), None
        if (request.method in ("GET", "HEAD", "OPTIONS") or response.status_code >= 400
                or request.endpoint in SESSION_STATE):
            return
        records = tables - {"audit_events"}
        if records and "audit_events" not in tables:
            findings.append(f"{request.method} {request.url_rule.rule if request.url_rule else request.path} "
                            f"changed {sorted(records)} without an audit event")

    if not event.contains(Session, "before_flush", _changed_tables):
        event.listen(Session, "before_flush", _changed_tables)  # stays: it only looks while a request runs
    request_started.connect(started, app)
    request_finished.connect(finished, app)
    try:
        yield findings
    finally:
        request_finished.disconnect(finished, app)
        request_started.disconnect(started, app)
        _state.tables = None
