"""A hand-made calendar: self-assessment starts 2022-06-01, acceptance 2022-08-21, lead_days 14."""
from datetime import date

import pytest
from sqlalchemy import select

from tests.factories import make_campaign, make_task, make_unit, make_user
from tracker.extensions import db
from tracker.scheduler.models import Flag

SA = date(2022, 6, 1)
ACC = date(2022, 8, 21)


class SweepWorld:
    def __init__(self):
        self.campaign = make_campaign()
        self.campaign.co_units_submit_separately = True  # every unit owes its own part: one flag per assignment
        self.wj = make_unit("区卫健局", "卫健")
        self.fg = make_unit("区发改局", "发改")
        self.office = make_user("office", "office")
        self.wj_user = make_user("wj", "unit", self.wj)
        self.fg_user = make_user("fg", "unit", self.fg)
        db.session.flush()

    def task(self, title, deadline=None, units=None):
        task = make_task(self.campaign, title, units or [self.wj], deadline=deadline)
        db.session.flush()
        return task

    def flags(self, open_only=True):
        stmt = select(Flag).order_by(Flag.id)
        if open_only:
            stmt = stmt.where(Flag.open_marker == 1)
        return list(db.session.scalars(stmt))

    def open_keys(self):
        return sorted((f.assignment.task.title, f.assignment.unit.short_name, f.kind, f.gate, f.due_on)
                      for f in self.flags())


@pytest.fixture
def sched(app):
    w = SweepWorld()
    db.session.commit()
    return w
