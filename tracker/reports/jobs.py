"""The report cycles' periodic job, declared as data; `tracker scheduler` runs it (tracker/cli.py lists it among
the jobs of higher domains, since the scheduler may not import this domain).

It runs every hour (at minute 7): the work is idempotent (unique keys), so running often costs nothing and a
scheduler that was down catches up at its next hour.
"""
import logging

from apscheduler.triggers.cron import CronTrigger
from flask import Flask

from tracker import clock
from tracker.extensions import db
from tracker.reports.notices import remind_and_flag
from tracker.scheduler.jobs import SCHEDULER_TZ, Job

log = logging.getLogger("tracker.scheduler")


def run_report_job(app: Flask) -> None:
    today = clock.today()
    with app.app_context():
        try:
            run = remind_and_flag(today)
            db.session.commit()
        except Exception:
            db.session.rollback()
            log.exception("report cycles %s failed", today)
            return
        finally:
            db.session.remove()
        if run.reminders or run.missing or run.created_cycles:
            log.info("report cycles %s: reminders=%s missing=%s next_cycles=%s", today, run.reminders,
                     run.missing, len(run.created_cycles))


def _hourly(app: Flask):
    return CronTrigger(minute=7, timezone=SCHEDULER_TZ)


REPORTS_JOB = Job("report_cycles", run_report_job, _hourly, misfire_grace_seconds=3000)
