"""Reminders before the due date and missing-report flags after it — exactly once, however often the job runs."""
import json
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from tracker.extensions import db
from tracker.notifications.channel_services import create_channel
from tracker.notifications.models import Notification, OutboxMessage
from tracker.reports.filing import Filing, file_report, return_report
from tracker.reports.jobs import run_report_job
from tracker.reports.models import Recurrence, ReportCycle, ReportNotice
from tracker.reports.notices import remind_and_flag
from tracker.reports.services import CycleSpec, create_cycle
from tracker.scheduler.jobs import scheduled_jobs

DUE = date(2022, 7, 10)


@pytest.fixture
def cycle(world):
    made = create_cycle(world.campaign, CycleSpec("2022年上半年", DUE, [world.units["wj"], world.units["fg"]],
                                                  remind_days=3))
    create_channel(world.units["wj"].id, "email", "wj@example.cn", None, world.users["admin"])
    db.session.commit()
    return made


def _bell(user) -> list[str]:
    return list(db.session.scalars(select(Notification.text).where(Notification.user_id == user.id)
                                   .order_by(Notification.id)))


def _outbox() -> int:
    return db.session.scalar(select(func.count(OutboxMessage.id)))


@pytest.mark.parametrize(("today", "reminders"), [
    (DUE - timedelta(days=4), 0),  # before the window
    (DUE - timedelta(days=3), 2),  # its first day
    (DUE, 2),  # the due date itself
    (DUE + timedelta(days=1), 0),  # after: a missing flag instead
])
def test_reminders_go_out_in_their_window(world, cycle, today, reminders):
    assert remind_and_flag(today).reminders == reminders


def test_reminders_go_out_once_across_reruns_and_days(world, cycle):
    first = remind_and_flag(DUE - timedelta(days=3))
    db.session.commit()
    again = [remind_and_flag(DUE - timedelta(days=d)) for d in (3, 2, 1, 0)]
    db.session.commit()
    assert first.reminders == 2 and [r.reminders for r in again] == [0, 0, 0, 0]
    assert len([t for t in _bell(world.users["wj"]) if "将于" in t]) == 1
    assert _outbox() == 1  # wj's e-mail channel, once


def test_a_unit_that_reported_is_not_reminded_a_returned_one_is(world, cycle):
    report = file_report(cycle, world.units["wj"], Filing("总结"), None, today=DUE).report
    assert remind_and_flag(DUE - timedelta(days=1)).reminders == 1  # fg only
    db.session.commit()
    return_report(report, "请补充", None)
    db.session.commit()
    assert remind_and_flag(DUE).reminders == 1  # wj now, after its return
    assert remind_and_flag(DUE).reminders == 0


def test_missing_reports_are_flagged_once_with_one_office_summary(world, cycle):
    file_report(cycle, world.units["fg"], Filing("总结"), None, today=DUE)
    db.session.commit()
    runs = [remind_and_flag(DUE + timedelta(days=d)) for d in (1, 1, 2, 30)]
    db.session.commit()
    assert [r.missing for r in runs] == [1, 0, 0, 0]
    assert db.session.scalar(select(func.count(ReportNotice.id)).where(ReportNotice.kind == "missing")) == 1
    assert [t for t in _bell(world.users["wj"]) if "逾期未报" in t]
    office = [t for t in _bell(world.users["office"]) if "逾期未报" in t]
    assert len(office) == 1 and "1 个单位逾期未报：区卫健局" in office[0]


def test_a_second_scheduler_sends_nothing_more(app, world, cycle):
    run_report_job(app)  # real today: long after the due date
    run_report_job(app)
    db.session.expire_all()
    assert db.session.scalar(select(func.count(ReportNotice.id))) == 2
    assert len([t for t in _bell(world.users["wj"]) if "逾期未报" in t]) == 1


def test_a_half_yearly_cycle_creates_its_successor_once_after_the_due_date(world, cycle):
    cycle.recurrence = Recurrence.HALF_YEAR.value
    db.session.commit()
    assert remind_and_flag(DUE).created_cycles == []
    assert remind_and_flag(DUE + timedelta(days=1)).created_cycles == ["2022年下半年"]
    assert remind_and_flag(DUE + timedelta(days=2)).created_cycles == []
    db.session.commit()
    nxt = db.session.scalar(select(ReportCycle).where(ReportCycle.previous_id == cycle.id))
    assert (nxt.due_on, nxt.period_from, nxt.period_to) == (date(2023, 1, 10), date(2022, 7, 1), date(2022, 12, 31))
    assert [o.unit.name for o in nxt.owed] == ["区卫健局", "区发改局"] and nxt.recurrence == "half_year"


def test_the_scheduler_runs_the_report_job(app):
    assert "report_cycles" in [j.id for j in scheduled_jobs(app)]


def test_cycle_remind_runs_it_now(runner, world, cycle):
    result = runner.invoke(args=["cycle", "remind", "--today", "2022-07-11", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"today": "2022-07-11", "reminders": 0, "missing": 2, "created_cycles": []}
    again = runner.invoke(args=["cycle", "remind", "--today", "2022-07-11", "--json"])
    assert json.loads(again.stdout)["missing"] == 0
