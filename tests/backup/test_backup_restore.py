"""`tracker backup DIR` / `tracker restore DIR`: a round trip brings back every row and every file, byte for byte."""
import hashlib
import io
import json
from datetime import date
from pathlib import Path

from sqlalchemy import select

from tests.conftest import _wipe
from tests.evidence.conftest import PDF, PNG
from tests.factories import basic_world
from tracker.evidence.services import Incoming, upload_evidence
from tracker.extensions import db


def _rows() -> dict[str, list[dict]]:
    out = {}
    for table in db.metadata.sorted_tables:
        order = list(table.primary_key.columns) or list(table.columns)
        out[table.name] = [dict(r) for r in db.session.execute(select(table).order_by(*order)).mappings()]
    return out


def _hashes(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in folder.rglob("*") if p.is_file()}


def _world_with_files(app):
    world = basic_world()
    a = next(x for x in world.tasks[0].assignments if x.unit_id == world.units["wj"].id)
    upload_evidence(a, world.users["wj"], [Incoming("方案.pdf", io.BytesIO(PDF)), Incoming("照片.png", io.BytesIO(PNG))],
                    today=date(2022, 3, 1), title="实施方案")
    db.session.commit()
    return world


def test_round_trip_brings_back_every_row_and_every_file(app, runner, tmp_path):
    _world_with_files(app)
    uploads = Path(app.config["UPLOAD_FOLDER"])
    rows, files = _rows(), _hashes(uploads)
    assert rows["evidence"] and len(files) == 2
    result = runner.invoke(args=["backup", str(tmp_path / "copy")])
    assert result.exit_code == 0, result.output
    manifest = json.loads((tmp_path / "copy" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["files"] == files and manifest["tables"]["evidence"] == 2
    db.session.remove()
    _wipe()
    for path in uploads.rglob("*"):
        if path.is_file():
            path.unlink()
    result = runner.invoke(args=["restore", str(tmp_path / "copy")])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert _rows() == rows
    assert _hashes(uploads) == files


def test_backup_into_a_used_directory_exits_2(app, runner, tmp_path):
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "x").write_text("x")
    result = runner.invoke(args=["backup", str(tmp_path / "used")])
    assert result.exit_code == 2 and "不是空的" in result.stderr


def test_restore_refuses_an_instance_with_data_and_a_damaged_copy(app, runner, tmp_path):
    _world_with_files(app)
    assert runner.invoke(args=["backup", str(tmp_path / "copy")]).exit_code == 0
    result = runner.invoke(args=["restore", str(tmp_path / "copy")])
    assert result.exit_code == 1 and "空的实例" in result.stderr
    damaged = next(p for p in (tmp_path / "copy" / "uploads").rglob("*") if p.is_file())
    damaged.write_bytes(b"changed")
    result = runner.invoke(args=["restore", str(tmp_path / "copy")])
    assert result.exit_code == 1 and "SHA-256" in result.stderr


def test_restore_of_something_else_exits_2(app, runner, tmp_path):
    result = runner.invoke(args=["restore", str(tmp_path)])
    assert result.exit_code == 2 and "不是本系统的备份目录" in result.stderr
