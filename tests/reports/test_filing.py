"""Filing a report, editing it until accepted, returning it with a reason; the pre-filled draft."""
from datetime import date, datetime

import pytest
from sqlalchemy import select

from tracker.assignments.models import ProgressUpdate
from tracker.assignments.services import add_progress_update
from tracker.audit.models import AuditEvent
from tracker.errors import Conflict
from tracker.extensions import db
from tracker.notifications.models import Notification
from tracker.reports.filing import (
    Filing,
    ReportRefused,
    accept_report,
    file_report,
    prefill,
    return_report,
)
from tracker.reports.services import CycleSpec, create_cycle

DUE = date(2022, 7, 10)


@pytest.fixture
def cycle(world):
    made = create_cycle(world.campaign, CycleSpec("2022年上半年", DUE, [world.units["wj"], world.units["fg"]]))
    db.session.commit()
    return made


def _actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).where(AuditEvent.object_type == "reports")
                                   .order_by(AuditEvent.id)))


def test_a_unit_files_edits_and_the_office_accepts_audited_and_told(world, cycle):
    wj = world.users["wj"]
    report = file_report(cycle, world.units["wj"], Filing("第一稿"), wj, today=DUE).report
    file_report(cycle, world.units["wj"], Filing("第二稿"), wj, today=DUE)
    assert (report.text, report.status) == ("第二稿", "submitted")
    accept_report(report, world.users["office"])
    assert report.status == "accepted"
    with pytest.raises(ReportRefused, match="已被采用"):
        file_report(cycle, world.units["wj"], Filing("第三稿"), wj, today=DUE)
    assert _actions() == ["report.submit", "report.edit", "report.accepted"]
    told = db.session.scalars(select(Notification.text).where(Notification.user_id == wj.id)).all()
    assert any("已采用" in t for t in told)


def test_a_return_needs_a_reason_and_the_unit_sees_it(world, cycle):
    report = file_report(cycle, world.units["wj"], Filing("初稿"), world.users["wj"], today=DUE).report
    with pytest.raises(ReportRefused, match="退回原因"):
        return_report(report, "  ", world.users["office"])
    return_report(report, "请补充托位建设数据", world.users["office"])
    assert (report.status, report.reason) == ("returned", "请补充托位建设数据")
    told = db.session.scalars(select(Notification.text).where(Notification.user_id == world.users["wj"].id)).all()
    assert any("请补充托位建设数据" in t for t in told)
    file_report(cycle, world.units["wj"], Filing("补充稿"), world.users["wj"], today=DUE)
    assert report.status == "submitted" and _actions()[-1] == "report.resubmit"


def test_only_the_units_own_liaison_files_and_only_owing_units(world, cycle):
    with pytest.raises(ReportRefused, match="本单位联络员"):
        file_report(cycle, world.units["wj"], Filing("代报"), world.users["fg"], today=DUE)
    with pytest.raises(ReportRefused, match="不在"):
        file_report(cycle, world.units["cz"], Filing("财政"), world.users["cz"], today=DUE)
    with pytest.raises(ReportRefused, match="报告正文"):
        file_report(cycle, world.units["wj"], Filing("   "), world.users["wj"], today=DUE)


def test_only_the_office_decides_and_a_stale_version_is_a_conflict(world, cycle):
    report = file_report(cycle, world.units["wj"], Filing("初稿"), world.users["wj"], today=DUE).report
    with pytest.raises(ReportRefused, match="办公室"):
        accept_report(report, world.users["leader"])
    with pytest.raises(Conflict):
        accept_report(report, world.users["office"], version=report.version + 1)
    accept_report(report, world.users["office"])
    with pytest.raises(ReportRefused, match="不能退回"):
        return_report(report, "晚了", world.users["office"])


def _note(world, task, text, when, problems="", steps=""):
    a = world.assignment(task, "wj")
    update = add_progress_update(a, world.users["wj"], a.version, text, problems, steps)
    db.session.flush()
    update.created_at = when  # stored UTC
    db.session.commit()
    return update


def test_the_draft_is_made_of_the_units_progress_in_the_period_only(world, cycle):
    _note(world, 0, "起草实施意见", datetime(2022, 3, 1, 2), "部门意见不一", "6月底前印发")
    _note(world, 0, "实施意见已征求意见", datetime(2022, 6, 30, 15, 59))  # 23:59 on 06-30 in Shanghai
    _note(world, 0, "期后的进展", datetime(2022, 6, 30, 16, 0))  # 00:00 on 07-01 in Shanghai: after the period
    _note(world, 0, "期前的进展", datetime(2021, 12, 31, 15, 59))
    draft = prefill(cycle, world.units["wj"])
    assert "起草实施意见" in draft and "实施意见已征求意见" in draft
    assert "期后的进展" not in draft and "期前的进展" not in draft
    assert "制定出台推进婴幼儿照护服务实施意见" in draft and "2022-03-01" in draft
    # problems and next steps are the latest note's in the period (the 06-30 note has none)
    assert "二、存在问题\n无。" in draft and "三、下步打算\n无。" in draft


def test_the_draft_leaves_out_other_units_and_other_campaigns(world, cycle):
    fg_a = world.assignment(0, "fg")
    add_progress_update(fg_a, world.users["fg"], fg_a.version, "发改局的进展")
    db.session.flush()
    db.session.execute(db.update(ProgressUpdate).values(created_at=datetime(2022, 3, 1)))
    db.session.commit()
    assert prefill(cycle, world.units["wj"]) == ""
    assert "发改局的进展" in prefill(cycle, world.units["fg"])


def test_problems_and_next_steps_come_from_the_latest_note(world, cycle):
    _note(world, 0, "进展一", datetime(2022, 2, 1), "旧问题", "旧打算")
    _note(world, 0, "进展二", datetime(2022, 4, 1), "新问题", "新打算")
    draft = prefill(cycle, world.units["wj"])
    assert "新问题" in draft and "新打算" in draft and "旧问题" not in draft
