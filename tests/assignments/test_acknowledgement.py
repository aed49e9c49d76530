"""签收: one click by the unit (time kept, audited), implicit when it works, a limit on working days, flagged once."""
import re
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from tests.assignments.conftest import assignment_of, fresh
from tracker.assignments.acknowledgement import ack_due, is_ack_late
from tracker.assignments.services import acknowledge_assignment, add_progress_update, start_assignment
from tracker.assignments.states import AssignmentError
from tracker.audit.models import AuditEvent
from tracker.extensions import db
from tracker.notifications.models import Notification
from tracker.scheduler.ack_flags import flag_unacknowledged
from tracker.scheduler.models import AckFlag
from tracker.scheduler.services import scan
from tracker.supervision.services import chase_candidates
from tracker.workdays.calendar import WorkCalendar
from tracker.workdays.services import set_override, work_calendar

CAL = WorkCalendar()


def _assigned(a, day: date):
    """The item was given to the unit on `day` (10:00 in Shanghai)."""
    a.created_at = datetime(day.year, day.month, day.day, 2, 0)
    db.session.commit()
    return a


def test_a_new_assignment_waits_for_its_units_acknowledgement(world):
    a = assignment_of(world, 0, "wj")
    assert a.acknowledged_at is None


def test_the_unit_acknowledges_with_one_click_the_time_is_kept_and_audited(world):
    a, wj = assignment_of(world, 0, "wj"), world.users["wj"]
    acknowledge_assignment(a, wj, a.version)
    db.session.commit()
    a = fresh(a)
    assert a.acknowledged_at is not None and a.acknowledged_by_id == wj.id and a.status == "not_started"
    assert db.session.scalar(select(func.count()).where(AuditEvent.action == "assignment.acknowledge")) == 1


def test_acknowledging_twice_is_refused(world):
    a, wj = assignment_of(world, 0, "wj"), world.users["wj"]
    acknowledge_assignment(a, wj, a.version)
    with pytest.raises(AssignmentError, match="已于"):
        acknowledge_assignment(a, wj, a.version)


def test_another_unit_cannot_acknowledge(world):
    a = assignment_of(world, 0, "wj")
    with pytest.raises(AssignmentError):
        acknowledge_assignment(a, world.users["cz"], a.version)


@pytest.mark.parametrize("work", ["start", "progress"])
def test_working_on_the_item_acknowledges_it_without_an_extra_click(world, work):
    a, wj = assignment_of(world, 0, "wj"), world.users["wj"]
    if work == "start":
        start_assignment(a, wj, a.version)
    else:
        add_progress_update(a, wj, a.version, "已起草")
    db.session.commit()
    assert fresh(a).acknowledged_at is not None
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "assignment.acknowledge"))
    assert event.after["implicit"] is True


# --- the limit on working days, across the Spring Festival of 2022 (31 Jan – 6 Feb; 29 and 30 Jan worked) ------

def test_the_limit_counts_the_make_up_working_days_before_the_spring_festival(world):
    a = _assigned(assignment_of(world, 0, "wj"), date(2022, 1, 28))  # Friday; Sat 29 and Sun 30 are working days
    assert ack_due(a, CAL) == date(2022, 1, 30)
    assert not is_ack_late(a, date(2022, 1, 30), CAL)
    assert is_ack_late(a, date(2022, 1, 31), CAL)


def test_the_festival_holidays_do_not_count(world):
    a = _assigned(assignment_of(world, 0, "wj"), date(2022, 1, 30))  # the last make-up day; then 7 days off
    assert ack_due(a, CAL) == date(2022, 2, 8)
    assert not is_ack_late(a, date(2022, 2, 8), CAL) and is_ack_late(a, date(2022, 2, 9), CAL)


def test_an_office_override_moves_the_limit(world):
    a = _assigned(assignment_of(world, 0, "wj"), date(2022, 1, 28))
    set_override(date(2022, 1, 29), False, "区里不调休")
    assert ack_due(a, work_calendar()) == date(2022, 2, 7)


def test_the_campaign_sets_the_limit_and_zero_means_none(world):
    a = _assigned(assignment_of(world, 0, "wj"), date(2022, 3, 1))  # Tuesday
    world.campaign.ack_workdays = 5
    assert ack_due(a, CAL) == date(2022, 3, 8)
    world.campaign.ack_workdays = 0
    assert ack_due(a, CAL) is None and not is_ack_late(a, date(2022, 12, 1), CAL)


# --- the sweep: flagged once, told once, closed when acknowledged -------------------------------------------------

def _flags():
    return db.session.scalar(select(func.count(AckFlag.id)))


def test_the_sweep_flags_a_late_item_once_across_reruns(world):
    for a in world.tasks[0].assignments + world.tasks[1].assignments:
        _assigned(a, date(2022, 3, 1))
    acknowledge_assignment(assignment_of(world, 1, "fg"), world.users["fg"], assignment_of(world, 1, "fg").version)
    first = flag_unacknowledged(world.campaign, date(2022, 3, 4), CAL)
    again = flag_unacknowledged(world.campaign, date(2022, 3, 4), CAL)
    later = scan([world.campaign], date(2022, 3, 7))
    db.session.commit()
    assert (len(first), len(again), later.ack_flags, _flags()) == (3, 0, 0, 3)
    notes = db.session.scalars(select(Notification).where(Notification.kind == "ack_late")).all()
    assert sorted(n.user.username for n in notes) == ["cz", "fg", "wj"]


def test_nothing_is_flagged_within_the_limit(world):
    _assigned(assignment_of(world, 0, "wj"), date(2022, 3, 1))
    assert flag_unacknowledged(world.campaign, date(2022, 3, 3), CAL) == []


def test_the_flag_closes_when_the_unit_acknowledges_and_never_reopens(world):
    a, wj = _assigned(assignment_of(world, 0, "wj"), date(2022, 3, 1)), world.users["wj"]
    flag_unacknowledged(world.campaign, date(2022, 3, 4), CAL)
    acknowledge_assignment(a, wj, a.version)
    flag_unacknowledged(world.campaign, date(2022, 3, 7), CAL)
    flag = db.session.scalar(select(AckFlag).where(AckFlag.assignment_id == a.id))
    assert flag.closed_on == date(2022, 3, 7) and _flags() == 1


def test_a_late_item_is_on_the_chase_list_like_an_overdue_one(world):
    a = _assigned(assignment_of(world, 1, "cz"), date(2022, 3, 1))  # a co-unit: only 签收 makes it chased
    flag_unacknowledged(world.campaign, date(2022, 3, 4), CAL)
    lagging = set(db.session.scalars(chase_candidates(world.campaign, date(2022, 3, 4), "lagging",
                                                     ack_late=True)).unique())
    assert a in lagging
    plain = set(db.session.scalars(chase_candidates(world.campaign, date(2022, 3, 4), "lagging")).unique())
    assert a not in plain


def test_the_office_sees_who_has_not_acknowledged_what(world, login):
    a = _assigned(assignment_of(world, 0, "wj"), date(2022, 3, 1))
    acknowledge_assignment(assignment_of(world, 0, "fg"), world.users["fg"], assignment_of(world, 0, "fg").version)
    flag_unacknowledged(world.campaign, date(2022, 3, 4), CAL)
    db.session.commit()
    html = login("office").get("/supervision/chase?kind=unack").get_data(as_text=True)
    assert 'data-ack="late"' in html and "区卫健局" in html and "超时未签收" in html
    assert html.count('name="ids"') == 3  # wj and both of task 2; fg acknowledged task 1
    assert a.id in [int(x) for x in re.findall(r'name="ids" value="(\d+)"', html)]


def test_the_unit_acknowledges_on_its_page_and_another_unit_gets_404(world, login):
    a = assignment_of(world, 0, "wj")
    assert login("cz").post(f"/assignments/{a.id}/acknowledge", data={"version": a.version}).status_code == 404
    client = login("wj")
    assert 'data-testid="acknowledge"' in client.get(f"/assignments/{a.id}").get_data(as_text=True)
    resp = client.post(f"/assignments/{a.id}/acknowledge", data={"version": a.version})
    assert resp.status_code == 302
    html = client.get(f"/assignments/{a.id}").get_data(as_text=True)
    assert 'data-ack="done"' in html and 'data-testid="acknowledge"' not in html
