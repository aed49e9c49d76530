"""The ladder's daily job for `tracker scheduler`: after the sweep, once a day (JobRun 'walk_ladders')."""
from datetime import datetime, time, timedelta

from apscheduler.triggers.cron import CronTrigger
from flask import Flask

from tracker import clock
from tracker.escalation.services import walk_all
from tracker.extensions import db
from tracker.scheduler.jobs import SCHEDULER_TZ, Job, log, parse_sweep_time
from tracker.scheduler.services import all_campaigns, claim_run, finish_run, record_failed_run

LADDER_JOB = "walk_ladders"
AFTER_SWEEP = timedelta(minutes=10)


def run_ladder_job(app: Flask) -> None:
    """Walk every campaign's ladder once today; a second run (another process, a restart) does nothing."""
    today = clock.today()
    with app.app_context():
        try:
            if not claim_run(LADDER_JOB, today):
                log.info("ladder %s: already done today", today)
                return
            report = walk_all(all_campaigns(), today)
            finish_run(LADDER_JOB, today, "ok", report.as_counts())
            db.session.commit()
        except Exception as exc:
            db.session.rollback()
            log.exception("ladder %s failed", today)
            record_failed_run(LADDER_JOB, today, f"{type(exc).__name__}: {exc}")
            db.session.commit()
            return
        log.info("ladder %s: %s", today, " ".join(f"{k}={v}" for k, v in report.as_counts().items()))


def _after_sweep(app: Flask) -> time:
    return (datetime.combine(datetime(2000, 1, 1), parse_sweep_time(app.config["SCHEDULER_SWEEP_TIME"]))
            + AFTER_SWEEP).time()


def _owed_from(app: Flask) -> time:
    """When today's walk is owed (the start-up catch-up): after the sweep, even when ten minutes after a sweep
    at 23:55 is past midnight."""
    return max(_after_sweep(app), parse_sweep_time(app.config["SCHEDULER_SWEEP_TIME"]))


def _daily_after_sweep(app: Flask):
    at = _after_sweep(app)
    return CronTrigger(hour=at.hour, minute=at.minute, timezone=SCHEDULER_TZ)


LADDER_SCHEDULE = Job(LADDER_JOB, run_ladder_job, _daily_after_sweep, misfire_grace_seconds=6 * 3600,
                      daily_at=_owed_from)
