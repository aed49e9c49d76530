"""Local stand-ins for the outside sched: a tiny SMTP server and an HTTP server playing the robots.

The robot server checks DingTalk's signature (timestamp + HMAC-SHA256 of the secret) like DingTalk does.
"""
import base64
import hashlib
import hmac
import json
import socketserver
import threading
from email import message_from_bytes
from email.policy import default
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse


class _SMTPHandler(socketserver.StreamRequestHandler):
    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self) -> None:
        self.reply("220 localhost fake ESMTP")
        while line := self.rfile.readline():
            verb = line.decode().strip().split(" ", 1)[0].upper()
            if verb == "QUIT":
                self.reply("221 bye")
                return
            self.command(verb, line.decode().strip())

    def command(self, verb: str, line: str) -> None:
        server = self.server
        if verb == "EHLO":
            self.reply("250-localhost")
            self.reply("250 AUTH PLAIN")
        elif verb == "AUTH":
            user, password = base64.b64decode(line.split()[-1]).split(b"\0")[1:]
            server.logins.append((user.decode(), password.decode()))
            self.reply("235 ok")
        elif verb == "MAIL" and server.reject:
            self.reply("554 5.7.1 rejected by policy")
        elif verb == "DATA":
            self.reply("354 go ahead")
            self.read_data()
        else:
            self.reply("250 ok")

    def read_data(self) -> None:
        lines = []
        while (line := self.rfile.readline()) not in (b".\r\n", b""):
            lines.append(line[1:] if line.startswith(b"..") else line)
        self.server.messages.append(message_from_bytes(b"".join(lines), policy=default))
        self.reply("250 queued")


class FakeSMTP(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _SMTPHandler)
        self.messages, self.logins, self.reject = [], [], False
        self.port = self.server_address[1]


class _RobotHandler(BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep test output quiet
        pass

    def do_POST(self) -> None:  # noqa: N802 (http.server's name)
        url = urlparse(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        payload = json.loads(self.rfile.read(int(self.headers["Content-Length"])).decode())
        self.server.requests.append({"path": url.path, "query": query, "payload": payload})
        reply = self.server.answer(url.path, query)
        body = json.dumps(reply).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def expected_sign(secret: str, timestamp: str) -> str:
    return base64.b64encode(hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()).decode()


class FakeRobots(ThreadingHTTPServer):
    """POST /dingtalk?access_token=…&timestamp=…&sign=… and /wecom?key=…; `secret` is DingTalk's."""

    daemon_threads = True

    def __init__(self, secret: str = "SEC-test"):
        super().__init__(("127.0.0.1", 0), _RobotHandler)
        self.secret, self.requests, self.fail = secret, [], False
        self.url = f"http://127.0.0.1:{self.server_address[1]}"

    def answer(self, path: str, query: dict) -> dict:
        if self.fail:
            return {"errcode": 45009, "errmsg": "api freq out of limit"}
        if path == "/dingtalk" and query.get("sign") != expected_sign(self.secret, query.get("timestamp", "")):
            return {"errcode": 310000, "errmsg": "sign not match"}
        return {"errcode": 0, "errmsg": "ok"}


def serve(server):
    """Start a server in a daemon thread; returns a function that stops it."""
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()

    def stop():
        server.shutdown()
        server.server_close()
        thread.join(5)

    return stop
