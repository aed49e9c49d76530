"""`tracker backup DIR` and `tracker restore DIR`."""
from pathlib import Path

import click

from tracker.backup.services import backup, restore
from tracker.cli_support import command
from tracker.extensions import db


@command("backup")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def backup_command(directory: Path) -> None:
    """A consistent copy of the database and the uploaded files into DIRECTORY (new or empty)."""
    manifest = backup(directory)
    rows = sum(manifest["tables"].values())
    click.echo(f"已备份到 {directory}：{len(manifest['tables'])} 张表 {rows} 行，{len(manifest['files'])} 个文件"
               + (f"，另有数据库原生备份 {manifest['native']}" if manifest["native"] else "") + "。")


@command("restore")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def restore_command(directory: Path) -> None:
    """Restore a copy made by `tracker backup` into this empty instance (database and uploaded files)."""
    manifest = restore(directory)
    db.session.remove()
    click.echo(f"已从 {directory} 恢复：{sum(manifest['tables'].values())} 行，{len(manifest['files'])} 个文件。")
