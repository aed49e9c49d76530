"""Sending one message through one channel: email (SMTP), DingTalk custom robot, WeCom group robot.

Each sender raises `DeliveryError` (or any exception) on failure; the outbox records it and retries later.
"""
import base64
import hashlib
import hmac
import json
import smtplib
import ssl
import time
import urllib.parse
import urllib.request
from email.message import EmailMessage

WECOM_URL = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key="
TIMEOUT = 15
# messages per minute and channel; the robots allow about 20
RATE_LIMITS = {"dingtalk": 20, "wecom": 20, "email": 60}


class DeliveryError(RuntimeError):
    """The channel refused the message; the text is shown to the office."""


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """DingTalk's signature: base64(HMAC-SHA256(secret, f"{timestamp}\\n{secret}")), URL-encoded."""
    digest = hmac.new(secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256).digest()
    return urllib.parse.quote_plus(base64.b64encode(digest).decode())


def dingtalk_url(webhook: str, secret: str | None, now_ms: int | None = None) -> str:
    if not secret:
        return webhook
    ts = now_ms if now_ms is not None else int(time.time() * 1000)
    sep = "&" if "?" in webhook else "?"
    return f"{webhook}{sep}timestamp={ts}&sign={dingtalk_sign(secret, ts)}"


def wecom_url(target: str) -> str:
    """A bare key becomes the official webhook; a full URL is used as is (e.g. a proxy)."""
    return target if "://" in target else WECOM_URL + urllib.parse.quote(target)


def _post_json(url: str, payload: dict) -> dict:
    if not url.startswith(("https://", "http://")):
        raise DeliveryError("Webhook 地址须以 http:// 或 https:// 开头")
    data = json.dumps(payload, ensure_ascii=False).encode()
    headers = {"Content-Type": "application/json; charset=utf-8"}
    req = urllib.request.Request(url, data=data, headers=headers)  # noqa: S310 (scheme checked above)
    with urllib.request.urlopen(req, timeout=TIMEOUT) as resp:  # noqa: S310
        return json.loads(resp.read().decode() or "{}")


def _check_robot_reply(reply: dict) -> None:
    if reply.get("errcode", 0) != 0:
        raise DeliveryError(f"机器人返回错误 {reply.get('errcode')}：{reply.get('errmsg', '')}")


def send_dingtalk(channel, subject: str, body: str) -> None:
    payload = {"msgtype": "markdown", "markdown": {"title": subject, "text": f"### {subject}\n\n{body}"}}
    _check_robot_reply(_post_json(dingtalk_url(channel.target, channel.secret), payload))


def send_wecom(channel, subject: str, body: str) -> None:
    payload = {"msgtype": "markdown", "markdown": {"content": f"**{subject}**\n{body}"}}
    _check_robot_reply(_post_json(wecom_url(channel.target), payload))


def send_email(channel, subject: str, body: str, config) -> None:
    """SMTP with SSL, STARTTLS or neither (SMTP_SECURITY), logging in when SMTP_USER is set."""
    if not config.get("SMTP_HOST"):
        raise DeliveryError("未配置邮件服务器（SMTP_HOST）")
    msg = EmailMessage()
    msg["Subject"], msg["From"] = subject, config["SMTP_FROM"]
    msg["To"] = ", ".join(a.strip() for a in channel.target.replace("；", ",").replace(";", ",").split(",")
                          if a.strip())
    msg.set_content(body)
    with _smtp(config) as smtp:
        if config.get("SMTP_USER"):
            smtp.login(config["SMTP_USER"], config.get("SMTP_PASSWORD", ""))
        smtp.send_message(msg)


def _smtp(config) -> smtplib.SMTP:
    host, port, security = config["SMTP_HOST"], int(config["SMTP_PORT"]), config.get("SMTP_SECURITY", "ssl")
    context = ssl.create_default_context()
    if security == "ssl":
        return smtplib.SMTP_SSL(host, port, timeout=TIMEOUT, context=context)
    smtp = smtplib.SMTP(host, port, timeout=TIMEOUT)
    if security == "starttls":
        smtp.starttls(context=context)
    return smtp


def send(channel, subject: str, body: str, config) -> None:
    """Deliver through the channel's kind, or raise."""
    if channel.kind == "email":
        send_email(channel, subject, body, config)
    elif channel.kind == "dingtalk":
        send_dingtalk(channel, subject, body)
    elif channel.kind == "wecom":
        send_wecom(channel, subject, body)
    else:
        raise DeliveryError(f"未知渠道类型：{channel.kind}")
