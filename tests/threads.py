"""Two (or more) workers at once, each on its own connection: the one way the race tests run them."""
import threading
from collections.abc import Callable

from tracker.extensions import db


def run_at_once(app, work: Callable, *, workers: int = 2, together: bool = True, join_seconds: int = 60) -> list:
    """Run `work()` in `workers` threads, each in its own app context (its own session and connection), and
    return what each returned. With `together`, all start `work` at the same moment (a barrier); without, the
    test synchronises them itself (at a lock, say). Each thread commits its work, or rolls back and records the
    exception: the test fails if any thread raised."""
    barrier, results, errors = threading.Barrier(workers, timeout=30), [], []

    def target():
        with app.app_context():
            try:
                if together:
                    barrier.wait()
                results.append(work())
                db.session.commit()
            except Exception as exc:  # reported below
                db.session.rollback()
                errors.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=target) for _ in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(join_seconds)
    assert errors == [], f"a worker raised: {errors!r}"  # (this module is not assertion-rewritten)
    return results
