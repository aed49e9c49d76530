"""`tracker tasks import|list`: the responsibility list from the command line."""
import click
from flask import current_app

from tracker import clock
from tracker.campaigns.services import require_campaign
from tracker.cli_support import CommandGroup, echo_json, finish_import, import_options, read_upload
from tracker.imports.services import import_list, plan_json
from tracker.imports.views import list_tasks_json

tasks_cli = CommandGroup("tasks", help="Import and list a campaign's responsibility list.")


@tasks_cli.command("import")
@import_options
def import_command(slug, file, dry_run, as_json):
    """Import FILE.xlsx into campaign SLUG. Exit 0 clean, 1 unresolved/row errors, 2 unreadable."""
    campaign = require_campaign(slug)
    plan = import_list(campaign, read_upload(file), dry_run=dry_run, max_rows=current_app.config["IMPORT_MAX_ROWS"])
    finish_import(plan, as_json=as_json, json_of=plan_json, done=lambda: _echo_done(plan, dry_run))


def _echo_done(plan, dry_run: bool) -> None:
    if dry_run:
        click.echo(f"检查通过：{len(plan.tasks)} 项任务（--dry-run，未写入）。")
    else:
        click.echo(f"已导入：新增 {plan.created} 项，更新 {plan.updated} 项。")
    for m in plan.missing:
        click.echo(f"清单中已无（保留未删）：[{m['category']}] {m['title']}")


@tasks_cli.command("list")
@click.argument("slug")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Due and overdue as of this date (default: today).")
def list_command(slug, as_json, today):
    """List the tasks of campaign SLUG with their assignments (each with its due date and overdue)."""
    campaign = require_campaign(slug)
    rows = list_tasks_json(campaign, today.date() if today else clock.today(campaign.timezone))
    if as_json:
        echo_json(rows)
        return
    for t in rows:
        units = "、".join(f"{a['unit']}{'（牵头）' if a['role'] == 'lead' else ''}" for a in t["assignments"])
        click.echo(f"{t['id']:>4} [{t['category']}] {t['title'][:40]} | {units} | {t['deadline'] or '长期'}")
