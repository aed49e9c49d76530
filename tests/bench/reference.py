"""The yardstick issue 16 names: "a straightforward logged-in 50-row list page (Flask-Login user load, one ORM
query with selectinload, a Jinja table)", built as anyone would and measured in the same run as the pages.

It is a Flask app of its own on the bench's database, sharing nothing with the tracker's but the models: a
Flask-Login user loader (`Session.get`), one ORM statement for the liaison's first 50 assignments with their tasks
(`selectinload`), and a compiled Jinja template writing one table row per assignment with a link, the task's title
and four columns. No layout, no counts, no filters, no CSRF, no notes or flags: the floor of a list page on this
stack, for comparison with the tracker's pages (which have all of those).
"""
from flask import Flask, render_template, url_for
from flask_login import LoginManager, current_user, login_required
from flask_sqlalchemy import SQLAlchemy
from jinja2 import DictLoader
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from tracker.assignments.models import Assignment
from tracker.auth.models import User

PATH = "/list"
TEMPLATE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>任务</title></head>
<body><h1>{{ current_user.display_name }}</h1>
<table>
  <thead><tr><th>任务</th><th>角色</th><th>状态</th><th>完成时限</th><th>更新</th></tr></thead>
  <tbody>
  {% for a in rows %}
  <tr><td><a href="{{ url_for('detail', assignment_id=a.id) }}">{{ a.task.title|truncate(80) }}</a></td>
    <td>{{ a.role }}</td><td>{{ a.status }}</td><td>{{ a.task.deadline or '长期' }}</td><td>{{ a.updated_at }}</td></tr>
  {% endfor %}
  </tbody>
</table></body></html>
"""


def reference_app(database_url: str) -> Flask:
    app = Flask("reference")
    app.config.update(SECRET_KEY="bench", SQLALCHEMY_DATABASE_URI=database_url)
    app.jinja_loader = DictLoader({"list.html": TEMPLATE})
    db = SQLAlchemy(app)
    login = LoginManager(app)

    @login.user_loader
    def load_user(user_id: str):
        return db.session.get(User, int(user_id))

    @app.get(PATH)
    @login_required
    def assignments():
        rows = db.session.scalars(select(Assignment).where(Assignment.unit_id == current_user.unit_id)
                                  .options(selectinload(Assignment.task)).order_by(Assignment.id).limit(50)).all()
        return render_template("list.html", rows=rows)

    @app.get("/assignments/<int:assignment_id>")
    def detail(assignment_id: int):
        return url_for("assignments")

    return app


def reference_client(app: Flask, user_id: int):
    client = app.test_client()
    with client.session_transaction() as sess:
        sess["_user_id"], sess["_fresh"] = str(user_id), True
    return client
