"""SQLite connections enforce foreign keys and wait for a busy file (web and scheduler share it)."""
from sqlalchemy import create_engine, text

from tracker.database import enable_sqlite_foreign_keys


def test_sqlite_connections_enforce_foreign_keys_and_wait_when_busy(tmp_path):
    enable_sqlite_foreign_keys()
    engine = create_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 10000
    engine.dispose()
