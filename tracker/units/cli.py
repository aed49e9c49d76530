"""`tracker units import|alias`: the unit registry from the command line."""
import sys
from pathlib import Path

import click
from flask.cli import AppGroup

from tracker.extensions import db
from tracker.units.registry_io import RegistryFileError, import_registry, read_registry
from tracker.units.services import UnitError, add_alias, find_unit

units_cli = AppGroup("units", help="Manage the unit registry (责任单位).")


@units_cli.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def import_command(file):
    """Import FILE.xlsx (sheet 责任单位: 单位名称 | 简称 | 别名 | 分组); updates by canonical name."""
    try:
        rows = read_registry(file.read_bytes())
    except (RegistryFileError, OSError) as exc:
        click.echo(f"无法读取：{exc}", err=True)
        sys.exit(2)
    try:
        result = import_registry(rows)
    except UnitError as exc:
        db.session.rollback()
        click.echo(f"未导入：{exc}", err=True)
        sys.exit(1)
    db.session.commit()
    click.echo(f"责任单位已导入：新增 {result.created} 个，更新 {result.updated} 个。")
    if result.absent:
        click.echo(f"表中没有、已保留的单位：{'、'.join(result.absent)}")


@units_cli.command("alias")
@click.argument("unit_name")
@click.argument("alias")
def alias_command(unit_name, alias):
    """Add ALIAS as another way lists write UNIT_NAME."""
    unit = find_unit(unit_name)
    if unit is None:
        click.echo(f"找不到责任单位：{unit_name}", err=True)
        sys.exit(1)
    try:
        add_alias(unit, alias)
    except UnitError as exc:
        db.session.rollback()
        click.echo(str(exc), err=True)
        sys.exit(1)
    db.session.commit()
    click.echo(f"已为 {unit.name} 添加别名“{alias.strip()}”。")
