"""Multi-unit aliases (两办 → 区委办、区政府办) through services, CLI, pages, registry workbook and import."""
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from tests.factories import make_unit, make_user
from tests.imports.conftest import xlsx
from tracker.extensions import db
from tracker.imports.services import import_list
from tracker.tasks.models import Task
from tracker.units.models import UnitAlias
from tracker.units.services import UnitError, add_alias, alias_units, load_registry, set_alias

HEADER = ["类别", "创建任务", "责任单位", "完成时限"]


@pytest.fixture
def units(app):
    made = {n: make_unit(n) for n in ("区委办", "区政府办", "区公安分局", "区检察院", "区法院", "区卫健局")}
    db.session.commit()
    return made


def _names(text):
    return [u.name for u in alias_units(text)]


def test_set_alias_keeps_the_order_given(units):
    set_alias([units["区政府办"], units["区委办"]], "两办")
    db.session.commit()
    assert _names("两办") == ["区政府办", "区委办"]
    assert load_registry().combos == {"两办": (units["区政府办"].id, units["区委办"].id)}


def test_same_alias_again_is_a_no_op_other_units_are_refused(units):
    set_alias([units["区委办"], units["区政府办"]], "两办")
    assert len(set_alias([units["区委办"], units["区政府办"]], "两办")) == 2
    for other in ([units["区政府办"], units["区委办"]], [units["区委办"]], [units["区卫健局"], units["区委办"]]):
        with pytest.raises(UnitError, match="已对应 区委办、区政府办"):
            set_alias(other, "两办")
    with pytest.raises(UnitError, match="已对应 区委办、区政府办"):
        add_alias(units["区卫健局"], "两办")
    assert db.session.scalar(select(func.count(UnitAlias.id))) == 2


def test_one_unit_alias_never_grows_into_several(units):
    add_alias(units["区委办"], "委办")
    with pytest.raises(UnitError, match="已对应 区委办"):
        set_alias([units["区委办"], units["区政府办"]], "委办")


def test_a_canonical_name_is_refused_as_multi_unit_alias(units):
    with pytest.raises(UnitError, match="区卫健局 的名称"):
        set_alias([units["区委办"], units["区政府办"]], "区卫健局")
    with pytest.raises(UnitError, match="区委办 的名称"):
        set_alias([units["区委办"], units["区政府办"]], "区委办")


def test_import_expands_multi_unit_alias_first_unit_leads(units, app):
    from tests.factories import make_campaign

    campaign = make_campaign()
    set_alias([units["区公安分局"], units["区检察院"], units["区法院"]], "公检法")
    db.session.commit()
    plan = import_list(campaign, xlsx([HEADER, ["平安建设", "开展普法", "公检法、区卫健局", "2022年6月底前"]]))
    db.session.commit()
    task = db.session.scalar(select(Task))
    assert plan.written and [a.unit.name for a in task.assignments] == ["区公安分局", "区检察院", "区法院", "区卫健局"]
    assert [a.role for a in task.assignments] == ["lead", "co", "co", "co"]


def test_cli_units_option_creates_multi_unit_alias(units, runner):
    result = runner.invoke(args=["units", "alias", "--units", "区委办，区政府办", "两办"])
    assert result.exit_code == 0 and "区委办、区政府办" in result.output
    assert _names("两办") == ["区委办", "区政府办"]
    assert runner.invoke(args=["units", "alias", "区卫健局", "卫健局"]).exit_code == 0


@pytest.mark.parametrize("args, reason", [
    (["--units", "区政府办,区委办", "两办"], "已对应"),
    (["--units", "区委办,无此单位", "三办"], "找不到责任单位：无此单位"),
    (["--units", "区委办,区政府办", "区法院"], "区法院 的名称"),
    (["区卫健局", "两办"], "已对应"),
])
def test_cli_conflicts_exit_1_with_a_reason(units, runner, args, reason):
    set_alias([units["区委办"], units["区政府办"]], "两办")
    db.session.commit()
    result = runner.invoke(args=["units", "alias", *args])
    assert result.exit_code == 1 and reason in result.stderr
    assert db.session.scalar(select(func.count(UnitAlias.id))) == 2


def test_cli_usage_error(units, runner):
    assert runner.invoke(args=["units", "alias", "--units", "区委办,区政府办", "区委办", "两办"]).exit_code == 2
    assert runner.invoke(args=["units", "alias", "两办"]).exit_code == 2


def test_registry_workbook_round_trip(units, login, runner, tmp_path):
    make_user("office", "office")
    set_alias([units["区法院"], units["区公安分局"]], "政法")
    add_alias(units["区卫健局"], "卫健局")
    db.session.commit()
    data = login("office").get("/units/template.xlsx").data
    wb = load_workbook(io.BytesIO(data))
    assert [c.value for c in wb["多单位别名"][2]] == ["政法", "区法院、区公安分局"]
    assert "政法" not in [c.value for c in wb["责任单位"]["C"]]
    db.session.execute(UnitAlias.__table__.delete())
    db.session.commit()
    path = tmp_path / "back.xlsx"
    path.write_bytes(data)
    assert runner.invoke(args=["units", "import", str(path)]).exit_code == 0
    assert _names("政法") == ["区法院", "区公安分局"] and _names("卫健局") == ["区卫健局"]


def test_registry_workbook_combo_errors_name_the_sheet_and_row(units, runner, tmp_path):
    path = tmp_path / "u.xlsx"
    path.write_bytes(xlsx([["单位名称", "简称", "别名", "分组"], ["区委办", None, None, None]], title="责任单位",
                          extra_sheets=[("多单位别名", [["别名", "对应单位"], ["两办", "区委办、区政府办"],
                                                     ["三办", "区委办、无此单位"]])]))
    result = runner.invoke(args=["units", "import", str(path)])
    assert result.exit_code == 1 and "多单位别名”第 3 行" in result.stderr and "无此单位" in result.stderr
    assert db.session.scalar(select(func.count(UnitAlias.id))) == 0


def test_registry_page_shows_and_deletes_a_multi_unit_alias(units, login):
    make_user("office", "office")
    rows = set_alias([units["区委办"], units["区政府办"]], "两办")
    db.session.commit()
    client = login("office")
    html = client.get("/units").get_data(as_text=True)
    assert 'data-alias="两办"' in html and "1. 区委办" in html and "2. 区政府办" in html
    edit = client.get(f"/units/{units['区政府办'].id}/edit").get_data(as_text=True)
    assert "多单位别名：区委办、区政府办" in edit
    resp = client.post(f"/units/aliases/{rows[1].id}/delete", data={"back": "index"})
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/units")
    assert db.session.scalar(select(func.count(UnitAlias.id))) == 0


def test_units_page_query_count_does_not_grow_with_multi_unit_aliases(units, login, count_queries):
    make_user("office", "office")
    client = login("office")
    set_alias([units["区委办"], units["区政府办"]], "两办")
    db.session.commit()
    with count_queries() as few:
        client.get("/units")
    for i in range(10):
        set_alias([make_unit(f"区甲{i}局"), make_unit(f"区乙{i}局")], f"甲乙{i}")
    db.session.commit()
    with count_queries() as many:
        assert client.get("/units").status_code == 200
    assert many.count == few.count


def test_mapping_screen_saves_several_units_in_the_order_picked(app, login):
    from tests.factories import make_campaign

    campaign = make_campaign()
    a, b = make_unit("区委办"), make_unit("区政府办")
    make_user("office", "office")
    db.session.commit()
    client = login("office")
    upload = (io.BytesIO(xlsx([HEADER, ["领导重视", "组织", "两办", "长期"]])), "l.xlsx")
    resp = client.post("/imports", data={"campaign_id": campaign.id, "file": upload},
                       content_type="multipart/form-data")
    preview = resp.headers["Location"]
    assert "指多个单位？" in client.get(preview).get_data(as_text=True)
    client.post(preview + "/map", data={"text": "两办", "unit_id_0": [str(b.id), "", str(a.id), str(b.id)]})
    assert _names("两办") == ["区政府办", "区委办"]
    assert client.post(preview + "/confirm").status_code == 302
    task = db.session.scalar(select(Task))
    assert [(x.unit.name, x.role) for x in task.assignments] == [("区政府办", "lead"), ("区委办", "co")]

