"""Uploaded lists waiting between preview and confirm: kept under instance/imports/, never round-tripped
through the browser. A file belongs to the user who uploaded it and to one campaign."""
import re
import secrets
from pathlib import Path

from flask import current_app

TOKEN_RE = re.compile(r"[0-9a-f]{32}")


def staging_dir() -> Path:
    path = Path(current_app.instance_path) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _path(user_id: int, campaign_id: int, token: str) -> Path:
    if not TOKEN_RE.fullmatch(token):
        raise FileNotFoundError(token)
    return staging_dir() / f"{user_id}-{campaign_id}-{token}.xlsx"


def stage(data: bytes, user_id: int, campaign_id: int) -> str:
    """Keep the upload; returns the token naming it."""
    token = secrets.token_hex(16)
    _path(user_id, campaign_id, token).write_bytes(data)
    return token


def load(user_id: int, campaign_id: int, token: str) -> bytes:
    """The staged bytes, or FileNotFoundError (expired, someone else's, or another campaign's)."""
    return _path(user_id, campaign_id, token).read_bytes()


def discard(user_id: int, campaign_id: int, token: str) -> None:
    _path(user_id, campaign_id, token).unlink(missing_ok=True)
