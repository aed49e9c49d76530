"""Uploads waiting between preview and confirm — a responsibility list (`StagedImport`) or the unit registry
(`StagedRegistry`): kept under instance/imports/, never round-tripped through the browser. A staged upload
belongs to the user who uploaded it; who may open it is the visibility policy's (its uploader only).

What is kept is the workbook as parsed (JSON, mode 0600), not the file: an upload is read once, and the
preview, the mapping step and the confirm work from what was read (resolving units again, as the office may
have added aliases meanwhile). A staged upload expires after IMPORT_STAGE_HOURS; expired ones are removed at
the next upload.
"""
import json
import os
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from flask import current_app

from tracker.imports.parser import ParsedSheet, sheet_from_json, sheet_to_json
from tracker.units.registry_io import RegistryBook, book_from_json, book_to_json

TOKEN_RE = re.compile(r"[0-9a-f]{32}")
SUFFIXES = (".json", ".xlsx")  # .xlsx: what earlier versions kept, purged like the rest


@dataclass(frozen=True)
class StagedImport:
    """An import preview: the token naming the upload, its uploader and its campaign."""

    token: str
    user_id: int
    campaign_id: int

    @property
    def path(self) -> Path:
        return staging_dir() / f"{self.user_id}-{self.campaign_id}-{self.token}.json"


@dataclass(frozen=True)
class StagedRegistry:
    """A unit-registry preview: the token naming the upload and its uploader (one registry per instance)."""

    token: str
    user_id: int

    @property
    def path(self) -> Path:
        return staging_dir() / f"registry-{self.user_id}-{self.token}.json"


@dataclass(frozen=True)
class StagedTable:
    """Another importer's parsed table (a body's member directory, say), kept like a list: by its kind, its
    uploader and its campaign. The importer gives and takes plain JSON data."""

    kind: str  # lowercase letters only: the file name's prefix
    token: str
    user_id: int
    campaign_id: int

    @property
    def path(self) -> Path:
        return staging_dir() / f"{self.kind}-{self.user_id}-{self.campaign_id}-{self.token}.json"


def staging_dir() -> Path:
    path = Path(current_app.instance_path) / "imports"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def stage(sheet: ParsedSheet, user_id: int, campaign_id: int) -> str:
    """Keep a parsed list; returns the token naming it."""
    token = secrets.token_hex(16)
    _write(StagedImport(token, user_id, campaign_id).path, sheet_to_json(sheet))
    return token


def find(campaign_id: int, token: str) -> StagedImport | None:
    """The campaign's staged list named by the token, whoever uploaded it; None if none (or malformed)."""
    if not TOKEN_RE.fullmatch(token or ""):
        return None
    for path in staging_dir().glob(f"*-{int(campaign_id)}-{token}.json"):
        user, campaign, _ = path.name.split("-", 2)
        if user.isdigit() and campaign == str(campaign_id):
            return StagedImport(token, int(user), campaign_id)
    return None


def load(staged: StagedImport) -> ParsedSheet:
    """The staged list, or FileNotFoundError (discarded or expired meanwhile)."""
    return sheet_from_json(_read(staged.path))


def stage_registry(book: RegistryBook, user_id: int) -> str:
    """Keep a parsed registry between preview and confirm; returns the token naming it."""
    token = secrets.token_hex(16)
    _write(StagedRegistry(token, user_id).path, book_to_json(book))
    return token


def find_registry(token: str) -> StagedRegistry | None:
    """The staged registry named by the token, whoever uploaded it; None if none (or malformed)."""
    if not TOKEN_RE.fullmatch(token or ""):
        return None
    for path in staging_dir().glob(f"registry-*-{token}.json"):
        user = path.name.split("-")[1]
        if user.isdigit():
            return StagedRegistry(token, int(user))
    return None


def load_registry(staged: StagedRegistry) -> RegistryBook:
    """The staged registry, or FileNotFoundError (discarded or expired meanwhile)."""
    return book_from_json(_read(staged.path))


def stage_table(kind: str, data: dict, user_id: int, campaign_id: int) -> str:
    """Keep another importer's parsed table between preview and confirm; returns the token naming it."""
    token = secrets.token_hex(16)
    _write(StagedTable(kind, token, user_id, campaign_id).path, data)
    return token


def find_table(kind: str, campaign_id: int, token: str) -> StagedTable | None:
    """The campaign's staged table of that kind named by the token, whoever uploaded it; None if none."""
    if not TOKEN_RE.fullmatch(token or "") or not kind.isalpha():
        return None
    for path in staging_dir().glob(f"{kind}-*-{int(campaign_id)}-{token}.json"):
        user = path.name.split("-")[1]
        if user.isdigit():
            return StagedTable(kind, token, int(user), campaign_id)
    return None


def load_table(staged: StagedTable) -> dict:
    """The staged table's data, or FileNotFoundError (discarded or expired meanwhile)."""
    return _read(staged.path)


def discard(staged: StagedImport | StagedRegistry | StagedTable) -> None:
    staged.path.unlink(missing_ok=True)


def purge_expired(now: float | None = None) -> int:
    """Remove every staged upload older than IMPORT_STAGE_HOURS; returns how many."""
    now = time.time() if now is None else now
    removed = 0
    for path in staging_dir().iterdir():
        try:
            if path.suffix in SUFFIXES and _expired(path, now):
                path.unlink()
                removed += 1
        except FileNotFoundError:  # removed by another worker meanwhile
            continue
    return removed


def _write(path: Path, data: dict) -> None:
    """Readable by this process's user only; the expired uploads of everyone go first."""
    purge_expired()
    with open(path, "x", encoding="utf-8", opener=_private) as out:
        json.dump(data, out, ensure_ascii=False)


def _private(path: str, flags: int) -> int:
    return os.open(path, flags, 0o600)


def _read(path: Path) -> dict:
    if _expired(path, time.time()):
        path.unlink(missing_ok=True)
        raise FileNotFoundError(path.name)
    return json.loads(path.read_text(encoding="utf-8"))


def _expired(path: Path, now: float) -> bool:
    return now - path.stat().st_mtime > float(current_app.config["IMPORT_STAGE_HOURS"]) * 3600
