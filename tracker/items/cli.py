"""`tracker item`: register a 领导批示 督办事项 (printing its 统一编号), register a meeting's 议定事项 or a 整改事项
as one, and list a campaign's items."""
import json
from datetime import date

import click
from sqlalchemy import or_, select

from tracker import clock
from tracker.campaigns.services import require_campaign
from tracker.cli_support import CommandGroup
from tracker.errors import UsageError
from tracker.extensions import db
from tracker.items.models import Source, Urgency
from tracker.items.queries import ItemFilters, item_page
from tracker.items.services import ItemSpec, register_existing_task, register_instruction_item
from tracker.tasks.models import Task
from tracker.units.models import Unit, UnitAlias

item_cli = CommandGroup("item", help="督办事项 (supervision items).")


def _day(text: str | None, what: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError as exc:
        raise UsageError(f"{what}格式应为 YYYY-MM-DD：{text}") from exc


def _unit(name: str) -> Unit:
    """A unit by its name, short name or alias; an unknown one is a usage error (exit 2)."""
    name = name.strip()
    found = db.session.scalar(select(Unit).where(or_(Unit.name == name, Unit.short_name == name)).limit(1))
    found = found or db.session.scalar(select(Unit).join(UnitAlias).where(UnitAlias.alias == name).limit(1))
    if found is None:
        raise UsageError(f"单位名录中没有“{name}”。")
    return found


@item_cli.command("add")
@click.argument("slug")
@click.option("--source", type=click.Choice([Source.INSTRUCTION.value]), default=Source.INSTRUCTION.value,
              show_default=True, help="Where it comes from (a meeting's matter or a 整改事项: `tracker item register`).")
@click.option("--leader", required=True, help="批示领导, e.g. 张区长.")
@click.option("--text", "text", required=True, help="批示内容.")
@click.option("--lead", required=True, help="主办单位 (name, short name or alias).")
@click.option("--co", multiple=True, help="协办单位 (repeat the option for several).")
@click.option("--urgency", type=click.Choice(Urgency.values()), default=Urgency.NORMAL.value, show_default=True)
@click.option("--on", "on", help="批示日期 YYYY-MM-DD (default: today).")
@click.option("--due", help="办理时限 YYYY-MM-DD (default: the urgency's limit in working days).")
@click.option("--content", default="", help="督办内容 (default: the 批示's text).")
@click.option("--reply", default="", help="办复要求.")
def add_command(slug, source, leader, text, lead, co, urgency, on, due, content, reply):
    """Register a 领导批示 item and print its 统一编号."""
    campaign = require_campaign(slug)
    spec = ItemSpec(content=content, lead=_unit(lead), co=[_unit(n) for n in co], due=_day(due, "办理时限"),
                    reply_requirement=reply, leader_name=leader, instruction_text=text,
                    instructed_on=_day(on, "批示日期") or clock.today(campaign.timezone), urgency=urgency)
    item = register_instruction_item(campaign, spec, None)
    number, deadline = item.number, item.task.deadline
    db.session.commit()
    click.echo(f"{number}  办理时限 {deadline.isoformat()}")


@item_cli.command("register")
@click.argument("slug")
@click.argument("task_id", type=int)
@click.option("--reply", default="", help="办复要求.")
def register_command(slug, task_id, reply):
    """Register a meeting's 议定事项 or a 整改事项 (by task id) as an item, as it is; print its 统一编号."""
    campaign = require_campaign(slug)
    task = db.session.scalar(select(Task).where(Task.id == task_id, Task.campaign_id == campaign.id))
    if task is None:
        raise UsageError(f"{campaign.name}没有编号为 {task_id} 的任务。")
    item = register_existing_task(task, None, reply)
    number = item.number
    db.session.commit()
    click.echo(number)


@item_cli.command("list")
@click.argument("slug")
@click.option("--source", type=click.Choice(Source.values()), help="Only items of this source.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def list_command(slug, source, as_json):
    """The campaign's items, newest number first (the first 50)."""
    campaign = require_campaign(slug)
    today = clock.today(campaign.timezone)
    page = item_page(campaign, today, ItemFilters(source=source or ""))  # the command line reads as the office
    rows = [{"number": i.number, "source": i.source, "content": i.task.title,
             "lead": i.task.lead.unit.name if i.task.lead else None,
             "due": i.task.deadline.isoformat() if i.task.deadline else None,
             "status": i.task.lead.status if i.task.lead else None} for i in page.items]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False))
        return
    for r in rows:
        click.echo(f"{r['number']}  {Source(r['source']).label}  {r['due'] or '长期'}  {r['lead'] or ''}  {r['content']}")
