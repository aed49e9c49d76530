from sqlalchemy import func, select

from tests.factories import make_unit
from tracker.auth.models import User
from tracker.campaigns.models import Campaign
from tracker.extensions import db
from tracker.tasks.models import Task


def test_users_create_with_unit(runner, app):
    make_unit("区卫健局")
    db.session.commit()
    result = runner.invoke(args=["users", "create", "wj", "--role", "unit", "--unit", "区卫健局",
                                 "--password", "password123"])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(User).where(User.username == "wj")).unit.name == "区卫健局"


def test_users_create_refuses_duplicate_and_unknown_unit(runner, app):
    runner.invoke(args=["users", "create", "a1", "--role", "office", "--password", "password123"])
    dup = runner.invoke(args=["users", "create", "A1", "--role", "office", "--password", "password123"])
    assert dup.exit_code == 1 and "已存在" in dup.output
    bad = runner.invoke(args=["users", "create", "u1", "--role", "unit", "--unit", "无此局", "--password", "password123"])
    assert bad.exit_code == 1 and "找不到责任单位" in bad.output


def test_users_create_reads_password_from_stdin(runner, app):
    result = runner.invoke(args=["users", "create", "s1", "--role", "leader"], input="password123\n")
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(User).where(User.username == "s1")).check_password("password123")


def test_demo_is_idempotent_and_has_one_account_per_role_and_unit(runner, app):
    first = runner.invoke(args=["demo", "--quiet"])
    assert first.exit_code == 0, first.output
    counts = (db.session.scalar(select(func.count(Task.id))), db.session.scalar(select(func.count(User.id))))
    second = runner.invoke(args=["demo", "--quiet"])
    assert second.exit_code == 0
    assert (db.session.scalar(select(func.count(Task.id))), db.session.scalar(select(func.count(User.id)))) == counts
    assert db.session.scalar(select(func.count(Campaign.id))) == 1
    roles = set(db.session.scalars(select(User.role)))
    assert roles == {"admin", "office", "leader", "unit"}


def test_demo_records_some_work_so_pages_are_not_empty(runner, app):
    from tracker.assignments.models import Assignment

    assert runner.invoke(args=["demo", "--quiet"]).exit_code == 0
    statuses = dict(db.session.execute(select(Assignment.status, func.count()).group_by(Assignment.status)).all())
    assert statuses["approved"] == 2 and statuses["returned"] == 1 and statuses["submitted"] == 2
