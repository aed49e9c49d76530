"""`tracker circular`: preview, issue and list 通报; `tracker notices`: 督办通知单 as .docx, from the command line."""
import json
from datetime import date
from pathlib import Path

import click

from tracker import clock
from tracker.campaigns.services import require_campaign
from tracker.cli_support import CommandGroup, command
from tracker.errors import UsageError
from tracker.extensions import db
from tracker.registers.services import letterhead_bytes
from tracker.supervision import circulars as circ
from tracker.supervision.notices import write_unit_notices
from tracker.supervision.xlsx import circular_docx_of, circular_workbook

circular_cli = CommandGroup("circular", help="Progress circulars (通报).")


def _as_of(text: str | None, campaign) -> date:
    try:
        return date.fromisoformat(text) if text else clock.today(campaign.timezone)
    except ValueError as exc:
        raise UsageError(f"日期格式应为 YYYY-MM-DD：{text}") from exc


@circular_cli.command("preview")
@click.option("--campaign", "slug", required=True)
@click.option("--as-of", help="YYYY-MM-DD (default: today in the campaign's timezone).")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option("--with-indicators", is_flag=True, help="Include the indicator table (目标指标完成情况).")
@click.option("--with-ranking", is_flag=True, help="Rank the units by completion rate (off by default).")
def preview_command(slug, as_of, as_json, with_indicators, with_ranking):
    """Show the figures a circular would carry; nothing is stored."""
    campaign = require_campaign(slug)
    data = circ.preview(campaign, _as_of(as_of, campaign), with_indicators=with_indicators, with_ranking=with_ranking)
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False))
        return
    click.echo(data["body"])
    for u in data["units"]:
        click.echo(f"{u['rank']:>3}  {u['name']}  通过 {u['approved']}/{u['assigned']}  逾期 {u['overdue']}  {u['rate']}%")


@circular_cli.command("issue")
@click.option("--campaign", "slug", required=True)
@click.option("--as-of", help="YYYY-MM-DD (default: today).")
@click.option("--body", help="The circular's text (default: the standard paragraph).")
@click.option("--praise-suggested", is_flag=True, help="Praise the suggested units (highest completion rates).")
@click.option("--xlsx", type=click.Path(dir_okay=False), help="Also write the workbook to this file.")
@click.option("--docx", type=click.Path(dir_okay=False), help="Also write the Word document (.docx) to this file.")
@click.option("--with-indicators", is_flag=True, help="Include the indicator table (目标指标完成情况).")
@click.option("--with-ranking", is_flag=True, help="Rank the units by completion rate (off by default).")
def issue_command(slug, as_of, body, praise_suggested, xlsx, docx, with_indicators, with_ranking):
    """Number, keep and announce a circular (criticism is chosen in the web UI)."""
    campaign = require_campaign(slug)
    day = _as_of(as_of, campaign)
    data = circ.preview(campaign, day)
    praise = [u["unit_id"] for u in data["suggestions"]["praise"]] if praise_suggested else []
    item = circ.issue_circular(campaign, day, body or data["body"], None, praise_ids=praise,
                               with_indicators=with_indicators, with_ranking=with_ranking)
    db.session.commit()
    if xlsx:
        circular_workbook(item.title, item.body, item.data).save(Path(xlsx))
    if docx:
        Path(docx).write_bytes(circular_docx_of(item, letterhead_bytes()))
    click.echo(f"已印发{item.title}（统计截至 {day.isoformat()}）")


@circular_cli.command("list")
@click.option("--campaign", "slug", required=True)
def list_command(slug):
    """Issued circulars, newest first."""
    for c in circ.list_circulars(require_campaign(slug).id):
        click.echo(f"第{c.number}期  {c.as_of.isoformat()}  {c.title}")


@command("notices")
@click.argument("slug")
@click.argument("outdir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--today", help="YYYY-MM-DD: overdue and 临期 as of this day (default: today).")
@click.option("--single", is_flag=True, help="One document with a page per unit instead of one file per unit.")
def notices_command(slug, outdir, today, single):
    """Write a 督办通知单 (.docx) for every unit with overdue or at-risk assignments into OUTDIR, each numbered
    from the 发文登记."""
    campaign = require_campaign(slug)
    paths = write_unit_notices(campaign, _as_of(today, campaign), outdir, single=single)
    db.session.commit()  # the 文号 they carry are taken in the 发文登记
    for path in paths:
        click.echo(str(path))
    if not paths:
        click.echo("没有逾期或临期的任务，未生成督办通知单。")
