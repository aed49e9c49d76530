"""Migrations are the schema: upgrade on an empty database, then `db check` finds nothing to do."""
from datetime import datetime

from flask_migrate import check, downgrade, upgrade
from sqlalchemy import text

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


PREVIOUS = "b7d2c1e0a9f3"  # the head before co-units fed the lead
CO_FEED = "7c3e1d9a5b20"
SEED = """
INSERT INTO campaigns (id, slug, name, timezone, lead_days, created_at) VALUES (1, 'hb', '汉滨', 'Asia/Shanghai', 14, :t);
INSERT INTO units (id, name, display_order, created_at) VALUES (1, '区卫健局', 0, :t), (2, '区发改局', 0, :t),
  (3, '区财政局', 0, :t);
INSERT INTO categories (id, campaign_id, name, sequence) VALUES (1, 1, '领导重视', 1);
INSERT INTO tasks (id, campaign_id, category_id, sequence, title, title_key, created_at, updated_at)
  VALUES (1, 1, 1, 1, '已通过的任务', 'k1', :t, :t), (2, 1, 1, 2, '推进中的任务', 'k2', :t, :t);
INSERT INTO assignments (id, task_id, unit_id, role, position, status, version, chase_count, created_at, updated_at)
  VALUES (1, 1, 1, 'lead', 0, 'approved', 3, 0, :t, :t), (2, 1, 2, 'co', 1, 'in_progress', 2, 0, :t, :t),
         (3, 1, 3, 'co', 2, 'approved', 4, 0, :t, :t),
         (4, 2, 1, 'lead', 0, 'in_progress', 2, 0, :t, :t), (5, 2, 2, 'co', 1, 'not_started', 1, 0, :t, :t);
INSERT INTO progress_updates (id, assignment_id, created_at, progress, problems, next_steps)
  VALUES (1, 2, :t, '配合单位已提供数据', '', '');
"""


def _statuses(conn) -> dict[int, str]:
    return dict(conn.execute(text("SELECT id, status FROM assignments")).all())


def test_upgrade_closes_open_co_units_of_approved_leads_and_downgrade_reopens_them(tmp_path):
    """Existing campaigns take the new default (co-units feed the lead), their data kept."""
    url = fresh_database(str(tmp_path), "co_feed")
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True})
    try:
        with app.app_context():
            upgrade(revision=PREVIOUS)
            with db.engine.begin() as conn:
                for statement in filter(str.strip, SEED.split(";")):
                    conn.execute(text(statement), {"t": datetime(2022, 5, 1)})
            upgrade(revision=CO_FEED)
            with db.engine.connect() as conn:
                assert _statuses(conn) == {1: "approved", 2: "closed_with_lead", 3: "approved",
                                           4: "in_progress", 5: "not_started"}
                events = conn.execute(text("SELECT assignment_id, action FROM audit_events")).all()
                assert [tuple(e) for e in events] == [(2, "assignment.closed_with_lead")]
                # SQLite copies the tables: the rows that reference them survive
                assert conn.execute(text("SELECT assignment_id FROM progress_updates")).scalar() == 2
                assert conn.execute(text("SELECT co_units_submit_separately FROM campaigns")).scalar() in (0, False)
            downgrade(revision=PREVIOUS)
            with db.engine.connect() as conn:
                assert _statuses(conn)[2] == "in_progress"
            db.session.remove()
            db.engine.dispose()
    finally:
        drop_test_database(url)
