"""The `tracker` command: Flask's CLI for this app, one group per domain."""
import click
from flask import Flask
from flask.cli import FlaskGroup
from flask_migrate import upgrade

from tracker import create_app
from tracker.auth.cli import users_cli
from tracker.backup.cli import backup_command, restore_command
from tracker.campaigns.cli import campaign_cli
from tracker.cli_support import command
from tracker.demo import demo_command
from tracker.escalation.cli import escalate_command
from tracker.escalation.jobs import LADDER_SCHEDULE
from tracker.exports.cli import export_command
from tracker.exports.jobs import PACKAGE_JOB
from tracker.extensions import db
from tracker.imports.cli import tasks_cli
from tracker.indicators.cli import indicators_cli
from tracker.items.cli import item_cli
from tracker.meetings.cli import body_cli, meeting_cli
from tracker.reports.cli import cycle_cli
from tracker.reports.jobs import REPORTS_JOB
from tracker.scheduler.cli import scan_command, scheduler_command
from tracker.scheduler.jobs import EXTENSION as SCHEDULED_JOBS
from tracker.supervision.cli import circular_cli, notices_command
from tracker.units.cli import units_cli
from tracker.workdays.cli import workdays_cli


def main() -> None:
    cli = FlaskGroup(create_app=lambda: create_app(), help="创建台账 command line.")
    cli.main(prog_name="tracker")


def register_cli(app: Flask) -> None:
    for cmd in DOMAIN_COMMANDS:
        app.cli.add_command(cmd)
    app.extensions[SCHEDULED_JOBS] = JOBS_OF_HIGHER_DOMAINS


@command("init")
def init_command() -> None:
    """Create or upgrade the database schema."""
    upgrade()
    db.session.remove()
    click.echo("数据库已就绪。")


# what `tracker scheduler` runs beside its own jobs: evidence packages (never built in a web worker), the
# escalation ladder's daily walk, and the report cycles' reminders, missing-report flags and next cycles
JOBS_OF_HIGHER_DOMAINS = (PACKAGE_JOB, LADDER_SCHEDULE, REPORTS_JOB)

# every command of the app, one group per domain (imported above, so the layering contract sees them)
DOMAIN_COMMANDS = (init_command, users_cli, demo_command, units_cli, campaign_cli, tasks_cli, scan_command,
                   scheduler_command, export_command, circular_cli, notices_command, indicators_cli, workdays_cli,
                   cycle_cli, body_cli, meeting_cli, escalate_command, backup_command, restore_command, item_cli)
