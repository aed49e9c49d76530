"""The scheduler's jobs read "today" and "now" from the one clock, started where `--now` says."""
from datetime import date, datetime

from tracker.escalation.jobs import LADDER_JOB
from tracker.extensions import db
from tracker.scheduler.cli import build_scheduler
from tracker.scheduler.jobs import missed_today, run_missed, run_sweep_job
from tracker.scheduler.models import JobRun


def test_before_the_sweep_time_no_catch_up_is_needed(app, clock):
    clock.run_from(datetime(2022, 5, 20, 7, 0))
    assert missed_today(app) == []


def test_after_the_sweep_time_a_missing_run_is_caught_up(app, clock):
    clock.run_from(datetime(2022, 5, 20, 9, 30))
    assert missed_today(app) != []
    assert "catch_up" in {job.id for job in build_scheduler(app).get_jobs()}


def test_the_sweep_job_runs_on_the_clocks_day(app, sched, clock):
    clock.run_from(datetime(2022, 5, 20, 9, 30))
    run_sweep_job(app)
    assert db.session.scalar(db.select(JobRun.run_on)) == date(2022, 5, 20)
    assert "sweep_deadlines" not in [job.id for job in missed_today(app)]


def test_a_scheduler_started_after_the_ladders_time_catches_up_the_sweep_then_the_ladder(app, sched, clock):
    clock.run_from(datetime(2022, 5, 20, 8, 5))  # after the sweep (08:00), before the ladder (08:10)
    assert [job.id for job in missed_today(app)] == ["sweep_deadlines"]
    clock.run_from(datetime(2022, 5, 20, 9, 30))
    missed = missed_today(app)
    assert [job.id for job in missed] == ["sweep_deadlines", LADDER_JOB]
    run_missed(app, missed)
    runs = db.session.execute(db.select(JobRun.job, JobRun.run_on, JobRun.status).order_by(JobRun.id)).all()
    assert [tuple(r) for r in runs] == [("sweep_deadlines", date(2022, 5, 20), "ok"),
                                        (LADDER_JOB, date(2022, 5, 20), "ok")]
    assert missed_today(app) == [] and "catch_up" not in {job.id for job in build_scheduler(app).get_jobs()}


def test_the_ladder_is_owed_only_after_a_late_sweep_even_across_midnight(app, clock):
    from tracker.escalation.jobs import LADDER_SCHEDULE

    before, app.config["SCHEDULER_SWEEP_TIME"] = app.config["SCHEDULER_SWEEP_TIME"], "23:55"  # ladder cron 00:05
    try:
        clock.run_from(datetime(2022, 5, 20, 9, 30))
        assert missed_today(app) == []
        assert LADDER_SCHEDULE.daily_at(app).strftime("%H:%M") == "23:55"
    finally:
        app.config["SCHEDULER_SWEEP_TIME"] = before
