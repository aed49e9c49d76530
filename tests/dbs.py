"""A fresh database per test run on SQLite, PostgreSQL or MariaDB (TEST_DATABASE_URL), dropped at the end."""
import os
import uuid

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


def backend() -> str:
    url = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    return make_url(url).get_backend_name()


def create_test_database(tmp_dir: str) -> str:
    base = os.environ.get("TEST_DATABASE_URL", "")
    if not base or base.startswith("sqlite"):
        return f"sqlite:///{tmp_dir}/test.db"
    url = make_url(base)
    name = f"trk_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if url.get_backend_name() == "mysql":
            conn.execute(text(f"CREATE DATABASE {name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"))
        else:
            conn.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def drop_test_database(url_str: str) -> None:
    url = make_url(url_str)
    if url.get_backend_name() == "sqlite":
        return
    admin_url = url.set(database="test")
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if url.get_backend_name() == "postgresql":
            conn.execute(text(f"DROP DATABASE IF EXISTS {url.database} WITH (FORCE)"))
        else:
            conn.execute(text(f"DROP DATABASE IF EXISTS {url.database}"))
    admin.dispose()


def fresh_database(tmp_dir: str, suffix: str):
    """Another empty database next to the test one (for migration checks)."""
    base = os.environ.get("TEST_DATABASE_URL", "")
    if not base or base.startswith("sqlite"):
        return f"sqlite:///{tmp_dir}/{suffix}.db"
    return create_test_database(tmp_dir)
