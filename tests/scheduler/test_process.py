"""`tracker scheduler` as a real process with an injected clock: catches up at start, stops on SIGTERM."""
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from tracker.extensions import db
from tracker.scheduler.models import Flag, JobRun

TRACKER = str(Path(sys.executable).with_name("tracker"))


def _start(app, tmp_path, now: str, sweep_time: str = "08:00"):
    env = {**os.environ, "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"], "SECRET_KEY": "test-secret",
           "INSTANCE_PATH": str(tmp_path), "TRACKER_NOW": now, "SCHEDULER_SWEEP_TIME": sweep_time,
           "PYTHONWARNINGS": ""}
    proc = subprocess.Popen([TRACKER, "scheduler"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)
    proc.lines = []
    proc.reader = threading.Thread(target=lambda: proc.lines.extend(iter(proc.stdout.readline, "")), daemon=True)
    proc.reader.start()
    assert _wait_for(lambda: any("scheduler started" in line for line in proc.lines)), proc.lines
    return proc


def _wait_for(predicate, seconds=120):  # generous: a loaded CI machine starts a process slowly
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        db.session.rollback()
        if predicate():
            return True
        time.sleep(0.2)
    return False


def _stop(proc) -> str:
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=30)
    proc.reader.join(5)
    proc.stdout.close()
    return "".join(proc.lines)


@pytest.mark.slow
def test_scheduler_catches_up_at_start_and_stops_on_sigterm(app, sched, tmp_path):
    sched.task("逾期任务", deadline=date(2022, 5, 1))
    db.session.commit()
    proc = _start(app, tmp_path, "2022-05-20T09:30")
    try:
        done = _wait_for(lambda: db.session.scalar(select(JobRun).where(JobRun.status == "ok")) is not None)
    finally:
        out = _stop(proc)
    assert done, out
    assert proc.returncode == 0, out
    run = db.session.scalar(select(JobRun))
    assert (run.job, run.run_on, run.counts["created"]) == ("sweep_deadlines", date(2022, 5, 20), 1)
    assert db.session.scalar(select(Flag.due_on)) == date(2022, 5, 1)
    assert "catching up" in out and "sweep 2022-05-20: campaigns=1 created=1" in out and "scheduler stopped" in out
    assert "executed successfully" not in out  # the jobs say what they did; routine runs leave no line


@pytest.mark.slow
def test_scheduler_before_sweep_time_waits_for_the_daily_run(app, sched, tmp_path):
    sched.task("逾期任务", deadline=date(2022, 5, 1))
    db.session.commit()
    proc = _start(app, tmp_path, "2022-05-20T07:00")
    try:
        started = _wait_for(lambda: db.session.scalar(select(JobRun)) is not None, seconds=2)
    finally:
        out = _stop(proc)
    assert not started and proc.returncode == 0, out
    assert "catching up" not in out and "scheduler started" in out
    assert db.session.scalar(select(JobRun)) is None
