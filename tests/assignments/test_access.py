"""A unit user gets 404 for another unit's assignment, evidence or notification on every route of the workspace."""
import io

import pytest
from sqlalchemy import select

from tests.assignments.conftest import assignment_of
from tests.evidence.conftest import PDF
from tracker.evidence.models import EvidenceLink
from tracker.extensions import db
from tracker.notifications.services import notify_users

BLUEPRINTS = ("assignments", "evidence", "notifications")
# every rule of the workspace that takes an object id (checked against the URL map below)
ENDPOINTS = [
    "assignments.detail", "assignments.start", "assignments.progress", "assignments.submit", "assignments.acknowledge",
    "assignments.extension", "assignments.no_change",
    "evidence.upload", "evidence.download", "evidence.view", "evidence.link", "evidence.unlink",
    "evidence.details", "notifications.read",
]


def test_endpoint_list_covers_the_url_map(app):
    with_ids = {r.endpoint for r in app.url_map.iter_rules()
                if r.endpoint.split(".")[0] in BLUEPRINTS and r.arguments}
    assert with_ids == set(ENDPOINTS)


@pytest.fixture
def foreign(world, login):
    """Objects of 区卫健局 / 区发改局 (task 0), which 区财政局 (cz) has nothing to do with."""
    a = assignment_of(world, 0, "fg")
    login("fg").post(f"/assignments/{a.id}/evidence", data={"files": [(io.BytesIO(PDF), "a.pdf")]},
                     content_type="multipart/form-data")
    link = db.session.scalar(select(EvidenceLink))
    note = notify_users([world.users["fg"]], "test", "给发改局的消息")[0]
    db.session.commit()
    return {"assignment_id": a.id, "evidence_id": link.evidence_id, "link_id": link.id,
            "notification_id": note.id}


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_other_units_objects_are_404_on_every_route(app, login, foreign, endpoint):
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    url = rule.build({k: foreign[k] for k in rule.arguments})[1]
    client = login("cz")
    if "GET" in rule.methods:
        resp = client.get(url)
    else:
        resp = client.post(url, data={"version": "1", "evidence_id": foreign["evidence_id"], "progress": "x",
                                      "summary": "x", "new_due": "2030-01-01", "reason": "x"})
    assert resp.status_code == 404


def test_library_for_another_units_assignment_is_404(login, foreign):
    assert login("cz").get(f"/evidence?assignment={foreign['assignment_id']}").status_code == 404
