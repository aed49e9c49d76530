"""The one typed world builder: test data made through the same services the app uses."""
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from tracker.assignments.assigning import create_task
from tracker.assignments.models import Assignment
from tracker.auth.models import User
from tracker.auth.services import create_user
from tracker.campaigns.models import Campaign
from tracker.campaigns.services import PhaseSpec, create_campaign
from tracker.extensions import db
from tracker.indicators.definitions import IndicatorSpec, save_indicator
from tracker.indicators.models import Indicator, IndicatorValue
from tracker.indicators.reporting import Entry, approve_value, report_value
from tracker.tasks.models import Task
from tracker.units.models import Unit
from tracker.units.services import upsert_unit

PASSWORD = "ledger-pass-2022"

DEFAULT_PHASES = [
    PhaseSpec("mobilization", date(2021, 9, 30), date(2021, 10, 31)),
    PhaseSpec("implementation", date(2021, 11, 1), date(2022, 5, 31)),
    PhaseSpec("self_assessment", date(2022, 6, 1), date(2022, 8, 20)),
    PhaseSpec("acceptance", date(2022, 8, 21), None),
]


def make_campaign(slug="hb", name="汉滨区创建示范城区", phases=None, lead_days=14):
    campaign = create_campaign(slug, name, phases or DEFAULT_PHASES, lead_days=lead_days)
    db.session.flush()
    return campaign


def make_unit(name, short=None, aliases=(), group=None, order=None):
    return upsert_unit(name, short_name=short, aliases=list(aliases), group_name=group, display_order=order)


def make_user(username, role="office", unit=None, password=PASSWORD):
    return create_user(username, role, password, unit_name=unit.name if unit else None)


def make_task(campaign, title, units, category="领导重视", deadline=None, points=None):
    return create_task(campaign, category, title, list(units), deadline=deadline, points=points)


def make_indicator(campaign, name, units=(), milestones=(), measure="个", direction="at_least", baseline=None,
                   formula=None) -> Indicator:
    """An indicator with milestones [(date, target)] and its responsible units (first leads)."""
    spec = IndicatorSpec(name, measure, direction, None if baseline is None else Decimal(str(baseline)),
                         [(d, Decimal(str(t))) for d, t in milestones], [u.id for u in units], formula)
    return save_indicator(campaign, spec)


def make_value(indicator, unit, value, as_of, *, approved=True, actor=None, today=None) -> IndicatorValue:
    """A value reported by `unit` (as `actor`, default: the command line), approved by the office unless told."""
    entry = Entry(Decimal(str(value)), as_of)
    reported = report_value(indicator, unit, entry, actor, today=today or as_of).value
    if approved:
        approve_value(reported, None)
    return reported


@dataclass
class World:
    """A campaign with its units (by key), users (by username) and tasks (in order)."""

    campaign: Campaign
    units: dict[str, Unit] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    tasks: list[Task] = field(default_factory=list)

    def assignment(self, task: int | Task, unit: str | Unit) -> Assignment:
        """The assignment of a task (index or object) held by a unit (key or object)."""
        task = self.tasks[task] if isinstance(task, int) else task
        unit = self.units[unit] if isinstance(unit, str) else unit
        return next(a for a in task.assignments if a.unit_id == unit.id)


def basic_world() -> World:
    """A campaign, three units with a liaison each, an office user, a leader and two tasks."""
    campaign = make_campaign()
    wj = make_unit("区卫健局", "卫健")
    fg = make_unit("区发改局", "发改")
    cz = make_unit("区财政局", "财政")
    users = {
        "office": make_user("office", "office"), "leader": make_user("leader", "leader"),
        "admin": make_user("admin", "admin"), "wj": make_user("wj", "unit", wj),
        "fg": make_user("fg", "unit", fg), "cz": make_user("cz", "unit", cz),
    }
    t1 = make_task(campaign, "制定出台推进婴幼儿照护服务实施意见", [wj, fg], deadline=date(2022, 3, 31), points=10)
    t2 = make_task(campaign, "出台综合性支持政策", [fg, cz], category="政策支持", deadline=date(2022, 6, 30), points=5)
    db.session.commit()
    return World(campaign, {"wj": wj, "fg": fg, "cz": cz}, users, [t1, t2])
