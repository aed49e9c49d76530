"""Where a robot webhook may point, and the one way a message is posted to it.

A webhook URL is typed by the admin and then fetched by the server: left open, it lets anyone holding the admin
page make the server call its own network (127.0.0.1, the database, 169.254.169.254). So a target is accepted
only when its host is an allowed one — the official robot endpoints, plus the hosts an operator lists in
WEBHOOK_ALLOWED_HOSTS (an intranet gateway) — and the check is made again at every send, on the addresses the
name resolves to:

- official hosts: https on port 443 only; every resolved address must be global (no loopback, private,
  link-local, shared, reserved or multicast address, also not inside an IPv4-mapped / NAT64 / 6to4 address);
- listed hosts: the scheme and port as listed; a private (intranet) address is fine, loopback, link-local,
  unspecified and multicast are not — unless the entry is that IP address itself, written literally;
- the connection goes to the address that was checked (no second lookup to rebind), TLS verifies the name;
- redirects are not followed, the answer is read up to 64 KB, and the error kept in the outbox is our own short
  sentence — never what the far end answered, nor which of refused / timed out / reset happened.

Hosts are compared as names, after lower-casing and IDNA: 2130706433, 0x7f.1 or [::ffff:127.0.0.1] are simply
not an allowed host.
"""
import http.client
import ipaddress
import json
import logging
import socket
import ssl
import urllib.parse
from collections.abc import Callable, Iterable
from dataclasses import dataclass

log = logging.getLogger(__name__)
OFFICIAL_HOSTS = {"dingtalk": ("oapi.dingtalk.com",), "wecom": ("qyapi.weixin.qq.com",)}
TIMEOUT = 15
MAX_ANSWER = 64 * 1024
NAT64 = ipaddress.ip_network("64:ff9b::/96")

Resolver = Callable[..., list]
resolve: Resolver = socket.getaddrinfo  # tests replace it with a fake; no test touches the network


class UnsafeWebhook(ValueError):
    """The URL may not be used as a webhook; the message (Chinese) says why."""


class WebhookFailed(RuntimeError):
    """Posting failed; the message (Chinese, ours) is what the office sees in the outbox."""


@dataclass(frozen=True)
class Allowed:
    """One allowed host: the scheme and port it is reached on, and whether it stands for an intranet address."""

    host: str
    scheme: str = "https"
    port: int = 443
    listed: bool = False  # named by the operator (WEBHOOK_ALLOWED_HOSTS) rather than official


@dataclass(frozen=True)
class Target:
    allowed: Allowed
    path: str  # path and query, as sent in the request line

    @property
    def host(self) -> str:
        return self.allowed.host


def parse_allowed_hosts(setting: str) -> list[Allowed]:
    """WEBHOOK_ALLOWED_HOSTS: comma-separated `host`, `host:port` or `http://host:port` (https is the default).

    An entry that cannot be read is left out (and logged): it allows nothing.
    """
    allowed = []
    for entry in (e.strip() for e in (setting or "").split(",")):
        try:
            parts = urllib.parse.urlsplit(entry if "://" in entry else f"https://{entry}")
            port = parts.port or _default_port(parts.scheme)
        except ValueError:
            parts = None
        if parts is None or parts.scheme not in ("http", "https") or not parts.hostname or parts.username \
                or parts.path not in ("", "/") or parts.query:
            if entry:
                log.warning("WEBHOOK_ALLOWED_HOSTS: ignoring %r (expected host, host:port or http://host:port)", entry)
            continue
        allowed.append(Allowed(_normal_host(parts.hostname), parts.scheme, port, listed=True))
    return allowed


def allowed_for(kind: str, listed: Iterable[Allowed]) -> list[Allowed]:
    return [Allowed(h) for h in OFFICIAL_HOSTS.get(kind, ())] + list(listed)


def check_url(url: str, kind: str, listed: Iterable[Allowed]) -> Target:
    """The target a webhook URL names, if it is allowed for this kind of robot; else UnsafeWebhook."""
    if any(ch in url for ch in "\\\r\n\t ") or not url.isprintable():
        raise UnsafeWebhook("Webhook 地址含有空白、反斜杠或控制字符。")
    try:
        parts = urllib.parse.urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise UnsafeWebhook("Webhook 地址无法识别。") from exc
    if parts.username is not None or parts.password is not None:
        raise UnsafeWebhook("Webhook 地址不能包含用户名或密码（@）。")
    host = _normal_host(parts.hostname or "")
    options = allowed_for(kind, listed)
    for allowed in options:
        if allowed.host == host and allowed.scheme == parts.scheme and (port or _default_port(parts.scheme)) == \
                allowed.port:
            path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            return Target(allowed, path)
    hosts = "、".join(f"{a.scheme}://{a.host}" + (f":{a.port}" if a.port != _default_port(a.scheme) else "")
                     for a in options)
    raise UnsafeWebhook(f"Webhook 地址只能指向 {hosts}（其他内网网关须由管理员在 WEBHOOK_ALLOWED_HOSTS 中登记）。")


def _default_port(scheme: str) -> int:
    return 443 if scheme == "https" else 80


def _normal_host(host: str) -> str:
    host = host.lower().rstrip(".")
    try:
        return host.encode("idna").decode("ascii") if not host.isascii() else host
    except UnicodeError:
        return host


def vetted_address(target: Target, resolver: Resolver | None = None) -> str:
    """One address of the target's host that may be connected to; every address the name has must pass."""
    allowed = target.allowed
    literal = _literal(allowed.host)
    try:
        infos = (resolver or resolve)(allowed.host, allowed.port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise WebhookFailed("无法解析机器人服务器的域名。") from exc
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if not addresses:
        raise WebhookFailed("无法解析机器人服务器的域名。")
    for text in addresses:
        ip = ipaddress.ip_address(text.split("%", 1)[0])
        if literal is not None and ip == literal:
            continue  # the operator listed this very address
        if not _permitted(ip, intranet=allowed.listed):
            raise WebhookFailed("机器人服务器的域名解析到了内网、本机或保留地址，出于安全原因不予连接。")
    return addresses[0]


def _literal(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


def _embedded(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one carries (IPv4-mapped, NAT64, 6to4, Teredo), if any."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip in NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    return None


def _permitted(ip, *, intranet: bool) -> bool:
    inner = _embedded(ip) if isinstance(ip, ipaddress.IPv6Address) else None
    if inner is not None and not _permitted(inner, intranet=intranet):
        return False
    if ip.is_loopback or ip.is_link_local or ip.is_unspecified or ip.is_multicast or ip.is_reserved:
        return False
    return intranet or ip.is_global


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS to an address checked beforehand, verifying the certificate for the host name."""

    def __init__(self, host: str, address: str, port: int, timeout: float):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host: str, address: str, port: int, timeout: float):
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


def open_connection(target: Target, address: str, timeout: float) -> http.client.HTTPConnection:
    cls = _PinnedHTTPSConnection if target.allowed.scheme == "https" else _PinnedHTTPConnection
    return cls(target.host, address, target.allowed.port, timeout)


def post_json(url: str, kind: str, payload: dict, listed: Iterable[Allowed], *,
              resolver: Resolver | None = None, timeout: float = TIMEOUT) -> dict:
    """POST `payload` to an allowed webhook and return its JSON answer; WebhookFailed / UnsafeWebhook else."""
    target = check_url(url, kind, listed)
    address = vetted_address(target, resolver)
    body = json.dumps(payload, ensure_ascii=False).encode()
    conn = open_connection(target, address, timeout)
    try:
        conn.request("POST", target.path, body, {"Content-Type": "application/json; charset=utf-8"})
        response = conn.getresponse()
        status = response.status
        answer = response.read(MAX_ANSWER + 1)
    except (OSError, http.client.HTTPException) as exc:  # refused, timed out, reset, TLS: one sentence for all
        raise WebhookFailed("连接机器人服务器失败（网络不通、超时或证书无效）。") from exc
    finally:
        conn.close()
    return _answer(status, answer)


def _answer(status: int, answer: bytes) -> dict:
    if 300 <= status < 400:
        raise WebhookFailed(f"机器人服务器返回重定向（HTTP {status}），出于安全原因不跟随。")
    if status != 200:
        raise WebhookFailed(f"机器人服务器返回 HTTP {status}。")
    if len(answer) > MAX_ANSWER:
        raise WebhookFailed("机器人服务器的应答过大。")
    try:
        reply = json.loads(answer.decode() or "{}")
    except (UnicodeDecodeError, ValueError) as exc:
        raise WebhookFailed("机器人服务器的应答无法识别。") from exc
    if not isinstance(reply, dict):
        raise WebhookFailed("机器人服务器的应答无法识别。")
    return reply
