"""Senders: the DingTalk signature, the WeCom key, and which SMTP security is used."""
from types import SimpleNamespace
from urllib.parse import parse_qs, urlparse

import pytest

from tests.scheduler.fakes import expected_sign
from tracker.notifications import channels


def test_dingtalk_url_carries_timestamp_and_signature():
    url = channels.dingtalk_url("https://oapi.dingtalk.com/robot/send?access_token=abc", "SECxyz", 1656115200000)
    query = {k: v[0] for k, v in parse_qs(urlparse(url).query).items()}
    assert query["access_token"] == "abc" and query["timestamp"] == "1656115200000"
    assert query["sign"] == expected_sign("SECxyz", "1656115200000")
    assert channels.dingtalk_url("https://x/send?access_token=abc", None) == "https://x/send?access_token=abc"


def test_wecom_key_becomes_the_official_webhook():
    assert channels.wecom_url("abc-123") == "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc-123"
    assert channels.wecom_url("https://proxy.local/send?key=1") == "https://proxy.local/send?key=1"


class _FakeSMTP:
    calls: list = []

    def __init__(self, host, port, timeout=None, context=None):
        self.calls.append(("connect", type(self).__name__, host, port))

    def starttls(self, context=None):
        self.calls.append(("starttls",))

    def login(self, user, password):
        self.calls.append(("login", user))

    def send_message(self, msg):
        self.calls.append(("send", msg["To"]))

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


class SMTP_SSL(_FakeSMTP):  # noqa: N801 (stands in for smtplib's name)
    pass


class SMTP(_FakeSMTP):
    pass


@pytest.mark.parametrize(("security", "expected"), [
    ("ssl", [("connect", "SMTP_SSL", "mail.example.cn", 465)]),
    ("starttls", [("connect", "SMTP", "mail.example.cn", 465), ("starttls",)]),
    ("none", [("connect", "SMTP", "mail.example.cn", 465)]),
])
def test_smtp_security_modes(monkeypatch, security, expected):
    monkeypatch.setattr(channels.smtplib, "SMTP_SSL", SMTP_SSL)
    monkeypatch.setattr(channels.smtplib, "SMTP", SMTP)
    _FakeSMTP.calls = []
    config = {"SMTP_HOST": "mail.example.cn", "SMTP_PORT": 465, "SMTP_SECURITY": security, "SMTP_USER": "u",
              "SMTP_PASSWORD": "p", "SMTP_FROM": "t@example.cn"}
    channels.send(SimpleNamespace(kind="email", target="a@example.cn"), "主题", "正文", config)
    assert _FakeSMTP.calls == [*expected, ("login", "u"), ("send", "a@example.cn")]


def test_email_without_smtp_host_is_a_delivery_error():
    with pytest.raises(channels.DeliveryError, match="SMTP_HOST"):
        channels.send(SimpleNamespace(kind="email", target="a@example.cn"), "s", "b", {"SMTP_HOST": ""})
