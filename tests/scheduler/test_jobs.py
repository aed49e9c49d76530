"""The scheduler's jobs read "today" and "now" from the one clock, started where `--now` says."""
from datetime import date, datetime

from tracker.extensions import db
from tracker.scheduler.cli import build_scheduler
from tracker.scheduler.jobs import catch_up_needed, run_sweep_job
from tracker.scheduler.models import JobRun


def test_before_the_sweep_time_no_catch_up_is_needed(app, clock):
    clock.run_from(datetime(2022, 5, 20, 7, 0))
    assert catch_up_needed(app) is False


def test_after_the_sweep_time_a_missing_run_is_caught_up(app, clock):
    clock.run_from(datetime(2022, 5, 20, 9, 30))
    assert catch_up_needed(app) is True
    assert "catch_up" in {job.id for job in build_scheduler(app).get_jobs()}


def test_the_sweep_job_runs_on_the_clocks_day(app, sched, clock):
    clock.run_from(datetime(2022, 5, 20, 9, 30))
    run_sweep_job(app)
    assert db.session.scalar(db.select(JobRun.run_on)) == date(2022, 5, 20)
    assert catch_up_needed(app) is False
