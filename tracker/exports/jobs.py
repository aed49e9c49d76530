"""Evidence packages built in the background: a thread started by the web request, with its own app context
and database session, writing its progress to a JSON job file under EXPORT_FOLDER/jobs/ that the page polls.

The package is read-only work (it changes nothing in the database), so a thread is enough; a crash leaves a
job marked failed, never a half package (the zip is written under a temporary name).
"""
import json
import logging
import os
import secrets
import threading
import time
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

from flask import Flask

from tracker.campaigns.models import Campaign
from tracker.exports.package_plan import DateWindow
from tracker.exports.services import build_evidence_package
from tracker.extensions import db

log = logging.getLogger(__name__)
_JOB_ID_CHARS = set("0123456789abcdef")
JOB_TTL_SECONDS = 24 * 3600  # packages are kept a day for download, then removed when the next job starts


@dataclass
class PackageRequest:
    campaign_id: int
    user_id: int
    today: date
    archive: bool = False
    date_from: date | None = None
    date_to: date | None = None


def jobs_dir(export_folder: str) -> Path:
    path = Path(export_folder) / "jobs"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _valid(job_id: str) -> bool:
    return len(job_id) == 32 and set(job_id) <= _JOB_ID_CHARS


def read_job(export_folder: str, job_id: str) -> dict | None:
    """The job's status, or None for an unknown (or malformed) id."""
    if not _valid(job_id):
        return None
    path = jobs_dir(export_folder) / f"{job_id}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def package_path(export_folder: str, job_id: str) -> Path:
    return jobs_dir(export_folder) / f"{job_id}.zip"


def _write_job(export_folder: str, job_id: str, **status) -> None:
    """Replace the job file atomically: a poll never reads half a file."""
    path = jobs_dir(export_folder) / f"{job_id}.json"
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(status, ensure_ascii=False, default=str), encoding="utf-8")
    os.replace(tmp, path)


def start_package_job(app: Flask, request: PackageRequest, filename: str) -> str:
    """Record a queued job and start building the package in a background thread. Returns the job id."""
    remove_old_jobs(app.config["EXPORT_FOLDER"])
    job_id = secrets.token_hex(16)
    base = {"id": job_id, "user_id": request.user_id, "filename": filename, **asdict(request)}
    _write_job(app.config["EXPORT_FOLDER"], job_id, **base, state="queued", done=0, total=0)
    thread = threading.Thread(target=_run, args=(app, job_id, request, base), daemon=True,
                              name=f"export-{job_id[:8]}")
    thread.start()
    return job_id


def remove_old_jobs(export_folder: str, now: float | None = None) -> int:
    """Delete job files and packages older than a day. Returns how many files went."""
    cutoff = (now or time.time()) - JOB_TTL_SECONDS
    removed = 0
    for path in jobs_dir(export_folder).iterdir():
        if path.is_file() and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def _run(app: Flask, job_id: str, request: PackageRequest, base: dict) -> None:
    folder = app.config["EXPORT_FOLDER"]
    last = [0.0]

    def progress(done: int, total: int) -> None:
        if done == total or time.monotonic() - last[0] > 0.5:
            last[0] = time.monotonic()
            _write_job(folder, job_id, **base, state="running", done=done, total=total)

    with app.app_context():
        try:
            campaign = db.session.get(Campaign, request.campaign_id)
            window = DateWindow(request.date_from, request.date_to)
            plan = build_evidence_package(campaign, package_path(folder, job_id), request.today,
                                          app.config["UPLOAD_FOLDER"], archive=request.archive,
                                          window=window, progress=progress)
            _write_job(folder, job_id, **base, state="done", done=len(plan.entries), total=len(plan.entries),
                       excluded=len(plan.excluded), bytes=package_path(folder, job_id).stat().st_size)
        except Exception:
            log.exception("evidence package %s failed", job_id)
            _write_job(folder, job_id, **base, state="failed", done=0, total=0)
        finally:
            db.session.remove()
