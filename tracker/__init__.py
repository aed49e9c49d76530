"""创建台账 — the demonstration-district creation tracker."""
import os
from importlib import import_module

from tracker.config import ROOT
from tracker.web.app import TrackerFlask

BLUEPRINTS = (
    "tracker.pages.home", "tracker.auth.routes", "tracker.auth.admin_routes", "tracker.units.routes",
    "tracker.campaigns.routes", "tracker.imports.routes", "tracker.imports.registry_routes", "tracker.pages.tasks", "tracker.pages.workspace",
    "tracker.pages.evidence", "tracker.review.routes", "tracker.supervision.routes",
    "tracker.dashboard.routes", "tracker.scheduler.routes", "tracker.pages.notifications",
    "tracker.notifications.channel_routes",
    "tracker.exports.routes", "tracker.indicators.routes", "tracker.registers.routes", "tracker.cadence.routes",
    "tracker.meetings.routes", "tracker.meetings.member_routes", "tracker.meetings.meeting_routes",
    "tracker.escalation.routes",
    "tracker.reports.routes", "tracker.items.routes",
)


def create_app(config: dict | None = None) -> TrackerFlask:
    """Wire configuration, extensions, blueprints, commands and error handlers — nothing else."""
    instance = os.environ.get("INSTANCE_PATH") or str(ROOT / "instance")
    app = TrackerFlask(__name__, instance_path=instance, template_folder=str(ROOT / "templates"),
                static_folder=str(ROOT / "static"))
    from tracker.config import load_config, protect_instance

    app.config.update(load_config(app.instance_path))
    app.config.update(config or {})
    protect_instance(app.config, app.instance_path)
    register_extensions(app)
    register_blueprints(app)
    register_commands(app)
    register_errorhandlers(app)
    return app


def register_extensions(app: TrackerFlask) -> None:
    from sqlalchemy.orm import Session

    from tracker import models  # noqa: F401  (the whole schema, for db and migrations)
    from tracker.assignments.figures import watch_writes
    from tracker.database import enable_sqlite_foreign_keys
    from tracker.extensions import csrf, db, login_manager, migrate
    from tracker.notifications.counter import watch_notifications
    from tracker.pages.frame import load_user

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "请先登录。"
    login_manager.login_message_category = "warning"
    login_manager.user_loader(load_user)  # the user, its unit and the bell's count in one statement
    enable_sqlite_foreign_keys()
    watch_writes(Session)  # cached campaign figures get a new token in the transaction that changes them
    watch_notifications(Session)  # the bell's count kept in the transaction that adds or reads a message


def register_blueprints(app: TrackerFlask) -> None:
    from tracker.web.converters import IdConverter

    app.url_map.converters["int"] = IdConverter  # before any rule is added
    for name in BLUEPRINTS:
        app.register_blueprint(import_module(name).bp)
    from tracker.pages.templating import register_domain_globals
    from tracker.web.templating import register_templating

    register_templating(app)
    register_domain_globals(app)


def register_commands(app: TrackerFlask) -> None:
    from tracker.cli import register_cli

    register_cli(app)


def register_errorhandlers(app: TrackerFlask) -> None:
    from tracker.web.csrf import register_csrf_reuse
    from tracker.web.errors import register_errorhandlers as register
    from tracker.web.security import register_security_headers

    register(app)
    register_security_headers(app)
    register_csrf_reuse(app)
