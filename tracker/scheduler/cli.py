"""Scheduler commands (stub until the deadline sweep lands)."""
import time

import click


@click.command("scheduler")
def scheduler_command() -> None:
    """Run the scheduler process (placeholder loop)."""
    click.echo("调度进程已启动（占位）。按 Ctrl-C 停止。")
    try:
        while True:
            time.sleep(60)
    except KeyboardInterrupt:
        pass
