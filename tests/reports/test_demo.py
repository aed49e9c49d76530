"""The Hanbin demo carries one half-year cycle with some units reported — and loads it once."""
import json

from sqlalchemy import func, select

from tracker.extensions import db
from tracker.reports.models import Report, ReportCycle


def test_the_demo_cycle_has_some_units_reported_and_loads_once(runner, app):
    assert runner.invoke(args=["demo", "--quiet"]).exit_code == 0
    assert runner.invoke(args=["demo", "--quiet"]).exit_code == 0
    assert db.session.scalar(select(func.count(ReportCycle.id))) == 1
    statuses = sorted(db.session.scalars(select(Report.status)))
    assert statuses == ["accepted", "returned", "submitted"]
    board = json.loads(runner.invoke(args=["cycle", "board", "hanbin", "--json", "--today", "2022-05-25"]).stdout)
    assert [b["cycle"] for b in board] == ["2022年上半年"]
    assert len(board[0]["reported"]) == 2 and len(board[0]["missing"]) > 10 and board[0]["overdue"] == []
    later = json.loads(runner.invoke(args=["cycle", "board", "hanbin", "--json", "--today", "2022-07-11"]).stdout)
    assert later[0]["missing"] == [] and len(later[0]["overdue"]) == len(board[0]["missing"])
