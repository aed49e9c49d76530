from datetime import timedelta

from sqlalchemy import select

from tests.factories import basic_world
from tests.review.helpers import grow, submit
from tracker.assignments.models import Assignment, ProgressUpdate
from tracker.extensions import db
from tracker.review.models import Review
from tracker.review.services import return_for_revision


def _submitted(world):
    a = submit(world.tasks[0].assignments[0], "文件已印发")
    db.session.commit()
    return a


def test_queue_lists_submitted_oldest_first_with_counts(client, login):
    world = basic_world()
    first = _submitted(world)
    second = submit(world.tasks[1].assignments[0])
    db.session.commit()
    login("office")
    body = client.get("/review").get_data(as_text=True)
    assert body.index(f"/review/{first.id}") < body.index(f"/review/{second.id}")
    assert "已提交 2" in body
    filtered = client.get(f"/review?unit={world.units['fg'].id}").get_data(as_text=True)
    assert f"/review/{second.id}" in filtered and f"/review/{first.id}" not in filtered


def test_return_then_resubmission_shows_what_changed(client, login):
    world = basic_world()
    a = _submitted(world)
    for earlier in db.session.scalars(select(ProgressUpdate).where(ProgressUpdate.assignment_id == a.id)):  # written a minute before the return (MariaDB keeps whole seconds)
        earlier.created_at -= timedelta(minutes=1)
    return_for_revision(a, "请补充印发文件", world.users["office"])
    db.session.commit()
    db.session.add(ProgressUpdate(assignment_id=a.id, progress="已补充文件"))
    submit(a, "已补充")
    db.session.commit()
    login("office")
    body = client.get(f"/review/{a.id}").get_data(as_text=True)
    assert "请补充印发文件" in body and "此后新增进展 1 条" in body and "已补充文件" in body


def test_return_without_reason_shows_message_and_changes_nothing(client, login):
    world = basic_world()
    a = _submitted(world)
    login("office")
    resp = client.post(f"/review/{a.id}/return", data={"reason": "", "version": a.version})
    assert resp.status_code == 400 and "必须填写退回原因" in resp.get_data(as_text=True)
    assert db.session.get(Assignment, a.id).status == "submitted"


def test_stale_version_answers_409(client, login):
    world = basic_world()
    a = _submitted(world)
    login("office")
    resp = client.post(f"/review/{a.id}/approve", data={"version": a.version + 5})
    assert resp.status_code == 409 and "已被他人修改" in resp.get_data(as_text=True)
    assert db.session.get(Assignment, a.id).status == "submitted"


def test_approve_via_page_and_bulk(client, login):
    world = basic_world()
    a = _submitted(world)
    b = submit(world.tasks[1].assignments[0])
    db.session.commit()
    login("office")
    resp = client.post(f"/review/{a.id}/approve", data={"version": a.version})
    assert resp.status_code == 302
    resp = client.post("/review/bulk-approve", data={"ids": [str(b.id)]})
    assert resp.status_code == 302
    assert db.session.scalar(select(Assignment.status).where(Assignment.id == b.id)) == "approved"
    assert len(db.session.scalars(select(Review)).all()) == 2


def test_score_above_points_is_refused(client, login):
    world = basic_world()
    login("office")
    t = world.tasks[1]
    resp = client.post(f"/review/scores/{t.id}", data={"score": "9", "comment": ""})
    assert resp.status_code == 400 and "0 到 5" in resp.get_data(as_text=True)
    client.post(f"/review/scores/{t.id}", data={"score": "4", "comment": "缺少督查记录"})
    body = client.get("/review/scores").get_data(as_text=True)
    assert "缺少督查记录" in body and "失分事项" in body


def test_queue_query_count_does_not_grow(client, login, count_queries):
    world = basic_world()
    grow(world, 2)
    login("office")
    with count_queries() as small:
        assert client.get("/review").status_code == 200
    grow(world, 12, start=2)
    with count_queries() as big:
        assert client.get("/review").status_code == 200
    assert big.count == small.count


def test_review_detail_query_count_does_not_grow(client, login, count_queries):
    world = basic_world()
    a = _submitted(world)
    login("office")
    with count_queries() as small:
        client.get(f"/review/{a.id}")
    for i in range(5):
        db.session.add(ProgressUpdate(assignment_id=a.id, progress=f"进展{i}"))
    db.session.commit()
    with count_queries() as big:
        client.get(f"/review/{a.id}")
    assert big.count == small.count


def test_review_page_previews_pdf_evidence_inline(client, login):
    import io
    from datetime import date

    from tracker.assignments.services import submit_assignment
    from tracker.evidence.services import Incoming, upload_evidence

    world = basic_world()
    a = world.tasks[0].assignments[0]
    pdf = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    upload_evidence(a, world.users["wj"], [Incoming("实施意见.pdf", io.BytesIO(pdf))], today=date(2022, 3, 1))
    submit_assignment(a, world.users["wj"], a.version, "已印发", files=1)
    db.session.commit()
    body = login("office").get(f"/review/{a.id}").get_data(as_text=True)
    from tracker.evidence.models import Evidence

    evidence_id = db.session.scalar(select(Evidence.id))
    assert f'data-preview="/evidence/{evidence_id}/view"' in body and "js/evidence.js" in body


def test_the_unit_filters_offer_only_units_holding_work_in_the_campaign(client, login):
    from tests.factories import make_unit

    world = basic_world()
    idle = make_unit("市人社局", order=0)  # in the registry first, with no task in this campaign
    db.session.commit()
    login("office")
    for path in ("/review", "/tasks", "/supervision/chase"):
        body = client.get(path).get_data(as_text=True)
        assert f'<option value="{world.units["wj"].id}"' in body, path
        assert f'<option value="{idle.id}"' not in body and "市人社局" not in body, path
