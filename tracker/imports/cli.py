"""`tracker tasks import|list`: the responsibility list from the command line."""
import json
import sys
from pathlib import Path

import click
from flask import current_app

from tracker import clock
from tracker.campaigns.services import require_campaign
from tracker.cli_support import CommandGroup, read_input
from tracker.extensions import db
from tracker.imports.services import import_list, plan_json
from tracker.imports.views import list_tasks_json

tasks_cli = CommandGroup("tasks", help="Import and list a campaign's responsibility list.")


@tasks_cli.command("import")
@click.argument("slug")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check only; never write.")
@click.option("--json", "as_json", is_flag=True, help="Print the machine-readable result.")
def import_command(slug, file, dry_run, as_json):
    """Import FILE.xlsx into campaign SLUG. Exit 0 clean, 1 unresolved/row errors, 2 unreadable."""
    campaign = require_campaign(slug)
    data = read_input(file, current_app.config["IMPORT_MAX_MB"])
    plan = import_list(campaign, data, dry_run=dry_run, max_rows=current_app.config["IMPORT_MAX_ROWS"])
    if plan.written:
        db.session.commit()
    else:
        db.session.rollback()
    if as_json:
        click.echo(json.dumps(plan_json(plan), ensure_ascii=False, indent=2))
    else:
        _echo_summary(plan, dry_run)
    sys.exit(0 if plan.ok else 1)


def _echo_summary(plan, dry_run: bool) -> None:
    for row, u in plan.unresolved:
        hint = f"（可能是：{'、'.join(u.suggestions)}）" if u.suggestions else ""
        click.echo(f"第 {row} 行：无法确定责任单位“{u.text}”{hint}", err=True)
    for e in plan.errors:
        click.echo(f"第 {e.row} 行 {e.column}：{e.message}", err=True)
    if not plan.ok:
        click.echo("未导入：请先处理以上问题（可用 tracker units alias 添加别名）。", err=True)
        return
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
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for t in rows:
        units = "、".join(f"{a['unit']}{'（牵头）' if a['role'] == 'lead' else ''}" for a in t["assignments"])
        click.echo(f"{t['id']:>4} [{t['category']}] {t['title'][:40]} | {units} | {t['deadline'] or '长期'}")
