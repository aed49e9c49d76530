"""延期申请: asked before the due date (on it too), refused by the system after it; the office approves (the due date
moves through the state machine, lights, flags and figures follow) or refuses with a reason; one pending at a time."""
from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from tests.assignments.conftest import assignment_of, fresh
from tracker.assignments.due import due_date, due_text, is_overdue
from tracker.assignments.extension import ExtensionRefused, request_extension
from tracker.assignments.models import ExtensionRequest
from tracker.audit.models import AuditEvent
from tracker.exports.data import gather_ledger
from tracker.exports.ledger import build_ledger
from tracker.extensions import db
from tracker.notifications.models import Notification
from tracker.scheduler.models import Flag
from tracker.scheduler.sweep import sweep_deadlines
from tracker.supervision.services import decide_extension

DUE = date(2022, 3, 31)  # task 0's deadline


def _ask(world, today, new_due=date(2022, 4, 30), reason="配套文件需省里审定"):
    a = assignment_of(world, 0, "wj")
    return request_extension(a, world.users["wj"], new_due, reason, today)


@pytest.mark.parametrize("today", [date(2022, 3, 1), DUE])
def test_a_unit_asks_before_or_on_its_due_date(world, today):
    req = _ask(world, today)
    db.session.commit()
    assert (req.status, req.original_due, req.new_due) == ("pending", DUE, date(2022, 4, 30))
    assert db.session.scalar(select(Notification).where(Notification.kind == "extension")) is not None


def test_after_the_due_date_the_system_refuses_with_the_reason(world):
    with pytest.raises(ExtensionRefused, match="已超过完成时限（2022-03-31），系统不再受理延期申请"):
        _ask(world, date(2022, 4, 1))
    assert db.session.scalar(select(ExtensionRequest.id)) is None


@pytest.mark.parametrize(("new_due", "reason", "message"), [
    (DUE, "理由", "应晚于现在的完成时限"), (date(2022, 4, 30), "  ", "请填写延期理由"),
    (None, "理由", "请填写申请延期至的日期"), (date(2023, 6, 1), "理由", "不能超过一年"),
])
def test_a_request_needs_a_later_date_and_a_reason(world, new_due, reason, message):
    with pytest.raises(ExtensionRefused, match=message):
        _ask(world, date(2022, 3, 1), new_due, reason)


def test_only_one_pending_request_per_assignment(world):
    _ask(world, date(2022, 3, 1))
    with pytest.raises(ExtensionRefused, match="已有一份待审批"):
        _ask(world, date(2022, 3, 2), date(2022, 5, 31))


def test_the_database_holds_one_pending_request_per_assignment(world):
    req = _ask(world, date(2022, 3, 1))
    db.session.commit()
    db.session.add(ExtensionRequest(assignment_id=req.assignment_id, original_due=DUE, new_due=date(2022, 6, 1),
                                    reason="again"))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_approving_moves_the_due_date_through_the_state_machine(world):
    req = _ask(world, date(2022, 3, 1))
    token = world.campaign.figures_token
    decide_extension(req, world.users["office"], "approve", "同意", date(2022, 3, 2))
    db.session.commit()
    a = fresh(assignment_of(world, 0, "wj"))
    assert (a.due_on, due_date(a), due_text(a).text) == (date(2022, 4, 30), date(2022, 4, 30), "2022-04-30（已延期）")
    assert a.status == "not_started" and db.session.get(ExtensionRequest, req.id).status == "approved"
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "assignment.extend"))
    assert event.after["due_on"] == "2022-04-30" and event.after["transition"] == "extend"
    db.session.refresh(world.campaign)
    assert world.campaign.figures_token != token


def test_approving_after_the_due_date_clears_overdue_and_its_flag_at_once(world):
    req = _ask(world, DUE)
    sweep_deadlines(world.campaign, date(2022, 4, 2))
    a = assignment_of(world, 0, "wj")
    assert is_overdue(a, date(2022, 4, 2))
    decide_extension(req, world.users["office"], "approve", "", date(2022, 4, 2))
    db.session.commit()
    a = fresh(a)
    assert not is_overdue(a, date(2022, 4, 2))
    assert db.session.scalar(select(Flag).where(Flag.assignment_id == a.id, Flag.open_marker == 1)) is None
    sweep_deadlines(world.campaign, date(2022, 4, 3))  # and the sweep does not reopen it
    assert db.session.scalar(select(Flag).where(Flag.assignment_id == a.id, Flag.open_marker == 1)) is None


def test_refusing_needs_a_reason_keeps_the_date_and_allows_a_new_request(world):
    req = _ask(world, date(2022, 3, 1))
    with pytest.raises(ExtensionRefused, match="请填写理由"):
        decide_extension(req, world.users["office"], "refuse", "", date(2022, 3, 2))
    decide_extension(req, world.users["office"], "refuse", "时间节点不能后移", date(2022, 3, 2))
    db.session.commit()
    assert fresh(assignment_of(world, 0, "wj")).due_on is None and db.session.get(ExtensionRequest, req.id).decision_reason == "时间节点不能后移"
    assert _ask(world, date(2022, 3, 3), date(2022, 4, 15)).status == "pending"


def test_a_decided_request_cannot_be_decided_again(world):
    req = _ask(world, date(2022, 3, 1))
    decide_extension(req, world.users["office"], "approve", "", date(2022, 3, 2))
    with pytest.raises(ExtensionRefused, match="已批准"):
        decide_extension(req, world.users["office"], "refuse", "不行", date(2022, 3, 2))


def test_another_unit_cannot_ask_for_the_item(world):
    a = assignment_of(world, 0, "wj")
    with pytest.raises(ExtensionRefused, match="只有本单位联络员"):
        request_extension(a, world.users["cz"], date(2022, 4, 30), "x", date(2022, 3, 1))


def test_the_ledger_shows_the_original_and_the_approved_date(world):
    req = _ask(world, date(2022, 3, 1))
    decide_extension(req, world.users["office"], "approve", "", date(2022, 3, 2))
    db.session.commit()
    ws = build_ledger(gather_ledger(world.campaign, date(2022, 3, 2)))["责任清单"]
    header = [c.value for c in ws[2]]
    row = next(r for r in ws.iter_rows(min_row=3, values_only=True) if r[2] == world.tasks[0].title)
    assert row[header.index("完成时限")] == DUE
    assert row[header.index("批准延期至")] == "区卫健局：2022-04-30"


def test_the_ledger_has_no_extension_column_without_extensions(world):
    ws = build_ledger(gather_ledger(world.campaign, date(2022, 3, 2)))["责任清单"]
    assert "批准延期至" not in [c.value for c in ws[2]]


# --- pages -----------------------------------------------------------------------------------------------------

def test_the_unit_asks_on_its_page_and_sees_the_state(world, login, clock):
    clock.freeze(date(2022, 3, 1))
    a, client = assignment_of(world, 0, "wj"), login("wj")
    resp = client.post(f"/assignments/{a.id}/extension", data={"new_due": "2022-04-30", "reason": "等待省里审定"})
    assert resp.status_code == 302
    html = client.get(f"/assignments/{a.id}").get_data(as_text=True)
    assert 'data-extension-state="pending"' in html and "已有一份待审批" in html


def test_a_refused_request_keeps_what_the_unit_typed(world, login, clock):
    clock.freeze(date(2022, 3, 1))
    a = assignment_of(world, 0, "wj")
    resp = login("wj").post(f"/assignments/{a.id}/extension", data={"new_due": "2022-03-01", "reason": "我的理由"})
    html = resp.get_data(as_text=True)
    assert resp.status_code == 400 and "应晚于现在的完成时限" in html and "我的理由" in html


def test_after_the_due_date_the_page_says_why_there_is_no_form(world, login, clock):
    clock.freeze(date(2022, 4, 1))
    a = assignment_of(world, 0, "wj")
    html = login("wj").get(f"/assignments/{a.id}").get_data(as_text=True)
    assert 'data-testid="extension-closed"' in html and "系统不再受理延期申请" in html
    assert 'data-testid="extension-form"' not in html


def test_another_unit_gets_404_and_a_unit_cannot_decide(world, login, clock):
    clock.freeze(date(2022, 3, 1))
    a = assignment_of(world, 0, "wj")
    assert login("cz").post(f"/assignments/{a.id}/extension",
                            data={"new_due": "2022-04-30", "reason": "x"}).status_code == 404
    req = _ask(world, date(2022, 3, 1))
    db.session.commit()
    assert login("wj").post(f"/supervision/extensions/{req.id}/approve").status_code == 403


def test_the_office_queue_approves_and_the_unit_sees_the_new_date(world, login, clock):
    clock.freeze(date(2022, 3, 1))
    req = _ask(world, date(2022, 3, 1))
    db.session.commit()
    office = login("office")
    assert "配套文件需省里审定" in office.get("/supervision/extensions").get_data(as_text=True)
    assert office.post(f"/supervision/extensions/{req.id}/approve", data={"reason": "同意"}).status_code == 302
    assert "没有待审批的延期申请" in office.get("/supervision/extensions").get_data(as_text=True)
    a = assignment_of(world, 0, "wj")
    html = login("wj").get(f"/assignments/{a.id}").get_data(as_text=True)
    assert "2022-04-30（已延期）" in html and 'data-extension-state="approved"' in html
