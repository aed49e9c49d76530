"""`tracker cycle create|board|remind`: report cycles (issue 14's exact contract, plus `remind`).

Exit 0 done, 1 refused (nothing written: a duplicate name, no owing units), 2 usage (an unknown campaign or
body slug, an unknown unit). Refusals are mapped by tracker/cli_support.py.
"""
import json

import click

from tracker import clock
from tracker.campaigns.services import require_campaign
from tracker.cli_support import CommandGroup
from tracker.errors import UsageError
from tracker.extensions import db
from tracker.reports.models import Recurrence
from tracker.reports.services import BoardState, CycleSpec, board_json, create_cycle
from tracker.units.models import Unit
from tracker.units.resolver import resolve_any_script
from tracker.units.services import load_registry

cycle_cli = CommandGroup("cycle", help="Report cycles (履职情况 / 自评报告): create, board.")
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

