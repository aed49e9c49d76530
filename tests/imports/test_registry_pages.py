"""The registry import screen: upload → preview with every clash → the office settles them → confirm."""
import io
import os
import time
from pathlib import Path

from sqlalchemy import func, select

from tests.factories import make_unit, make_user
from tests.imports.conftest import xlsx
from tracker.extensions import db
from tracker.units.models import Unit
from tracker.units.services import find_unit

HEADER = ["单位名称", "简称", "别名", "分组"]
CLASHING = [HEADER, ["区税务局", "税务", None, None], ["区教体局", "消防", None, None],
            ["区民政局", None, "区自然资源局", None], ["消防救援大队", None, None, None]]


def _upload(client, rows):
    resp = client.post("/units/import", data={"file": (io.BytesIO(xlsx(rows, title="责任单位")), "u.xlsx")},
                       content_type="multipart/form-data")
    assert resp.status_code == 302
    return resp.headers["Location"]


def _setup(app):
    make_user("office", "office")
    make_unit("区消防救援大队", "消防")
    make_unit("区自然资源局", "自然资源")
    db.session.commit()


def test_preview_lists_every_clash_with_its_cell_and_disables_confirm(app, login):
    _setup(app)
    client = login("office")
    html = client.get(_upload(client, CLASHING)).get_data(as_text=True)
    assert html.count("data-clash-row=") == 2 and "B3" in html and "C4" in html
    assert 'data-testid="confirm-registry" disabled' in html
    assert "消防救援大队" in html and "作为其别名" in html  # the near-duplicate proposal


def test_confirm_with_clashes_writes_nothing(app, login):
    _setup(app)
    client = login("office")
    url = _upload(client, CLASHING)
    client.post(url + "/confirm")
    assert find_unit("区税务局") is None and db.session.scalar(select(func.count(Unit.id))) == 2


def test_office_settles_the_clashes_in_the_page_then_confirms(app, login):
    _setup(app)
    client = login("office")
    url = _upload(client, CLASHING)
    settled = client.get(url, query_string={"fix_0_0": "drop-short:3", "fix_1_0": "drop-alias:4:区自然资源局"})
    html = settled.get_data(as_text=True)
    assert "data-clash-row=" not in html and 'name="fix" value="drop-short:3"' in html
    resp = client.post(url + "/confirm", data={"fix": ["drop-short:3", "drop-alias:4:区自然资源局"]})
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/units")
    assert find_unit("区教体局").short_name is None and find_unit("区民政局").aliases == []
    assert find_unit("消防救援大队") is None  # became an alias of 区消防救援大队
    assert client.get(url).status_code == 404  # the staged file is gone


def test_authoritative_box_is_carried_to_the_confirmation(app, login):
    make_user("office", "office")
    make_unit("示范镇", group="镇办")
    make_unit("老城街道办", group="镇办")
    db.session.commit()
    client = login("office")
    url = _upload(client, [HEADER, ["老城街道办", None, None, "镇办"]])
    html = client.get(url, query_string={"authoritative": "1"}).get_data(as_text=True)
    assert 'data-group="镇办"' in html and 'name="authoritative" value="1"' in html
    client.post(url + "/confirm", data={"authoritative": "1"})
    assert find_unit("示范镇").group_name is None and find_unit("老城街道办").group_name == "镇办"


def test_unreadable_registry_upload_says_why(app, login):
    make_user("office", "office")
    db.session.commit()
    client = login("office")
    resp = client.post("/units/import", data={"file": (io.BytesIO(b"nope"), "u.xlsx")},
                       content_type="multipart/form-data", follow_redirects=True)
    assert "无法读取单位名册" in resp.get_data(as_text=True)


def test_discard_leaves_the_registry_untouched(app, login):
    _setup(app)
    client = login("office")
    url = _upload(client, [HEADER, ["区税务局", None, None, None]])
    assert client.post(url + "/discard").status_code == 302
    assert find_unit("区税务局") is None and client.get(url).status_code == 404


def test_the_registry_upload_is_parsed_once_not_on_every_preview(app, login, monkeypatch):
    _setup(app)
    client = login("office")
    url = _upload(client, [HEADER, ["区税务局", None, None, None]])
    parses = []
    monkeypatch.setattr("tracker.imports.registry_routes.read_registry", lambda *a, **k: parses.append(a))
    assert client.get(url).status_code == 200 and client.get(url).status_code == 200
    assert client.post(url + "/confirm").status_code == 302
    assert parses == [] and find_unit("区税务局") is not None


def test_a_staged_registry_expires(app, login):
    _setup(app)
    client = login("office")
    url = _upload(client, [HEADER, ["区税务局", None, None, None]])
    (staged,) = Path(app.instance_path, "imports").glob(f"registry-*-{url.rsplit('/', 1)[1]}.json")
    old = time.time() - app.config["IMPORT_STAGE_HOURS"] * 3600 - 60
    os.utime(staged, (old, old))
    assert client.get(url).status_code == 404 and not staged.exists()
