"""Migrations are the schema: upgrade on an empty database, then `db check` finds nothing to do."""
from flask_migrate import check, upgrade

from tests.dbs import drop_test_database, fresh_database
from tracker import create_app
from tracker.extensions import db


def test_upgrade_then_check_reports_no_difference(tmp_path):
    url = fresh_database(str(tmp_path), "migrations")
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True})
    try:
        with app.app_context():
            upgrade()
            check()  # raises (SystemExit) if models and migrations differ
            db.session.remove()
            db.engine.dispose()
    finally:
        drop_test_database(url)
