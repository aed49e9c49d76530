"""A live server in a thread and Debian's chromium driven by playwright. Missing browser = failure, not skip."""
import os
import threading

import pytest
from werkzeug.serving import make_server

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"chromium not found at {CHROMIUM}: run scripts/ensure-browser.sh")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def live_server(app):
    app.config["WTF_CSRF_ENABLED"] = True  # the browser goes through the real forms
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(5)
    app.config["WTF_CSRF_ENABLED"] = False


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    pg = context.new_page()
    pg.set_default_timeout(10000)
    pg.base = live_server
    yield pg
    context.close()


def login_as(page, username, password="ledger-pass-2022"):
    page.goto(page.base + "/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    # wait for the landing page to load, so its script has bound the autosubmit selects before a test uses them
    with page.expect_navigation():
        page.click("button[type=submit]")
