"""Unit and leader users get 403 on every office route of the review, supervision, dashboard and task pages."""
import pytest

from tests.factories import basic_world
from tracker import create_app

BLUEPRINTS = ("review", "supervision", "dashboard", "tasks")
# what each non-office role may use; every other endpoint of these blueprints is the office's
ALLOWED = {
    "leader": {"dashboard.index", "tasks.index", "tasks.detail", "supervision.circulars", "supervision.circular",
               "supervision.circular_xlsx", "supervision.instructions", "supervision.instruct"},
    "unit": {"supervision.circulars", "supervision.circular", "supervision.circular_xlsx",
             "supervision.instructions"},
}


def _routes():
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x"})
    out = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint.split(".")[0] in BLUEPRINTS:
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                out.append((rule.endpoint, rule.rule, method))
    return out


ROUTES = _routes()


def _url(rule: str) -> str:
    return (rule.replace("<int:assignment_id>", "1").replace("<int:task_id>", "1").replace("<int:circular_id>", "1")
            .replace("<any(approve, return):decision>", "approve"))


def test_the_matrix_covers_every_office_page():
    endpoints = {e for e, _, _ in ROUTES}
    assert {"review.queue", "review.detail", "review.scores", "supervision.chase_list", "supervision.circulars",
            "supervision.inspections", "dashboard.index", "tasks.index", "tasks.edit"} <= endpoints


@pytest.mark.parametrize("username,role", [("wj", "unit"), ("leader", "leader")])
@pytest.mark.parametrize("endpoint,rule,method", ROUTES, ids=[f"{m} {r}" for _, r, m in ROUTES])
def test_role_matrix(client, login, username, role, endpoint, rule, method):
    basic_world()
    login(username)
    resp = client.open(_url(rule), method=method, data={})
    if endpoint in ALLOWED[role]:
        assert resp.status_code != 403
    else:
        assert resp.status_code == 403, f"{role} reached {method} {rule}"


def test_office_reaches_its_pages(client, login):
    tid = basic_world().tasks[0].id
    login("office")
    for url in ("/review", "/review/scores", "/supervision/chase", "/circulars", "/circulars/new", "/inspections",
                "/dashboard", "/tasks", f"/tasks/{tid}", f"/tasks/{tid}/edit", "/instructions"):
        assert client.get(url).status_code == 200, url
