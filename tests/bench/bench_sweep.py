"""Benchmark: sweep_deadlines over 25,000 assignments. Prints figures; asserts nothing about time.

    python -m tests.bench.bench_sweep [--assignments 25000] [--database-url URL]

Without --database-url it uses a temporary SQLite file (or TEST_DATABASE_URL's server, in a fresh database).
"""
import argparse
import os
import tempfile
import time
from datetime import date, timedelta

from sqlalchemy import insert, select, text

from tests.dbs import create_test_database, drop_test_database
from tracker import create_app
from tracker.config import engine_options
from tracker.extensions import db

TODAY = date(2022, 5, 20)


def populate(n_assignments: int, units: int = 100) -> None:
    """Tasks × units in bulk: deadlines spread around today, a quarter without deadline, a tenth submitted."""
    from tests.factories import make_campaign
    from tracker.assignments.models import Assignment
    from tracker.tasks.models import Category, Task
    from tracker.units.models import Unit

    campaign = make_campaign()
    db.session.execute(insert(Unit), [{"name": f"单位{i:03d}"} for i in range(units)])
    db.session.add(Category(campaign=campaign, name="类别"))
    db.session.flush()
    unit_ids = list(db.session.scalars(select(Unit.id)))
    cat_id = db.session.scalar(select(Category.id))
    n_tasks = n_assignments // 5
    db.session.execute(insert(Task), [
        {"campaign_id": campaign.id, "category_id": cat_id, "sequence": i, "title": f"任务{i}",
         "title_key": f"{i:064d}", "deadline": None if i % 4 == 0 else TODAY + timedelta(days=(i % 90) - 60)}
        for i in range(n_tasks)])
    task_ids = list(db.session.scalars(select(Task.id).order_by(Task.id)))
    db.session.execute(insert(Assignment), [
        {"task_id": tid, "unit_id": unit_ids[(i * 5 + j) % units], "role": "lead" if j == 0 else "co",
         "position": j, "status": "submitted" if (i + j) % 10 == 0 else "in_progress", "version": 1}
        for i, tid in enumerate(task_ids) for j in range(5)])
    db.session.commit()
    analyze()


def analyze() -> None:
    """Planner statistics, as autovacuum would have gathered them after a real import."""
    dialect = db.engine.dialect.name
    if dialect == "postgresql":
        db.session.execute(text("ANALYZE"))
    elif dialect == "mysql":
        db.session.execute(text("ANALYZE TABLE tasks, assignments, units"))
    db.session.commit()


def timed(label: str, fn):
    start = time.perf_counter()
    result = fn()
    print(f"{label:<44} {time.perf_counter() - start:7.2f} s")
    return result


def run(n: int) -> None:
    from tracker.campaigns.models import Campaign
    from tracker.scheduler.sweep import sweep_deadlines

    timed(f"populate {n} assignments", lambda: populate(n))
    campaign = db.session.scalar(select(Campaign))

    def sweep(day):
        result = sweep_deadlines(campaign, day)
        db.session.commit()
        return result

    first = timed("first sweep (bulk insert)", lambda: sweep(TODAY))
    print(f"  created {len(first.created)}, open {first.open}")
    again = timed("second sweep same day (no changes)", lambda: sweep(TODAY))
    print(f"  created {len(again.created)}, closed {again.closed}")
    nxt = timed("next day (some close, some open)", lambda: sweep(TODAY + timedelta(days=1)))
    print(f"  created {len(nxt.created)}, closed {nxt.closed}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--assignments", type=int, default=25_000)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="bench-sweep-")
    url = args.database_url or create_test_database(tmp)
    os.environ.setdefault("SECRET_KEY", "bench")
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SQLALCHEMY_ENGINE_OPTIONS": engine_options(url)})
    app.instance_path = tmp
    print(f"database: {url.split('@')[-1]}")
    with app.app_context():
        db.create_all()
        try:
            run(args.assignments)
        finally:
            db.session.remove()
            db.engine.dispose()
    if not args.database_url:
        drop_test_database(url)


if __name__ == "__main__":
    main()
