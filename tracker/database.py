"""Database-specific behaviour that belongs to the connection, not to the models."""
from datetime import date, datetime

from sqlalchemy import Date, TypeDecorator, case, event, func
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


def count_if(condition):
    """SUM(CASE WHEN condition THEN 1 ELSE 0 END), 0 when there are no rows."""
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


class SqlDate(TypeDecorator):
    """A DATE computed in SQL (COALESCE of dates and a bound date): SQLite and MariaDB may hand it back as
    text, so results are parsed back into `date` on every database."""

    impl = Date
    cache_ok = True

    def process_result_value(self, value, dialect):
        if isinstance(value, str):
            return date.fromisoformat(value[:10])
        if isinstance(value, datetime):
            return value.date()
        return value


def plain_rows(session, stmt, params: dict | None = None):
    """The rows of a Core select of columns (no entities), through the session's connection and transaction:
    the ORM's execution path (events, entity loading set-up) costs several times the query on a small page,
    and plain rows need none of it. Pending changes are flushed first, as `Session.execute` would (autoflush)."""
    if session.autoflush:
        session.flush()  # a no-op on a clean session
    return session.connection().execute(stmt, params or {})
