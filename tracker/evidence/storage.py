"""Files on disk under UPLOAD_FOLDER/evidence, with generated names, outside static/.

An upload is streamed to a temporary file first and moved into place only after the database flush
succeeded; whoever fails afterwards removes what was moved (`discard`), so no stray file remains.
"""
import hashlib
import os
import uuid
from pathlib import Path

from flask import current_app

CHUNK = 1024 * 1024


class TooLarge(Exception):
    """The stream exceeded the allowed size."""


def evidence_dir() -> Path:
    path = Path(current_app.config["UPLOAD_FOLDER"]) / "evidence"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _tmp_dir() -> Path:
    path = Path(current_app.config["UPLOAD_FOLDER"]) / "tmp"
    path.mkdir(parents=True, exist_ok=True)
    return path


def new_stored_name(kind: str) -> str:
    return f"{uuid.uuid4().hex}.{kind}"


def stream_to_temp(stream, limit: int) -> tuple[Path, int, str]:
    """Copy `stream` to a temporary file, refusing more than `limit` bytes. Returns path, size, sha256."""
    digest, size = hashlib.sha256(), 0
    path = _tmp_dir() / f"{uuid.uuid4().hex}.part"
    try:
        with path.open("wb") as out:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                if size > limit:
                    raise TooLarge
                digest.update(chunk)
                out.write(chunk)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path, size, digest.hexdigest()


def move_into_place(tmp: Path, stored_name: str) -> Path:
    target = evidence_dir() / stored_name
    os.replace(tmp, target)
    return target


def stored_path(stored_name: str) -> Path:
    return evidence_dir() / stored_name


def discard(paths) -> None:
    for path in paths:
        Path(path).unlink(missing_ok=True)
