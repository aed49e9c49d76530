"""The 催办 list's filters: one unit, a light (红灯 / 黄灯), overdue by at least N days, 临期 before a gate —
applied in SQL, by the one due-date rule (assignments/due.py)."""
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import false

from tracker.assignments.due import due_soon_sql, due_sql, gates_at_risk, overdue_sql
from tracker.assignments.lights import Light, light_sql
from tracker.assignments.models import Assignment
from tracker.campaigns.models import GATE_KINDS, PHASE_LABELS, Campaign
from tracker.workdays.services import work_calendar

LIGHTS = (Light.RED.value, Light.YELLOW.value)
MAX_DAYS = 3650


def _int(text) -> int | None:
    text = str(text or "").strip()
    return int(text) if text.isdigit() and len(text) <= 6 else None


@dataclass(frozen=True)
class ChaseFilter:
    unit_id: int | None = None
    light: str | None = None  # 'red' / 'yellow'
    min_days: int | None = None  # 逾期 at least this many days
    gate: str | None = None  # 临期 before this gate (its kind): what the landing page's 临期 count counts

    @classmethod
    def from_args(cls, args) -> "ChaseFilter":
        """Read the query string; anything unreadable is no filter (a list is never refused for its filter)."""
        light = args.get("light") if args.get("light") in LIGHTS else None
        days = _int(args.get("days"))
        gate = args.get("gate") if args.get("gate") in GATE_KINDS else None
        return cls(_int(args.get("unit")) or None, light, min(days, MAX_DAYS) if days else None, gate)

    def args(self) -> dict:
        """The filter as query arguments (for the tabs and the pager)."""
        out = {"unit": self.unit_id, "light": self.light, "days": self.min_days, "gate": self.gate}
        return {k: v for k, v in out.items() if v}

    @property
    def active(self) -> bool:
        return bool(self.args())

    def apply(self, stmt, campaign: Campaign, today: date):
        """Narrow a select of assignments (with `Task` joined) to this filter; lights and days follow due.py."""
        if self.unit_id:
            stmt = stmt.where(Assignment.unit_id == self.unit_id)
        if self.light:
            stmt = stmt.where(light_sql(campaign, today, work_calendar()) == self.light)
        if self.min_days:
            stmt = stmt.where(overdue_sql(campaign, today),
                              due_sql(campaign) <= today - timedelta(days=self.min_days))
        if self.gate:
            on = gates_at_risk(campaign, today).get(self.gate)
            stmt = stmt.where(due_soon_sql(campaign, today, on) if on else false())
        return stmt

    @property
    def gate_label(self) -> str:
        return PHASE_LABELS.get(self.gate, "") if self.gate else ""
