"""Settings from environment variables, with safe defaults for the demo."""
import os
import secrets
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # the checkout: templates/, static/, migrations/


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def _secret_key(instance: Path) -> str:
    """SECRET_KEY from the environment, or generated once into instance/ for the demo."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    path = instance / "secret_key"
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def protect_instance(config: dict, instance_path: str) -> None:
    """Files this process creates are its own (umask 077): the SQLite database, uploads, exports and the secret
    key are 0600, their folders 0700; the instance, upload and export folders are made (or tightened) so."""
    os.umask(0o077)
    for folder in (instance_path, config["UPLOAD_FOLDER"], config["EXPORT_FOLDER"]):
        path = Path(folder)
        path.mkdir(parents=True, exist_ok=True)
        if path.stat().st_uid == os.getuid():
            path.chmod(0o700)


def engine_options(url: str) -> dict:
    if url.startswith("mysql"):
        # READ COMMITTED as on PostgreSQL, so both databases behave alike
        return {"pool_pre_ping": True, "pool_recycle": 3600, "isolation_level": "READ COMMITTED"}
    if url.startswith("postgresql"):
        return {"pool_pre_ping": True}
    return {}


def load_config(instance_path: str) -> dict:
    instance = Path(instance_path)
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{instance / 'tracker.db'}"
    return {
        "SQLALCHEMY_DATABASE_URI": url,
        "SQLALCHEMY_ENGINE_OPTIONS": engine_options(url),
        "SECRET_KEY": _secret_key(instance),
        "UPLOAD_FOLDER": os.environ.get("UPLOAD_FOLDER") or str(instance / "uploads"),
        "EXPORT_FOLDER": os.environ.get("EXPORT_FOLDER") or str(instance / "exports"),
        "MAX_CONTENT_LENGTH": _int("MAX_UPLOAD_MB", 200) * 1024 * 1024,
        "IMPORT_MAX_MB": _int("IMPORT_MAX_MB", 10),
        "IMPORT_MAX_ROWS": _int("IMPORT_MAX_ROWS", 5000),
        "IMPORT_STAGE_HOURS": _int("IMPORT_STAGE_HOURS", 24),
        "EVIDENCE_FILE_MAX_MB": _int("EVIDENCE_FILE_MAX_MB", 50),
        "EVIDENCE_ASSIGNMENT_MAX_MB": _int("EVIDENCE_ASSIGNMENT_MAX_MB", 500),
        "REPORT_PACKAGE_MAX_MB": _int("REPORT_PACKAGE_MAX_MB", 200),  # larger report packages: tracker cycle package
        "SCHEDULER_SWEEP_TIME": os.environ.get("SCHEDULER_SWEEP_TIME", "08:00"),
        # robots are reached only on their official hosts, plus these (comma-separated host, host:port, http://…)
        "WEBHOOK_ALLOWED_HOSTS": os.environ.get("WEBHOOK_ALLOWED_HOSTS", ""),
        "SMTP_HOST": os.environ.get("SMTP_HOST", ""),
        "SMTP_PORT": _int("SMTP_PORT", 465),
        "SMTP_SECURITY": os.environ.get("SMTP_SECURITY", "ssl"),  # ssl | starttls | none
        "SMTP_USER": os.environ.get("SMTP_USER", ""),
        "SMTP_PASSWORD": os.environ.get("SMTP_PASSWORD", ""),
        "SMTP_FROM": os.environ.get("SMTP_FROM", "tracker@localhost"),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": os.environ.get("SESSION_COOKIE_SECURE", "") == "1",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SECURE": os.environ.get("SESSION_COOKIE_SECURE", "") == "1",
        # proxies in front of the app whose X-Forwarded-For is trusted (nginx: 1): the login throttle's address
        "TRUSTED_PROXIES": _int("TRUSTED_PROXIES", 0),
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "WTF_CSRF_TIME_LIMIT": None,
        "PREFERRED_URL_SCHEME": os.environ.get("PREFERRED_URL_SCHEME", "http"),
    }
