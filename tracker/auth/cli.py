import sys

import click

from tracker.auth.models import USER_ROLES
from tracker.auth.services import create_user
from tracker.cli_support import CommandGroup
from tracker.extensions import db

users_cli = CommandGroup("users", help="Manage accounts.")


@users_cli.command("create")
@click.argument("username")
@click.option("--role", type=click.Choice(USER_ROLES), required=True)
@click.option("--unit", "unit_name", help="Canonical name of the unit (role unit only).")
@click.option("--password", help="Without it: prompted, or read from stdin.")
@click.option("--name", "display_name", help="Display name.")
def create(username, role, unit_name, password, display_name):
    """Create an account."""
    if password is None:
        if sys.stdin.isatty():
            password = click.prompt("密码", hide_input=True, confirmation_prompt=True)
        else:
            password = sys.stdin.readline().rstrip("\n")
    user = create_user(username, role, password, unit_name=unit_name, display_name=display_name)
    db.session.commit()
    click.echo(f"已创建账号 {user.username}（{user.role_label}）。")
