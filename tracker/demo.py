"""`tracker demo`: the Hanbin campaign of seed 001, loaded idempotently through the app's services."""
from contextlib import nullcontext
from datetime import date

import click
from pypinyin import Style, lazy_pinyin
from sqlalchemy import select

from tracker import clock
from tracker.auth.models import User
from tracker.auth.services import create_user, find_user
from tracker.campaigns.services import PhaseSpec, create_campaign, get_campaign
from tracker.cli_support import command
from tracker.demo_activity import seed_activity
from tracker.extensions import db
from tracker.imports.demo import load_demo_lists
from tracker.indicators.demo import seed_indicators
from tracker.items.demo import seed_items
from tracker.meetings.demo import BODY_SLUG, load_demo_body, seed_body_activity
from tracker.reports.demo import seed_reports
from tracker.timeutil import stamped_from
from tracker.units.models import Unit

DEMO_SLUG = "hanbin"
DEMO_NAME = "汉滨区创建省级婴幼儿照护服务示范城区"
DEMO_PASSWORD = "demo12345"  # noqa: S105 — printed by `make run`; demo only
DEMO_STAFF = (("admin", "admin", "系统管理员"), ("office", "office", "区卫健局创建办"), ("leader", "leader", "分管领导"))


def demo_phases() -> list[PhaseSpec]:
    return [
        PhaseSpec("mobilization", date(2021, 9, 30), date(2021, 10, 31)),
        PhaseSpec("implementation", date(2021, 11, 1), date(2022, 5, 31)),
        PhaseSpec("self_assessment", date(2022, 6, 1), date(2022, 8, 20)),
        PhaseSpec("acceptance", date(2022, 8, 21), None),
    ]


def unit_username(unit: Unit, taken: set[str]) -> str:
    """Pinyin initials of the unit's name (区卫健局 → qwjj), numbered on a clash."""
    base = "".join(lazy_pinyin(unit.name, style=Style.FIRST_LETTER)).lower() or f"unit{unit.id}"
    name, n = base, 2
    while name in taken:
        name, n = f"{base}{n}", n + 1
    taken.add(name)
    return name


def load_demo() -> list[tuple[str, str]]:
    """Load (once) the demo campaign, its units and tasks, and the demo accounts. Returns the demo's logins.

    Accounts are made only for the demo's staff and for the units the demo itself created: a unit the office
    imported (its real registry) never gets an account with the published demo password.
    """
    new_campaign, created = None, []
    if get_campaign(DEMO_SLUG) is None:
        new_campaign = create_campaign(DEMO_SLUG, DEMO_NAME, demo_phases())
        created = load_demo_lists(new_campaign)
    created += load_demo_body()  # the Jingzhou joint meeting (seed 000): its units get accounts too
    for username, role, display in DEMO_STAFF:
        if find_user(username) is None:
            create_user(username, role, DEMO_PASSWORD, display_name=display, demo=True)
    taken = set(db.session.scalars(select(User.username)))
    units = db.session.scalars(select(Unit).where(Unit.name.in_(created)).order_by(Unit.display_order, Unit.id))
    for unit in units:
        if db.session.scalar(select(User.id).where(User.unit_id == unit.id)) is None:
            create_user(unit_username(unit, taken), "unit", DEMO_PASSWORD, unit_name=unit.name,
                        display_name=f"{unit.name}联络员", demo=True)
    db.session.flush()
    if new_campaign is not None:
        seed_activity(new_campaign)
    seed_indicators(get_campaign(DEMO_SLUG))  # once: only while the campaign has no indicators
    seed_body_activity()  # once: the joint meeting's first matter approved, the second under way
    seed_reports(get_campaign(DEMO_SLUG))  # once: only while the campaign has no report cycle
    seed_items(get_campaign(DEMO_SLUG), BODY_SLUG)  # once: three 督办事项 (two 领导批示, one 议定事项)
    seed_reports(get_campaign(BODY_SLUG), level="市")  # the joint meeting's members owe theirs too
    return demo_logins()


def demo_logins() -> list[tuple[str, str]]:
    """The demo's own accounts (username, display name), by role: the ones with the published password."""
    rows = db.session.execute(select(User.username, User.display_name).where(User.demo.is_(True))
                              .order_by(User.role, User.id)).all()
    return [(r.username, r.display_name) for r in rows]


@command("demo")
@click.option("--quiet", is_flag=True, help="Print only a one-line summary.")
@click.option("--logins", "list_only", is_flag=True, help="Only list the demo's accounts; load nothing.")
def demo_command(quiet: bool, list_only: bool) -> None:
    """Load the Hanbin demo campaign (seed 001), its units, tasks and one account per role and demo unit."""
    if list_only:
        logins = demo_logins()
        click.echo(f"演示账号 {len(logins)} 个，密码均为 {DEMO_PASSWORD}：" if logins else "没有演示账号（未运行 tracker demo）。")
        for username, display in logins:
            click.echo(f"  {username:<12} {display}")
        return
    pinned = clock.demo_today()  # `make run`'s demo day: the demo's history is dated then, not today
    with stamped_from(pinned) if pinned else nullcontext():
        logins = load_demo()
        db.session.commit()
    click.echo(f"演示数据已就绪：{DEMO_NAME}（演示账号 {len(logins)} 个，密码均为 {DEMO_PASSWORD}；"
               "tracker demo --logins 可再次列出）")
    if not quiet:
        for username, display in logins:
            click.echo(f"  {username:<12} {display}")
