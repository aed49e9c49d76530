"""The `tracker` command: Flask's CLI for this app, one group per domain."""
import click
from flask import Flask
from flask.cli import FlaskGroup
from flask_migrate import upgrade

from tracker import create_app
from tracker.auth.cli import users_cli
from tracker.cli_support import command
from tracker.demo import demo_command
from tracker.extensions import db


def main() -> None:
    cli = FlaskGroup(create_app=lambda: create_app(), help="创建台账 command line.")
    cli.main(prog_name="tracker")


def register_cli(app: Flask) -> None:
    app.cli.add_command(init_command)
    app.cli.add_command(users_cli)
    app.cli.add_command(demo_command)
    for module, attr in _DOMAIN_COMMANDS:
        command = getattr(__import__(module, fromlist=[attr]), attr, None)
        if command is not None:
            app.cli.add_command(command)


# (module, attribute) of each domain's command or group; a domain without one yet is skipped
_DOMAIN_COMMANDS = (
    ("tracker.units.cli", "units_cli"), ("tracker.campaigns.cli", "campaign_cli"),
    ("tracker.imports.cli", "tasks_cli"), ("tracker.scheduler.cli", "scan_command"),
    ("tracker.scheduler.cli", "scheduler_command"), ("tracker.exports.cli", "export_command"),
    ("tracker.supervision.cli", "circular_cli"),
)


@command("init")
def init_command() -> None:
    """Create or upgrade the database schema."""
    upgrade()
    db.session.remove()
    click.echo("数据库已就绪。")
