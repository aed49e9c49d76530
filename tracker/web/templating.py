"""Filters and globals every template may use that need no domain (the domain globals: pages/templating.py)."""
from datetime import date, datetime

from flask import Flask, current_app, render_template, request
from flask_login import current_user
from markupsafe import Markup

from tracker.clock import demo_today
from tracker.timeutil import to_local


def fmt_date(value: date | None, empty: str = "长期") -> str:
    return value.isoformat() if value else empty


def fmt_dt(value: datetime | None) -> str:
    return to_local(value).strftime("%Y-%m-%d %H:%M") if value else ""


def nav() -> Markup:
    """The left navigation, rendered once per role and page of the app (it depends on nothing else)."""
    key = (current_user.role, request.endpoint, request.script_root)
    rendered = current_app.extensions.setdefault("nav_cache", {})
    if key not in rendered:
        rendered[key] = Markup(render_template("_nav.html"))  # noqa: S704 (our own template, autoescaped)
    return rendered[key]


def register_templating(app: Flask) -> None:
    app.jinja_env.filters["d"] = fmt_date
    app.jinja_env.filters["dt"] = fmt_dt
    app.jinja_env.globals.update(
        url_rules=frozenset(app.view_functions), demo_today=demo_today,  # the nav shows only what exists
        nav=nav,
    )
