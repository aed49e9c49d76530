"""Running the sweep: over campaigns (tracker scan), and as the once-a-day job with its JobRun record."""
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import and_, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from tracker.cadence.services import remind_missing
from tracker.campaigns.models import Campaign
from tracker.extensions import db
from tracker.scheduler.ack_flags import flag_unacknowledged
from tracker.scheduler.digest import notify_after_sweep
from tracker.scheduler.indicator_flags import flag_behind_indicators, notify_indicator_flags
from tracker.scheduler.lights import record_lights
from tracker.scheduler.models import JobRun
from tracker.scheduler.sweep import sweep_deadlines
from tracker.timeutil import utcnow
from tracker.workdays.services import work_calendar

SWEEP_JOB = "sweep_deadlines"
STALE_AFTER = timedelta(hours=2)


@dataclass
class ScanReport:
    today: date
    created: int = 0
    closed: int = 0
    open: int = 0
    digests: int = 0
    summaries: int = 0
    indicator_flags: int = 0  # behind indicators flagged ahead of a gate by this run
    ack_flags: int = 0  # items flagged by this run as not acknowledged (签收) in time
    cycle_reminders: int = 0  # units reminded of this period's progress update (once per period)
    campaign_ids: list[int] = field(default_factory=list)

    def as_counts(self) -> dict[str, int]:
        return {"campaigns": len(self.campaign_ids), "created": self.created, "closed": self.closed,
                "open": self.open, "digests": self.digests, "summaries": self.summaries,
                "indicator_flags": self.indicator_flags, "ack_flags": self.ack_flags,
                "cycle_reminders": self.cycle_reminders}


def scan(campaigns: list[Campaign], today: date) -> ScanReport:
    """Sweep each campaign (assignments, then behind indicators ahead of the gates) and send its digests and
    summary. Flushes, never commits."""
    report, calendar = ScanReport(today), work_calendar()
    for campaign in campaigns:
        result = sweep_deadlines(campaign, today)
        record_lights(campaign, today, calendar)  # this month's 亮灯 history
        sent = notify_after_sweep(campaign, result)
        report.campaign_ids.append(campaign.id)
        report.created += len(result.created)
        report.closed += result.closed
        report.open += result.open
        report.digests += sent["digests"]
        report.summaries += sent["summary"]
        flagged = flag_behind_indicators(campaign, today)
        notify_indicator_flags(campaign, today, flagged)
        report.indicator_flags += len(flagged)
        report.ack_flags += len(flag_unacknowledged(campaign, today, calendar))
        report.cycle_reminders += remind_missing(campaign, today)
    return report


def all_campaigns() -> list[Campaign]:
    return list(db.session.scalars(select(Campaign).order_by(Campaign.id)))


def claim_run(job: str, today: date) -> bool:
    """Take today's run of the job: insert its JobRun, or take over one that failed. False if already taken.

    The unique key (job, run_on) makes the second claimant — another process, a restart — wait and then lose.
    """
    try:
        with db.session.begin_nested():
            db.session.execute(insert(JobRun), [{"job": job, "run_on": today, "status": "running",
                                                 "started_at": utcnow()}])
        return True
    except IntegrityError:
        retaken = db.session.execute(
            update(JobRun).where(JobRun.job == job, JobRun.run_on == today, _retakable())
            .values(status="running", started_at=utcnow(), finished_at=None, counts=None),
            execution_options={"synchronize_session": False})
        return retaken.rowcount == 1


def _retakable():
    """A failed run, or one 'running' for so long that its process must have died."""
    stale = utcnow() - STALE_AFTER
    return or_(JobRun.status == "error", and_(JobRun.status == "running", JobRun.started_at < stale))


def finish_run(job: str, today: date, status: str, counts: dict) -> None:
    db.session.execute(
        update(JobRun).where(JobRun.job == job, JobRun.run_on == today)
        .values(status=status, finished_at=utcnow(), counts=counts),
        execution_options={"synchronize_session": False})


def run_daily_sweep(today: date) -> ScanReport | None:
    """The daily job's work: claim today's run, scan every campaign, record the counts. None if already run.

    Flushes, never commits; on failure the caller rolls back and calls `record_failed_run`.
    """
    if not claim_run(SWEEP_JOB, today):
        return None
    report = scan(all_campaigns(), today)
    finish_run(SWEEP_JOB, today, "ok", report.as_counts())
    db.session.flush()
    return report


def record_failed_run(job: str, today: date, error: str) -> None:
    """After a rollback: keep a visible 'error' run (a later catch-up retakes it). Flushes.

    The run may already be recorded as 'running' (SQLite commits a first savepoint on its own), so it is
    claimed or taken over, then marked.
    """
    claim_run(job, today)
    finish_run(job, today, "error", {"error": error[:500]})
    db.session.flush()


def has_run(job: str, today: date) -> bool:
    """Whether today's run of the job is done or under way (a failed or abandoned run does not count)."""
    return db.session.scalar(
        select(JobRun.id).where(JobRun.job == job, JobRun.run_on == today, ~_retakable())
    ) is not None


def recent_runs(limit: int = 20) -> list[JobRun]:
    return list(db.session.scalars(select(JobRun).order_by(JobRun.run_on.desc(), JobRun.id.desc()).limit(limit)))
