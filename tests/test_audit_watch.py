"""The suite-wide audit watch (tests/audit_watch.py) really finds a state-changing request without an audit event."""
from flask import Flask

from tests.audit_watch import audit_watch
from tests.factories import basic_world
from tracker.audit.services import record_event
from tracker.extensions import db
from tracker.tasks.models import Task


def test_a_post_that_changes_a_record_without_an_audit_event_is_a_finding(app):
    task_id = basic_world().tasks[0].id
    probe = Flask("watch-probe")  # an app of its own: routes cannot be added to one that has served requests
    probe.config.update(SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
                        SQLALCHEMY_ENGINE_OPTIONS=app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}))
    db.init_app(probe)

    def retitle(title: str, audited: bool):
        task = db.session.get(Task, task_id)
        task.title = title
        if audited:
            record_event(None, "task.updated", task, "标题")
        db.session.commit()
        return "ok"

    probe.add_url_rule("/audited", "audited", lambda: retitle("改了标题并留痕", True), methods=["POST"])
    probe.add_url_rule("/silent", "silent", lambda: retitle("改了标题却没留痕", False), methods=["POST"])
    try:
        with audit_watch(probe) as findings:
            assert probe.test_client().post("/audited").status_code == 200
            assert findings == []
            assert probe.test_client().post("/silent").status_code == 200
    finally:
        with probe.app_context():
            db.engine.dispose()  # the probe's own pool: no connection left for the garbage collector
    assert findings == ["POST /silent changed ['tasks'] without an audit event"]
