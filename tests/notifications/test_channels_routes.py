"""通知渠道 page: the admin adds, tests, disables and deletes channels; others get 403."""
from sqlalchemy import select

from tests.factories import basic_world
from tracker.audit.models import AuditEvent
from tracker.extensions import db
from tracker.notifications.models import Channel, OutboxMessage


def test_admin_adds_channels_for_a_unit_and_the_office(app, client, login):
    world = basic_world()
    login("admin")
    wj = world.units["wj"].id
    client.post("/admin/channels", data={"owner": wj, "kind": "email", "target": "a@x.cn；b@x.cn"})
    client.post("/admin/channels", data={"owner": 0, "kind": "dingtalk",
                                         "target": "https://oapi.dingtalk.com/robot/send?access_token=t",
                                         "secret": "SECabc"})
    rows = db.session.execute(select(Channel.unit_id, Channel.kind, Channel.target, Channel.secret)
                              .order_by(Channel.id)).all()
    assert rows == [(wj, "email", "a@x.cn, b@x.cn", None),
                    (None, "dingtalk", "https://oapi.dingtalk.com/robot/send?access_token=t", "SECabc")]
    body = client.get("/admin/channels").get_data(as_text=True)
    assert "领导小组办公室" in body and "区卫健局" in body and "已加签" in body and "SECabc" not in body
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "channel.create"))


def test_invalid_targets_are_refused_in_chinese(app, client, login):
    basic_world()
    login("admin")
    resp = client.post("/admin/channels", data={"owner": 0, "kind": "email", "target": "not-an-address"},
                       follow_redirects=True)
    assert "有效的邮箱地址" in resp.get_data(as_text=True)
    resp = client.post("/admin/channels", data={"owner": 0, "kind": "dingtalk", "target": "token-only"},
                       follow_redirects=True)
    assert "Webhook" in resp.get_data(as_text=True)
    assert db.session.scalar(select(Channel.id)) is None


def test_test_toggle_and_delete(app, client, login):
    basic_world()
    channel = Channel(unit_id=None, kind="wecom", target="key")
    db.session.add(channel)
    db.session.commit()
    login("admin")
    client.post(f"/admin/channels/{channel.id}/test")
    assert db.session.scalar(select(OutboxMessage.subject)) == "创建台账测试消息"
    client.post(f"/admin/channels/{channel.id}/toggle")
    db.session.refresh(channel)
    assert channel.active is False
    client.post(f"/admin/channels/{channel.id}/delete")
    assert db.session.scalar(select(Channel.id)) is None
    assert client.post("/admin/channels/999/delete").status_code == 404


def test_only_the_admin_manages_channels(app, client, login):
    basic_world()
    for user in ("office", "wj", "leader"):
        login(user)
        assert client.get("/admin/channels").status_code == 403
        assert client.post("/admin/channels", data={"owner": 0, "kind": "wecom", "target": "k"}).status_code == 403


def test_channels_page_queries_do_not_grow(app, client, login, count_queries):
    world = basic_world()
    login("admin")
    db.session.add(Channel(unit_id=None, kind="wecom", target="k0"))
    db.session.commit()
    with count_queries() as few:
        client.get("/admin/channels")
    for i, unit in enumerate(world.units.values()):
        db.session.add(Channel(unit_id=unit.id, kind="email", target=f"u{i}@x.cn"))
    db.session.commit()
    with count_queries() as many:
        body = client.get("/admin/channels").get_data(as_text=True)
    assert "u2@x.cn" in body and many.count == few.count
