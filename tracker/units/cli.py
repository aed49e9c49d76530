"""`tracker units import|alias`: the unit registry from the command line."""
import re
from pathlib import Path

import click

from tracker.cli_support import CommandGroup, read_input
from tracker.extensions import db
from tracker.units.registry_io import import_registry, read_registry
from tracker.units.services import UnitError, find_unit, set_alias

UNIT_LIST_SPLIT = re.compile(r"[,，、;；]")
units_cli = CommandGroup("units", help="Manage the unit registry (责任单位).")


@units_cli.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def import_command(file):
    """Import FILE.xlsx (sheet 责任单位: 单位名称 | 简称 | 别名 | 分组); updates by canonical name."""
    result = import_registry(read_registry(read_input(file)))
    db.session.commit()
    click.echo(f"责任单位已导入：新增 {result.created} 个，更新 {result.updated} 个。")
    if result.absent:
        click.echo(f"表中没有、已保留的单位：{'、'.join(result.absent)}")


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
