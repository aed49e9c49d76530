"""`tracker workdays set|clear|list|check`: the office's working-day overrides on the official calendar."""
import json
from datetime import date

import click

from tracker.cli_support import CommandGroup
from tracker.errors import UsageError
from tracker.extensions import db
from tracker.workdays.calendar import holiday_name
from tracker.workdays.services import clear_override, list_overrides, set_override, work_calendar

workdays_cli = CommandGroup("workdays", help="Working days (法定节假日、调休 and the office's overrides).")


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise UsageError(f"日期格式应为 YYYY-MM-DD：{text}") from exc


@workdays_cli.command("set")
@click.argument("day")
@click.option("--work/--off", "is_workday", required=True, help="A working day, or a day off.")
@click.option("--note", default="", help="Why, e.g. 区级调休.")
def set_command(day, is_workday, note):
    """Declare DAY a working day (--work) or a day off (--off), overriding the official calendar."""
    row = set_override(_day(day), is_workday, note)
    db.session.commit()
    click.echo(f"{row.day.isoformat()} 设为{'工作日' if row.is_workday else '休息日'}。")


@workdays_cli.command("clear")
@click.argument("day")
def clear_command(day):
    """Remove the override of DAY (exit 1 if it has none)."""
    clear_override(_day(day))
    db.session.commit()
    click.echo(f"已恢复 {day} 的法定安排。")


@workdays_cli.command("list")
@click.option("--json", "as_json", is_flag=True)
def list_command(as_json):
    """The office's overrides."""
    rows = list_overrides()
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False))
        return
    for r in rows:
        click.echo(f"{r['day']}  {'工作日' if r['workday'] else '休息日'}  {r['note']}")


@workdays_cli.command("check")
@click.argument("day")
@click.option("--add", "add", type=int, default=None, help="Also print the date N working days later.")
def check_command(day, add):
    """Whether DAY is a working day (and the date N working days after it)."""
    d, cal = _day(day), work_calendar()
    name = holiday_name(d)
    click.echo(f"{d.isoformat()} {'工作日' if cal.is_workday(d) else '休息日'}{f'（{name}）' if name else ''}")
    if add is not None:
        click.echo(f"{add} 个工作日后：{cal.add_workdays(d, add).isoformat()}")
