"""The outbox against a local SMTP server and a local robot server: delivery, dedup, back-off, rate limit."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests.factories import make_unit
from tests.scheduler.fakes import FakeRobots, FakeSMTP, serve
from tracker.extensions import db
from tracker.notifications.models import Channel, OutboxMessage
from tracker.notifications.outbox import MAX_ATTEMPTS, deliver_outbox, enqueue_for_office, enqueue_for_unit
from tracker.timeutil import utcnow


@pytest.fixture
def smtp(app):
    server = FakeSMTP()
    stop = serve(server)
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=server.port, SMTP_SECURITY="none", SMTP_USER="",
                      SMTP_FROM="tracker@example.cn")
    yield server
    stop()
    app.config.update(SMTP_HOST="", SMTP_PORT=465, SMTP_SECURITY="ssl")


@pytest.fixture
def robots(app):
    """The robot server on 127.0.0.1, listed (as an operator would list a gateway), and a port where nothing
    listens."""
    server = FakeRobots()
    stop = serve(server)
    app.config["WEBHOOK_ALLOWED_HOSTS"] = f"{server.url}, http://127.0.0.1:9"
    yield server
    app.config["WEBHOOK_ALLOWED_HOSTS"] = ""
    stop()


@pytest.fixture
def unit(app):
    u = make_unit("区卫健局", "卫健")
    db.session.flush()
    return u


def _channel(unit_id, kind, target, secret=None, active=True):
    ch = Channel(unit_id=unit_id, kind=kind, target=target, secret=secret, active=active)
    db.session.add(ch)
    db.session.flush()
    return ch


def _messages():
    db.session.expire_all()
    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def test_email_goes_through_smtp_with_login(app, smtp, unit):
    app.config.update(SMTP_USER="robot", SMTP_PASSWORD="pw")
    _channel(unit.id, "email", "a@example.cn; b@example.cn")
    assert enqueue_for_unit(unit.id, "任务预警", "请抓紧办理。", "chase:1") == 1
    db.session.commit()
    assert deliver_outbox() == {"sent": 1}
    (mail,) = smtp.messages
    assert mail["Subject"] == "任务预警" and mail["To"] == "a@example.cn, b@example.cn"
    assert "请抓紧办理" in mail.get_content() and smtp.logins == [("robot", "pw")]
    (msg,) = _messages()
    assert (msg.status, msg.attempts, msg.last_error) == ("sent", 1, None) and msg.sent_at


def test_smtp_refusal_is_recorded_and_retried_later(app, smtp, unit):
    smtp.reject = True
    _channel(unit.id, "email", "a@example.cn")
    enqueue_for_unit(unit.id, "预警", "内容", "k1")
    db.session.commit()
    assert deliver_outbox() == {"retry": 1}
    (msg,) = _messages()
    assert msg.status == "pending" and msg.attempts == 1 and msg.last_error == "邮件服务器拒绝发送（SMTP 554）。"  # the code, not the server's words
    assert msg.next_attempt_at > utcnow() + timedelta(seconds=50)


def test_dingtalk_message_is_signed_and_the_signature_checks(app, robots, unit):
    _channel(unit.id, "dingtalk", robots.url + "/dingtalk?access_token=T1", secret=robots.secret)
    enqueue_for_unit(unit.id, "任务预警", "**三项**逾期", "d1")
    db.session.commit()
    assert deliver_outbox() == {"sent": 1}
    (req,) = robots.requests
    assert req["query"]["access_token"] == "T1" and req["payload"]["msgtype"] == "markdown"
    assert "三项" in req["payload"]["markdown"]["text"]


def test_dingtalk_wrong_secret_is_refused_and_shown(app, robots, unit):
    _channel(unit.id, "dingtalk", robots.url + "/dingtalk?access_token=T1", secret="wrong")
    enqueue_for_unit(unit.id, "任务预警", "内容", "d2")
    db.session.commit()
    deliver_outbox()
    (msg,) = _messages()
    assert msg.status == "pending" and "310000" in msg.last_error


def test_wecom_robot_receives_markdown(app, robots, unit):
    _channel(unit.id, "wecom", robots.url + "/wecom?key=K1")
    enqueue_for_unit(unit.id, "任务预警", "内容", "w1")
    db.session.commit()
    assert deliver_outbox() == {"sent": 1}
    (req,) = robots.requests
    assert req["query"] == {"key": "K1"} and "任务预警" in req["payload"]["markdown"]["content"]


def test_same_key_is_queued_once_and_inactive_channels_get_nothing(app, unit):
    _channel(unit.id, "wecom", "k-a")
    _channel(unit.id, "wecom", "k-b", active=False)
    _channel(None, "wecom", "k-office")
    assert enqueue_for_unit(unit.id, "s", "b", "same") == 1
    assert enqueue_for_unit(unit.id, "s", "b", "same") == 0
    assert enqueue_for_office("s", "b", "same") == 1
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 2


def test_back_off_doubles_and_gives_up_after_max_attempts(app, robots, unit):
    robots.fail = True
    _channel(unit.id, "wecom", robots.url + "/wecom?key=K")
    enqueue_for_unit(unit.id, "s", "b", "bo")
    db.session.commit()
    now, waits = utcnow(), []
    for _ in range(MAX_ATTEMPTS):
        (msg,) = _messages()
        now = msg.next_attempt_at
        deliver_outbox(now)
        waits.append(_messages()[0].next_attempt_at - now)
    (msg,) = _messages()
    assert msg.status == "failed" and msg.attempts == MAX_ATTEMPTS and "45009" in msg.last_error
    assert [w.total_seconds() / 60 for w in waits[:4]] == [1, 2, 4, 8]


def test_robot_rate_limit_holds_the_rest_for_a_minute(app, robots, unit):
    _channel(unit.id, "wecom", robots.url + "/wecom?key=K")
    for i in range(25):
        enqueue_for_unit(unit.id, f"s{i}", "b", f"rl{i}")
    db.session.commit()
    now = utcnow()
    assert deliver_outbox(now) == {"sent": 20, "limited": 5}
    assert deliver_outbox(now + timedelta(seconds=30)) == {}
    assert deliver_outbox(now + timedelta(seconds=61)) == {"sent": 5}
    assert len(robots.requests) == 25


def test_a_failing_channel_does_not_stop_the_others(app, robots, unit):
    _channel(unit.id, "dingtalk", "http://127.0.0.1:9/nothing-listens")
    _channel(unit.id, "wecom", robots.url + "/wecom?key=K")
    enqueue_for_unit(unit.id, "s", "b", "mix")
    db.session.commit()
    assert deliver_outbox() == {"retry": 1, "sent": 1}
    failed, sent = _messages()
    assert failed.status == "pending" and sent.status == "sent"
    assert failed.last_error == "连接机器人服务器失败（网络不通、超时或证书无效）。"  # not "Connection refused"
