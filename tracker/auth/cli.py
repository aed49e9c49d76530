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
    """Create an account. A password typed at the prompt is the user's own; one given with --password or on
    stdin is known to whoever ran the command, so it must be changed at the first login."""
    typed = password is None and sys.stdin.isatty()
    if typed:
        password = click.prompt("密码", hide_input=True, confirmation_prompt=True)
    elif password is None:
        password = sys.stdin.readline().rstrip("\n")
    user = create_user(username, role, password, unit_name=unit_name, display_name=display_name,
                       must_change=not typed)
    db.session.commit()
    click.echo(f"已创建账号 {user.username}（{user.role_label}）。" + ("" if typed else "首次登录时须修改密码。"))
