"""The bell: unread count, my notifications only, mark one or all read."""
from sqlalchemy import func, insert, select, update

from tests.factories import basic_world
from tracker.auth.models import User
from tracker.extensions import db
from tracker.notifications.models import Notification
from tracker.notifications.services import notify_office, notify_unit
from tracker.timeutil import utcnow


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


def test_the_kept_count_is_the_count_of_unread_messages_after_every_change(app, login):
    """The bell reads a counter on the user's row: it must equal a count of the messages after adding, reading
    one, reading all, deleting, a bulk insert and a bulk update (recounted at commit)."""
    w = basic_world()
    wj = db.session.scalar(select(User).where(User.username == "wj"))

    def kept_and_counted() -> tuple[int, int]:
        db.session.expire_all()
        counted = db.session.scalar(select(func.count(Notification.id)).where(
            Notification.user_id == wj.id, Notification.read_at.is_(None)))
        return db.session.get(User, wj.id).unread_notifications, counted

    def bell() -> str:
        html = login("wj").get("/my").get_data(as_text=True)
        return html.split('data-testid="unread">')[1].split("<")[0] if 'data-testid="unread"' in html else "0"

    notes = [notify_unit(w.units["wj"].id, "x", f"消息{i}")[0] for i in range(4)]
    db.session.commit()
    assert kept_and_counted() == (4, 4) and bell() == "4"
    assert login("wj").post(f"/notifications/{notes[0].id}/read").status_code == 302
    assert kept_and_counted() == (3, 3) and bell() == "3"
    db.session.delete(db.session.get(Notification, notes[1].id))
    notes[2] = db.session.get(Notification, notes[2].id)
    notes[2].read_at, notes[2].text = None, "改过"  # no change of read state: no change of count
    db.session.commit()
    assert kept_and_counted() == (2, 2)
    db.session.execute(insert(Notification), [{"user_id": wj.id, "kind": "x", "text": f"批量{i}"} for i in range(3)])
    db.session.commit()
    assert kept_and_counted() == (5, 5) and bell() == "5"
    db.session.execute(update(Notification).where(Notification.text == "批量0").values(read_at=utcnow()))
    db.session.commit()
    assert kept_and_counted() == (4, 4)
    login("wj").post("/notifications/read-all")
    assert kept_and_counted() == (0, 0) and bell() == "0"
