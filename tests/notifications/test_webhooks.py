"""Robot webhooks cannot be pointed at the server's own network: allowed hosts only, every resolved address
checked, the checked address connected to, no redirects, and our own short error. Fake resolvers and a fake
connection: no test here touches the network."""
import socket
from types import SimpleNamespace

import pytest

from tests.factories import make_user
from tracker.extensions import db
from tracker.notifications import channels, webhooks
from tracker.notifications.channel_services import ChannelError, create_channel
from tracker.notifications.models import Channel, OutboxMessage
from tracker.notifications.outbox import deliver_outbox, enqueue

DING = "https://oapi.dingtalk.com/robot/send?access_token=abc"
WECOM = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k1"
PUBLIC = "106.11.35.20"  # an address on the public internet


def resolver(*addresses: str):
    """A getaddrinfo that answers `addresses` for any name, and records what it was asked."""
    asked = []

    def getaddrinfo(host, port, type=0, **kwargs):  # noqa: A002 (socket's name)
        asked.append((host, port))
        return [(socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port))
                for a in addresses]

    getaddrinfo.asked = asked
    return getaddrinfo


@pytest.mark.parametrize("url, kind", [(DING, "dingtalk"), (WECOM, "wecom"),
                                       ("https://OAPI.DingTalk.com./robot/send?access_token=x", "dingtalk"),
                                       ("https://oapi.dingtalk.com:443/robot/send?access_token=x", "dingtalk")])
def test_official_robot_urls_are_allowed(url, kind):
    target = webhooks.check_url(url, kind, [])
    assert target.host in ("oapi.dingtalk.com", "qyapi.weixin.qq.com") and target.path.startswith(("/robot",
                                                                                                    "/cgi-bin"))


@pytest.mark.parametrize("url", [
    "http://oapi.dingtalk.com/robot/send?access_token=x",  # not https
    "https://oapi.dingtalk.com:8443/robot/send",  # another port
    "https://127.0.0.1/robot/send", "https://localhost/robot/send", "https://2130706433/robot/send",
    "https://0x7f.0.0.1/robot/send", "https://0177.0.0.1/robot/send", "https://[::ffff:127.0.0.1]/robot/send",
    "https://[::1]/robot/send", "https://169.254.169.254/latest/meta-data", "https://10.0.0.8/robot/send",
    "https://oapi.dingtalk.com@127.0.0.1/robot/send", "https://user:pw@oapi.dingtalk.com/robot/send",
    "https://oapi.dingtalk.com.evil.cn/robot/send", "https://evil.cn/oapi.dingtalk.com/robot/send",
    "https://127.0.0.1#@oapi.dingtalk.com/", "https://127.0.0.1\\@oapi.dingtalk.com/",
    "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k",  # WeCom's host for a DingTalk robot
    "gopher://oapi.dingtalk.com/", "file:///etc/passwd", "https://oapi.dingtalk.com\r\nX: y/",
])
def test_any_other_target_is_refused(url):
    with pytest.raises(webhooks.UnsafeWebhook) as exc:
        webhooks.check_url(url, "dingtalk", [])
    assert "Webhook" in str(exc.value)


def test_an_operator_may_list_an_intranet_gateway():
    listed = webhooks.parse_allowed_hosts("robot-gw.intra.cn, http://10.1.2.3:8080 , bad entry/with/path")
    assert [(a.host, a.scheme, a.port) for a in listed] == [("robot-gw.intra.cn", "https", 443),
                                                           ("10.1.2.3", "http", 8080)]
    assert webhooks.check_url("https://robot-gw.intra.cn/ding?access_token=x", "dingtalk", listed).allowed.listed
    assert webhooks.check_url("http://10.1.2.3:8080/wecom?key=k", "wecom", listed).path == "/wecom?key=k"
    with pytest.raises(webhooks.UnsafeWebhook):
        webhooks.check_url("http://robot-gw.intra.cn/ding", "dingtalk", listed)  # listed for https only


@pytest.mark.parametrize("address", ["127.0.0.1", "10.0.0.1", "172.16.5.4", "192.168.1.1", "169.254.169.254",
                                     "100.64.0.1", "0.0.0.0", "224.0.0.1", "::1", "::ffff:127.0.0.1",  # noqa: S104 (an answer, not a bind)
                                     "::ffff:10.0.0.1", "64:ff9b::7f00:1", "2002:7f00:1::", "fe80::1", "fc00::1"])
def test_an_official_host_resolving_to_an_internal_address_is_refused(address):
    target = webhooks.check_url(DING, "dingtalk", [])
    with pytest.raises(webhooks.WebhookFailed, match="内网、本机或保留地址"):
        webhooks.vetted_address(target, resolver(address))


def test_every_resolved_address_must_pass_not_just_the_first():
    target = webhooks.check_url(DING, "dingtalk", [])
    with pytest.raises(webhooks.WebhookFailed):
        webhooks.vetted_address(target, resolver(PUBLIC, "127.0.0.1"))
    assert webhooks.vetted_address(target, resolver(PUBLIC, "2408:4000::1")) == PUBLIC


@pytest.mark.parametrize("address, ok", [("10.1.2.3", True), ("192.168.0.9", True), ("127.0.0.1", False),
                                         ("169.254.169.254", False), ("::1", False), ("0.0.0.0", False)])  # noqa: S104
def test_a_listed_gateway_may_be_on_the_intranet_but_not_on_loopback_or_link_local(address, ok):
    target = webhooks.check_url("https://robot-gw.intra.cn/x", "dingtalk",
                                webhooks.parse_allowed_hosts("robot-gw.intra.cn"))
    if ok:
        assert webhooks.vetted_address(target, resolver(address)) == address
    else:
        with pytest.raises(webhooks.WebhookFailed):
            webhooks.vetted_address(target, resolver(address))


def test_a_listed_literal_address_is_trusted_as_written():
    listed = webhooks.parse_allowed_hosts("http://127.0.0.1:8080")
    target = webhooks.check_url("http://127.0.0.1:8080/robot", "wecom", listed)
    assert webhooks.vetted_address(target, resolver("127.0.0.1")) == "127.0.0.1"


def test_unresolvable_host_is_one_short_sentence():
    def fails(*args, **kwargs):
        raise socket.gaierror(-2, "Name or service not known")

    with pytest.raises(webhooks.WebhookFailed, match="无法解析"):
        webhooks.vetted_address(webhooks.check_url(DING, "dingtalk", []), fails)


class FakeConnection:
    """Stands in for the pinned HTTP(S) connection: records where it was opened and what was sent."""

    opened: list = []

    def __init__(self, status=200, body=b'{"errcode": 0}', error=None):
        self.status, self.body, self.error = status, body, error

    def __call__(self, target, address, timeout):
        self.opened.append((target.host, address, target.allowed.port))
        return self

    def request(self, method, path, body, headers):
        if self.error:
            raise self.error
        self.sent = (method, path, body)

    def getresponse(self):
        return SimpleNamespace(status=self.status, read=lambda n: self.body[:n])

    def close(self):
        pass


@pytest.fixture
def connection(monkeypatch):
    def install(**kwargs):
        fake = FakeConnection(**kwargs)
        FakeConnection.opened = []
        monkeypatch.setattr(webhooks, "open_connection", fake)
        monkeypatch.setattr(webhooks, "resolve", resolver(PUBLIC))
        return fake

    return install


def test_the_message_goes_to_the_address_that_was_checked(connection):
    fake = connection()
    assert webhooks.post_json(DING, "dingtalk", {"msgtype": "text"}, []) == {"errcode": 0}
    assert FakeConnection.opened == [("oapi.dingtalk.com", PUBLIC, 443)]
    assert fake.sent[:2] == ("POST", "/robot/send?access_token=abc")


@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_redirects_are_not_followed(connection, status):
    connection(status=status, body=b"")
    with pytest.raises(webhooks.WebhookFailed, match=f"重定向（HTTP {status}）"):
        webhooks.post_json(DING, "dingtalk", {}, [])
    assert len(FakeConnection.opened) == 1  # one request, nothing after it


@pytest.mark.parametrize("error", [ConnectionRefusedError(111, "Connection refused"), TimeoutError("timed out"),
                                   ConnectionResetError(104, "reset"), OSError(113, "No route to host")])
def test_network_failures_all_read_the_same(connection, error):
    """Refused and timed out must not tell an open port from a closed one."""
    connection(error=error)
    with pytest.raises(webhooks.WebhookFailed) as exc:
        webhooks.post_json(DING, "dingtalk", {}, [])
    assert str(exc.value) == "连接机器人服务器失败（网络不通、超时或证书无效）。"


@pytest.mark.parametrize("status, body, words", [(500, b"internal: db password wrong", "HTTP 500"),
                                                  (200, b"<html>not json</html>", "无法识别"),
                                                  (200, b"{" + b" " * (70 * 1024) + b"}", "过大")])
def test_what_the_far_end_answers_is_not_repeated(connection, status, body, words):
    connection(status=status, body=body)
    with pytest.raises(webhooks.WebhookFailed) as exc:
        webhooks.post_json(DING, "dingtalk", {}, [])
    assert words in str(exc.value) and "password" not in str(exc.value)


def test_robot_error_shows_its_code_and_our_words_not_its_message(connection):
    connection(body='{"errcode": 310000, "errmsg": "内部主机 10.0.0.5 不可达"}'.encode())
    channel = SimpleNamespace(kind="dingtalk", target=DING, secret=None)
    with pytest.raises(channels.DeliveryError) as exc:
        channels.send(channel, "s", "b", {})
    assert "310000" in str(exc.value) and "安全设置不符" in str(exc.value) and "10.0.0.5" not in str(exc.value)


def test_outbox_keeps_our_sentence_for_an_unexpected_failure(app, monkeypatch):
    channel = Channel(unit_id=None, kind="wecom", target="k1")
    db.session.add(channel)
    db.session.flush()
    enqueue([channel], "s", "b", "x1")
    db.session.commit()

    def broken(*args):
        raise KeyError("secret internal detail")

    monkeypatch.setattr(channels, "send", broken)
    deliver_outbox()
    msg = db.session.scalar(db.select(OutboxMessage))
    assert msg.last_error == "发送失败：内部错误（详见服务器日志）。"


def test_a_channel_to_an_internal_address_is_refused_when_added(app):
    admin = make_user("admin", "admin")
    for target in ("http://127.0.0.1:8080/robot", "https://2130706433/", "https://[::ffff:127.0.0.1]/x"):
        with pytest.raises(ChannelError, match="Webhook 地址只能指向"):
            create_channel(None, "dingtalk", target, None, admin)
    with pytest.raises(ChannelError):
        create_channel(None, "wecom", "http://localhost:9200/_search?key=1", None, admin)
    assert create_channel(None, "wecom", "a-bare-key", None, admin).target == "a-bare-key"


def test_the_channel_page_says_why_an_internal_target_is_refused(app, login):
    make_user("admin", "admin")
    db.session.commit()
    resp = login("admin").post("/admin/channels", data={"owner": 0, "kind": "dingtalk",
                                                        "target": "http://169.254.169.254/latest/meta-data"},
                               follow_redirects=True)
    assert resp.status_code == 200 and "Webhook 地址只能指向 https://oapi.dingtalk.com" in resp.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count(Channel.id))) == 0


@pytest.mark.parametrize("scheme", ["https", "http"])
def test_the_connection_dials_the_checked_address_not_the_name(monkeypatch, scheme):
    dialled = []

    def create_connection(address, timeout=None, *args):
        dialled.append(address)
        raise ConnectionRefusedError(111, "refused")

    monkeypatch.setattr(webhooks.socket, "create_connection", create_connection)
    target = webhooks.check_url(f"{scheme}://robot-gw.intra.cn:8443/x", "wecom",
                                webhooks.parse_allowed_hosts(f"{scheme}://robot-gw.intra.cn:8443"))
    with pytest.raises(OSError):
        webhooks.open_connection(target, "10.1.2.3", 5).connect()
    assert dialled == [("10.1.2.3", 8443)]
