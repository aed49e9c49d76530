"""Sending one message through one channel: email (SMTP), DingTalk custom robot, WeCom group robot.

Each sender raises `DeliveryError` with our own short Chinese sentence on failure (what the far end said goes
to the log, not to the page); the outbox records it and retries later. Robots are posted to through
notifications/webhooks.py only: allowed hosts, checked addresses, no redirects.
"""
import base64
import hashlib
import hmac
import logging
import smtplib
import ssl
import time
import urllib.parse
from email.message import EmailMessage

from tracker.notifications import webhooks

log = logging.getLogger(__name__)

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
    """A bare key becomes the official webhook; a full URL is used as is (a gateway listed in
    WEBHOOK_ALLOWED_HOSTS, say — webhooks.check_url decides)."""
    return target if "://" in target else WECOM_URL + urllib.parse.quote(target)


# what the robots' own error codes mean, in the office's words (anything else: the bare code)
ROBOT_ERRORS = {
    300001: "access_token 无效，请检查 Webhook 地址", 310000: "安全设置不符（加签密钥、关键词或 IP 白名单）",
    400013: "群已解散", 410100: "发送太频繁，已被限流", 130101: "发送太频繁，已被限流",
    93000: "Webhook 地址（key）无效", 45009: "发送太频繁，已被限流", 40008: "消息类型不被接受",
}


def _post_robot(url: str, kind: str, payload: dict, config) -> None:
    listed = webhooks.parse_allowed_hosts(config.get("WEBHOOK_ALLOWED_HOSTS", ""))
    try:
        reply = webhooks.post_json(url, kind, payload, listed)
    except (webhooks.UnsafeWebhook, webhooks.WebhookFailed) as exc:
        raise DeliveryError(str(exc)) from exc
    code = reply.get("errcode", 0)
    if code != 0:
        log.warning("%s robot answered errcode %r: %.200s", kind, code, reply.get("errmsg"))
        known = ROBOT_ERRORS.get(code) if isinstance(code, int) else None
        raise DeliveryError(f"机器人拒收（错误码 {str(code)[:12]}）" + (f"：{known}" if known else "。"))


def send_dingtalk(channel, subject: str, body: str, config) -> None:
    payload = {"msgtype": "markdown", "markdown": {"title": subject, "text": f"### {subject}\n\n{body}"}}
    _post_robot(dingtalk_url(channel.target, channel.secret), "dingtalk", payload, config)


def send_wecom(channel, subject: str, body: str, config) -> None:
    payload = {"msgtype": "markdown", "markdown": {"content": f"**{subject}**\n{body}"}}
    _post_robot(wecom_url(channel.target), "wecom", payload, config)


def send_email(channel, subject: str, body: str, config) -> None:
    """SMTP with SSL, STARTTLS or neither (SMTP_SECURITY), logging in when SMTP_USER is set."""
    if not config.get("SMTP_HOST"):
        raise DeliveryError("未配置邮件服务器（SMTP_HOST）")
    msg = EmailMessage()
    msg["Subject"], msg["From"] = subject, config["SMTP_FROM"]
    msg["To"] = ", ".join(a.strip() for a in channel.target.replace("；", ",").replace(";", ",").split(",")
                          if a.strip())
    msg.set_content(body)
    try:
        with _smtp(config) as smtp:
            if config.get("SMTP_USER"):
                smtp.login(config["SMTP_USER"], config.get("SMTP_PASSWORD", ""))
            smtp.send_message(msg)
    except smtplib.SMTPAuthenticationError as exc:
        raise DeliveryError("邮件服务器拒绝登录（请检查 SMTP_USER / SMTP_PASSWORD）。") from exc
    except smtplib.SMTPRecipientsRefused as exc:
        raise DeliveryError("邮件服务器拒收收件地址。") from exc
    except smtplib.SMTPResponseException as exc:
        log.warning("SMTP answered %s: %.200r", exc.smtp_code, exc.smtp_error)
        raise DeliveryError(f"邮件服务器拒绝发送（SMTP {exc.smtp_code}）。") from exc
    except (smtplib.SMTPException, OSError) as exc:  # refused, timed out, TLS: one sentence for all
        raise DeliveryError("连接邮件服务器失败（网络不通、超时或证书无效）。") from exc


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
        send_dingtalk(channel, subject, body, config)
    elif channel.kind == "wecom":
        send_wecom(channel, subject, body, config)
    else:
        raise DeliveryError(f"未知渠道类型：{channel.kind}")
