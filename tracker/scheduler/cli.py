"""`tracker scan` (the sweep, now) and `tracker scheduler` (the periodic jobs, in their own process)."""
import json
import logging
import os
import signal
from datetime import datetime

import click
from apscheduler.schedulers.blocking import BlockingScheduler
from flask import current_app

from tracker import clock
from tracker.campaigns.services import require_campaign
from tracker.cli_support import command
from tracker.clock import DEFAULT_TZ
from tracker.extensions import db
from tracker.scheduler.indicator_flags import indicator_flag_rows
from tracker.scheduler.jobs import (
    SCHEDULER_TZ,
    log,
    missed_today,
    parse_sweep_time,
    run_missed,
    scheduled_jobs,
)
from tracker.scheduler.services import all_campaigns, scan
from tracker.scheduler.sweep import open_flag_rows


def _flag_json(row) -> dict:
    slug, task_id, title, unit, kind, gate, due_on = row
    return {"campaign": slug, "task_id": task_id, "title": title, "unit": unit, "kind": kind,
            "gate": gate, "due": due_on.isoformat()}


def _indicator_json(row) -> dict:
    slug, name, gate, gate_on, opened_on, reason = row
    return {"campaign": slug, "indicator": name, "gate": gate, "gate_on": gate_on.isoformat(),
            "opened_on": opened_on.isoformat(), "reason": reason}


def _print_report(report, rows, as_json: bool) -> None:
    indicators = [_indicator_json(r) for r in indicator_flag_rows(report.campaign_ids)]
    if as_json:
        click.echo(json.dumps({"today": report.today.isoformat(), "created": report.created,
                               "flags": [_flag_json(r) for r in rows], "indicator_flags": indicators},
                              ensure_ascii=False))
        return
    click.echo(f"{report.today.isoformat()} 预警扫描：新增 {report.created} 项，关闭 {report.closed} 项，"
               f"当前共 {len(rows)} 项；单位摘要 {report.digests} 份，办公室汇总 {report.summaries} 份；"
               f"指标预警新增 {report.indicator_flags} 项。")
    for r in rows:
        f = _flag_json(r)
        label = "逾期" if f["kind"] == "overdue" else f"临期({f['gate']})"
        click.echo(f"  [{label}] {f['due']} {f['unit']} · {f['title'][:40]}")
    for f in indicators:
        click.echo(f"  [指标滞后({f['gate']})] {f['gate_on']} {f['indicator']} · {f['reason']}")


@command("scan")
@click.option("--campaign", "slug", help="只扫描这个创建活动（标识）")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), help="按这一天扫描（YYYY-MM-DD）")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON")
def scan_command(slug: str | None, today: datetime | None, as_json: bool) -> None:
    """Flag overdue and due-soon assignments now, and send the day's digests (same as the daily job)."""
    campaigns = [require_campaign(slug)] if slug else all_campaigns()
    day = today.date() if today else clock.today(campaigns[0].timezone if campaigns else DEFAULT_TZ)
    report = scan(campaigns, day)
    db.session.commit()
    _print_report(report, open_flag_rows(report.campaign_ids), as_json)


def _parse_now(ctx, param, value: str | None) -> datetime | None:
    """YYYY-MM-DD (that day, at the current time of day) or YYYY-MM-DDTHH:MM, in the campaigns' timezone."""
    if not value:
        return None
    try:
        return clock.parse_moment(value)
    except ValueError as exc:
        raise click.BadParameter(f"时间格式应为 YYYY-MM-DD 或 YYYY-MM-DDTHH:MM：{value}") from exc


def build_scheduler(app):
    """A BlockingScheduler holding every scheduled job, plus a catch-up run now of the daily jobs (sweep, ladder)
    whose time today has passed and whose run today is missing."""
    sched = BlockingScheduler(timezone=SCHEDULER_TZ, job_defaults={"coalesce": True, "max_instances": 1})
    for job in scheduled_jobs(app):
        sched.add_job(job.func, job.trigger(app), args=(app,), id=job.id, name=job.id,
                      misfire_grace_time=job.misfire_grace_seconds)
    if missed := missed_today(app):
        log.info("today's (%s) %s missing: catching up now", clock.today(), ", ".join(job.id for job in missed))
        sched.add_job(run_missed, "date", args=(app, missed), id="catch_up", name="catch_up",
                      misfire_grace_time=None)
    return sched


def _raise_exit(signum, frame):
    raise SystemExit(0)


@command("scheduler")
@click.option("--now", "start", envvar="TRACKER_NOW", callback=_parse_now,
              help="假定当前时间（测试/演示用）：YYYY-MM-DD 或 YYYY-MM-DDTHH:MM，之后照常流逝")
def scheduler_command(start: datetime | None) -> None:
    """Run the periodic jobs (daily sweep, outbox delivery, evidence packages) until SIGTERM or Ctrl-C."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # APScheduler writes two INFO lines per run (the packages job runs every 3 s: 57,600 lines a day); the jobs log
    # what they did themselves, and its warnings (a missed run) and errors (a job that raised) still show
    logging.getLogger("apscheduler.executors").setLevel(logging.WARNING)
    app = current_app._get_current_object()
    at = parse_sweep_time(app.config["SCHEDULER_SWEEP_TIME"])
    clock.run_from(start)
    db.session.remove()  # jobs open their own app contexts and sessions
    sched = build_scheduler(app)
    signal.signal(signal.SIGTERM, _raise_exit)
    log.info("scheduler started (pid %s): daily sweep at %s %s, outbox every minute, jobs %s, today is %s",
             os.getpid(), at.strftime("%H:%M"), SCHEDULER_TZ.key, ", ".join(j.id for j in scheduled_jobs(app)),
             clock.today())
    try:
        sched.start()
    except (KeyboardInterrupt, SystemExit):
        log.info("stopping: waiting for running jobs")
    if sched.running:
        sched.shutdown(wait=True)
    log.info("scheduler stopped")
