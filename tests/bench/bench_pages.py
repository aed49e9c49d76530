"""Pages at city scale: requests/s of each page through Flask's test client ÷ a bare Flask app's, in one run.

    python -m tests.bench.bench_pages [--scale 1.0] [--seconds 0.4] [--rounds 4] [--only PAGE ...]
    python -m tests.bench.bench_pages --profile PAGE [--all-frames]

The bare app returns a constant string; the two are timed in alternation (page, bare, page, bare …) so that the
noise of a shared machine falls on both. Also printed: the SQL statements of one request and its size.
SQLite in a temporary file by default, or a fresh database on BENCH_DATABASE_URL's server.
The last row, `reference_list`, is not a page of ours but the issue's yardstick (tests/bench/reference.py).
"""
import argparse
import os
import tempfile
import time
from dataclasses import dataclass

from flask import Flask
from sqlalchemy import event, select
from sqlalchemy.engine import make_url

from tests.bench import reference
from tests.bench.city import TODAY, City, build_city
from tests.bench.reference import reference_app, reference_client
from tests.dbs import create_test_database, drop_test_database
from tracker import clock, create_app
from tracker.auth.models import User
from tracker.config import engine_options
from tracker.extensions import db

# key → (path template, user); {a} is the sample assignment
PAGES = {
    "unit_list": ("/my", "unit"),
    "assignment_page": ("/assignments/{a}", "unit"),
    "review_queue": ("/review", "office"),
    "dashboard": ("/dashboard", "office"),
    "dashboard_leader": ("/dashboard", "leader"),
    "task_list": ("/tasks", "office"),
    "landing": ("/", "office"),
}
REFERENCE = "reference_list"  # not a page of ours: the yardstick (tests/bench/reference.py)


@dataclass
class PageFigure:
    key: str
    path: str
    user: str
    ratio: float
    page_rps: float
    cpu_ratio: float  # the same on process CPU time: what a loaded machine's waiting does not distort
    bare_rps: float
    queries: int  # steady state
    queries_cold: int  # the first request after a write (the figures computed)
    kb: float


def bench_database_url(tmp: str) -> str:
    """A fresh database: on BENCH_DATABASE_URL's server if set, else a SQLite file in `tmp`."""
    base = os.environ.get("BENCH_DATABASE_URL", "")
    if not base:
        return f"sqlite:///{tmp}/bench.db"
    previous = os.environ.get("TEST_DATABASE_URL")
    os.environ["TEST_DATABASE_URL"] = base
    try:
        return create_test_database(tmp)
    finally:
        os.environ.pop("TEST_DATABASE_URL") if previous is None else os.environ.update(TEST_DATABASE_URL=previous)


def make_app(url: str, tmp: str):
    os.environ.setdefault("SECRET_KEY", "bench")
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SQLALCHEMY_ENGINE_OPTIONS": engine_options(url),
                      "UPLOAD_FOLDER": f"{tmp}/uploads", "EXPORT_FOLDER": f"{tmp}/exports"})
    app.instance_path = tmp
    return app


def bare_app() -> Flask:
    bare = Flask("bare")
    bare.add_url_rule("/", "index", lambda: "ok")
    return bare


def _client(app, username: str):
    """A test client logged in as `username` (the session Flask-Login writes at login)."""
    with app.app_context():
        token = db.session.scalar(select(User.session_token).where(User.username == username))
    client = app.test_client()
    with client.session_transaction() as sess:
        sess["_user_id"], sess["_fresh"] = token, True
    return client


def _rate(client, path: str, seconds: float) -> tuple[int, float, float]:
    """(requests, wall seconds, CPU seconds of this process) of `seconds` of requests."""
    n, start, cpu = 0, time.perf_counter(), time.process_time()
    while (elapsed := time.perf_counter() - start) < seconds:
        resp = client.get(path)
        if resp.status_code != 200:
            raise SystemExit(f"{path}: HTTP {resp.status_code}")
        n += 1
    return n, elapsed, time.process_time() - cpu


def measure(app, client, path: str, bare, seconds: float, rounds: int) -> tuple[float, float, float]:
    """(page requests/s, bare requests/s, the ratio of their CPU time per request), timed in alternation."""
    for _ in range(3):
        client.get(path), bare.get("/")
    page_n = bare_n = 0
    page_t = bare_t = page_cpu = bare_cpu = 0.0
    for _ in range(rounds):
        n, t, c = _rate(client, path, seconds)
        page_n, page_t, page_cpu = page_n + n, page_t + t, page_cpu + c
        n, t, c = _rate(bare, "/", seconds)
        bare_n, bare_t, bare_cpu = bare_n + n, bare_t + t, bare_cpu + c
    return page_n / page_t, bare_n / bare_t, (bare_cpu / bare_n) / (page_cpu / page_n)


def one_request(app, client, path: str) -> tuple[int, int]:
    """(SQL statements, bytes) of one request."""
    statements = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    with app.app_context():
        engine = app.extensions["sqlalchemy"].engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        body = client.get(path).get_data()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(statements), len(body)


def users_for(city: City) -> dict[str, str]:
    return {"unit": city.liaison, "office": "office", "leader": "leader"}


def measure_pages(app, city: City, seconds: float, rounds: int, only=None) -> list[PageFigure]:
    bare = bare_app().test_client()
    figures = []
    for key, (template, role) in PAGES.items():
        if only and key not in only:
            continue
        path, user = template.format(a=city.sample_assignment), users_for(city)[role]
        client = _client(app, user)
        cold, _ = one_request(app, client, path)  # the first request fills the figures cache
        queries, size = one_request(app, client, path)
        page_rps, bare_rps, cpu_ratio = measure(app, client, path, bare, seconds, rounds)
        figures.append(PageFigure(key, path, user, page_rps / bare_rps, page_rps, cpu_ratio, bare_rps, queries,
                                  cold, size / 1024))
    if not only or REFERENCE in only:
        figures.append(reference_figure(app, city, bare, seconds, rounds))
    return figures


def reference_figure(app, city: City, bare, seconds: float, rounds: int) -> PageFigure:
    """The issue's yardstick (tests/bench/reference.py) on the same database, timed against the same bare app."""
    with app.app_context():
        user_id = db.session.scalar(select(User.id).where(User.username == city.liaison))
        url = str(db.engine.url.render_as_string(hide_password=False))
    ref = reference_app(url)
    client = reference_client(ref, user_id)
    queries, size = one_request(ref, client, reference.PATH)
    page_rps, bare_rps, cpu_ratio = measure(ref, client, reference.PATH, bare, seconds, rounds)
    with ref.app_context():
        ref.extensions["sqlalchemy"].engine.dispose()
    return PageFigure(REFERENCE, reference.PATH, city.liaison, page_rps / bare_rps, page_rps, cpu_ratio, bare_rps,
                      queries, queries, size / 1024)


def populated_app(scale: float, tmp: str):
    """(app, city, url) with the synthetic city built at `scale` and the clock pinned to its day."""
    url = bench_database_url(tmp)
    app = make_app(url, tmp)
    clock.freeze(TODAY)
    with app.app_context():
        db.create_all()
        city = build_city(scale)
        db.session.remove()
    return app, city, url


def dispose(app, url: str) -> None:
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    if make_url(url).get_backend_name() != "sqlite":
        drop_test_database(url)


def print_figures(figures: list[PageFigure]) -> None:
    print(f"{'page':<18} {'path':<20} {'user':<7} {'ratio':>7} {'cpu':>6} {'page/s':>8} {'bare/s':>8}"
          f" {'queries':>7} {'cold':>5} {'KB':>7}")
    for f in figures:
        print(f"{f.key:<18} {f.path:<20} {f.user:<7} {f.ratio:7.3f} {f.cpu_ratio:6.3f} {f.page_rps:8.0f}"
              f" {f.bare_rps:8.0f} {f.queries:7d} {f.queries_cold:5d} {f.kb:7.1f}")


def profile(app, city: City, key: str, seconds: float, show_all: bool = False) -> None:
    from pyinstrument import Profiler

    template, role = PAGES[key]
    path = template.format(a=city.sample_assignment)
    client = _client(app, users_for(city)[role])
    client.get(path)
    profiler = Profiler(interval=0.0005)
    profiler.start()
    _rate(client, path, seconds)
    profiler.stop()
    print(profiler.output_text(unicode=True, color=False, show_all=show_all))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seconds", type=float, default=0.4)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--profile", choices=list(PAGES))
    parser.add_argument("--all-frames", action="store_true", help="with --profile: the libraries' frames too")
    parser.add_argument("--only", nargs="+", choices=[*PAGES, REFERENCE], help="measure these pages alone")
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="bench-pages-")
    app, city, url = populated_app(args.scale, tmp)
    print(f"database: {url.split('@')[-1]}; {city.assignments} assignments, built in {city.build_s:.1f} s,"
          f" sweep {city.sweep_s:.2f} s")
    try:
        if args.profile:
            profile(app, city, args.profile, args.seconds * args.rounds, args.all_frames)
        else:
            print_figures(measure_pages(app, city, args.seconds, args.rounds, only=args.only))
    finally:
        dispose(app, url)


if __name__ == "__main__":
    main()
