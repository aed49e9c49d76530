import click
import pytest
from sqlalchemy import func, select

from tests.factories import basic_world, make_unit
from tests.imports.conftest import xlsx
from tracker.auth.models import User
from tracker.campaigns.models import Campaign
from tracker.cli_support import RefusingCommand
from tracker.extensions import db
from tracker.meetings.members import members_of
from tracker.meetings.models import Meeting
from tracker.supervision.models import Circular
from tracker.tasks.models import Task
from tracker.units.models import Unit

# commands that come with Flask or Flask-Migrate, not ours
FRAMEWORK_COMMANDS = {"db", "routes", "run", "shell"}
# `tracker campaign create SLUG` names a new campaign: there is nothing to resolve (a taken slug is refused, 1)
NEW_SLUG_COMMANDS = {"campaign create", "body create"}


def _commands(group: click.Group, prefix: str = ""):
    """(path, command) of every leaf command under `group`, e.g. ("tasks import", <Command>)."""
    for name, cmd in group.commands.items():
        if not prefix and name in FRAMEWORK_COMMANDS:
            continue
        path = f"{prefix}{name}"
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, path + " ")
        else:
            yield path, cmd


def _unknown_slug_calls(tmp_path) -> dict[str, list[str]]:
    out, listing = str(tmp_path / "out.xlsx"), tmp_path / "list.xlsx"
    listing.write_bytes(b"PK\x03\x04")
    return {
        "tasks import": ["tasks", "import", "nope", str(listing)],
        "tasks list": ["tasks", "list", "nope", "--json"],
        "export": ["export", "nope", out],
        "scan": ["scan", "--campaign", "nope"],
        "circular preview": ["circular", "preview", "--campaign", "nope", "--json"],
        "circular issue": ["circular", "issue", "--campaign", "nope", "--xlsx", out],
        "circular list": ["circular", "list", "--campaign", "nope"],
        "notices": ["notices", "nope", str(tmp_path / "notices")],
        "indicators import": ["indicators", "import", "nope", str(listing)],
        "indicators report": ["indicators", "report", "nope", "新增托位", "1", "--date", "2022-01-01",
                              "--unit", "区卫健局"],
        "indicators list": ["indicators", "list", "nope", "--json"],
        "cycle create": ["cycle", "create", "nope", "--name", "2022年上半年", "--due", "2022-07-10"],
        "cycle board": ["cycle", "board", "nope", "--json"],
        "escalate": ["escalate", "--campaign", "nope", "--json"],
        "cycle package": ["cycle", "package", "nope", "1", str(tmp_path / "reports.zip")],
        "item add": ["item", "add", "nope", "--leader", "张区长", "--text", "x", "--lead", "区卫健局"],
        "item register": ["item", "register", "nope", "1"],
        "item list": ["item", "list", "nope", "--json"],
    }


def _unknown_body_calls(tmp_path) -> dict[str, list[str]]:
    listing = tmp_path / "list.xlsx"
    listing.write_bytes(b"PK\x03\x04")
    return {
        "body members": ["body", "members", "nope", str(listing)],
        "meeting add": ["meeting", "add", "nope", "--kind", "plenary", "--date", "2022-03-01", "--title", "x"],
    }


def test_every_command_maps_refusals_the_one_way(app):
    loose = [path for path, cmd in _commands(app.cli) if not isinstance(cmd, RefusingCommand)]
    assert loose == []


def test_every_command_taking_a_campaign_slug_is_walked(app, tmp_path):
    taking = {path for path, cmd in _commands(app.cli) if any(p.name == "slug" for p in cmd.params)}
    assert taking - NEW_SLUG_COMMANDS == set(_unknown_slug_calls(tmp_path)) | set(_unknown_body_calls(tmp_path))


def test_an_unknown_campaign_slug_exits_2_with_one_chinese_line_in_every_command(runner, tmp_path):
    basic_world()
    for path, args in _unknown_slug_calls(tmp_path).items():
        result = runner.invoke(args=args)
        assert (result.exit_code, result.stderr, result.stdout) == (2, "找不到创建活动：nope\n", ""), path
    assert not (tmp_path / "out.xlsx").exists()
    assert db.session.scalar(select(func.count(Circular.id))) == 0


def test_an_unknown_body_slug_or_a_creation_campaign_exits_2_in_every_body_command(runner, tmp_path):
    basic_world()
    for path, args in _unknown_body_calls(tmp_path).items():
        for slug in ("nope", "hb"):  # hb is a creation campaign, not a body
            result = runner.invoke(args=[slug if a == "nope" else a for a in args])
            assert (result.exit_code, result.stderr, result.stdout) == (2, f"找不到联席会议：{slug}\n", ""), path


@pytest.mark.parametrize("args", [["units", "import", "missing.xlsx"], ["tasks", "import", "hb", "missing.xlsx"]])
def test_a_missing_input_file_is_a_usage_error(runner, args):
    basic_world()
    result = runner.invoke(args=args)
    assert (result.exit_code, result.stderr) == (2, "找不到文件：missing.xlsx\n")


def test_a_refusal_keeps_nothing_the_command_wrote_before_it(runner, app, tmp_path):
    path = tmp_path / "units.xlsx"
    path.write_bytes(xlsx([["单位名称", "别名"], ["区卫健局", "卫健"], ["区财政局", "区卫健局"]]))
    result = runner.invoke(args=["units", "import", str(path)])
    assert result.exit_code == 1 and result.stderr.startswith("第 3 行") and result.stdout == ""
    assert db.session.scalar(select(func.count(Unit.id))) == 0


def test_users_create_with_unit(runner, app):
    make_unit("区卫健局")
    db.session.commit()
    result = runner.invoke(args=["users", "create", "wj", "--role", "unit", "--unit", "区卫健局",
                                 "--password", "ledger-pass-2022"])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(User).where(User.username == "wj")).unit.name == "区卫健局"


def test_users_create_refuses_duplicate_and_unknown_unit(runner, app):
    runner.invoke(args=["users", "create", "a1", "--role", "office", "--password", "ledger-pass-2022"])
    dup = runner.invoke(args=["users", "create", "A1", "--role", "office", "--password", "ledger-pass-2022"])
    assert dup.exit_code == 1 and "已存在" in dup.output
    bad = runner.invoke(args=["users", "create", "u1", "--role", "unit", "--unit", "无此局", "--password", "ledger-pass-2022"])
    assert bad.exit_code == 1 and "找不到责任单位" in bad.output


def test_users_create_reads_password_from_stdin(runner, app):
    result = runner.invoke(args=["users", "create", "s1", "--role", "leader"], input="ledger-pass-2022\n")
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(User).where(User.username == "s1")).check_password("ledger-pass-2022")


def test_demo_is_idempotent_and_has_one_account_per_role_and_unit(runner, app):
    first = runner.invoke(args=["demo", "--quiet"])
    assert first.exit_code == 0, first.output
    counts = (db.session.scalar(select(func.count(Task.id))), db.session.scalar(select(func.count(User.id))))
    second = runner.invoke(args=["demo", "--quiet"])
    assert second.exit_code == 0
    assert (db.session.scalar(select(func.count(Task.id))), db.session.scalar(select(func.count(User.id)))) == counts
    assert set(db.session.scalars(select(Campaign.kind))) == {"creation", "joint_meeting"}  # Hanbin, Jingzhou
    assert db.session.scalar(select(func.count(Campaign.id))) == 2
    roles = set(db.session.scalars(select(User.role)))
    assert roles == {"admin", "office", "leader", "unit"}


def test_demo_records_some_work_so_pages_are_not_empty(runner, app):
    from tracker.assignments.models import Assignment

    assert runner.invoke(args=["demo", "--quiet"]).exit_code == 0
    statuses = dict(db.session.execute(select(Assignment.status, func.count()).join(Task).join(Campaign)
                                       .where(Campaign.slug == "hanbin").group_by(Assignment.status)).all())
    assert statuses["approved"] == 2 and statuses["returned"] == 1 and statuses["submitted"] == 2
    # the Jingzhou joint meeting (seed 000): 16 members with duties, a plenary meeting, two matters assigned
    body = db.session.scalar(select(Campaign).where(Campaign.slug == "jingzhou-lxhy"))
    members = members_of(body)
    assert len(members) == 16 and all(m.duty and m.current_liaisons for m in members)
    assert members[9].unit.name == "市卫健委" and members[9].duty.startswith("负责承担联席会议办公室职能")
    [meeting] = db.session.scalars(select(Meeting).where(Meeting.campaign_id == body.id)).all()
    matters = db.session.scalars(select(Task).where(Task.meeting_id == meeting.id).order_by(Task.sequence)).all()
    assert (meeting.kind, [t.lead.status for t in matters]) == ("plenary", ["approved", "in_progress"])
