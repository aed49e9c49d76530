"""Reporting a value and the office's review: only approved values count; who may take each step."""
import io
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from tests.factories import make_value
from tests.indicators.conftest import FIRST
from tracker.audit.models import AuditEvent
from tracker.errors import Conflict
from tracker.evidence.models import Evidence
from tracker.evidence.services import Incoming
from tracker.extensions import db
from tracker.indicators.models import IndicatorValue
from tracker.indicators.progress import standings
from tracker.indicators.reporting import (
    Entry,
    ValueRefused,
    approve_value,
    report_value,
    resubmit_value,
    return_value,
)
from tracker.notifications.models import Notification

D = Decimal
TODAY = date(2022, 3, 31)
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _status(world, today=TODAY):
    return standings(world.campaign, today)[0]


def _report(world, beds, user="wj", value=420, as_of=FIRST, **entry):
    unit = world.users[user].unit
    return report_value(beds, unit, Entry(D(value), as_of, **entry), world.users[user], today=TODAY).value


def test_a_reported_value_waits_for_review_and_does_not_count(world, beds):
    value = _report(world, beds)
    assert value.status == "submitted"
    view = _status(world)
    assert view.assessment.status == "no_data" and view.pending == 1


def test_an_approved_value_counts(world, beds):
    approve_value(_report(world, beds), world.users["office"])
    view = _status(world)
    assert (view.assessment.status, view.assessment.latest.value) == ("on_track", D(420))


def test_a_returned_value_does_not_count_and_needs_a_reason(world, beds):
    value = _report(world, beds)
    with pytest.raises(ValueRefused):
        return_value(value, "  ", world.users["office"])
    return_value(value, "请附统计部门盖章的报表。", world.users["office"])
    assert value.status == "returned" and _status(world).assessment.status == "no_data"


def test_the_unit_corrects_a_returned_value_and_the_office_approves_it(world, beds):
    value = _report(world, beds, value=380)
    return_value(value, "数据口径有误。", world.users["office"])
    resubmit_value(value, Entry(D(405), FIRST, "按统计口径更正。"), world.users["wj"], today=TODAY)
    assert value.status == "submitted"
    approve_value(value, world.users["office"])
    assert _status(world).assessment.latest.value == D(405)


def test_a_co_responsible_unit_may_report(world, beds):
    assert _report(world, beds, user="fg").unit_id == world.units["fg"].id


def test_a_unit_not_responsible_for_the_indicator_is_refused(world, beds):
    with pytest.raises(ValueRefused) as exc:
        _report(world, beds, user="cz")
    assert exc.value.status == 403 and "不是指标“新增托位”的责任单位" in str(exc.value)


def test_the_office_does_not_report_for_a_unit(world, beds):
    with pytest.raises(ValueRefused) as exc:
        report_value(beds, world.units["wj"], Entry(D(1), FIRST), world.users["office"], today=TODAY)
    assert exc.value.status == 403


def test_a_liaison_reports_only_as_its_own_unit(world, beds):
    with pytest.raises(ValueRefused) as exc:
        report_value(beds, world.units["fg"], Entry(D(1), FIRST), world.users["wj"], today=TODAY)
    assert exc.value.status == 403


def test_a_unit_cannot_approve(world, beds):
    value = _report(world, beds)
    with pytest.raises(ValueRefused) as exc:
        approve_value(value, world.users["wj"])
    assert exc.value.status == 403


def test_an_approved_value_cannot_be_approved_or_returned_again(world, beds):
    value = make_value(beds, world.units["wj"], 420, FIRST)
    for decide in (lambda: approve_value(value, world.users["office"]),
                   lambda: return_value(value, "重复", world.users["office"])):
        with pytest.raises(ValueRefused) as exc:
            decide()
        assert exc.value.status == 409


def test_a_stale_review_is_a_conflict(world, beds):
    value = _report(world, beds)
    with pytest.raises(Conflict):
        approve_value(value, world.users["office"], version=value.version - 1)


def test_a_value_as_of_a_future_date_is_refused(world, beds):
    with pytest.raises(ValueRefused) as exc:
        _report(world, beds, as_of=date(2022, 4, 1))
    assert "不能晚于今天" in str(exc.value)


def test_another_units_second_pending_value_for_the_same_date_is_refused(world, beds):
    _report(world, beds)
    with pytest.raises(ValueRefused) as exc:
        _report(world, beds, user="fg")
    assert "已由区卫健局报送、正在审核" in str(exc.value)


def test_a_unit_corrects_its_value_before_review_by_reporting_the_date_again(world, beds):
    first = _report(world, beds, value=480)
    version = first.version
    again = _report(world, beds, value=408, note="上次多打了一位")
    assert again.id == first.id and (again.value, again.status, again.note) == (D(408), "submitted", "上次多打了一位")
    assert again.version > version  # an office decision on the old figure is refused as stale
    assert db.session.scalar(select(db.func.count(IndicatorValue.id))) == 1
    summaries = db.session.scalars(select(AuditEvent.summary).where(AuditEvent.action == "indicator.correct")).all()
    assert summaries == [f"区卫健局更正报送“{beds.name}”408{beds.measure}（截至 {FIRST.isoformat()}）"]
    with pytest.raises(Conflict):
        approve_value(again, world.users["office"], version=version)
    approve_value(again, world.users["office"], version=again.version)
    assert _status(world).assessment.latest.value == D(408)


def test_a_decided_value_is_not_corrected_by_the_correct_step(world, beds):
    value = _report(world, beds)
    approve_value(value, world.users["office"])
    with pytest.raises(ValueRefused):
        resubmit_value(value, Entry(D(1), FIRST), world.users["wj"], today=TODAY)


def test_a_derived_indicator_is_computed_not_reported(world, ratio):
    with pytest.raises(ValueRefused) as exc:
        report_value(ratio, world.units["wj"], Entry(D(3), FIRST), world.users["wj"], today=TODAY)
    assert "公式计算" in str(exc.value)


def test_each_step_is_audited_and_tells_the_other_side(world, beds):
    value = _report(world, beds)
    approve_value(value, world.users["office"])
    actions = list(db.session.scalars(select(AuditEvent.action).where(AuditEvent.object_type == "indicator_values")
                                      .order_by(AuditEvent.id)))
    assert actions == ["indicator.report", "indicator.approve"]
    notes = {n.user.username: n.text for n in db.session.scalars(select(Notification))}
    assert "请审核" in notes["office"] and "已审核通过" in notes["wj"]


def test_a_value_with_files_keeps_them_in_the_units_library(world, beds):
    entry = Entry(D(420), FIRST, "附统计表。", files=[Incoming("托位统计表.pdf", io.BytesIO(PDF))])
    reported = report_value(beds, world.units["wj"], entry, world.users["wj"], today=TODAY)
    db.session.commit()
    evidence = db.session.scalar(select(Evidence))
    assert (evidence.unit_id, evidence.original_name) == (world.units["wj"].id, "托位统计表.pdf")
    assert [f.evidence_id for f in reported.value.files] == [evidence.id]
    assert len(reported.moved) == 1 and reported.moved[0].exists()


def test_a_file_from_another_units_library_cannot_be_attached(world, beds):
    mine = report_value(beds, world.units["fg"], Entry(D(1), date(2021, 6, 30),
                        files=[Incoming("表.pdf", io.BytesIO(PDF))]), world.users["fg"], today=TODAY)
    foreign = mine.value.files[0].evidence_id
    with pytest.raises(ValueRefused):
        _report(world, beds, library_ids=[foreign])


def test_a_refused_report_keeps_nothing(world, beds):
    with pytest.raises(ValueRefused):
        _report(world, beds, value=10 ** 15)
    db.session.rollback()
    assert db.session.scalar(select(IndicatorValue.id)) is None


def test_a_derived_indicator_follows_its_inputs_approved_values(world, ratio):
    wj = world.units["wj"]
    indicators = {v.indicator.name: v.indicator for v in standings(world.campaign, TODAY)}
    make_value(indicators["常住人口"], wj, 870000, date(2021, 6, 30))
    make_value(indicators["托位数"], wj, 2610, date(2021, 12, 31))
    make_value(indicators["托位数"], wj, 4100, date(2022, 3, 1), approved=False)  # not approved: not counted
    view = next(v for v in standings(world.campaign, TODAY) if v.indicator.name == "每千人口托位数")
    assert (view.assessment.latest.on, view.assessment.latest.value) == (date(2021, 12, 31), D("3.00"))
    assert view.assessment.status == "on_track"
