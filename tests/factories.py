"""Test data built through the same services the app uses."""
from datetime import date

from tracker.assignments.assigning import create_task
from tracker.auth.services import create_user
from tracker.campaigns.services import PhaseSpec, create_campaign
from tracker.extensions import db
from tracker.units.services import upsert_unit

PASSWORD = "password123"

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


def basic_world():
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
    return {"campaign": campaign, "units": {"wj": wj, "fg": fg, "cz": cz}, "users": users, "tasks": [t1, t2]}
