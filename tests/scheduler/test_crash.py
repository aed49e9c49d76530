"""A sweep that crashes half-way leaves nothing behind, and the next run does the whole day's work once."""
from datetime import date, datetime

from sqlalchemy import func, select

from tracker.extensions import db
from tracker.notifications.models import Channel, Notification, OutboxMessage
from tracker.scheduler import services
from tracker.scheduler.jobs import run_sweep_job
from tracker.scheduler.models import Flag, JobRun


def _counts():
    db.session.rollback()
    return tuple(db.session.scalar(select(func.count(m.id))) for m in (Flag, Notification, OutboxMessage))


def test_a_crash_after_flags_and_digests_were_written_loses_nothing_and_duplicates_nothing(app, sched, clock,
                                                                                        monkeypatch):
    for i in range(5):
        sched.task(f"任务{i}", deadline=date(2022, 5, 1 + i), units=[sched.wj, sched.fg])
    db.session.add(Channel(unit_id=sched.wj.id, kind="wecom", target="key-wj"))
    db.session.commit()
    clock.run_from(datetime(2022, 5, 20, 9, 30))

    def crash(*args, **kwargs):  # runs after the campaign's flags, lights and digests are flushed
        raise RuntimeError("断电")

    monkeypatch.setattr(services, "flag_behind_indicators", crash)
    run_sweep_job(app)
    assert _counts() == (0, 0, 0)
    assert db.session.scalar(select(JobRun.status)) == "error"

    monkeypatch.undo()
    run_sweep_job(app)  # the catch-up retakes the failed day
    after = _counts()
    assert all(after)  # flags, bell messages and channel messages, written once by the one good run
    assert db.session.scalar(select(JobRun.status)) == "ok"
    run_sweep_job(app)
    assert _counts() == after
