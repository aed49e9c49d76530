"""Two sweeps at once, each on its own connection: exactly one set of flags, digests and outbox messages."""
import threading
from datetime import date

from sqlalchemy import func, select

from tests.threads import run_at_once
from tracker.extensions import db
from tracker.notifications.models import Channel, Notification, OutboxMessage
from tracker.scheduler import sweep
from tracker.scheduler.models import Flag, JobRun
from tracker.scheduler.services import run_daily_sweep, scan


def _world_with_work(sched):
    for i in range(20):
        sched.task(f"任务{i:02d}", deadline=date(2022, 5, 1 + i), units=[sched.wj, sched.fg])
    db.session.add(Channel(unit_id=sched.wj.id, kind="wecom", target="key-wj"))
    db.session.commit()


def _run_in_threads(app, work, monkeypatch):
    """Both threads start the sweep at the same moment; the campaign lock (a row lock, or SQLite's write lock)
    makes them take turns, and the unique keys must hold whichever goes first."""
    barrier = threading.Barrier(2, timeout=30)
    real_lock = sweep.lock_campaign

    def wait_then_lock(campaign_id):
        barrier.wait()
        real_lock(campaign_id)

    monkeypatch.setattr(sweep, "lock_campaign", wait_then_lock)
    return run_at_once(app, work, together=False)


def _count(model):
    return db.session.scalar(select(func.count(model.id)))


def test_two_concurrent_sweeps_create_each_flag_and_message_once(app, sched, monkeypatch):
    _world_with_work(sched)
    campaign_id, today = sched.campaign.id, date(2022, 5, 20)

    def work():
        from tracker.campaigns.models import Campaign

        return scan([db.session.get(Campaign, campaign_id)], today).created

    created = _run_in_threads(app, work, monkeypatch)
    db.session.expire_all()
    assert sorted(created) == [0, 40]  # 19 overdue and 1 due-soon tasks × 2 units
    assert _count(Flag) == 40
    assert _count(Notification) == 3  # two liaisons' digests and the office summary
    assert _count(OutboxMessage) == 1


def test_two_concurrent_daily_jobs_run_once(app, sched):
    _world_with_work(sched)
    results = run_at_once(app, lambda: run_daily_sweep(date(2022, 5, 20)))
    db.session.expire_all()
    assert sorted(r is None for r in results) == [False, True]
    assert _count(JobRun) == 1 and _count(Flag) == 40


def test_when_another_process_inserted_first_the_rest_is_inserted_row_by_row(sched, monkeypatch):
    """The fallback behind the unique key: a bulk insert that collides is redone one row at a time."""
    t1 = sched.task("任务一", deadline=date(2022, 5, 1))
    t2 = sched.task("任务二", deadline=date(2022, 5, 2))
    wanted = sweep.wanted_flags(sched.campaign, date(2022, 5, 20))
    held = (t1.assignments[0].id, "overdue", "")
    db.session.execute(sweep.insert(Flag.__table__), [sweep._row(held, wanted[held], date(2022, 5, 20))])

    def colliding(campaign, today):
        db.session.execute(sweep.insert(Flag.__table__), [sweep._row(k, v, today) for k, v in wanted.items()])

    monkeypatch.setattr(sweep, "_insert_from_select", colliding)
    created = sweep.insert_flags(sched.campaign, date(2022, 5, 20), wanted, list(wanted))
    assert created == [(t2.assignments[0].id, "overdue", "")]
    assert _count(Flag) == 2
