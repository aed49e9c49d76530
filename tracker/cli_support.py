"""What every command does when it refuses: keep nothing, say why on stderr, exit with the documented code."""
import sys
from typing import NoReturn

import click

from tracker.extensions import db

REFUSED = 1  # nothing changed
UNREADABLE = 2  # unreadable input or usage


def refuse(message: str, code: int = REFUSED) -> NoReturn:
    """Roll back the session, print the reason on stderr and exit with `code`."""
    db.session.rollback()
    click.echo(message, err=True)
    sys.exit(code)
