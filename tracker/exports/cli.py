"""`tracker export SLUG OUT.xlsx [--evidence OUT.zip] [--archive] [--from DATE --to DATE] [--today DATE]`."""
import json
from datetime import datetime

import click
from flask import current_app

from tracker import clock
from tracker.campaigns.services import require_campaign
from tracker.cli_support import command
from tracker.exports.package_plan import DateWindow
from tracker.exports.services import build_evidence_package, save_ledger

DATE = click.DateTime(formats=["%Y-%m-%d"])


def _day(value: datetime | None):
    return value.date() if value else None


@command("export")
@click.argument("slug")
@click.argument("out", type=click.Path(dir_okay=False, writable=True))
@click.option("--evidence", "evidence_out", type=click.Path(dir_okay=False, writable=True),
              help="同时生成佐证材料包（.zip）")
@click.option("--archive", is_flag=True, help="佐证材料包按档案盒（卷）组织，附总目录、卷内目录和档案盒标签")
@click.option("--from", "date_from", type=DATE, help="只收形成日期不早于此日的材料（YYYY-MM-DD）")
@click.option("--to", "date_to", type=DATE, help="只收形成日期不晚于此日的材料（YYYY-MM-DD）")
@click.option("--today", type=DATE, help="按这一天导出（逾期天数、导出日期）")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON")
def export_command(slug, out, evidence_out, archive, date_from, date_to, today, as_json) -> None:
    """Export the ledger workbook (责任清单) and optionally the evidence package of a campaign."""
    if (archive or date_from or date_to) and not evidence_out:
        raise click.UsageError("--archive / --from / --to 需要与 --evidence 一起使用。")
    campaign = require_campaign(slug)
    day = _day(today) or clock.today(campaign.timezone)
    report = {"ledger": out, "tasks": save_ledger(campaign, out, day)}
    if evidence_out:
        window = DateWindow(_day(date_from), _day(date_to))
        plan = build_evidence_package(campaign, evidence_out, day, current_app.config["UPLOAD_FOLDER"],
                                      archive=archive, window=window)
        report |= {"evidence": evidence_out, "files": len(plan.entries), "excluded": len(plan.excluded),
                   "bytes": plan.total_bytes}
    _echo(report, as_json)


def _echo(report: dict, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False))
        return
    click.echo(f"已导出责任清单：{report['ledger']}（{report['tasks']} 项任务）")
    if "evidence" in report:
        click.echo(f"已导出佐证材料包：{report['evidence']}（{report['files']} 个文件，"
                   f"未纳入 {report['excluded']} 个，详见 佐证材料目录.xlsx）")
