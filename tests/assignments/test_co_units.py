"""Co-units feed the lead (default): they record progress and files, the lead's submission carries them, the
office reviews once, approval closes them as 随牵头办结 and a return may name them. Separate mode (per campaign or
per task) keeps each co-unit's own submission."""
from datetime import date

import pytest
from sqlalchemy import select

from tests.assignments.conftest import assignment_of, fresh
from tests.evidence.conftest import PDF, upload
from tests.factories import make_unit, make_user
from tests.review.helpers import submit
from tracker.assignments.assigning import reassign_units
from tracker.assignments.models import STATUS_LABELS, Status
from tracker.assignments.services import AssignmentError, add_progress_update, submit_assignment
from tracker.audit.models import AuditEvent
from tracker.exports.data import gather_ledger
from tracker.exports.ledger import build_ledger
from tracker.extensions import db
from tracker.notifications.models import Notification
from tracker.pages.templating import STATUS_BADGES
from tracker.review.models import Review
from tracker.review.services import ReviewError, approve_assignment, bulk_approve, return_for_revision


@pytest.fixture
def lead(world):
    return assignment_of(world, 0, "wj")  # task 0: 区卫健局 leads, 区发改局 helps


@pytest.fixture
def co(world):
    return assignment_of(world, 0, "fg")


def _note(world, a, text="配合单位已提供数据"):
    user = world.users["fg" if a.unit_id == world.units["fg"].id else "wj"]
    return add_progress_update(a, user, a.version, text)


def _notes_of(user) -> list[str]:
    return list(db.session.scalars(select(Notification.text).where(Notification.user_id == user.id)))


def _events(a, action) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.assignment_id == a.id,
                                                            AuditEvent.action == action)))


# ---- the co-unit records, does not submit ----

def test_a_co_unit_records_progress_but_may_not_submit(world, co):
    _note(world, co)
    assert co.status == "in_progress"
    with pytest.raises(AssignmentError, match="随牵头单位一并提交"):
        submit_assignment(co, world.users["fg"], co.version, "请审核")
    assert co.status == "in_progress"


def test_the_co_units_page_says_it_feeds_the_lead_and_has_no_submit_form(world, co, login):
    _note(world, co)
    body = login("fg").get(f"/assignments/{co.id}").get_data(as_text=True)
    assert 'data-testid="feeds-lead"' in body and "区卫健局" in body
    assert 'data-testid="submit-form"' not in body


def test_the_lead_sees_the_co_units_notes_and_files_on_its_page(world, lead, co, login):
    _note(world, co, "已汇总全区托位数据")
    assert upload(login("fg"), co.id, ("托位统计.pdf", PDF)).status_code == 200
    _note(world, fresh(lead), "已起草实施意见")
    body = login("wj").get(f"/assignments/{lead.id}").get_data(as_text=True)
    card = body[body.index('data-testid="co-material"'):]
    assert "已汇总全区托位数据" in card and "托位统计.pdf" in card
    assert "将一并报送配合单位（区发改局）的进展和材料" in body


def test_the_lead_submission_carries_the_co_units_material(world, lead, co, login):
    _note(world, co)
    _note(world, lead)
    client = login("wj")
    lead = fresh(lead)
    resp = client.post(f"/assignments/{lead.id}/submit", data={"version": lead.version, "summary": "已完成"})
    assert resp.status_code == 302
    event = _events(fresh(lead), "assignment.submitted")[0]
    assert event.after["carried"] == [{"unit": "区发改局", "progress": 1, "evidence": 0}]


def test_the_review_page_shows_every_units_material(world, lead, co, login):
    _note(world, co, "已汇总全区托位数据")
    submit(fresh(lead))
    db.session.commit()
    body = login("office").get(f"/review/{lead.id}").get_data(as_text=True)
    section = body[body.index('data-testid="co-units"'):]
    assert "区发改局" in section and "已汇总全区托位数据" in section
    assert 'name="co_units"' in body and "通过后，区发改局的任务随牵头办结" in body


# ---- approval closes the co-units ----

def test_approving_the_lead_closes_open_co_units_as_closed_with_lead(world, lead, co):
    _note(world, co)
    approve_assignment(submit(lead), world.users["office"])
    assert (lead.status, co.status) == ("approved", "closed_with_lead")
    [event] = _events(co, "assignment.closed_with_lead")
    assert event.before == {"status": "in_progress"} and event.after["lead_assignment_id"] == lead.id
    assert any("随牵头单位区卫健局审核通过办结" in t for t in _notes_of(world.users["fg"]))


def test_the_campaigns_activity_names_the_unit_of_each_approval_and_closing(world, lead, co, login):
    from tracker.dashboard.services import latest_activity

    world.tasks[0].title = "将婴幼儿照护服务纳入城乡社区服务范围，加强社区婴幼儿照护服务设施与社区卫生等设施的功能衔接"
    approve_assignment(submit(lead), world.users["office"])
    db.session.commit()
    summaries = [e.summary for e in latest_activity(world.campaign.id)][:2]
    clipped = world.tasks[0].title[:39] + "…"  # 40 characters, marked as cut
    assert summaries == [f"区发改局随牵头单位区卫健局审核通过办结：{clipped}", f"审核通过区卫健局：{clipped}"]


def test_a_closed_co_unit_is_read_only_and_shown_as_closed_with_lead(world, lead, co, login):
    approve_assignment(submit(lead), world.users["office"])
    db.session.commit()
    with pytest.raises(AssignmentError, match="随牵头单位"):
        _note(world, co)
    client = login("fg")
    page = client.get(f"/assignments/{co.id}").get_data(as_text=True)
    assert 'data-status="closed_with_lead">随牵头办结<' in page and "本任务随牵头办结" in page
    listing = client.get("/my").get_data(as_text=True)
    assert 'data-count="closed_with_lead"' in listing and 'data-status="closed_with_lead"' in listing
    task_page = login("office").get(f"/tasks/{lead.task_id}").get_data(as_text=True)
    assert "随牵头办结" in task_page


def test_the_ledger_shows_the_co_unit_as_closed_with_lead(world, lead):
    approve_assignment(submit(lead), world.users["office"])
    ws = build_ledger(gather_ledger(world.campaign, date(2022, 6, 1))).worksheets[0]
    assert ws["G3"].value == "区卫健局：已通过\n区发改局：随牵头办结"


def test_every_status_has_a_label_and_a_badge(world):
    assert set(STATUS_BADGES) == set(Status) and all(STATUS_LABELS[s] for s in Status)


def test_bulk_approve_closes_the_co_units_too(world, lead, co):
    other_lead = world.tasks[1].assignments[0]
    bulk_approve([submit(lead), submit(other_lead)], world.users["office"])
    assert co.status == "closed_with_lead"
    assert assignment_of(world, 1, "cz").status == "closed_with_lead"


def test_a_co_unit_that_submitted_on_its_own_keeps_its_review(world, lead, co):
    world.campaign.co_units_submit_separately = True
    submit(co)
    world.campaign.co_units_submit_separately = False  # the office switched to feeding meanwhile
    approve_assignment(submit(lead), world.users["office"])
    assert co.status == "submitted"


# ---- a return may name co-units ----

def test_a_return_naming_a_co_unit_returns_it_with_the_reason(world, lead, co, login):
    _note(world, co)
    return_for_revision(submit(lead), "缺少发改局的托位统计", world.users["office"], co_units=[co.id])
    assert (lead.status, co.status) == ("returned", "returned")
    review = db.session.scalar(select(Review).where(Review.assignment_id == co.id))
    assert (review.decision, review.reason) == ("return", "缺少发改局的托位统计")
    assert len(_events(co, "review.return_co_unit")) == 1
    assert any("缺少发改局的托位统计" in t for t in _notes_of(world.users["fg"]))
    db.session.commit()
    body = login("fg").get(f"/assignments/{co.id}").get_data(as_text=True)
    assert 'data-testid="return-reason"' in body and "缺少发改局的托位统计" in body


def test_a_return_from_the_review_page_names_the_ticked_co_units(world, lead, co, login):
    submit(lead)
    db.session.commit()
    resp = login("office").post(f"/review/{lead.id}/return",
                                data={"version": lead.version, "reason": "缺少配合单位材料", "co_units": [co.id]})
    assert resp.status_code == 302
    assert (fresh(lead).status, fresh(co).status) == ("returned", "returned")


def test_a_return_without_names_leaves_the_co_units_alone(world, lead, co):
    _note(world, co)
    return_for_revision(submit(lead), "补充", world.users["office"])
    assert co.status == "in_progress"


def test_a_return_may_not_name_another_tasks_unit(world, lead):
    stranger = assignment_of(world, 1, "cz")
    with pytest.raises(ReviewError, match="不属于该任务"):
        return_for_revision(submit(lead), "补充", world.users["office"], co_units=[stranger.id])
    assert lead.status == "submitted" and stranger.status == "not_started"


def test_a_return_may_not_name_co_units_that_submit_separately(world, lead, co):
    world.tasks[0].co_submission = "separate"
    with pytest.raises(ReviewError, match="单独提交"):
        return_for_revision(submit(lead), "补充", world.users["office"], co_units=[co.id])
    assert co.status == "not_started"


# ---- separate mode: per campaign and per task ----

def test_separate_mode_per_campaign_keeps_each_co_units_own_review(world, lead, co):
    world.campaign.co_units_submit_separately = True
    submit(co)
    approve_assignment(submit(lead), world.users["office"])
    assert (lead.status, co.status) == ("approved", "submitted")
    approve_assignment(co, world.users["office"])
    assert co.status == "approved"


def test_a_task_may_ask_its_co_units_to_submit_separately(world, lead, co):
    world.tasks[0].co_submission = "separate"
    submit(co)
    approve_assignment(submit(lead), world.users["office"])
    assert co.status == "submitted"
    other_co = assignment_of(world, 1, "cz")  # task 1 follows the campaign: feeds its lead
    approve_assignment(submit(world.tasks[1].assignments[0]), world.users["office"])
    assert other_co.status == "closed_with_lead"


def test_a_task_may_ask_its_co_units_to_feed_in_a_separate_campaign(world, co):
    world.campaign.co_units_submit_separately = True
    world.tasks[0].co_submission = "feed"
    _note(world, co)
    with pytest.raises(AssignmentError, match="随牵头单位一并提交"):
        submit_assignment(co, world.users["fg"], co.version, "请审核")


def test_the_campaign_edit_form_switches_to_separate_submissions(world, login):
    c = world.campaign
    phases = {f"{p.kind}-starts_on": p.starts_on.isoformat() for p in c.phases}
    phases |= {f"{p.kind}-ends_on": p.ends_on.isoformat() for p in c.phases if p.ends_on}
    resp = login("office").post(f"/campaigns/{c.id}/edit", data={
        "name": c.name, "lead_days": c.lead_days, "co_units_submit_separately": "y", **phases})
    assert resp.status_code == 302
    db.session.expire_all()
    assert world.campaign.co_units_submit_separately is True
    assert 'name="co_units_submit_separately"' in login("office").get(f"/campaigns/{c.id}/edit").get_data(True)


def test_the_task_edit_page_sets_the_override(world, login):
    t = world.tasks[0]
    client = login("office")
    assert 'name="co_submission"' in client.get(f"/tasks/{t.id}/edit").get_data(as_text=True)
    resp = client.post(f"/tasks/{t.id}/edit", data={"title": t.title, "category": t.category.name,
                                                   "deadline": t.deadline.isoformat(), "points": "10",
                                                   "co_submission": "separate"})
    assert resp.status_code == 302
    db.session.expire_all()
    assert db.session.get(type(t), t.id).co_submission == "separate"


# ---- reassignment ----

def test_a_co_unit_closed_with_the_lead_that_is_made_lead_owes_the_work_again(world, lead, co):
    approve_assignment(submit(lead), world.users["office"])
    reassign_units(world.tasks[0], world.units["fg"], [world.units["wj"]], world.users["office"])
    assert (co.role, co.status) == ("lead", "in_progress")
    assert len(_events(co, "assignment.reopen")) == 1


def test_a_co_unit_added_after_the_leads_approval_closes_with_it(world, lead):
    approve_assignment(submit(lead), world.users["office"])
    newcomer = make_unit("区民政局")
    make_user("mz", "unit", newcomer)
    reassign_units(world.tasks[0], world.units["wj"], [world.units["fg"], newcomer], world.users["office"])
    assert world.assignment(0, newcomer).status == "closed_with_lead"
