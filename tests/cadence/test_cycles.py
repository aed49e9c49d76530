"""Progress cycles: periods, the cap on frequency, 已报 / 未报, the pre-filled form and the one-click "无变化",
and the sweep's reminder once per period."""
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from tests.assignments.conftest import assignment_of
from tracker.assignments.models import ProgressUpdate
from tracker.assignments.services import AssignmentError, add_progress_update, confirm_no_change
from tracker.cadence.models import CycleReminder
from tracker.cadence.periods import period_of
from tracker.cadence.services import (
    CadenceError,
    CycleSetting,
    board,
    cadence_of,
    counts,
    remind_missing,
    save_setting,
)
from tracker.extensions import db
from tracker.notifications.models import Notification
from tracker.scheduler.services import scan

MONTHLY_25 = CycleSetting(True, "monthly", 25, 7, 3)


def _on(world, setting=MONTHLY_25, since=date(2022, 1, 1)):
    save_setting(world.campaign, setting, world.users["office"], today=since)
    db.session.commit()


def _report(a, user, when: datetime, **texts):
    update = add_progress_update(a, user, a.version, texts.get("progress", "已起草"), texts.get("problems", ""))
    update.created_at = when
    db.session.commit()
    return update


# --- periods ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("day", "key", "start", "due"), [
    (date(2022, 5, 25), "2022-05", date(2022, 4, 26), date(2022, 5, 25)),
    (date(2022, 5, 26), "2022-06", date(2022, 5, 26), date(2022, 6, 25)),
    (date(2022, 1, 3), "2022-01", date(2021, 12, 26), date(2022, 1, 25)),
    (date(2021, 12, 30), "2022-01", date(2021, 12, 26), date(2022, 1, 25)),
])
def test_a_monthly_period_runs_from_the_day_after_the_last_due_date_to_its_own(day, key, start, due):
    p = period_of("monthly", 25, day)
    assert (p.key, p.start, p.due) == (key, start, due)


def test_a_weekly_period_ends_on_its_weekday():
    p = period_of("weekly", 4, date(2022, 5, 23))  # Monday → due Friday 27 May
    assert (p.key, p.start, p.due) == ("2022-W21", date(2022, 5, 21), date(2022, 5, 27))


def test_cycles_are_off_by_default(world):
    assert cadence_of(world.campaign) is None


def test_a_weekly_cycle_denser_than_the_cap_is_refused(world):
    with pytest.raises(CadenceError, match="频次上限更密"):
        save_setting(world.campaign, CycleSetting(True, "weekly", 4, 14, 3), world.users["office"])


def test_a_monthly_cycle_within_the_cap_is_kept(world):
    _on(world, CycleSetting(True, "monthly", 25, 28, 3))
    assert cadence_of(world.campaign).min_interval_days == 28


def test_the_day_must_exist_every_month(world):
    with pytest.raises(CadenceError, match="1 到 28"):
        save_setting(world.campaign, CycleSetting(True, "monthly", 31, 7, 3), world.users["office"])


# --- 已报 / 未报 ------------------------------------------------------------------------------------------------

def test_the_office_sees_reported_and_missing_per_period(world):
    _on(world)
    a, wj = assignment_of(world, 0, "wj"), world.users["wj"]
    _report(a, wj, datetime(2022, 5, 10, 2))
    may = period_of("monthly", 25, date(2022, 5, 20))
    rows = {row.Assignment.unit.name + str(row.Assignment.task_id): row.reported
            for row in db.session.execute(board(world.campaign, may))}
    # leads only (co-units feed them): 卫健 leads task 1, 发改 leads task 2
    assert sorted(rows.values()) == [False, True] and len(rows) == 2
    assert counts(world.campaign, may) == {"reported": 1, "missing": 1}
    april = period_of("monthly", 25, date(2022, 4, 20))
    assert counts(world.campaign, april) == {"reported": 0, "missing": 2}


def test_an_update_after_the_due_date_counts_for_the_next_period(world):
    _on(world)
    _report(assignment_of(world, 0, "wj"), world.users["wj"], datetime(2022, 5, 26, 2))
    assert counts(world.campaign, period_of("monthly", 25, date(2022, 5, 25)))["reported"] == 0
    assert counts(world.campaign, period_of("monthly", 25, date(2022, 5, 26)))["reported"] == 1


# --- the form starts from the last update; "无变化" is one click ---------------------------------------------------

def test_the_cycle_form_is_prefilled_from_the_last_update(world, login, clock):
    _on(world)
    clock.freeze(date(2022, 5, 20))
    a = assignment_of(world, 0, "wj")
    _report(a, world.users["wj"], datetime(2022, 4, 20, 2), progress="已印发实施意见", problems="经费未落实")
    html = login("wj").get(f"/assignments/{a.id}").get_data(as_text=True)
    assert "已印发实施意见</textarea>" in html and "经费未落实</textarea>" in html
    assert 'data-testid="cycle-status"' in html and "未报" in html and 'data-testid="no-change"' in html


def test_no_change_is_one_click_that_records_the_date_and_counts_as_reported(world, login, clock):
    _on(world)
    clock.freeze(date(2022, 5, 20))
    a = assignment_of(world, 0, "wj")
    _report(a, world.users["wj"], datetime(2022, 4, 20, 2), progress="已印发实施意见")
    client = login("wj")
    resp = client.post(f"/assignments/{a.id}/no-change", data={"version": db.session.get(type(a), a.id).version})
    assert resp.status_code == 302
    newest = db.session.scalar(select(ProgressUpdate).order_by(ProgressUpdate.id.desc()))
    assert newest.no_change and newest.progress == "已印发实施意见"
    newest.created_at = datetime(2022, 5, 20, 2)
    db.session.commit()
    assert counts(world.campaign, period_of("monthly", 25, date(2022, 5, 20))) == {"reported": 1, "missing": 1}
    html = client.get(f"/assignments/{a.id}").get_data(as_text=True)
    assert 'data-testid="no-change-update"' in html


def test_no_change_needs_a_first_report(world):
    a = assignment_of(world, 0, "wj")
    with pytest.raises(AssignmentError, match="还没有填报过进展"):
        confirm_no_change(a, world.users["wj"], a.version)


def test_another_unit_cannot_report_no_change(world, login):
    a = assignment_of(world, 0, "wj")
    _report(a, world.users["wj"], datetime(2022, 4, 20, 2))
    assert login("cz").post(f"/assignments/{a.id}/no-change", data={"version": a.version}).status_code == 404


# --- the sweep reminds once per period ---------------------------------------------------------------------------

def _reminders():
    return db.session.scalar(select(func.count(CycleReminder.id)))


def test_the_sweep_reminds_missing_units_once_per_period(world):
    _on(world)
    assert remind_missing(world.campaign, date(2022, 5, 21)) == 0  # before the reminder days
    assert remind_missing(world.campaign, date(2022, 5, 22)) == 2
    assert remind_missing(world.campaign, date(2022, 5, 23)) == 0
    scan([world.campaign], date(2022, 5, 25))
    db.session.commit()
    assert _reminders() == 2
    assert db.session.scalar(select(func.count(Notification.id)).where(Notification.kind == "cycle")) == 2
    assert remind_missing(world.campaign, date(2022, 6, 22)) == 2  # the next period asks again


def test_a_unit_that_reported_is_not_reminded(world):
    _on(world)
    _report(assignment_of(world, 0, "wj"), world.users["wj"], datetime(2022, 5, 10, 2))
    remind_missing(world.campaign, date(2022, 5, 22))
    assert [r.unit_id for r in db.session.scalars(select(CycleReminder))] == [world.units["fg"].id]


def test_nothing_is_asked_when_the_cycle_is_off(world):
    assert remind_missing(world.campaign, date(2022, 5, 25)) == 0


def test_the_office_page_lists_the_period(world, login, clock):
    clock.freeze(date(2022, 5, 20))
    client = login("office")
    first = client.get("/cadence").get_data(as_text=True)
    assert "默认关闭" in first
    assert f'进展报送 <small class="text-muted fs-6">{world.campaign.name} ·' in first  # its heading names the campaign
    resp = client.post("/cadence/settings", data={"enabled": "y", "kind": "monthly", "month_day": "25",
                                                  "weekday": "4", "min_interval_days": "7", "remind_days": "3"})
    assert resp.status_code == 302
    html = client.get("/cadence?state=missing").get_data(as_text=True)  # switched on mid-period: not asked
    assert 'data-testid="cycle-board"' not in html and "首期为 2022年6月（2022-05-26 至 2022-06-25）" in html
    assert remind_missing(world.campaign, date(2022, 5, 23)) == 0  # within the reminder days, yet nobody is told
    clock.freeze(date(2022, 6, 20))
    html = client.get("/cadence?state=missing").get_data(as_text=True)
    assert 'data-testid="cycle-board"' in html and html.count('data-reported="0"') == 2
    assert "2022年5月" not in html.split('id="period"', 1)[1].split("</select>", 1)[0]  # nor offered as a period


def test_a_refused_setting_keeps_what_was_typed(world, login):
    resp = login("office").post("/cadence/settings", data={"enabled": "y", "kind": "weekly", "month_day": "25",
                                                          "weekday": "2", "min_interval_days": "10",
                                                          "remind_days": "3"})
    html = resp.get_data(as_text=True)
    assert resp.status_code == 400 and "频次上限更密" in html and 'value="10"' in html
