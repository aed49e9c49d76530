"""Unit and leader users get the exact expected answer on every route of the review, supervision, dashboard and
task pages: 403 on the office's, the page itself on what their role may use."""
from datetime import date

import pytest
from flask import url_for

from tests.factories import basic_world
from tracker import create_app
from tracker.extensions import db
from tracker.supervision.circulars import issue_circular

BLUEPRINTS = ("review", "supervision", "dashboard", "tasks")
# what each non-office role may use and what it gets: the page (200), or — for a form posted empty — the page it
# came from with the reason (302); every other (endpoint, method) of these blueprints is the office's: 403
ALLOWED = {
    "leader": {
        ("dashboard.index", "GET"): 200, ("tasks.index", "GET"): 200, ("tasks.detail", "GET"): 200,
        ("supervision.circulars", "GET"): 200, ("supervision.circular", "GET"): 200,
        ("supervision.circular_xlsx", "GET"): 200, ("supervision.circular_docx", "GET"): 200,
        ("supervision.instructions", "GET"): 200,
        ("supervision.instruct", "POST"): 302,
    },
    "unit": {
        ("supervision.circulars", "GET"): 200, ("supervision.circular", "GET"): 200,
        ("supervision.circular_xlsx", "GET"): 200, ("supervision.circular_docx", "GET"): 200,
        ("supervision.instructions", "GET"): 200,
    },
}
REDIRECTS = {("supervision.instruct", "POST"): "/instructions"}


def _routes():
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x"})
    out = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint.split(".")[0] in BLUEPRINTS:
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                out.append((rule.endpoint, rule.rule, method))
    return out


ROUTES = _routes()


@pytest.fixture
def ids(app) -> dict:
    """URL arguments naming real objects of the basic world (ids differ between databases)."""
    world = basic_world()
    circular = issue_circular(world.campaign, date(2022, 5, 10), "请加快推进。", world.users["office"])
    db.session.commit()
    return {"task_id": world.tasks[0].id, "assignment_id": world.assignment(0, "wj").id,
            "circular_id": circular.id, "decision": "approve", "request_id": 1}


def test_the_matrix_covers_every_office_page():
    endpoints = {e for e, _, _ in ROUTES}
    assert {"review.queue", "review.detail", "review.scores", "supervision.chase_list", "supervision.circulars",
            "supervision.inspections", "dashboard.index", "tasks.index", "tasks.edit"} <= endpoints


def test_every_allowed_entry_names_a_route():
    routes = {(e, m) for e, _, m in ROUTES}
    assert all(set(allowed) <= routes for allowed in ALLOWED.values())


@pytest.mark.parametrize("username,role", [("wj", "unit"), ("leader", "leader")])
@pytest.mark.parametrize("endpoint,rule,method", ROUTES, ids=[f"{m} {r}" for _, r, m in ROUTES])
def test_role_matrix(app, client, login, ids, username, role, endpoint, rule, method):
    login(username)
    arguments = next(r for r in app.url_map.iter_rules(endpoint) if r.rule == rule).arguments
    with app.test_request_context():
        url = url_for(endpoint, **{k: ids[k] for k in arguments})
    resp = client.open(url, method=method, data={})
    expected = ALLOWED[role].get((endpoint, method), 403)
    assert resp.status_code == expected, f"{role} {method} {url}: {resp.status_code}, expected {expected}"
    if expected == 302:
        assert resp.headers["Location"] == REDIRECTS[endpoint, method]


def test_office_reaches_its_pages(client, login):
    tid = basic_world().tasks[0].id
    login("office")
    for url in ("/review", "/review/scores", "/supervision/chase", "/circulars", "/circulars/new", "/inspections",
                "/dashboard", "/tasks", f"/tasks/{tid}", f"/tasks/{tid}/edit", "/instructions"):
        assert client.get(url).status_code == 200, url
