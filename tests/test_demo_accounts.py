"""`tracker demo` makes accounts only for its own staff and the units it created; `--logins` lists them; an
account whose password someone else knows must be changed at the first login."""
from sqlalchemy import func, select

from tests.factories import make_unit
from tracker.auth.models import User
from tracker.extensions import db
from tracker.units.services import find_unit


def test_demo_never_makes_accounts_for_units_it_did_not_create(runner, app):
    own = make_unit("区卫健局")  # the office's real registry has it before the demo is loaded
    make_unit("区真实单位")
    db.session.commit()
    assert runner.invoke(args=["demo", "--quiet"]).exit_code == 0
    holders = set(db.session.scalars(select(User.unit_id).where(User.unit_id.is_not(None))))
    assert own.id not in holders and find_unit("区真实单位").id not in holders
    assert find_unit("区发改局").id in holders  # a unit the demo created has its liaison


def test_demo_logins_only_lists_and_loads_nothing(runner, app):
    empty = runner.invoke(args=["demo", "--logins"])
    assert empty.exit_code == 0 and "没有演示账号" in empty.output
    assert db.session.scalar(select(func.count(User.id))) == 0
    runner.invoke(args=["demo", "--quiet"])
    listed = runner.invoke(args=["demo", "--logins"])
    assert "office" in listed.output and "qwjj" in listed.output and "demo12345" in listed.output


def test_demo_logins_never_lists_the_offices_own_accounts(runner, app):
    runner.invoke(args=["demo", "--quiet"])
    runner.invoke(args=["users", "create", "zhangsan", "--role", "office", "--password", "ledger-pass-2022"])
    assert "zhangsan" not in runner.invoke(args=["demo", "--logins"]).output


def test_a_password_given_on_the_command_line_must_be_changed(runner, app):
    runner.invoke(args=["users", "create", "a1", "--role", "admin", "--password", "ledger-pass-2022"])
    runner.invoke(args=["users", "create", "s1", "--role", "leader"], input="ledger-pass-2022\n")
    assert set(db.session.scalars(select(User.must_change_password))) == {True}


def test_outside_the_demo_no_account_keeps_a_known_password(runner, app):
    runner.invoke(args=["demo", "--quiet"])
    runner.invoke(args=["users", "create", "a1", "--role", "admin", "--password", "ledger-pass-2022"])
    unforced = db.session.scalars(select(User).where(User.must_change_password.is_(False))).all()
    assert unforced and all(u.demo for u in unforced)
