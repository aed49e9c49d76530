"""Uploading evidence: several files at once, checked by content and size, all or nothing."""
import hashlib
import io
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.assignments.conftest import assignment_of, fresh
from tests.evidence.conftest import EXE, JPG, PDF, PNG, ooxml, upload
from tests.factories import make_task
from tracker.audit.services import timeline_for_assignment
from tracker.evidence import storage
from tracker.evidence.models import Evidence, EvidenceLink
from tracker.evidence.services import Incoming, upload_evidence
from tracker.extensions import db


def files_on_disk(app) -> list[Path]:
    root = Path(app.config["UPLOAD_FOLDER"])
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def counts() -> tuple[int, int]:
    return (db.session.scalar(select(func.count(Evidence.id))),
            db.session.scalar(select(func.count(EvidenceLink.id))))


def test_upload_several_files_keeps_names_hash_and_starts_work(app, world, login):
    a = assignment_of(world, 0, "wj")
    resp = upload(login("wj"), a.id, ("实施意见（印发稿）.pdf", PDF), ("现场照片.png", PNG),
                  title="", document_date="2022-03-01")
    assert resp.status_code == 200 and resp.json["ok"]
    assert resp.json["version"] == fresh(a).version
    rows = db.session.scalars(select(Evidence).order_by(Evidence.id)).all()
    assert [(e.original_name, e.kind, e.content_type) for e in rows] == [
        ("实施意见（印发稿）.pdf", "pdf", "application/pdf"), ("现场照片.png", "png", "image/png")]
    assert rows[0].sha256 == hashlib.sha256(PDF).hexdigest() and rows[0].size == len(PDF)
    assert str(rows[0].document_date) == "2022-03-01"
    assert rows[0].stored_name != rows[0].original_name
    assert storage.stored_path(rows[0].stored_name).read_bytes() == PDF
    assert fresh(a).status == "in_progress"
    assert "上传材料：现场照片.png" in [e.summary for e in timeline_for_assignment(a.id)]
    assert not list((Path(app.config["UPLOAD_FOLDER"]) / "tmp").iterdir())


def test_document_date_defaults_to_the_upload_day(world, login):
    a = assignment_of(world, 0, "wj")
    upload(login("wj"), a.id, ("a.pdf", PDF), title="批复")
    e = db.session.scalar(select(Evidence))
    assert e.document_date == e.created_at.date() or (e.created_at.date() - e.document_date).days <= 1
    assert e.title == "批复"


@pytest.mark.parametrize("files,message", [
    ([("程序.exe", EXE)], "不是允许的文件类型"),
    ([("程序.pdf", EXE)], "「程序.pdf」的文件内容不是有效的 PDF 文件"),
    ([("假文件.pdf", "只是文字".encode())], "不是有效的 PDF 文件"),
    ([("扫描件.jpeg", EXE)], "不是有效的 JPG 文件"),
    ([("照片.pdf", PNG)], "与扩展名不符"),
    ([("ok.pdf", PDF), ("坏文件.docx", EXE)], "坏文件.docx"),
    ([("空.pdf", b"")], "空文件"),
    ([], "请选择"),
])
def test_bad_files_leave_no_file_and_no_row(app, world, login, files, message):
    a = assignment_of(world, 0, "wj")
    resp = upload(login("wj"), a.id, *files)
    assert resp.status_code == 400 and message in resp.json["message"]
    assert counts() == (0, 0) and files_on_disk(app) == []
    assert fresh(a).status == "not_started"


def test_per_file_cap(app, world, login):
    app.config["EVIDENCE_FILE_MAX_MB"] = 0.001  # about 1 KB
    try:
        resp = upload(login("wj"), assignment_of(world, 0, "wj").id, ("大.pdf", PDF + b"0" * 2000))
    finally:
        app.config["EVIDENCE_FILE_MAX_MB"] = 50
    assert resp.status_code == 400 and "超过单个文件" in resp.json["message"]
    assert counts() == (0, 0) and files_on_disk(app) == []


def test_per_assignment_cap_counts_files_already_linked(app, world, login):
    a = assignment_of(world, 0, "wj")
    client = login("wj")
    app.config["EVIDENCE_ASSIGNMENT_MAX_MB"] = 0.0002  # about 200 bytes
    try:
        assert upload(client, a.id, ("a.pdf", PDF)).status_code == 200
        resp = upload(client, a.id, ("b.pdf", PDF + b"1" * 150))
    finally:
        app.config["EVIDENCE_ASSIGNMENT_MAX_MB"] = 500
    assert resp.status_code == 400 and "总量" in resp.json["message"]
    assert counts() == (1, 1) and len(files_on_disk(app)) == 1


def test_failure_while_moving_removes_files_already_moved(app, world, monkeypatch):
    a = assignment_of(world, 0, "wj")
    real, calls = storage.move_into_place, []

    def flaky(tmp, name):
        calls.append(name)
        if len(calls) == 2:
            raise OSError("disk full")
        return real(tmp, name)

    monkeypatch.setattr(storage, "move_into_place", flaky)
    with pytest.raises(OSError):
        upload_evidence(a, world.users["wj"], [Incoming("a.pdf", io.BytesIO(PDF)),
                                                  Incoming("b.png", io.BytesIO(PNG))], today=a.created_at.date())
    db.session.rollback()
    assert files_on_disk(app) == [] and counts() == (0, 0)


def test_same_file_uploaded_again_is_refused_with_an_offer_to_link_it(app, world, login):
    """Never silently keeps the old date and title: it says so and offers the file the unit already holds."""
    client = login("wj")
    first = assignment_of(world, 0, "wj")
    other = make_task(world.campaign, "另一任务", [world.units["wj"]])
    db.session.commit()
    upload(client, first.id, ("a.pdf", PDF))
    resp = upload(client, other.assignments[0].id, ("副本.pdf", PDF))
    assert resp.status_code == 400 and "是同一个文件" in resp.json["message"] and "材料形成日期" in resp.json["message"]
    assert resp.json["evidence_id"] and resp.json["link"].endswith(f"/assignments/{other.assignments[0].id}/evidence/link")
    assert counts() == (1, 1) and len(files_on_disk(app)) == 1
    again = upload(client, first.id, ("a.pdf", PDF))
    assert again.status_code == 400 and "已在本任务" in again.json["message"] and "link" not in again.json


def test_duplicate_without_javascript_lands_on_the_library_offering_the_file(app, world, login):
    client = login("wj")
    first = assignment_of(world, 0, "wj")
    other = make_task(world.campaign, "另一任务", [world.units["wj"]])
    db.session.commit()
    upload(client, first.id, ("a.pdf", PDF))
    resp = client.post(f"/assignments/{other.assignments[0].id}/evidence",
                       data={"files": [(io.BytesIO(PDF), "副本.pdf")]}, content_type="multipart/form-data",
                       follow_redirects=True)
    html = resp.get_data(as_text=True)
    assert 'data-testid="offered"' in html and "关联已有文件到本任务" in html


def test_upload_refused_when_submitted(app, world, login):
    a = assignment_of(world, 0, "wj")
    a.status = "submitted"
    db.session.commit()
    resp = upload(login("wj"), a.id, ("a.pdf", PDF))
    assert resp.status_code == 400 and "已提交" in resp.json["message"]
    assert counts() == (0, 0) and files_on_disk(app) == []


def test_plain_form_upload_redirects_with_message(world, login):
    a = assignment_of(world, 0, "wj")
    client = login("wj")
    resp = client.post(f"/assignments/{a.id}/evidence", data={"files": [(io.BytesIO(JPG), "图.jpg")]},
                       content_type="multipart/form-data")
    assert resp.status_code == 302
    assert "已上传 1 个文件" in client.get(resp.location).get_data(as_text=True)


def test_office_documents_are_accepted(world, login):
    a = assignment_of(world, 0, "wj")
    resp = upload(login("wj"), a.id, ("表.xlsx", ooxml("xl/workbook.xml")), ("稿.docx", ooxml("word/document.xml")))
    assert resp.status_code == 200
    assert {e.kind for e in db.session.scalars(select(Evidence))} == {"xlsx", "docx"}


def test_control_and_direction_characters_are_dropped_from_file_names(world, login):
    a = assignment_of(world, 0, "wj")
    client = login("wj")
    assert upload(client, a.id, ("实施\x00意见\x0b\u202e.pdf", PDF)).json["ok"]
    evidence = db.session.scalar(select(Evidence))
    assert evidence.original_name == "实施意见.pdf"
    with client.get(f"/evidence/{evidence.id}/download") as resp:
        assert not any(ord(c) < 32 for c in resp.headers["Content-Disposition"])
