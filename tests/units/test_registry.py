"""The unit registry: `tracker units import|alias`, the office page, pinyin order, the template."""
import io

from openpyxl import load_workbook
from sqlalchemy import select

from tests.factories import make_unit, make_user
from tests.imports.conftest import xlsx
from tracker.extensions import db
from tracker.units.models import Unit, UnitAlias
from tracker.units.services import find_unit

REG_HEADER = ["单位名称", "简称", "别名", "分组"]


def _registry(tmp_path, rows, title="责任单位"):
    path = tmp_path / "units.xlsx"
    path.write_bytes(xlsx([REG_HEADER, *rows], title=title))
    return str(path)


def test_units_import_creates_then_updates_by_name(app, runner, tmp_path):
    path = _registry(tmp_path, [["区卫健局", "卫健", "区卫生健康局、卫健局", None], ["老城街道办", "老城", None, "镇办"]])
    result = runner.invoke(args=["units", "import", path])
    assert result.exit_code == 0 and "新增 2" in result.output
    path = _registry(tmp_path, [["区卫健局", "卫健委", "区卫健委", None]])
    result = runner.invoke(args=["units", "import", path])
    assert result.exit_code == 0 and "老城街道办" in result.output  # absent from the file: kept
    unit = find_unit("区卫健局")
    assert unit.short_name == "卫健委"
    assert {a.alias for a in unit.aliases} == {"区卫生健康局", "卫健局", "区卫健委"}
    assert find_unit("老城街道办") is not None


def test_units_import_reads_first_sheet_and_refuses_bad_files(app, runner, tmp_path):
    assert runner.invoke(args=["units", "import", _registry(tmp_path, [["区财政局"]], title="Sheet1")]).exit_code == 0
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"nope")
    assert runner.invoke(args=["units", "import", str(bad)]).exit_code == 2


def test_units_import_alias_clash_exit_1_nothing_written(app, runner, tmp_path):
    make_unit("区财政局", aliases=["财政局"])
    db.session.commit()
    path = _registry(tmp_path, [["区税务局", None, None, None], ["区卫健局", None, "财政局", None]])
    result = runner.invoke(args=["units", "import", path])
    assert result.exit_code == 1 and "第 3 行" in result.stderr
    assert find_unit("区税务局") is None


def test_units_alias_command(app, runner):
    make_unit("区文化和旅游局")
    db.session.commit()
    assert runner.invoke(args=["units", "alias", "区文化和旅游局", "区文旅局"]).exit_code == 0
    assert db.session.scalar(select(UnitAlias.alias)) == "区文旅局"
    assert runner.invoke(args=["units", "alias", "无此单位", "x"]).exit_code == 1


def test_units_page_sorted_by_order_then_pinyin(app, login):
    make_user("office", "office")
    for name in ("区住建局", "区财政局", "区卫健局"):
        make_unit(name)
    make_unit("老城街道办", order=5)
    db.session.commit()
    html = login("office").get("/units").get_data(as_text=True)
    positions = [html.index(n) for n in ("区财政局", "区卫健局", "区住建局", "老城街道办")]
    assert positions == sorted(positions)


def test_units_page_query_count_does_not_grow(app, login, count_queries):
    make_user("office", "office")
    client = login("office")
    make_unit("区甲局", aliases=["甲"])
    db.session.commit()
    with count_queries() as few:
        client.get("/units")
    for i in range(20):
        make_unit(f"区单位{i}", aliases=[f"别名{i}"])
    db.session.commit()
    with count_queries() as many:
        assert client.get("/units").status_code == 200
    assert many.count == few.count


def test_office_edits_unit_and_manages_aliases(app, login):
    make_user("office", "office")
    unit = make_unit("区卫健局")
    db.session.commit()
    client = login("office")
    resp = client.post(f"/units/{unit.id}/edit", data={"name": "区卫生健康局", "short_name": "卫健",
                                                       "group_name": "", "display_order": 3})
    assert resp.status_code == 302
    client.post(f"/units/{unit.id}/aliases", data={"alias": "区卫健局"})
    unit = db.session.get(Unit, unit.id)
    assert unit.name == "区卫生健康局" and [a.alias for a in unit.aliases] == ["区卫健局"]
    client.post(f"/units/aliases/{unit.aliases[0].id}/delete")
    assert db.session.scalar(select(UnitAlias.id)) is None


def test_unit_users_get_403(app, login):
    unit = make_unit("区卫健局")
    make_user("wj", "unit", unit)
    db.session.commit()
    client = login("wj")
    assert client.get("/units").status_code == 403
    assert client.post("/units", data={"name": "x"}).status_code == 403


def test_registry_template_download_round_trips(app, login, runner, tmp_path):
    make_user("office", "office")
    make_unit("区卫健局", "卫健", ["卫健局"], None, 1)
    make_unit("=HYPERLINK()", None, (), None, 2)
    db.session.commit()
    resp = login("office").get("/units/template.xlsx")
    assert resp.status_code == 200
    ws = load_workbook(io.BytesIO(resp.data)).active
    assert [c.value for c in ws[1]] == REG_HEADER
    assert ws["A3"].value == "'=HYPERLINK()" and ws["A3"].data_type == "s"
    path = tmp_path / "back.xlsx"
    path.write_bytes(resp.data)
    result = runner.invoke(args=["units", "import", str(path)])
    assert result.exit_code == 0 and "新增 0 个，更新 0 个，不变 2 个" in result.stdout


def test_upload_registry_in_the_page_previews_then_confirms(app, login):
    make_user("office", "office")
    db.session.commit()
    data = xlsx([REG_HEADER, ["区卫健局", "卫健", None, None]], title="责任单位")
    client = login("office")
    resp = client.post("/units/import", data={"file": (io.BytesIO(data), "u.xlsx")},
                       content_type="multipart/form-data")
    assert resp.status_code == 302 and find_unit("区卫健局") is None  # a preview writes nothing
    preview = resp.headers["Location"]
    assert 'data-action="new"' in client.get(preview).get_data(as_text=True)
    assert client.post(f"{preview}/confirm").status_code == 302
    assert find_unit("区卫健局") is not None


def _office_with_units(login):
    make_user("office", "office")
    make_unit("区卫健局", "卫健", ["卫健局"], None, 3)
    make_unit("区财政局", "财政", ["财政局"], None, 4)
    db.session.commit()
    return login("office")


def test_adding_a_unit_never_overwrites_one_whatever_blanks_it_was_typed_with(app, login):
    client = _office_with_units(login)
    for typed in ("区卫健局 ", "区　卫健局", " 区卫健局"):
        resp = client.post("/units", data={"name": typed, "display_order": "0"}, follow_redirects=True)
        assert "不能再新增同名单位" in resp.get_data(as_text=True), typed
    unit = find_unit("区卫健局")
    assert (unit.short_name, unit.display_order) == ("卫健", 3)  # untouched
    assert db.session.scalar(select(db.func.count(Unit.id))) == 2


def test_a_new_units_name_or_short_name_may_not_be_another_units_alias_or_short_name(app, login):
    client = _office_with_units(login)
    body = client.post("/units", data={"name": "财政局"}, follow_redirects=True).get_data(as_text=True)
    assert "“财政局”是 区财政局 的别名" in body
    body = client.post("/units", data={"name": "区医保局", "short_name": "卫健"}, follow_redirects=True).get_data(
        as_text=True)
    assert "“卫健”是 区卫健局 的简称" in body
    assert db.session.scalar(select(db.func.count(Unit.id))) == 2
    client.post("/units", data={"name": "区 住房公积金　管理中心", "short_name": "公积金 "})
    added = find_unit("区住房公积金管理中心")
    assert added is not None and added.short_name == "公积金"  # kept without the blanks


def test_an_alias_may_not_be_another_units_short_name(app, login):
    client = _office_with_units(login)
    health = find_unit("区卫健局")
    body = client.post(f"/units/{health.id}/aliases", data={"alias": "财政"}, follow_redirects=True).get_data(
        as_text=True)
    assert "“财政”是 区财政局 的简称" in body
    assert [a.alias for a in health.aliases] == ["卫健局"]
    client.post(f"/units/{health.id}/aliases", data={"alias": "区卫生 健康局"})
    db.session.expire_all()
    assert sorted(a.alias for a in find_unit("区卫健局").aliases) == ["区卫生健康局", "卫健局"]
