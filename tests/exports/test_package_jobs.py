"""Evidence packages are queued by the web and built by the scheduler process; an interrupted build is picked
up again once, then reported failed — never left "running"."""
import os
import subprocess
import sys

from tracker import create_app
from tracker.exports import jobs
from tracker.scheduler.cli import build_scheduler
from tracker.scheduler.jobs import scheduled_jobs


def _queue(client) -> str:
    resp = client.post("/exports/package", data={}, headers={"Accept": "application/json"})
    assert resp.status_code == 202
    return resp.get_json()["job"]


def _dead_pid() -> int:
    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                          check=True)
    return int(proc.stdout)


def _left_running(app, job_id: str, pid: int, attempts: int) -> None:
    """What a scheduler killed mid-package leaves: the job "running", its claim naming the dead process."""
    folder = app.config["EXPORT_FOLDER"]
    job = jobs.read_job(folder, job_id)
    jobs._write_job(folder, job_id, **{**job, "state": "running", "attempts": attempts, "done": 1, "total": 4})
    jobs._claim_file(folder, job_id).write_text(f"{jobs.socket.gethostname()}:{pid}")
    jobs.package_path(folder, job_id).write_bytes(b"half a zip")


def test_the_web_request_only_queues(ledger_world, login, monkeypatch):
    built = []
    monkeypatch.setattr(jobs, "build_package", lambda *a: built.append(a))
    client = login("office")
    job_id = _queue(client)
    assert client.get(f"/exports/jobs/{job_id}").get_json()["state"] == "queued" and built == []
    assert not jobs.package_path(client.application.config["EXPORT_FOLDER"], job_id).exists()


def test_the_scheduler_builds_what_was_queued(ledger_world, login, app):
    client = login("office")
    job_id = _queue(client)
    assert jobs.run_package_jobs(app) == 1
    job = client.get(f"/exports/jobs/{job_id}").get_json()
    assert job["state"] == "done" and job["download_url"]
    assert not jobs._claim_file(app.config["EXPORT_FOLDER"], job_id).exists()
    assert jobs.run_package_jobs(app) == 0  # nothing twice


def test_two_schedulers_never_claim_the_same_job(ledger_world, login, app):
    _queue(login("office"))
    folder = app.config["EXPORT_FOLDER"]
    assert jobs.claim_next(folder) is not None
    assert jobs.claim_next(folder) is None


def test_a_job_left_running_by_a_dead_scheduler_is_built_again(ledger_world, login, app):
    client = login("office")
    job_id = _queue(client)
    _left_running(app, job_id, _dead_pid(), attempts=1)
    assert jobs.run_package_jobs(app) == 1
    job = jobs.read_job(app.config["EXPORT_FOLDER"], job_id)
    assert job["state"] == "done" and job["attempts"] == 2
    download = client.get(f"/exports/jobs/{job_id}/download")
    assert download.data.startswith(b"PK") and download.data != b"half a zip"
    download.close()


def test_a_job_interrupted_twice_is_reported_failed_with_the_reason(ledger_world, login, app):
    client = login("office")
    job_id = _queue(client)
    _left_running(app, job_id, _dead_pid(), attempts=jobs.MAX_ATTEMPTS)
    assert jobs.run_package_jobs(app) == 0
    status = client.get(f"/exports/jobs/{job_id}").get_json()
    assert status["state"] == "failed" and "生成中断" in status["error"]
    assert not jobs.package_path(app.config["EXPORT_FOLDER"], job_id).exists()
    assert "生成中断" in client.get(f"/exports/?job={job_id}").get_data(as_text=True)


def test_a_job_being_built_by_a_live_scheduler_is_left_alone(ledger_world, login, app):
    job_id = _queue(login("office"))
    _left_running(app, job_id, os.getpid(), attempts=1)
    assert jobs.recover_interrupted(app.config["EXPORT_FOLDER"]) == 0
    assert jobs.read_job(app.config["EXPORT_FOLDER"], job_id)["state"] == "running"


def test_a_claim_whose_claimer_died_before_it_started_is_released(ledger_world, login, app):
    job_id = _queue(login("office"))
    jobs._claim_file(app.config["EXPORT_FOLDER"], job_id).write_text(f"{jobs.socket.gethostname()}:{_dead_pid()}")
    assert jobs.run_package_jobs(app) == 1
    assert jobs.read_job(app.config["EXPORT_FOLDER"], job_id)["state"] == "done"


def test_a_failing_build_is_failed_not_running(ledger_world, login, app, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(jobs, "build_evidence_package", broken)
    job_id = _queue(login("office"))
    jobs.run_package_jobs(app)
    job = jobs.read_job(app.config["EXPORT_FOLDER"], job_id)
    assert job["state"] == "failed" and "disk full" not in job["error"]


def test_the_scheduler_process_runs_the_package_job(tmp_path, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x")
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 't.db'}", "SCHEDULER_SWEEP_TIME": "23:59"})
    assert "build_packages" in [j.id for j in scheduled_jobs(app)]
    assert build_scheduler(app).get_job("build_packages") is not None
