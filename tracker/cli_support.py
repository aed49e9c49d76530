"""The command line's one way to refuse: a `Refusal` raised anywhere in a command ends it here.

Nothing is kept (the session is rolled back), the message goes to stderr and the process exits with the
refusal's code — 1 refused, 2 unreadable input or usage (an unknown campaign slug, say). Commands and services
raise; no command catches a refusal itself. Every domain command is a `RefusingCommand`: a group is a
`CommandGroup` (its commands and subgroups inherit it), a single command is declared with `@command(...)`.
tests/test_cli.py fails for a command registered any other way.
"""
from collections.abc import Callable
from pathlib import Path

import click
from flask import has_app_context
from flask.cli import AppGroup, with_appcontext

from tracker.errors import Refusal, UsageError
from tracker.extensions import db


class RefusingCommand(click.Command):
    """A command that maps a `Refusal` to its documented exit: rollback, message on stderr, exit code."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except Refusal as refusal:
            if has_app_context():
                db.session.rollback()
            click.echo(refusal.message, err=True)
            ctx.exit(refusal.exit_code)


class CommandGroup(AppGroup):
    """A domain's group (`tracker units …`): its commands refuse the one way and run in the app context."""

    command_class = RefusingCommand
    group_class = type  # subgroups are CommandGroups too


def command(name: str, **kwargs) -> Callable[[Callable], RefusingCommand]:
    """A domain command outside a group (`tracker scan`): a RefusingCommand run in the app context."""

    def decorator(f: Callable) -> RefusingCommand:
        return click.command(name, cls=RefusingCommand, **kwargs)(with_appcontext(f))

    return decorator


def read_input(path: Path, max_mb: int | None = None) -> bytes:
    """The bytes of an input file; a missing, unreadable or (over `max_mb`) too large one is a UsageError."""
    try:
        if max_mb is not None and path.stat().st_size > max_mb * 1024 * 1024:
            raise UsageError(f"文件超过 {max_mb} MB 的上限。")
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise UsageError(f"找不到文件：{path}") from exc
    except OSError as exc:
        raise UsageError(f"无法读取文件：{path}（{exc.strerror or exc}）") from exc
