"""`tracker units import|alias`: the unit registry from the command line."""
import re
from pathlib import Path

import click
from flask import current_app

from tracker.cli_support import CommandGroup, finish_import, read_upload
from tracker.extensions import db
from tracker.units.registry_apply import import_registry
from tracker.units.registry_io import read_registry
from tracker.units.registry_plan import ACTION_LABELS
from tracker.units.services import UnitError, find_unit, set_alias

UNIT_LIST_SPLIT = re.compile(r"[,，、;；]")
units_cli = CommandGroup("units", help="Manage the unit registry (责任单位).")


@units_cli.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Show what the import would do; never write.")
@click.option("--json", "as_json", is_flag=True, help="Print every row's effect as JSON.")
def import_command(file, dry_run, as_json):
    """Import FILE.xlsx (sheet 责任单位: 单位名称 | 简称 | 别名 | 分组). Exit 0 applied (or applicable with
    --dry-run), 1 any row in conflict (nothing written), 2 unreadable file."""
    book = read_registry(read_upload(file), max_rows=current_app.config["IMPORT_MAX_ROWS"])
    plan = import_registry(book, dry_run=dry_run)
    finish_import(plan, as_json=as_json, json_of=lambda p: p.json(), done=lambda: _echo_done(plan, dry_run),
                  refused=lambda: _echo_conflicts(plan))


def _summary(plan) -> str:
    counts = plan.counts()
    return f"新增 {counts['new']} 个，更新 {counts['update']} 个，不变 {counts['same']} 个"


def _echo_conflicts(plan) -> None:
    for p in plan.conflicts:
        click.echo(p.message if p in plan.combos else f"{p.where}：{p.message}", err=True)
    click.echo(f"未导入：{len(plan.conflicts)} 行有冲突（{_summary(plan)}）。请修改名册后重新导入。", err=True)


def _echo_done(plan, dry_run: bool) -> None:
    for p in plan.rows:
        if p.action in ("new", "update"):
            click.echo(f"{p.where}：{ACTION_LABELS[p.action]} · {p.message}")
    said = _summary(plan)
    click.echo(f"检查通过（--dry-run，未写入）：{said}。" if dry_run else f"责任单位已导入：{said}。")
    if plan.absent:
        click.echo(f"表中没有、已保留的单位：{'、'.join(plan.absent)}")


@units_cli.command("alias")
@click.argument("names", nargs=-1, metavar="[UNIT_NAME] ALIAS")
@click.option("--units", "unit_list", metavar="A,B,…",
              help="The alias stands for several units, in this order (the first leads): --units 区委办,区政府办 两办")
def alias_command(names, unit_list):
    """Add ALIAS as another way lists write UNIT_NAME, or (--units) a shorthand for several units."""
    if len(names) != (1 if unit_list else 2) or not names[-1].strip():
        raise click.UsageError("用法：tracker units alias 单位名称 别名，或 tracker units alias --units 单位甲,单位乙 别名")
    wanted = [n.strip() for n in UNIT_LIST_SPLIT.split(unit_list)] if unit_list else [names[0]]
    wanted, alias = [n for n in wanted if n], names[-1]
    units = [find_unit(n) for n in wanted]
    if missing := [n for n, u in zip(wanted, units, strict=True) if u is None]:
        raise UnitError(f"找不到责任单位：{'、'.join(missing)}")
    set_alias(units, alias)
    db.session.commit()
    click.echo(f"已添加别名“{alias.strip()}” → {'、'.join(u.name for u in dict.fromkeys(units))}。")
