"""The command line's one way to refuse: a `Refusal` raised anywhere in a command ends it here.

Nothing is kept (the session is rolled back), the message goes to stderr and the process exits with the
refusal's code — 1 refused, 2 unreadable input or usage (an unknown campaign slug, say). Commands and services
raise; no command catches a refusal itself. Every domain command is a `RefusingCommand`: a group is a
`CommandGroup` (its commands and subgroups inherit it), a single command is declared with `@command(...)`.
tests/test_cli.py fails for a command registered any other way.

The `… import` commands (tasks, indicators, body members, units) share one contract, kept here once:
`import_options` (SLUG FILE --dry-run --json), `read_upload` (the file under IMPORT_MAX_MB, else exit 2) and
`finish_import` (keep what was written or nothing; --json or the summary; exit 0 clean, 1 refused for its rows).
"""
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

import click
from flask import current_app, has_app_context
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


def read_upload(path: Path) -> bytes:
    """An import's input file under the instance's IMPORT_MAX_MB (a UsageError, exit 2, otherwise)."""
    return read_input(path, current_app.config["IMPORT_MAX_MB"])


def import_options(f: Callable) -> Callable:
    """SLUG FILE [--dry-run] [--json]: the arguments of an import into a campaign or body."""
    for option in reversed((
        click.argument("slug"),
        click.argument("file", type=click.Path(dir_okay=False, path_type=Path)),
        click.option("--dry-run", is_flag=True, help="Check only; never write."),
        click.option("--json", "as_json", is_flag=True, help="Print the machine-readable result."),
    )):
        f = option(f)
    return f


def echo_json(data: Any) -> None:
    """Machine-readable output (--json): UTF-8 text as it is, indented."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def echo_refused(plan, verdict: str = "未导入", units: str = "责任单位") -> None:
    """On stderr: each unresolved unit text (with suggestions) and each row error of `plan`, then why nothing
    was written."""
    for row, u in plan.unresolved:
        hint = f"（可能是：{'、'.join(u.suggestions)}）" if u.suggestions else ""
        click.echo(f"第 {row} 行：无法确定{units}“{u.text}”{hint}", err=True)
    for e in plan.errors:
        click.echo(f"第 {e.row} 行 {e.column}：{e.message}", err=True)
    click.echo(f"{verdict}：请先处理以上问题（可用 tracker units alias 添加别名）。", err=True)


def finish_import(plan, *, as_json: bool, json_of: Callable[[Any], Any], done: Callable[[], None],
                  refused: Callable[[], None] | None = None) -> NoReturn:
    """End an import command: commit what `plan` wrote (else roll back); print `json_of(plan)` with --json,
    else `done()` for a clean plan or `refused()` (by default `echo_refused`); exit 0 clean (written, or
    writable with --dry-run), 1 refused for its rows (nothing written)."""
    if plan.written:
        db.session.commit()
    else:
        db.session.rollback()
    if as_json:
        echo_json(json_of(plan))
    elif plan.ok:
        done()
    else:
        (refused or (lambda: echo_refused(plan)))()
    sys.exit(0 if plan.ok else 1)
