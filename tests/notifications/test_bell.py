"""The bell: unread count, my notifications only, mark one or all read."""
from sqlalchemy import select

from tests.factories import basic_world
from tracker.extensions import db
from tracker.notifications.models import Notification
from tracker.notifications.services import notify_office, notify_unit


def test_bell_counts_unread_and_index_lists_only_mine(app, login):
    w = basic_world()
    notify_unit(w.units["wj"].id, "returned", "任务被退回：请补充材料", link="/my")
    notify_office("submitted", "办公室的消息")
    db.session.commit()
    client = login("wj")
    html = client.get("/notifications").get_data(as_text=True)
    assert "任务被退回" in html and "办公室的消息" not in html
    assert 'data-testid="unread">1<' in html


def test_reading_a_notification_marks_it_and_follows_its_link(app, login):
    w = basic_world()
    note = notify_unit(w.units["wj"].id, "returned", "退回", link="/my")[0]
    db.session.commit()
    resp = login("wj").post(f"/notifications/{note.id}/read")
    assert resp.status_code == 302 and resp.location.endswith("/my")
    assert db.session.get(Notification, note.id).read_at is not None


def test_unsafe_link_is_not_followed(app, login):
    w = basic_world()
    note = notify_unit(w.units["wj"].id, "x", "外链", link="https://evil.example/")[0]
    db.session.commit()
    resp = login("wj").post(f"/notifications/{note.id}/read")
    assert resp.location.endswith("/notifications")


def test_read_all(app, login):
    w = basic_world()
    for i in range(3):
        notify_unit(w.units["wj"].id, "x", f"消息{i}")
    notify_office("x", "别人的")
    db.session.commit()
    login("wj").post("/notifications/read-all")
    unread = db.session.scalars(select(Notification).where(Notification.read_at.is_(None))).all()
    assert [n.text for n in unread] == ["别人的"]


def test_someone_elses_notification_is_404(app, login):
    basic_world()
    note = notify_office("x", "办公室的")[0]
    db.session.commit()
    assert login("wj").post(f"/notifications/{note.id}/read").status_code == 404
    assert db.session.get(Notification, note.id).read_at is None
