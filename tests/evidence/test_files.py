"""Download, preview, the unit's library, linking one file to several assignments and unlinking."""
from sqlalchemy import func, select

from tests.assignments.conftest import assignment_of, fresh
from tests.evidence.conftest import PDF, ooxml, upload
from tests.factories import make_task
from tracker.audit.services import timeline_for_assignment
from tracker.evidence import storage
from tracker.evidence.models import Evidence, EvidenceLink
from tracker.extensions import db


def _get(client, url):
    """GET a file and close the stream (send_file keeps it open until then)."""
    resp = client.get(url)
    resp.get_data()
    resp.close()
    return resp


def _uploaded(client, a, name="实施意见.pdf", content=PDF) -> Evidence:
    assert upload(client, a.id, (name, content)).status_code == 200
    return db.session.scalar(select(Evidence).where(Evidence.original_name == name))


def test_download_is_an_attachment_with_the_chinese_name(world, login):
    client = login("wj")
    e = _uploaded(client, assignment_of(world, 0, "wj"))
    resp = _get(client, f"/evidence/{e.id}/download")
    assert resp.status_code == 200 and resp.data == PDF
    disposition = resp.headers["Content-Disposition"]
    assert disposition.startswith("attachment") and "filename*=UTF-8''" in disposition
    assert "%E5%AE%9E%E6%96%BD" in disposition  # 实施 percent-encoded (RFC 5987)
    assert resp.headers["Content-Type"] == "application/pdf"


def test_preview_is_inline_for_pdf_and_attachment_otherwise(world, login):
    client = login("wj")
    a = assignment_of(world, 0, "wj")
    pdf = _uploaded(client, a)
    doc = _uploaded(client, a, "稿.docx", ooxml("word/document.xml"))
    inline = _get(client, f"/evidence/{pdf.id}/view")
    assert inline.headers["Content-Disposition"].startswith("inline")
    assert inline.headers["X-Content-Type-Options"] == "nosniff"
    assert _get(client, f"/evidence/{doc.id}/view").headers["Content-Disposition"].startswith("attachment")


def test_lead_and_office_may_download_a_co_units_file_but_a_stranger_may_not(world, login):
    co = assignment_of(world, 0, "fg")  # wj leads task 0, fg helps; cz has nothing to do with it
    e = _uploaded(login("fg"), co)
    for username in ("wj", "office", "leader"):
        assert _get(login(username), f"/evidence/{e.id}/download").status_code == 200
    assert login("cz").get(f"/evidence/{e.id}/download").status_code == 404
    assert login("cz").get(f"/evidence/{e.id}/view").status_code == 404


def test_link_one_file_to_another_assignment_and_unlink_keeps_the_other(app, world, login):
    client = login("wj")
    first = assignment_of(world, 0, "wj")
    other = make_task(world.campaign, "另一任务", [world.units["wj"]]).assignments[0]
    db.session.commit()
    e = _uploaded(client, first)
    library = client.get(f"/evidence?assignment={other.id}").get_data(as_text=True)
    assert "实施意见.pdf" in library and "关联到本任务" in library
    resp = client.post(f"/assignments/{other.id}/evidence/link", data={"evidence_id": e.id,
                                                                       "version": fresh(other).version})
    assert resp.status_code == 302
    assert db.session.scalar(select(func.count(EvidenceLink.id))) == 2
    assert fresh(other).status == "in_progress"
    link = db.session.scalar(select(EvidenceLink).where(EvidenceLink.assignment_id == first.id))
    resp = client.post(f"/assignments/{first.id}/evidence/{link.id}/remove", data={"version": fresh(first).version})
    assert resp.status_code == 302
    assert [lk.assignment_id for lk in db.session.scalars(select(EvidenceLink))] == [other.id]
    assert storage.stored_path(e.stored_name).exists()
    assert "移除材料：实施意见.pdf" in [ev.summary for ev in timeline_for_assignment(first.id)]
    assert "实施意见.pdf" in client.get("/evidence").get_data(as_text=True)  # still in the library


def test_unlink_refused_once_submitted(world, login):
    client = login("wj")
    a = assignment_of(world, 0, "wj")
    _uploaded(client, a)
    link = db.session.scalar(select(EvidenceLink))
    a = fresh(a)
    a.status = "submitted"
    db.session.commit()
    resp = client.post(f"/assignments/{a.id}/evidence/{link.id}/remove", data={"version": fresh(a).version})
    assert resp.status_code == 400
    assert db.session.scalar(select(func.count(EvidenceLink.id))) == 1


def test_unlink_with_stale_version_is_409(world, login):
    client = login("wj")
    a = assignment_of(world, 0, "wj")
    _uploaded(client, a)
    link = db.session.scalar(select(EvidenceLink))
    resp = client.post(f"/assignments/{a.id}/evidence/{link.id}/remove", data={"version": 1})
    assert resp.status_code == 409
    assert db.session.scalar(select(func.count(EvidenceLink.id))) == 1


def test_cannot_link_another_units_file(world, login):
    co = assignment_of(world, 0, "fg")
    e = _uploaded(login("fg"), co)
    mine = assignment_of(world, 0, "wj")  # wj may download fg's file (it leads the task) but not adopt it
    resp = login("wj").post(f"/assignments/{mine.id}/evidence/link", data={"evidence_id": e.id,
                                                                          "version": fresh(mine).version})
    assert resp.status_code == 404


def test_library_shows_only_own_files_and_is_for_units(world, login):
    _uploaded(login("fg"), assignment_of(world, 0, "fg"), "发改材料.pdf")
    assert "发改材料.pdf" not in login("wj").get("/evidence").get_data(as_text=True)
    assert "发改材料.pdf" in login("fg").get("/evidence").get_data(as_text=True)
    assert login("office").get("/evidence").status_code == 403
