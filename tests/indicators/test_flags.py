"""The sweep flags behind indicators ahead of 自查评估 (2022-06-01) and 申报验收 (2022-08-21): once per indicator and
gate, in the same run and outbox as the deadline flags."""
import json
from datetime import date

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError

from tests.factories import make_value
from tests.indicators.conftest import FIRST
from tracker.extensions import db
from tracker.notifications.channel_services import create_channel
from tracker.notifications.models import Notification, OutboxMessage
from tracker.scheduler.models import IndicatorFlag, JobRun
from tracker.scheduler.services import run_daily_sweep, scan

WITHIN_SA = date(2022, 5, 18)  # 14 days before 2022-06-01
BEFORE_SA = date(2022, 5, 17)
WITHIN_ACC = date(2022, 8, 7)


@pytest.fixture
def behind(world, beds):
    """新增托位 missed its 2021-12-31 milestone (360 of 400): behind from 2022-01-01 on."""
    make_value(beds, world.units["wj"], 360, FIRST)
    create_channel(world.units["wj"].id, "email", "wj@example.cn", None, world.users["admin"])
    create_channel(None, "email", "office@example.cn", None, world.users["admin"])
    db.session.commit()
    return beds


def _flags():
    return list(db.session.execute(select(IndicatorFlag.gate, IndicatorFlag.opened_on).order_by(IndicatorFlag.id)))


def test_a_behind_indicator_is_flagged_when_the_gate_is_within_lead_days(world, behind):
    report = scan([world.campaign], WITHIN_SA)
    assert report.indicator_flags == 1 and _flags() == [("self_assessment", WITHIN_SA)]


def test_nothing_is_flagged_a_day_before_the_lead_days(world, behind):
    assert scan([world.campaign], BEFORE_SA).indicator_flags == 0 and _flags() == []


def test_an_indicator_on_track_is_not_flagged(world, beds):
    make_value(beds, world.units["wj"], 420, FIRST)
    db.session.commit()
    assert scan([world.campaign], WITHIN_SA).indicator_flags == 0


def test_the_flag_is_made_once_per_indicator_and_gate_however_often_the_sweep_runs(world, behind):
    for day in (WITHIN_SA, WITHIN_SA, date(2022, 5, 19), date(2022, 6, 1)):
        scan([world.campaign], day)
        db.session.commit()
    assert _flags() == [("self_assessment", WITHIN_SA)]
    scan([world.campaign], WITHIN_ACC)
    assert _flags() == [("self_assessment", WITHIN_SA), ("acceptance", WITHIN_ACC)]


def test_the_database_refuses_a_second_flag_for_the_same_gate(world, behind):
    scan([world.campaign], WITHIN_SA)
    db.session.commit()
    with pytest.raises(IntegrityError):
        db.session.execute(insert(IndicatorFlag), [{"indicator_id": behind.id, "gate": "self_assessment",
                                                    "gate_on": date(2022, 6, 1), "opened_on": WITHIN_SA,
                                                    "reason": ""}])
    db.session.rollback()


def test_the_responsible_units_and_the_office_are_told_once_through_bell_and_outbox(world, behind):
    for day in (WITHIN_SA, WITHIN_SA, date(2022, 5, 19)):
        scan([world.campaign], day)
        db.session.commit()
    notes = list(db.session.scalars(select(Notification).where(Notification.kind == "indicator_flag")))
    assert sorted(n.user.username for n in notes) == ["fg", "office", "wj"]  # both responsible units, the office
    assert all("新增托位" in n.text and "2021-12-31 节点目标 400" in n.text for n in notes)
    outbox = list(db.session.scalars(select(OutboxMessage.subject).where(OutboxMessage.subject.like("%指标预警%"))))
    assert len(outbox) == 2  # the unit's channel and the office's channel, each once


def test_the_daily_job_counts_the_indicator_flags(world, behind):
    run_daily_sweep(WITHIN_SA)
    db.session.commit()
    assert db.session.scalar(select(JobRun.counts))["indicator_flags"] == 1


def test_scan_json_lists_the_indicator_flags(runner, world, behind):
    result = runner.invoke(args=["scan", "--campaign", "hb", "--today", "2022-05-18", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["indicator_flags"] == [{
        "campaign": "hb", "indicator": "新增托位", "gate": "self_assessment", "gate_on": "2022-06-01",
        "opened_on": "2022-05-18", "reason": "2021-12-31 节点目标 400，截至当日为 360"}]
    assert db.session.scalar(select(func.count(IndicatorFlag.id))) == 1
