"""`tracker escalate`: walk the escalation ladder now (the scheduler's daily job does the same)."""
import json
from datetime import date

import click

from tracker import clock
from tracker.campaigns.services import require_campaign
from tracker.cli_support import command
from tracker.errors import UsageError
from tracker.escalation.services import walk_all
from tracker.extensions import db
from tracker.scheduler.services import all_campaigns


@command("escalate")
@click.option("--campaign", "slug", help="Only this campaign (default: every campaign).")
@click.option("--today", help="YYYY-MM-DD (default: today).")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def escalate_command(slug, today, as_json):
    """Take every escalation step reached today, once per step and assignment (reruns change nothing)."""
    campaigns = [require_campaign(slug)] if slug else all_campaigns()
    try:
        day = date.fromisoformat(today) if today else clock.today()
    except ValueError as exc:
        raise UsageError(f"日期格式应为 YYYY-MM-DD：{today}") from exc
    report = walk_all(campaigns, day)
    rows = [{"assignment_id": r.assignment_id, "unit": r.snapshot["unit"], "task": r.snapshot["task"],
             "step": r.snapshot["step"], "notice": r.notice_entry.number_text if r.notice_entry else None,
             "urge": r.urge_entry.number_text if r.urge_entry else None} for r in report.records]
    db.session.commit()
    if as_json:
        click.echo(json.dumps({"today": day.isoformat(), **report.as_counts(), "steps": rows}, ensure_ascii=False))
        return
    click.echo(f"{day.isoformat()} 督办升级：执行 {report.taken} 步，跳过 {report.passed} 步，生成文书 {report.documents} 份。")
    for r in rows:
        click.echo(f"  {r['unit']} · {r['task'][:40]} · {r['step']}")
