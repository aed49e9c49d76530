"""A consistent copy of an instance and its way back: `tracker backup DIR` / `tracker restore DIR`.

DIR gets `manifest.json` (format, database kind, row counts per table, the SHA-256 of every file), `data/` (a
portable logical export: one JSON-lines file per table, read in one snapshot transaction), `uploads/` (the
evidence files) and a native copy when one can be made: `tracker.db` through SQLite's online backup API, or
`database.pgdump` / `database.sql` from pg_dump / mariadb-dump when they are installed. Restore reads the logical
export into an empty instance (schema migrated, no rows), so a copy moves between SQLite, PostgreSQL and MariaDB;
every file's hash is checked before anything is written.
"""
import base64
import hashlib
import json
import shutil
import sqlite3
import subprocess
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path

from flask import current_app
from flask_migrate import upgrade
from sqlalchemy import func, insert, inspect, select, text
from sqlalchemy.engine import make_url

from tracker import models  # noqa: F401 — every table of the schema
from tracker.errors import Refusal, UsageError
from tracker.extensions import db
from tracker.timeutil import utcnow

FORMAT = 1
MANIFEST = "manifest.json"
BATCH = 1000


def _tables():
    return list(db.metadata.sorted_tables)


def _encode(value):
    if isinstance(value, datetime):
        return {"$dt": value.isoformat()}
    if isinstance(value, date):
        return {"$d": value.isoformat()}
    if isinstance(value, time):
        return {"$t": value.isoformat()}
    if isinstance(value, Decimal):
        return {"$dec": str(value)}
    if isinstance(value, bytes):
        return {"$b": base64.b64encode(value).decode()}
    return value


def _decode(value):
    if isinstance(value, dict) and len(value) == 1:
        (tag, raw), = value.items()
        kinds = {"$dt": datetime.fromisoformat, "$d": date.fromisoformat, "$t": time.fromisoformat,
                 "$dec": Decimal, "$b": base64.b64decode}
        if tag in kinds:
            return kinds[tag](raw)
    return value


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def backup(target: Path) -> dict:
    """Write the copy into `target` (new or empty); the manifest it wrote."""
    if target.exists() and any(target.iterdir()):
        raise UsageError(f"备份目录不是空的：{target}（请指定新的目录）")
    (target / "data").mkdir(parents=True, exist_ok=True)
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    counts = _export_rows(target / "data", url.get_backend_name())
    native = _native_copy(target, url)
    files = _copy_uploads(Path(current_app.config["UPLOAD_FOLDER"]), target / "uploads")
    manifest = {"format": FORMAT, "created_at": utcnow().isoformat(), "database": url.get_backend_name(),
                "native": native, "tables": counts, "files": files}
    (target / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return manifest


def _export_rows(folder: Path, backend: str) -> dict[str, int]:
    """Every row of every table, in one transaction: a snapshot (REPEATABLE READ where the database has it)."""
    options = {} if backend == "sqlite" else {"isolation_level": "REPEATABLE READ"}
    counts = {}
    with db.engine.connect().execution_options(**options) as conn, conn.begin():
        for table in _tables():
            n = 0
            with (folder / f"{table.name}.jsonl").open("w", encoding="utf-8") as out:
                order = list(table.primary_key.columns) or list(table.columns)
                for row in conn.execute(select(table).order_by(*order)).mappings():
                    out.write(json.dumps({k: _encode(v) for k, v in row.items()}, ensure_ascii=False) + "\n")
                    n += 1
            counts[table.name] = n
    return counts


def _native_copy(target: Path, url) -> str | None:
    """The database's own copy, when one can be made here (never needed by restore)."""
    backend = url.get_backend_name()
    if backend == "sqlite" and url.database and url.database != ":memory:":
        source, copy = sqlite3.connect(url.database), sqlite3.connect(target / "tracker.db")
        with source, copy:
            source.backup(copy)  # the online backup API: consistent while the app keeps writing
        source.close()
        copy.close()
        return "tracker.db"
    if backend == "postgresql" and shutil.which("pg_dump"):
        plain = url.set(drivername="postgresql").render_as_string(hide_password=False)
        subprocess.run(["pg_dump", "--format=custom", "--no-owner", "-f", str(target / "database.pgdump"), plain],
                       check=True, capture_output=True, timeout=3600)
        return "database.pgdump"
    dump = shutil.which("mariadb-dump") or shutil.which("mysqldump")
    if backend in ("mysql", "mariadb") and dump:
        args = [dump, "--single-transaction", "--routines", "-h", url.host or "127.0.0.1", "-P", str(url.port or 3306),
                "-u", url.username or "root", url.database]
        env = {"MYSQL_PWD": url.password or "", "PATH": "/usr/bin:/bin"}
        with (target / "database.sql").open("wb") as out:
            subprocess.run(args, check=True, stdout=out, stderr=subprocess.PIPE, env=env, timeout=3600)
        return "database.sql"
    return None


def _copy_uploads(source: Path, target: Path) -> dict[str, str]:
    files = {}
    target.mkdir(parents=True, exist_ok=True)
    if not source.exists():
        return files
    for path in sorted(p for p in source.rglob("*") if p.is_file()):
        rel = path.relative_to(source).as_posix()
        (target / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target / rel)
        files[rel] = sha256(target / rel)
    return files


def read_manifest(source: Path) -> dict:
    try:
        manifest = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UsageError(f"不是本系统的备份目录（缺少或无法读取 {MANIFEST}）：{source}") from exc
    if manifest.get("format") != FORMAT:
        raise UsageError(f"备份格式 {manifest.get('format')} 不受支持。")
    return manifest


def restore(source: Path) -> dict:
    """Bring a copy back into this (empty) instance: files checked first, then rows, then files."""
    manifest = read_manifest(source)
    bad = [rel for rel, digest in manifest["files"].items()
           if not (source / "uploads" / rel).is_file() or sha256(source / "uploads" / rel) != digest]
    if bad:
        raise Refusal(f"备份中有 {len(bad)} 个文件缺失或与清单的 SHA-256 不符（如 {bad[0]}），未恢复任何内容。")
    if "alembic_version" in inspect(db.engine).get_table_names() or not inspect(db.engine).get_table_names():
        upgrade()  # the schema, on a new database (or one migrated before)
    db.session.remove()
    _require_empty(Path(current_app.config["UPLOAD_FOLDER"]))
    _import_rows(source / "data")
    _restore_uploads(source / "uploads", Path(current_app.config["UPLOAD_FOLDER"]), manifest["files"])
    return manifest


def _require_empty(uploads: Path) -> None:
    full = [t.name for t in _tables() if db.session.scalar(select(func.count()).select_from(t))]
    if full:
        raise Refusal(f"只能恢复到空的实例：表 {'、'.join(full[:5])} 已有数据。")
    if uploads.exists() and any(p.is_file() for p in uploads.rglob("*")):
        raise Refusal(f"只能恢复到空的实例：上传目录 {uploads} 中已有文件。")


def _import_rows(folder: Path) -> None:
    with db.engine.begin() as conn:
        for table in _tables():
            path = folder / f"{table.name}.jsonl"
            if not path.exists():
                continue
            batch = []
            with path.open(encoding="utf-8") as rows:
                for line in rows:
                    batch.append({k: _decode(v) for k, v in json.loads(line).items()})
                    if len(batch) >= BATCH:
                        conn.execute(insert(table), batch)
                        batch = []
            if batch:
                conn.execute(insert(table), batch)
        if conn.dialect.name == "postgresql":
            _reset_sequences(conn)


def _reset_sequences(conn) -> None:
    """PostgreSQL hands out ids from sequences: move each past the restored rows."""
    for table in _tables():
        for column in table.primary_key.columns:
            if column.autoincrement is True or (column.autoincrement == "auto" and column.type.python_type is int):
                seq = conn.execute(text("SELECT pg_get_serial_sequence(:t, :c)"),
                                   {"t": table.name, "c": column.name}).scalar()
                if seq:
                    conn.execute(text(f"SELECT setval('{seq}', COALESCE((SELECT MAX({column.name}) FROM "  # noqa: S608
                                      f"{table.name}), 0) + 1, false)"))


def _restore_uploads(source: Path, target: Path, files: dict[str, str]) -> None:
    for rel in files:
        (target / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source / rel, target / rel)
