"""Periodic jobs declared as data; "today" and "now" come from the one clock (tracker/clock.py).

Each job function takes the app, opens its own app context, commits once and logs its counts.
The scheduler process (cli.py) starts the clock (`clock.run_from`, for --now) and turns JOBS into APScheduler
jobs; nothing here starts anything.
"""
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import time
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from flask import Flask

from tracker import clock
from tracker.clock import DEFAULT_TZ
from tracker.extensions import db
from tracker.notifications.outbox import deliver_outbox
from tracker.scheduler.services import SWEEP_JOB, has_run, record_failed_run, run_daily_sweep

log = logging.getLogger("tracker.scheduler")
SCHEDULER_TZ = ZoneInfo(DEFAULT_TZ)  # the sweep time is read in the campaigns' timezone


def parse_sweep_time(text: str) -> time:
    """'08:00' → time(8, 0); refuses anything else."""
    hour, minute = (int(part) for part in text.strip().split(":"))
    return time(hour, minute)


def run_sweep_job(app: Flask) -> None:
    """The daily sweep over every campaign; a second run on the same day does nothing."""
    today = clock.today()
    with app.app_context():
        try:
            report = run_daily_sweep(today)
            db.session.commit()
        except Exception as exc:
            db.session.rollback()
            log.exception("sweep %s failed", today)
            record_failed_run(SWEEP_JOB, today, f"{type(exc).__name__}: {exc}")
            db.session.commit()
            return
        if report is None:
            log.info("sweep %s: already done today, nothing to do", today)
        else:
            log.info("sweep %s: %s", today, " ".join(f"{k}={v}" for k, v in report.as_counts().items()))


def run_outbox_job(app: Flask) -> None:
    """Deliver due outbox messages (real time: back-off and rate limits are about actual sending)."""
    with app.app_context():
        counts = deliver_outbox()
        if counts:
            log.info("outbox: %s", " ".join(f"{k}={v}" for k, v in sorted(counts.items())))


def missed_today(app: Flask) -> list["Job"]:
    """At start-up: the daily jobs whose time today has passed and whose run today is missing (or failed), in the
    order they are declared (the sweep before the ladder). A scheduler started after 08:10 would otherwise leave
    them to tomorrow: a cron trigger's next time is computed from the start."""
    now = clock.now().time()
    due = [job for job in scheduled_jobs(app) if job.daily_at is not None and now >= job.daily_at(app)]
    if not due:
        return []
    with app.app_context():
        return [job for job in due if not has_run(job.id, clock.today())]


def run_missed(app: Flask, jobs: list["Job"]) -> None:
    """The catch-up run: each missed job in turn (each claims its own run: another process makes it a no-op)."""
    for job in jobs:
        job.func(app)


def _sweep_time(app: Flask) -> time:
    return parse_sweep_time(app.config["SCHEDULER_SWEEP_TIME"])


def _daily(app: Flask):
    at = _sweep_time(app)
    return CronTrigger(hour=at.hour, minute=at.minute, timezone=SCHEDULER_TZ)


def _every_minute(app: Flask):
    return IntervalTrigger(minutes=1, timezone=SCHEDULER_TZ)


@dataclass(frozen=True)
class Job:
    id: str
    func: Callable[[Flask], None]
    trigger: Callable[[Flask], object]
    misfire_grace_seconds: int
    daily_at: Callable[[Flask], time] | None = None  # a daily job (its JobRun named `id`): when today's run is owed


JOBS = (
    Job(SWEEP_JOB, run_sweep_job, _daily, misfire_grace_seconds=6 * 3600, daily_at=_sweep_time),
    Job("deliver_outbox", run_outbox_job, _every_minute, misfire_grace_seconds=50),
)
EXTENSION = "tracker.scheduled_jobs"


def scheduled_jobs(app: Flask) -> tuple[Job, ...]:
    """JOBS, then the jobs of higher domains that the app declares in app.extensions (tracker/cli.py puts the
    evidence packages there: the scheduler may not import the exports domain)."""
    return JOBS + tuple(app.extensions.get(EXTENSION, ()))
