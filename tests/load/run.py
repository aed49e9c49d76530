"""`make load`: the full-size city on PostgreSQL, served by gunicorn as in production, under 50 simulated users.

    python -m tests.load.run [--users 50] [--minutes 2] [--workers 3]

LOAD_DATABASE_URL (default postgresql+psycopg://postgres@127.0.0.1:5432/test) names the server; a fresh database
is created, filled (tests/bench/city.py) and dropped. Prints throughput and p50/p95/p99 per page; fails (exit 1)
on any 5xx or dropped request and on any lost update (a progress note the server acknowledged that is not in the
database). Its last line is one JSON object with `p95_ms` per page and `errors`.
"""
import argparse
import csv
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from sqlalchemy import select, tuple_

from tests.bench.bench_pages import dispose, populated_app
from tests.bench.city import TODAY
from tracker.assignments.models import ProgressUpdate
from tracker.extensions import db

BIN = Path(sys.executable).parent
GOAL_P95_MS = 200


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(url: str, tmp: str, port: int, workers: int) -> subprocess.Popen:
    """gunicorn as the README deploys it, the clock pinned to the city's day."""
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "load", "INSTANCE_PATH": tmp,
           "UPLOAD_FOLDER": f"{tmp}/uploads", "EXPORT_FOLDER": f"{tmp}/exports", "TRACKER_TODAY": TODAY.isoformat()}
    server = subprocess.Popen([str(BIN / "gunicorn"), "-w", str(workers), "-b", f"127.0.0.1:{port}",
                               "--log-level", "warning", "wsgi:app"],
                              env=env)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)  # noqa: S310 (our own server)
            return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def swarm(port: int, tmp: str, users: int, minutes: float) -> dict:
    env = {**os.environ, "LOAD_ACKED_FILE": f"{tmp}/acked.json"}
    with open(f"{tmp}/locust.log", "w") as log:  # its own summary: the runner prints the figures once, below
        subprocess.run([str(BIN / "locust"), "-f", str(Path(__file__).with_name("locustfile.py")), "--headless",
                        "-u", str(users), "-r", str(max(1, users // 5)), "-t", f"{int(minutes * 60)}s",
                        "--host", f"http://127.0.0.1:{port}", "--csv", f"{tmp}/load", "--only-summary",
                        "--exit-code-on-error", "0"], env=env, check=True, stdout=log, stderr=subprocess.STDOUT)
    with open(f"{tmp}/load_stats.csv") as f:
        stats = list(csv.DictReader(f))
    return {"stats": stats, **json.loads(Path(f"{tmp}/acked.json").read_text())}


def lost_updates(app, acked: list) -> int:
    wanted = {(aid, text) for aid, text in acked}
    with app.app_context():
        found = set()
        pairs = list(wanted)
        for i in range(0, len(pairs), 500):
            found |= set(db.session.execute(select(ProgressUpdate.assignment_id, ProgressUpdate.progress).where(
                tuple_(ProgressUpdate.assignment_id, ProgressUpdate.progress).in_(pairs[i:i + 500]))).all())
    return len(wanted - {tuple(r) for r in found})


def report(result: dict, lost: int) -> dict:
    pages = [r for r in result["stats"] if r["Name"] != "Aggregated"]
    print(f"{'page':<34} {'requests':>8} {'req/s':>6} {'p50':>6} {'p95':>6} {'p99':>6}  (ms)")
    for r in pages:
        print(f"{r['Type'] + ' ' + r['Name']:<34} {r['Request Count']:>8} {float(r['Requests/s']):6.1f}"
              f" {r['50%']:>6} {r['95%']:>6} {r['99%']:>6}")
    total = next(r for r in result["stats"] if r["Name"] == "Aggregated")
    print(f"throughput {float(total['Requests/s']):.1f} requests/s; errors {len(result['errors'])};"
          f" lost updates {lost} of {len(result['acked'])} acknowledged notes")
    key = lambda r: f"{r['Type']} {r['Name']}"  # noqa: E731
    return {"p95_ms": {key(r): int(r["95%"]) for r in pages}, "p50_ms": {key(r): int(r["50%"]) for r in pages},
            "p99_ms": {key(r): int(r["99%"]) for r in pages}, "rps": round(float(total["Requests/s"]), 1),
            "requests": int(total["Request Count"]), "errors": len(result["errors"]), "lost_updates": lost,
            "acked_notes": len(result["acked"]), "goal_p95_ms": GOAL_P95_MS}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--minutes", type=float, default=2)
    parser.add_argument("--workers", type=int, default=3)
    args = parser.parse_args()
    os.environ["BENCH_DATABASE_URL"] = os.environ.get("LOAD_DATABASE_URL",
                                                      "postgresql+psycopg://postgres@127.0.0.1:5432/test")
    tmp = tempfile.mkdtemp(prefix="load-")
    app, city, url = populated_app(1.0, tmp)
    print(f"city: {city.assignments} assignments on {url.split('@')[-1]}", flush=True)
    try:
        port = free_port()
        server = serve(url, tmp, port, args.workers)
        try:
            result = swarm(port, tmp, args.users, args.minutes)
        finally:
            server.terminate()
            server.wait(timeout=30)
        lost = lost_updates(app, result["acked"])
    finally:
        dispose(app, url)
    summary = report(result, lost)
    for line in result["errors"][:10]:
        print("error:", line)
    print(json.dumps(summary, ensure_ascii=False))
    sys.exit(1 if summary["errors"] or lost else 0)


if __name__ == "__main__":
    main()
