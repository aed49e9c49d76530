"""`tracker indicators import|report|list`: the exact contract of issue 15.

Exit 0 done, 1 refused (nothing changed), 2 unreadable input or usage (an unknown campaign slug, indicator or
unit; a value that is no number). Refusals are mapped by tracker/cli_support.py.
"""
from decimal import Decimal, InvalidOperation

import click
from flask import current_app

from tracker import clock
from tracker.campaigns.services import require_campaign
from tracker.cli_support import CommandGroup, echo_json, finish_import, import_options, read_upload
from tracker.errors import UsageError
from tracker.extensions import db
from tracker.indicators.definitions import find_indicator
from tracker.indicators.importing import import_indicators, plan_json
from tracker.indicators.progress import standings
from tracker.indicators.reporting import Entry, approve_value, report_value
from tracker.indicators.status import fmt
from tracker.units.models import Unit
from tracker.units.resolver import resolve_any_script
from tracker.units.services import load_registry

indicators_cli = CommandGroup("indicators", help="Target indicators (目标指标): import, report values, list.")


@indicators_cli.command("import")
@import_options
def import_command(slug, file, dry_run, as_json):
    """Import indicators from FILE.xlsx into campaign SLUG. Exit 0 clean, 1 unresolved/row errors, 2 unreadable."""
    campaign = require_campaign(slug)
    plan = import_indicators(campaign, read_upload(file), dry_run=dry_run,
                             max_rows=current_app.config["IMPORT_MAX_ROWS"])
    finish_import(plan, as_json=as_json, json_of=plan_json, done=lambda: _echo_done(plan, dry_run))


def _echo_done(plan, dry_run: bool) -> None:
    if dry_run:
        click.echo(f"检查通过：{len(plan.indicators)} 项指标（--dry-run，未写入）。")
    else:
        click.echo(f"已导入：新增 {plan.created} 项，更新 {plan.updated} 项。")
    for name in plan.missing:
        click.echo(f"表中已无（保留未删）：{name}")


def _unit(text: str) -> Unit:
    cell = resolve_any_script(load_registry(), text)
    if len(cell.units) != 1 or cell.unresolved:
        hint = f"（可能是：{'、'.join(cell.unresolved[0].suggestions)}）" if cell.unresolved and \
            cell.unresolved[0].suggestions else ""
        raise UsageError(f"找不到责任单位：{text}{hint}")
    return db.session.get(Unit, cell.units[0].id)


def _amount(text: str) -> Decimal:
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation as exc:
        raise UsageError(f"数值应为数字：{text}") from exc
    if not value.is_finite():
        raise UsageError(f"数值应为数字：{text}")
    return value


@indicators_cli.command("report")
@click.argument("slug")
@click.argument("name")
@click.argument("value")
@click.option("--date", "as_of", required=True, type=click.DateTime(formats=["%Y-%m-%d"]),
              help="The date the value is as of (YYYY-MM-DD).")
@click.option("--unit", "unit_text", required=True, help="The reporting unit (one of the indicator's units).")
@click.option("--approve", is_flag=True, help="Record the office's approval too.")
@click.option("--note", default="", help="A note with the value.")
def report_command(slug, name, value, as_of, unit_text, approve, note):
    """Record VALUE of indicator NAME as of --date, reported by --unit (and approved with --approve)."""
    campaign = require_campaign(slug)
    indicator = find_indicator(campaign.id, name)
    if indicator is None:
        raise UsageError(f"找不到指标：{name}")
    unit, amount = _unit(unit_text), _amount(value)
    reported = report_value(indicator, unit, Entry(amount, as_of.date(), note), None,
                            today=clock.today(campaign.timezone)).value
    if approve:
        approve_value(reported, None)
    db.session.commit()
    state = "已审核通过" if approve else "待办公室审核"
    click.echo(f"已记录：{unit.name}报送“{indicator.name}”{fmt(reported.value)}{indicator.measure}"
               f"（截至 {reported.as_of.isoformat()}），{state}。")


@indicators_cli.command("list")
@click.argument("slug")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Status as of this date (default: today).")
def list_command(slug, as_json, today):
    """The indicators of campaign SLUG: latest approved value, next milestone, status."""
    campaign = require_campaign(slug)
    views = standings(campaign, today.date() if today else clock.today(campaign.timezone))
    if as_json:
        echo_json([v.as_json() for v in views])
        return
    for v in views:
        latest, nxt = v.assessment.latest, v.assessment.next_milestone
        shown = f"{fmt(latest.value)}（{latest.on.isoformat()}）" if latest else "—"
        goal = f"{fmt(nxt.value)}（{nxt.on.isoformat()}）" if nxt else "—"
        click.echo(f"{v.indicator.name}  最新 {shown}  下一节点 {goal}  {v.assessment.label}")
