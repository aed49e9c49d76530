"""The semantics of sweep_deadlines on a hand-made calendar, boundary by boundary."""
from datetime import date, timedelta

from tests.scheduler.conftest import ACC, SA
from tracker.extensions import db
from tracker.scheduler.sweep import sweep_deadlines


def test_due_today_is_not_overdue_and_the_day_after_is(sched):
    sched.task("任务甲", deadline=date(2022, 3, 31))
    assert sweep_deadlines(sched.campaign, date(2022, 3, 31)).created == []
    result = sweep_deadlines(sched.campaign, date(2022, 4, 1))
    assert len(result.created) == 1
    assert sched.open_keys() == [("任务甲", "卫健", "overdue", None, date(2022, 3, 31))]


def test_gate_exactly_lead_days_ahead_flags_due_soon_one_day_earlier_does_not(sched):
    sched.task("任务乙", deadline=date(2022, 5, 25))
    assert sweep_deadlines(sched.campaign, SA - timedelta(days=15)).created == []
    sweep_deadlines(sched.campaign, SA - timedelta(days=14))
    assert sched.open_keys() == [("任务乙", "卫健", "due_soon", "self_assessment", date(2022, 5, 25))]


def test_due_soon_needs_the_due_date_on_or_before_the_gate(sched):
    sched.task("在门前", deadline=SA)
    sched.task("在门后", deadline=SA + timedelta(days=1))
    sweep_deadlines(sched.campaign, date(2022, 5, 20))
    assert [k[0] for k in sched.open_keys()] == ["在门前"]


def test_task_without_deadline_is_due_the_day_before_self_assessment(sched):
    sched.task("长期坚持的任务", deadline=None)
    sweep_deadlines(sched.campaign, date(2022, 5, 31))
    assert sched.open_keys() == [("长期坚持的任务", "卫健", "due_soon", "self_assessment", date(2022, 5, 31))]
    sweep_deadlines(sched.campaign, date(2022, 6, 1))
    assert sched.open_keys() == [("长期坚持的任务", "卫健", "overdue", None, date(2022, 5, 31))]
    closed = [f for f in sched.flags(open_only=False) if f.closed_on]
    assert [(f.kind, f.closed_on) for f in closed] == [("due_soon", date(2022, 6, 1))]


def test_acceptance_gate_is_recorded(sched):
    sched.task("验收前任务", deadline=date(2022, 8, 15))
    sweep_deadlines(sched.campaign, ACC - timedelta(days=10))
    assert sched.open_keys() == [("验收前任务", "卫健", "due_soon", "acceptance", date(2022, 8, 15))]


def test_submitted_the_same_day_closes_the_flag_and_keeps_history(sched):
    task = sched.task("任务丙", deadline=date(2022, 4, 30))
    today = date(2022, 5, 3)
    sweep_deadlines(sched.campaign, today)
    assert len(sched.flags()) == 1
    task.assignments[0].status = "submitted"
    db.session.flush()
    result = sweep_deadlines(sched.campaign, today)
    assert result.closed == 1 and sched.flags() == []
    (history,) = sched.flags(open_only=False)
    assert (history.kind, history.opened_on, history.closed_on) == ("overdue", today, today)


def test_approved_stays_closed_and_returned_is_open_again(sched):
    task = sched.task("任务丁", deadline=date(2022, 4, 30))
    task.assignments[0].status = "approved"
    db.session.flush()
    assert sweep_deadlines(sched.campaign, date(2022, 5, 3)).created == []
    task.assignments[0].status = "returned"
    db.session.flush()
    assert len(sweep_deadlines(sched.campaign, date(2022, 5, 3)).created) == 1


def test_deadline_moved_closes_the_flag_and_reopens_with_the_new_date(sched):
    task = sched.task("任务戊", deadline=date(2022, 4, 30))
    sweep_deadlines(sched.campaign, date(2022, 5, 3))
    task.deadline = date(2022, 5, 1)
    db.session.flush()
    result = sweep_deadlines(sched.campaign, date(2022, 5, 4))
    assert (result.closed, len(result.created)) == (1, 1)
    assert sched.open_keys() == [("任务戊", "卫健", "overdue", None, date(2022, 5, 1))]
    task.deadline = date(2022, 12, 31)
    db.session.flush()
    sweep_deadlines(sched.campaign, date(2022, 5, 5))
    assert sched.open_keys() == []
    assert len(sched.flags(open_only=False)) == 2


def test_sweep_twice_creates_each_flag_once(sched):
    sched.task("任务己", deadline=date(2022, 4, 30), units=[sched.wj, sched.fg])
    sched.task("任务庚", deadline=date(2022, 5, 20))
    first = sweep_deadlines(sched.campaign, date(2022, 5, 18))
    second = sweep_deadlines(sched.campaign, date(2022, 5, 18))
    assert (len(first.created), len(second.created), second.closed) == (3, 0, 0)
    assert len(sched.flags(open_only=False)) == 3


def test_both_gates_within_lead_days_give_one_flag_per_gate(sched):
    campaign = sched.campaign
    campaign.lead_days = 120
    sched.task("两道关口", deadline=date(2022, 5, 20))
    sweep_deadlines(campaign, date(2022, 5, 1))
    assert [(k[2], k[3]) for k in sched.open_keys()] == [("due_soon", "acceptance"), ("due_soon", "self_assessment")]


def test_other_campaigns_are_not_touched(sched):
    from tests.factories import make_campaign, make_task

    other = make_campaign(slug="other", name="另一个活动")
    make_task(other, "别的任务", [sched.wj], deadline=date(2022, 1, 1))
    db.session.flush()
    assert sweep_deadlines(sched.campaign, date(2022, 5, 1)).created == []
    assert len(sweep_deadlines(other, date(2022, 5, 1)).created) == 1


def test_a_co_unit_feeding_its_lead_is_not_flagged_the_lead_is(sched):
    sched.campaign.co_units_submit_separately = False
    sched.task("配合单位随牵头报送", deadline=date(2022, 4, 30), units=[sched.wj, sched.fg])
    sweep_deadlines(sched.campaign, date(2022, 5, 18))
    assert [(k[1], k[2]) for k in sched.open_keys()] == [("卫健", "overdue")]
