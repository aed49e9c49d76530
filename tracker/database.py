"""Database-specific behaviour that belongs to the connection, not to the models."""
from sqlalchemy import event
from sqlalchemy.engine import Engine

_registered = False


def _on_connect(dbapi_connection, connection_record):
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.close()


def enable_sqlite_foreign_keys() -> None:
    """SQLite enforces foreign keys only when asked, per connection."""
    global _registered
    if not _registered:
        event.listen(Engine, "connect", _on_connect)
        _registered = True
