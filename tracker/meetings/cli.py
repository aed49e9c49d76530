"""`tracker body create|members` and `tracker meeting add`: the exact contract of issue 14.

Exit 0 done, 1 refused (unresolved units or row errors: nothing written), 2 unreadable input or usage (an
unknown body slug or unit). Refusals are mapped by tracker/cli_support.py.
"""
import sys
from pathlib import Path

import click
from flask import current_app

from tracker import clock
from tracker.cli_support import CommandGroup, echo_refused, finish_import, import_options, read_upload
from tracker.extensions import db
from tracker.imports.parser import read_list
from tracker.meetings.meetings import MeetingSpec, record_meeting
from tracker.meetings.member_import import import_members, plan_json, read_members
from tracker.meetings.models import MeetingKind
from tracker.meetings.services import BodySpec, create_body, require_body, resolve_unit

body_cli = CommandGroup("body", help="Joint-meeting bodies (联席会议): create one, import its member units.")
meeting_cli = CommandGroup("meeting", help="Meetings of a joint-meeting body and their 议定事项.")


def _person(text: str | None) -> tuple[str, str] | None:
    """NAME[,POST] → (name, post)."""
    if not text:
        return None
    name, _, post = text.partition(",")
    return name.strip(), post.strip()


@body_cli.command("create")
@click.argument("slug")
@click.option("--name", required=True, help="Full name, e.g. 荆州市促进3岁以下婴幼儿照护服务发展工作联席会议.")
@click.option("--office-unit", "office_unit", required=True, help="The unit hosting the body's office (办公室).")
@click.option("--convener", default=None, help="The convener: NAME[,POST].")
@click.option("--deputy", "deputies", multiple=True, help="A deputy convener: NAME[,POST] (repeatable).")
@click.option("--notice-number", default="", help="文号 of the founding notice.")
@click.option("--notice-date", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Date of the founding notice (YYYY-MM-DD).")
def create_command(slug, name, office_unit, convener, deputies, notice_number, notice_date):
    """Create joint-meeting body SLUG. Exit 1 if the 标识 is taken, 2 for an unknown office unit."""
    spec = BodySpec(name, resolve_unit(office_unit), _person(convener), [_person(d) for d in deputies],
                    notice_number, notice_date.date() if notice_date else None)
    campaign = create_body(slug, spec)
    db.session.commit()
    click.echo(f"已建立联席会议 {campaign.slug}：{campaign.name}（办公室设在{spec.office_unit.name}）")


@body_cli.command("members")
@import_options
def members_command(slug, file, dry_run, as_json):
    """Import the member units of body SLUG from FILE. Exit 0 clean, 1 unresolved/row errors, 2 unreadable."""
    campaign = require_body(slug)
    sheet = read_members(read_upload(file), max_rows=current_app.config["IMPORT_MAX_ROWS"])
    plan = import_members(campaign, sheet, today=clock.today(campaign.timezone), dry_run=dry_run)
    finish_import(plan, as_json=as_json, json_of=plan_json, done=lambda: _echo_done(plan, dry_run),
                  refused=lambda: echo_refused(plan, units="成员单位"))


def _echo_done(plan, dry_run: bool) -> None:
    liaisons = sum(len(m.liaisons) for m in plan.members)
    if dry_run:
        click.echo(f"检查通过：{len(plan.members)} 个成员单位，{liaisons} 名联络员（--dry-run，未写入）。")
    else:
        click.echo(f"已导入：新增 {plan.created} 个成员单位，更新 {plan.updated} 个，联络员 {liaisons} 名。")
    for name in plan.missing:
        click.echo(f"表中已无（保留未删）：{name}")


@meeting_cli.command("add")
@click.argument("slug")
@click.option("--kind", required=True, type=click.Choice(MeetingKind.values()),
              help="plenary (全体会议), liaison (联络员会议) or topic (专题会议).")
@click.option("--date", "held_on", required=True, type=click.DateTime(formats=["%Y-%m-%d"]),
              help="The day it was held (YYYY-MM-DD).")
@click.option("--title", required=True, help="e.g. 2022年第一次全体会议.")
@click.option("--decisions", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Its 议定事项: a table 事项 | 责任单位 | 完成时限 (.xlsx, .xls, .docx or pasted text).")
def add_meeting_command(slug, kind, held_on, title, decisions):
    """Record a meeting of body SLUG with its 议定事项 and print its id. Exit 0 done, 1 unresolved units or row
    errors (nothing written), 2 unreadable file or unknown body."""
    campaign = require_body(slug)
    sheet = None
    if decisions is not None:
        sheet = read_list(read_upload(decisions), max_rows=current_app.config["IMPORT_MAX_ROWS"])
    done = record_meeting(campaign, MeetingSpec(kind, held_on.date(), title), sheet)
    if done.meeting is None:
        db.session.rollback()
        echo_refused(done.plan, verdict="未记录")
        sys.exit(1)
    db.session.commit()
    click.echo(done.meeting.id)
    click.echo(f"已记录{done.meeting.kind_label}“{done.meeting.title}”，议定事项 {len(done.tasks)} 项。", err=True)

