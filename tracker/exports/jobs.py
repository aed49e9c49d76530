"""Evidence packages are built by the scheduler process, never in a web worker.

The web request only queues: it writes a job file under EXPORT_FOLDER/jobs/ (state "queued") that the page
polls. The scheduler's `build_packages` job (declared here as data, run by `tracker scheduler`) takes the oldest
queued job by creating its claim file exclusively (so two schedulers never build the same package), builds it
with its own app context and session, and writes its progress to the job file. A job whose builder went away
(the scheduler was restarted or killed mid-package) is found at the next tick by its claim — the process named
there is gone — and queued again once, then marked failed with the reason; a web restart changes nothing.

The package is read-only work (it changes nothing in the database); the zip is written under a temporary name,
so a crash never leaves half a package behind a "done".
"""
import json
import logging
import os
import secrets
import socket
import time
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

from apscheduler.triggers.interval import IntervalTrigger
from flask import Flask

from tracker.campaigns.models import Campaign
from tracker.exports.package_plan import DateWindow
from tracker.exports.services import build_evidence_package
from tracker.extensions import db
from tracker.scheduler.jobs import SCHEDULER_TZ, Job

log = logging.getLogger("tracker.scheduler")
_JOB_ID_CHARS = set("0123456789abcdef")
JOB_TTL_SECONDS = 24 * 3600  # packages are kept a day for download, then removed when the next job is queued
MAX_ATTEMPTS = 2  # a package interrupted by a restart is built once more, then reported failed
POLL_SECONDS = 3
INTERRUPTED = "生成中断：调度进程在打包时重启或退出，已重试 {attempts} 次。请重新生成。"
FAILED = "生成失败：打包时出错（详见调度进程日志）。请稍后重试或联系管理员。"


@dataclass
class PackageRequest:
    campaign_id: int
    user_id: int
    today: date
    archive: bool = False
    date_from: date | None = None
    date_to: date | None = None

    @classmethod
    def from_job(cls, job: dict) -> "PackageRequest":
        return cls(job["campaign_id"], job["user_id"], _day(job["today"]), bool(job["archive"]),
                   _day(job["date_from"]), _day(job["date_to"]))


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def jobs_dir(export_folder: str) -> Path:
    path = Path(export_folder) / "jobs"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def _valid(job_id: str) -> bool:
    return len(job_id) == 32 and set(job_id) <= _JOB_ID_CHARS


def read_job(export_folder: str, job_id: str) -> dict | None:
    """The job's status, or None for an unknown (or malformed) id."""
    if not _valid(job_id):
        return None
    try:
        return json.loads(_job_file(export_folder, job_id).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def package_path(export_folder: str, job_id: str) -> Path:
    return jobs_dir(export_folder) / f"{job_id}.zip"


def _job_file(export_folder: str, job_id: str) -> Path:
    return jobs_dir(export_folder) / f"{job_id}.json"


def _claim_file(export_folder: str, job_id: str) -> Path:
    return jobs_dir(export_folder) / f"{job_id}.claim"


def _write_job(export_folder: str, job_id: str, **status) -> None:
    """Replace the job file atomically: a poll never reads half a file."""
    path = _job_file(export_folder, job_id)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps(status, ensure_ascii=False, default=str), encoding="utf-8")
    os.replace(tmp, path)


def queue_package_job(export_folder: str, request: PackageRequest, filename: str) -> str:
    """Record a queued job for the scheduler to build. Returns the job id; starts nothing."""
    remove_old_jobs(export_folder)
    job_id = secrets.token_hex(16)
    _write_job(export_folder, job_id, id=job_id, filename=filename, **asdict(request), state="queued", done=0,
               total=0, attempts=0, queued_at=time.time())
    return job_id


def remove_old_jobs(export_folder: str, now: float | None = None) -> int:
    """Delete job files, claims and packages older than a day. Returns how many files went."""
    cutoff = (now or time.time()) - JOB_TTL_SECONDS
    removed = 0
    for path in jobs_dir(export_folder).iterdir():
        try:
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
        except FileNotFoundError:
            continue
    return removed


# --- the scheduler's side ------------------------------------------------------------------------------------

def _me() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _gone(owner: str) -> bool:
    """The process named by a claim ("host:pid") no longer runs — when it ran on this host (else: unknown)."""
    host, _, pid = owner.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, another user's
        return False
    return False


def _jobs(export_folder: str) -> list[dict]:
    jobs = []
    for path in jobs_dir(export_folder).glob("*.json"):
        if job := read_job(export_folder, path.stem):
            jobs.append(job)
    return sorted(jobs, key=lambda j: (j.get("queued_at", 0), j["id"]))


def recover_interrupted(export_folder: str) -> int:
    """Jobs left "running" by a builder that is gone: queued again, or failed after MAX_ATTEMPTS. Returns how many."""
    recovered = 0
    for job in _jobs(export_folder):
        claim = _claim_file(export_folder, job["id"])
        try:
            owner = claim.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            owner = ""
        if job["state"] == "queued" and owner and _gone(owner):
            claim.unlink(missing_ok=True)  # claimed, then its claimer died before it wrote "running"
        if job["state"] != "running" or (owner and not _gone(owner)):
            continue
        package_path(export_folder, job["id"]).unlink(missing_ok=True)
        if job.get("attempts", 1) < MAX_ATTEMPTS:
            _write_job(export_folder, job["id"], **{**job, "state": "queued", "done": 0, "total": 0})
            log.warning("evidence package %s: its builder %s is gone, queued again", job["id"], owner or "?")
        else:
            _write_job(export_folder, job["id"], **{**job, "state": "failed",
                                                    "error": INTERRUPTED.format(attempts=job["attempts"])})
            log.warning("evidence package %s: interrupted %s times, marked failed", job["id"], job["attempts"])
        claim.unlink(missing_ok=True)
        recovered += 1
    return recovered


def claim_next(export_folder: str) -> dict | None:
    """The oldest queued job, now claimed by this process (state "running"); None when there is none."""
    for job in _jobs(export_folder):
        if job["state"] != "queued":
            continue
        claim = _claim_file(export_folder, job["id"])
        try:
            fd = os.open(claim, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except FileExistsError:  # another scheduler took it
            continue
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(_me())
        job = {**job, "state": "running", "attempts": job.get("attempts", 0) + 1, "builder": _me()}
        _write_job(export_folder, job["id"], **job)
        return job
    return None


def build_package(app: Flask, job: dict) -> None:
    """Build one claimed job's package, with progress, in its own app context; done or failed at the end."""
    folder = app.config["EXPORT_FOLDER"]
    request, last = PackageRequest.from_job(job), [0.0]

    def progress(done: int, total: int) -> None:
        if done == total or time.monotonic() - last[0] > 0.5:
            last[0] = time.monotonic()
            _write_job(folder, job["id"], **{**job, "done": done, "total": total})

    with app.app_context():
        try:
            campaign = db.session.get(Campaign, request.campaign_id)
            plan = build_evidence_package(campaign, package_path(folder, job["id"]), request.today,
                                          app.config["UPLOAD_FOLDER"], archive=request.archive,
                                          window=DateWindow(request.date_from, request.date_to), progress=progress)
            _write_job(folder, job["id"], **{**job, "state": "done", "done": len(plan.entries),
                                             "total": len(plan.entries), "excluded": len(plan.excluded),
                                             "bytes": package_path(folder, job["id"]).stat().st_size})
        except Exception:
            log.exception("evidence package %s failed", job["id"])
            _write_job(folder, job["id"], **{**job, "state": "failed", "done": 0, "total": 0, "error": FAILED})
        finally:
            db.session.remove()
            _claim_file(folder, job["id"]).unlink(missing_ok=True)


def run_package_jobs(app: Flask) -> int:
    """The scheduler's job: put back interrupted packages, then build every queued one, oldest first."""
    folder = app.config["EXPORT_FOLDER"]
    recover_interrupted(folder)
    built = 0
    while (job := claim_next(folder)) is not None:
        log.info("evidence package %s: building for user %s", job["id"], job["user_id"])
        build_package(app, job)
        built += 1
    return built


def _every_few_seconds(app: Flask):
    return IntervalTrigger(seconds=POLL_SECONDS, timezone=SCHEDULER_TZ)


PACKAGE_JOB = Job("build_packages", run_package_jobs, _every_few_seconds, misfire_grace_seconds=POLL_SECONDS * 10)
