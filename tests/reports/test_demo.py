"""The demo carries a half-year cycle with some units reported, on the Hanbin campaign and on the Jingzhou joint
meeting (owed by its members) — and loads them once."""
import json

from sqlalchemy import func, select

from tracker.campaigns.services import get_campaign
from tracker.extensions import db
from tracker.meetings.demo import BODY_SLUG
from tracker.meetings.members import member_units
from tracker.reports.models import Report, ReportCycle


def test_the_demo_cycle_has_some_units_reported_and_loads_once(runner, app):
    assert runner.invoke(args=["demo", "--quiet"]).exit_code == 0
    assert runner.invoke(args=["demo", "--quiet"]).exit_code == 0
    assert db.session.scalar(select(func.count(ReportCycle.id))) == 2
    statuses = sorted(db.session.scalars(select(Report.status)))
    assert statuses == ["accepted", "accepted", "returned", "returned", "submitted", "submitted"]
    board = json.loads(runner.invoke(args=["cycle", "board", "hanbin", "--json", "--today", "2022-05-25"]).stdout)
    assert [b["cycle"] for b in board] == ["2022年上半年"]
    assert len(board[0]["reported"]) == 2 and len(board[0]["missing"]) > 10 and board[0]["overdue"] == []
    later = json.loads(runner.invoke(args=["cycle", "board", "hanbin", "--json", "--today", "2022-07-11"]).stdout)
    assert later[0]["missing"] == [] and len(later[0]["overdue"]) == len(board[0]["missing"])


def test_the_joint_meeting_cycle_is_owed_by_its_members(runner, app):
    assert runner.invoke(args=["demo", "--quiet"]).exit_code == 0
    members = {u.name for u in member_units(get_campaign(BODY_SLUG))}
    board = json.loads(runner.invoke(args=["cycle", "board", BODY_SLUG, "--json", "--today", "2022-05-25"]).stdout)
    assert [b["cycle"] for b in board] == ["2022年上半年"]
    owed = set(board[0]["reported"]) | set(board[0]["missing"]) | set(board[0]["overdue"])
    assert owed == members and len(board[0]["reported"]) == 2
    texts = db.session.scalars(select(Report.text).join(ReportCycle).where(ReportCycle.campaign_id
                                                                          == get_campaign(BODY_SLUG).id))
    assert any("经市政府常务会议审议通过" in t for t in texts)  # a city body's members speak of the city


def test_each_demo_report_is_filed_by_the_unit_whose_duties_it_describes(runner, app):
    from tracker.reports.demo import FILER_KEYS, TEXTS
    from tracker.units.models import Unit

    assert runner.invoke(args=["demo", "--quiet"]).exit_code == 0
    rows = db.session.execute(select(Unit.name, Report.text).join(Report, Report.unit_id == Unit.id)).all()
    assert len(rows) == 6  # three in each of the two cycles
    for name, text in rows:
        i = next(i for i, t in enumerate(TEXTS) if text.startswith(t.split("{level}")[0]))
        assert FILER_KEYS[i] in name, (name, text[:30])
