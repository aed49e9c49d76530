"""`tracker campaign create`: a campaign and its phase calendar from the command line."""

import click

from tracker.campaigns.services import create_campaign, parse_phase_arg
from tracker.cli_support import CommandGroup
from tracker.extensions import db

campaign_cli = CommandGroup("campaign", help="Manage creation campaigns (创建活动).")


@campaign_cli.command("create")
@click.argument("slug")
@click.option("--name", required=True, help="Full name, e.g. 汉滨区创建省级婴幼儿照护服务示范城区.")
@click.option("--phase", "phases", multiple=True,
              help="KIND=YYYY-MM-DD..YYYY-MM-DD (end may be empty); KIND: mobilization, implementation, "
                   "self_assessment, acceptance.")
@click.option("--lead-days", default=14, show_default=True, type=int, help="Days of warning before a deadline.")
def create_command(slug, name, phases, lead_days):
    """Create campaign SLUG. Exit 1 (nothing changed) if phases overlap or are out of order."""
    specs = [parse_phase_arg(p) for p in phases]
    campaign = create_campaign(slug, name, specs, lead_days=lead_days)
    db.session.commit()
    click.echo(f"已创建活动 {campaign.slug}：{campaign.name}（{len(specs)} 个阶段）")
