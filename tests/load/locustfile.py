"""The users of `make load`: units updating progress and uploading small files, the office reviewing and
chasing, leaders on the dashboard. Run by tests/load/run.py (locust, headless) against gunicorn.

A 409 (someone else saved first) or a 400 (the assignment is under review) is an answer, not an error; a 5xx or
a dropped connection is. Every progress note the server acknowledged is written to LOAD_ACKED_FILE at the end,
so that the runner can check none was lost.
"""
import itertools
import json
import os
import random
import re
import uuid

from locust import HttpUser, between, events, task

PASSWORD = "bench12345"
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
VERSION = re.compile(r'name="version"[^>]*value="(\d+)"')
SEEN = re.compile(r'name="seen"[^>]*value="(\d+)"')
ASSIGNMENT = re.compile(r'data-assignment="(\d+)"')
REVIEW = re.compile(r'href="/review/(\d+)"')
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
ANSWERS = (200, 302, 400, 409)  # 400: not editable now, 409: changed meanwhile

UNITS = itertools.count()
ACKED: list[tuple[int, str]] = []  # (assignment id, note text) the server said it saved
ERRORS: list[str] = []


@events.request.add_listener
def _count_errors(request_type, name, response, exception, **kwargs):
    if exception is not None or (response is not None and response.status_code >= 500):
        ERRORS.append(f"{request_type} {name}: {exception or response.status_code}")


@events.test_stop.add_listener
def _write_results(environment, **kwargs):
    path = os.environ.get("LOAD_ACKED_FILE")
    if path:
        with open(path, "w") as f:
            json.dump({"acked": ACKED, "errors": ERRORS}, f)


class Visitor(HttpUser):
    abstract = True
    wait_time = between(0.5, 2.0)

    def login(self, username: str) -> None:
        token = CSRF.search(self.client.get("/login", name="/login").text).group(1)
        self.client.post("/login", data={"csrf_token": token, "username": username, "password": PASSWORD},
                         name="/login [post]", allow_redirects=False)

    def fetch(self, path: str, name: str | None = None):
        return self.client.get(path, name=name or path)

    def post(self, path: str, name: str, **kwargs):
        with self.client.post(path, name=name, allow_redirects=False, catch_response=True, **kwargs) as resp:
            if resp.status_code in ANSWERS:
                resp.success()
            return resp


class UnitLiaison(Visitor):
    weight = 6

    def on_start(self):
        self.login(f"u{next(UNITS) % 100:03d}")
        self.mine = [int(i) for i in ASSIGNMENT.findall(self.fetch("/my").text)] or [0]

    @task(3)
    def my_list(self):
        self.fetch("/my")

    @task(3)
    def assignment(self):
        self.fetch(f"/assignments/{random.choice(self.mine)}", "/assignments/[id]")

    @task(2)
    def progress(self):
        aid = random.choice(self.mine)
        page = self.fetch(f"/assignments/{aid}", "/assignments/[id]").text
        version, seen, token = VERSION.search(page), SEEN.search(page), CSRF.search(page)
        if not (version and token):
            return
        text = f"进展 {uuid.uuid4().hex[:12]}"
        resp = self.post(f"/assignments/{aid}/progress", "/assignments/[id]/progress",
                         data={"csrf_token": token.group(1), "version": version.group(1),
                               "seen": seen.group(1) if seen else "0", "progress": text})
        if resp.status_code == 302:
            ACKED.append((aid, text))

    @task(1)
    def upload(self):
        aid = random.choice(self.mine)
        token = CSRF.search(self.fetch(f"/assignments/{aid}", "/assignments/[id]").text)
        if token:
            self.post(f"/assignments/{aid}/evidence", "/assignments/[id]/evidence",
                      headers={"X-Requested-With": "XMLHttpRequest"},
                      data={"csrf_token": token.group(1), "document_date": "2022-05-01", "title": "佐证"},
                      files={"files": (f"{uuid.uuid4().hex[:8]}.pdf", PDF + f"%{uuid.uuid4()}\n".encode(),
                                       "application/pdf")})  # a new file each time (the same one is refused)


class Office(Visitor):
    weight = 2

    def on_start(self):
        self.login("office")

    @task(3)
    def queue(self):
        self.fetch("/review")

    @task(2)
    def landing(self):
        self.fetch("/")

    @task(2)
    def review(self):
        found = REVIEW.findall(self.fetch("/review").text)
        if not found:
            return
        aid = random.choice(found)
        page = self.fetch(f"/review/{aid}", "/review/[id]").text
        version, token = VERSION.search(page), CSRF.search(page)
        if version and token:
            self.post(f"/review/{aid}/approve", "/review/[id]/approve",
                      data={"csrf_token": token.group(1), "version": version.group(1)})

    @task(1)
    def chase_list(self):
        self.fetch("/supervision/chase")


class Leader(Visitor):
    weight = 2

    def on_start(self):
        self.login("leader")

    @task(3)
    def dashboard(self):
        self.fetch("/dashboard")

    @task(1)
    def task_list(self):  # not `tasks`: locust's own attribute
        self.fetch("/tasks")

    @task(1)
    def landing(self):
        self.fetch("/")
