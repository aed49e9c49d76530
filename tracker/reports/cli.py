"""`tracker cycle create|board|remind|package`: report cycles (issue 14's exact contract for create and board).

Exit 0 done, 1 refused (nothing written: a duplicate name, no owing units), 2 usage (an unknown campaign or
body slug, an unknown unit). Refusals are mapped by tracker/cli_support.py.
"""
import json
from pathlib import Path

import click
from sqlalchemy import select

from tracker import clock
from tracker.campaigns.services import require_campaign
from tracker.cli_support import CommandGroup
from tracker.errors import UsageError
from tracker.extensions import db
from tracker.reports.models import Recurrence, ReportCycle
from tracker.reports.notices import remind_and_flag
from tracker.reports.package import build_package
from tracker.reports.services import BoardState, CycleSpec, board_json, create_cycle
from tracker.units.models import Unit
from tracker.units.resolver import resolve_any_script
from tracker.units.services import load_registry

cycle_cli = CommandGroup("cycle", help="Report cycles (履职情况 / 自评报告): create, board, remind, package.")
DAY = click.DateTime(formats=["%Y-%m-%d"])


def resolve_units(text: str) -> list[Unit]:
    """Units named as a list does (区卫健局,区发改局 or 、-separated, groups such as 各镇办 expand);
    anything that does not resolve to exactly one unit is a usage error naming it."""
    cell = resolve_any_script(load_registry(), text)
    if cell.unresolved or not cell.units:
        problems = [f"“{u.text}”" + (f"（可能是：{'、'.join(u.suggestions)}）" if u.suggestions else "")
                    for u in cell.unresolved] or [f"“{text}”"]
        raise UsageError(f"找不到责任单位：{'；'.join(problems)}")
    return [db.session.get(Unit, ref.id) for ref in cell.units]


@cycle_cli.command("create")
@click.argument("slug")
@click.option("--name", required=True, help="The cycle's name, e.g. 2022年上半年.")
@click.option("--due", required=True, type=DAY, help="Due date (YYYY-MM-DD).")
@click.option("--units", "units_text", default=None, help="Owing units, comma-separated (default: all).")
@click.option("--every-half-year", is_flag=True, help="Create the next cycle six months later, after the due date.")
@click.option("--from", "period_from", type=DAY, default=None, help="Start of the reported period.")
@click.option("--to", "period_to", type=DAY, default=None, help="End of the reported period.")
@click.option("--remind-days", type=click.IntRange(0, 60), default=3, help="Remind this many days before due.")
def create_command(slug, name, due, units_text, every_half_year, period_from, period_to, remind_days):
    """Create a report cycle in campaign (or body) SLUG; prints its id."""
    campaign = require_campaign(slug)
    units = resolve_units(units_text) if units_text is not None else None
    spec = CycleSpec(name, due.date(), units, period_from.date() if period_from else None,
                     period_to.date() if period_to else None,
                     Recurrence.HALF_YEAR.value if every_half_year else Recurrence.NONE.value,
                     remind_days=remind_days)
    cycle = create_cycle(campaign, spec)
    db.session.commit()
    click.echo(cycle.id)


@cycle_cli.command("board")
@click.argument("slug")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--today", type=DAY, default=None, help="The board as of this day (default: today).")
def board_command(slug, as_json, today):
    """Every cycle of SLUG: which owing units reported, which have not yet, which are overdue."""
    campaign = require_campaign(slug)
    rows = board_json(campaign, today.date() if today else clock.today(campaign.timezone))
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        counts = "，".join(f"{BoardState.LABELS[s]} {len(row[s])}" for s in ("reported", "missing", "overdue"))
        click.echo(f"{row['cycle']}（{row['due']} 前）：{counts}")
        for state in ("missing", "overdue"):
            if row[state]:
                click.echo(f"  {BoardState.LABELS[state]}：{'、'.join(row[state])}")



@cycle_cli.command("remind")
@click.option("--today", type=DAY, default=None, help="Run as of this day (default: today).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def remind_command(today, as_json):
    """Remind owing units, flag missing reports, create next cycles — now (the scheduler's hourly job)."""
    run = remind_and_flag(today.date() if today else clock.today())
    db.session.commit()
    if as_json:
        click.echo(json.dumps(run.as_json(), ensure_ascii=False))
        return
    click.echo(f"{run.today.isoformat()} 报告周期：到期提醒 {run.reminders} 个单位，逾期未报 {run.missing} 个单位，"
               f"新建下一期 {len(run.created_cycles)} 个。")


def find_cycle(campaign, text: str) -> ReportCycle:
    """A cycle of the campaign by its id or its name; anything else is a usage error."""
    stmt = select(ReportCycle).where(ReportCycle.campaign_id == campaign.id)
    found = db.session.scalar(stmt.where(ReportCycle.id == int(text)) if text.isdigit() else
                              stmt.where(ReportCycle.name == text))
    if found is None:
        raise UsageError(f"找不到报告周期：{text}")
    return found


@cycle_cli.command("package")
@click.argument("slug")
@click.argument("cycle")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--today", type=DAY, default=None, help="The board as of this day (default: today).")
def package_command(slug, cycle, out, today):
    """Write every report of CYCLE (id or name) with 报告汇总.xlsx into the zip OUT (no size limit)."""
    campaign = require_campaign(slug)
    found = find_cycle(campaign, cycle)
    tmp = out.with_name(out.name + ".part")
    with tmp.open("wb") as stream:
        count = build_package(found, today.date() if today else clock.today(campaign.timezone), stream)
    tmp.replace(out)
    click.echo(f"已写出 {out}：{count} 份报告。")
