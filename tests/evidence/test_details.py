"""Evidence details a unit can correct (标题, 材料形成日期), the office with a reason; the date rule; audited."""
from datetime import date

import pytest
from sqlalchemy import select

from tests.assignments.conftest import assignment_of
from tests.evidence.conftest import PDF, upload
from tracker.assignments.services import AssignmentError
from tracker.audit.models import AuditEvent
from tracker.evidence.dates import EarlyDate
from tracker.evidence.details import correct_details
from tracker.evidence.models import Evidence
from tracker.evidence.services import EvidenceError
from tracker.extensions import db

TODAY = date(2022, 5, 25)


@pytest.fixture
def filed(world, login, clock):
    """区卫健局's file on its (open) lead assignment of task 0, uploaded on 2022-05-20."""
    clock.freeze(TODAY)
    a = assignment_of(world, 0, "wj")
    assert upload(login("wj"), a.id, ("方案.pdf", PDF), document_date="2022-05-20").status_code == 200
    return a, db.session.scalar(select(Evidence))


def _events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_unit_corrects_title_and_date_while_open_and_it_is_audited(world, filed):
    a, e = filed
    assert correct_details(e, world.users["wj"], title="实施方案（定稿）", document_date=date(2022, 3, 1), today=TODAY)
    assert (e.title, e.document_date) == ("实施方案（定稿）", date(2022, 3, 1))
    [event] = _events("evidence.details")
    assert event.assignment_id == a.id and "2022-05-20 → 2022-03-01" in event.summary


def test_unit_may_not_correct_a_file_under_review(world, filed):
    a, e = filed
    a.status = "submitted"
    with pytest.raises(EvidenceError, match="已提交"):
        correct_details(e, world.users["wj"], title="x", document_date=date(2022, 3, 1), today=TODAY)


def test_office_corrects_at_any_time_with_a_reason(world, filed):
    a, e = filed
    a.status = "approved"
    with pytest.raises(EvidenceError, match="修改理由"):
        correct_details(e, world.users["office"], title="", document_date=date(2022, 3, 1), today=TODAY)
    correct_details(e, world.users["office"], title="", document_date=date(2022, 3, 1), today=TODAY,
                    reason="单位来电更正")
    assert e.document_date == date(2022, 3, 1) and "单位来电更正" in _events("evidence.details")[0].summary


def test_a_date_after_today_is_refused(world, filed):
    _, e = filed
    with pytest.raises(AssignmentError, match="晚于今天"):
        correct_details(e, world.users["wj"], title="", document_date=date(2022, 5, 26), today=TODAY)


def test_a_date_before_the_campaign_asks_for_confirmation(world, filed):
    _, e = filed
    with pytest.raises(EarlyDate, match="早于创建活动开始日期 2021-09-30"):
        correct_details(e, world.users["wj"], title="", document_date=date(2021, 6, 1), today=TODAY)
    correct_details(e, world.users["wj"], title="", document_date=date(2021, 6, 1), today=TODAY, confirmed=True)
    assert e.document_date == date(2021, 6, 1)


def test_a_co_units_file_is_locked_while_the_lead_it_feeds_is_under_review(world, login, clock):
    clock.freeze(TODAY)
    co, lead = assignment_of(world, 0, "fg"), assignment_of(world, 0, "wj")
    upload(login("fg"), co.id, ("配合材料.pdf", PDF))
    lead.status = "submitted"
    e = db.session.scalar(select(Evidence))
    with pytest.raises(EvidenceError, match="牵头单位已提交"):
        correct_details(e, world.users["fg"], title="x", document_date=TODAY, today=TODAY)


def test_the_page_form_corrects_and_returns_to_the_page(world, filed, login):
    a, e = filed
    client = login("wj")
    page = client.get(f"/assignments/{a.id}").get_data(as_text=True)
    assert 'data-testid="edit-details"' in page and f"/evidence/{e.id}/details" in page
    resp = client.post(f"/evidence/{e.id}/details", data={"title": "新标题", "document_date": "2022-04-01",
                                                          "next": f"/assignments/{a.id}"})
    assert resp.status_code == 302 and resp.headers["Location"] == f"/assignments/{a.id}"
    db.session.expire_all()
    assert db.session.get(Evidence, e.id).title == "新标题"


def test_another_unit_gets_404_on_the_details_form(world, filed, login):
    _, e = filed
    resp = login("cz").post(f"/evidence/{e.id}/details", data={"title": "x", "document_date": "2022-04-01"})
    assert resp.status_code == 404


def test_upload_with_a_future_date_is_refused(world, login, clock):
    clock.freeze(TODAY)
    resp = upload(login("wj"), assignment_of(world, 0, "wj").id, ("a.pdf", PDF), document_date="2022-06-01")
    assert resp.status_code == 400 and "晚于今天" in resp.json["message"]


def test_upload_with_an_early_date_asks_then_takes_the_confirmation(world, login, clock):
    clock.freeze(TODAY)
    client, a = login("wj"), assignment_of(world, 0, "wj")
    resp = upload(client, a.id, ("a.pdf", PDF), document_date="2021-01-05")
    assert resp.status_code == 400 and resp.json["confirm"] is True
    resp = upload(client, a.id, ("a.pdf", PDF), document_date="2021-01-05", confirm_date="1")
    assert resp.status_code == 200 and db.session.scalar(select(Evidence.document_date)) == date(2021, 1, 5)
