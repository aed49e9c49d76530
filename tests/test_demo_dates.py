"""`make run` pins the demo's pages to a day of 2022 (TRACKER_TODAY): `tracker demo` then dates the history it
loads on that day, so no note, event or message of the demo lies years after the day its pages show."""
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from tracker.assignments.models import ProgressUpdate
from tracker.audit.models import AuditEvent
from tracker.extensions import db
from tracker.items.models import SupervisionItem
from tracker.notifications.models import Notification
from tracker.timeutil import to_local, utcnow

STAMPED = (ProgressUpdate, AuditEvent, Notification, SupervisionItem)


def _span(model):
    return db.session.execute(select(func.min(model.created_at), func.max(model.created_at))).one()


def test_the_demo_history_is_dated_on_the_pinned_day(runner, app, monkeypatch):
    monkeypatch.setenv("TRACKER_TODAY", "2022-05-25")
    assert runner.invoke(args=["demo", "--quiet"]).exit_code == 0
    for model in STAMPED:
        first, last = _span(model)
        assert first is not None, model.__name__
        # what the demo stamps "now" starts at 09:00 of the pinned day; its older history is dated earlier on purpose
        assert to_local(last).date().isoformat() == "2022-05-25", model.__name__
    # the shift ends with the command: what is stored afterwards is real time
    assert abs(utcnow() - datetime.now(UTC).replace(tzinfo=None)) < timedelta(seconds=5)


def test_without_a_pinned_day_the_demo_is_dated_now(runner, app, monkeypatch):
    monkeypatch.delenv("TRACKER_TODAY", raising=False)
    assert runner.invoke(args=["demo", "--quiet"]).exit_code == 0
    _first, last = _span(ProgressUpdate)
    assert abs(last - datetime.now(UTC).replace(tzinfo=None)) < timedelta(minutes=5)
