"""Uploaded lists waiting between preview and confirm: kept under instance/imports/, never round-tripped
through the browser (a unit registry too: `StagedRegistry`). A staged list belongs to the user who uploaded it and to one campaign; who may open it
is the visibility policy's (its uploader only)."""
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from flask import current_app

TOKEN_RE = re.compile(r"[0-9a-f]{32}")


@dataclass(frozen=True)
class StagedImport:
    """An import preview: the token naming the upload, its uploader and its campaign."""

    token: str
    user_id: int
    campaign_id: int

    @property
    def path(self) -> Path:
        return staging_dir() / f"{self.user_id}-{self.campaign_id}-{self.token}.xlsx"


@dataclass(frozen=True)
class StagedRegistry:
    """A unit-registry preview: the token naming the upload and its uploader (one registry per instance)."""

    token: str
    user_id: int

    @property
    def path(self) -> Path:
        return staging_dir() / f"registry-{self.user_id}-{self.token}.xlsx"


def staging_dir() -> Path:
    path = Path(current_app.instance_path) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def stage(data: bytes, user_id: int, campaign_id: int) -> str:
    """Keep the upload; returns the token naming it."""
    token = secrets.token_hex(16)
    StagedImport(token, user_id, campaign_id).path.write_bytes(data)
    return token


def find(campaign_id: int, token: str) -> StagedImport | None:
    """The campaign's staged upload named by the token, whoever uploaded it; None if none (or malformed)."""
    if not TOKEN_RE.fullmatch(token or ""):
        return None
    for path in staging_dir().glob(f"*-{int(campaign_id)}-{token}.xlsx"):
        user, campaign, _ = path.name.split("-", 2)
        if user.isdigit() and campaign == str(campaign_id):
            return StagedImport(token, int(user), campaign_id)
    return None


def stage_registry(data: bytes, user_id: int) -> str:
    """Keep a registry upload between preview and confirm; returns the token naming it."""
    token = secrets.token_hex(16)
    StagedRegistry(token, user_id).path.write_bytes(data)
    return token


def find_registry(token: str) -> StagedRegistry | None:
    """The staged registry upload named by the token, whoever uploaded it; None if none (or malformed)."""
    if not TOKEN_RE.fullmatch(token or ""):
        return None
    for path in staging_dir().glob(f"registry-*-{token}.xlsx"):
        user = path.name.split("-")[1]
        if user.isdigit():
            return StagedRegistry(token, int(user))
    return None


def load(staged: StagedImport | StagedRegistry) -> bytes:
    """The staged bytes, or FileNotFoundError (discarded meanwhile)."""
    return staged.path.read_bytes()


def discard(staged: StagedImport | StagedRegistry) -> None:
    staged.path.unlink(missing_ok=True)
