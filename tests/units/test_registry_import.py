"""Registry import as preview → confirm (issue 12): every row's effect, clashes at once, near-duplicates as
aliases, explicit group changes, all or nothing, and the exact CLI contract."""
import json

import pytest
from sqlalchemy import func, select

from tests.factories import make_campaign, make_task, make_unit
from tests.imports.conftest import xlsx
from tracker.extensions import db
from tracker.units.models import Unit, UnitAlias
from tracker.units.registry_apply import import_registry
from tracker.units.registry_io import read_registry, registry_template
from tracker.units.registry_plan import Decisions, plan_registry
from tracker.units.registry_snapshot import near_key
from tracker.units.services import find_unit, retire_unit, sorted_units

HEADER = ["单位名称", "简称", "别名", "分组"]


def book(*rows, combos=()):
    extra = [("多单位别名", [["别名", "对应单位"], *combos])] if combos else ()
    return read_registry(xlsx([HEADER, *rows], title="责任单位", extra_sheets=extra))


def run(runner, tmp_path, *rows, args=()):
    path = tmp_path / "units.xlsx"
    path.write_bytes(xlsx([HEADER, *rows], title="责任单位"))
    return runner.invoke(args=["units", "import", str(path), *args])


def count_units() -> int:
    return db.session.scalar(select(func.count(Unit.id)))


@pytest.fixture
def hanbin(app):
    units = {
        "xf": make_unit("区消防救援大队", "消防", order=1),
        "zr": make_unit("区自然资源局", "自然资源", order=2),
        "fl": make_unit("区妇联", "妇联", group="群团", order=3),
        "gsl": make_unit("区工商联", "工商联", group="群团", order=4),
        "lc": make_unit("老城街道办", "老城", group="镇办", order=5),
        "demo": make_unit("示范镇", "示范", group="镇办", order=6),
        "wj": make_unit("区卫健局", "卫健", ["卫健局"], order=7),
    }
    db.session.commit()
    return units


# --- the CLI contract ------------------------------------------------------------------------------------


def test_cli_json_prints_every_row_with_its_effect(hanbin, runner, tmp_path):
    result = run(runner, tmp_path, ["区税务局", "税务", None, None], ["卫健局", "卫健", None, None],
                 ["区妇联", "妇联", None, "群团"], args=["--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert set(out) == {"rows", "written"} and out["written"] is True
    assert [(r["row"], r["name"], r["action"], r["unit"]) for r in out["rows"]] == [
        (2, "区税务局", "new", None), (3, "卫健局", "same", "区卫健局"), (4, "区妇联", "same", "区妇联")]
    assert all(set(r) == {"row", "name", "action", "unit", "message"} and r["message"] for r in out["rows"])


def test_cli_dry_run_exits_0_and_writes_nothing(hanbin, runner, tmp_path):
    result = run(runner, tmp_path, ["区税务局", "税务", None, None], args=["--dry-run", "--json"])
    assert result.exit_code == 0 and json.loads(result.stdout)["written"] is False
    assert find_unit("区税务局") is None


def test_cli_conflict_exits_1_lists_every_clash_and_writes_nothing(hanbin, runner, tmp_path):
    result = run(runner, tmp_path, ["区税务局", "税务", None, None], ["区教体局", "消防", None, None],
                 ["区民政局", None, "区自然资源局", None], args=["--json"])
    assert result.exit_code == 1
    out = json.loads(result.stdout)
    assert out["written"] is False
    assert [r["action"] for r in out["rows"]] == ["new", "conflict", "conflict"]
    assert "B3" in out["rows"][1]["message"] and "区消防救援大队" in out["rows"][1]["message"]
    assert "C4" in out["rows"][2]["message"] and "区自然资源局" in out["rows"][2]["message"]
    assert find_unit("区税务局") is None


def test_cli_human_output_names_each_conflicting_row_on_stderr(hanbin, runner, tmp_path):
    result = run(runner, tmp_path, ["区教体局", "消防", None, None], ["区民政局", None, "区自然资源局", None])
    assert result.exit_code == 1 and "第 2 行“区教体局”" in result.stderr and "第 3 行“区民政局”" in result.stderr


def test_cli_unreadable_file_exits_2(app, runner, tmp_path):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(b"not a workbook")
    assert runner.invoke(args=["units", "import", str(path), "--json"]).exit_code == 2


# --- which unit a row is ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["卫健局", "卫健"])
def test_row_naming_an_alias_or_short_name_is_that_unit(hanbin, name):
    plan = import_registry(book([name, None, "区卫生健康局", None]))
    assert plan.rows[0].action == "update" and plan.rows[0].unit.name == "区卫健局"
    assert count_units() == 7 and "区卫生健康局" in {a.alias for a in find_unit("区卫健局").aliases}


def test_near_duplicate_is_proposed_as_an_alias_not_a_new_unit(hanbin):
    plan = import_registry(book(["消防救援大队", "消防", None, None]))
    row = plan.rows[0]
    assert (row.action, row.unit.name) == ("update", "区消防救援大队") and "近似" in row.message
    assert count_units() == 7
    assert db.session.scalar(select(UnitAlias.alias).where(UnitAlias.unit_id == hanbin["xf"].id)) == "消防救援大队"


@pytest.mark.parametrize(("a", "b"), [("汉滨区自然资源局", "区自然资源局"), ("区自然资源分局", "区自然资源局"),
                                      ("消防救援大队", "区消防救援大队"), ("区消防救援队", "区消防救援大队")])
def test_near_key_drops_district_and_suffix_variants(a, b):
    assert near_key(a, {"汉滨区"}) == near_key(b, {"汉滨区"})


def test_near_key_keeps_different_units_apart():
    assert near_key("区财政局", {"汉滨区"}) != near_key("区税务局", {"汉滨区"})
    assert near_key("城东新区开发办", set()) != near_key("城西新区开发办", set())


def test_office_may_keep_a_near_duplicate_as_a_separate_unit(hanbin):
    plan = import_registry(book(["消防救援大队", None, None, None]), Decisions(frozenset({"new:2"})))
    assert plan.rows[0].action == "new" and find_unit("消防救援大队") is not None


def test_two_rows_for_one_unit_conflict(hanbin):
    plan = plan_registry(book(["区卫健局", None, None, None], ["卫健局", None, None, None]))
    assert plan.rows[1].action == "conflict" and "第 2 行" in plan.rows[1].message


def test_two_near_duplicate_new_rows_conflict(app):
    plan = plan_registry(book(["区应急管理局", None, None, None], ["应急管理局", None, None, None]))
    assert [r.action for r in plan.rows] == ["new", "conflict"]


def test_alias_that_is_another_units_name_offers_to_drop_it(hanbin):
    plan = plan_registry(book(["区民政局", None, "区自然资源局、民政局", None]))
    clash = plan.rows[0].clashes[0]
    assert clash.cell == "C2" and [f.key for f in clash.fixes] == ["drop-alias:2:区自然资源局", "skip:2"]
    plan = import_registry(book(["区民政局", None, "区自然资源局、民政局", None]),
                           Decisions(frozenset({"drop-alias:2:区自然资源局"})))
    assert plan.written and {a.alias for a in find_unit("区民政局").aliases} == {"民政局"}


def test_skipping_a_conflicting_row_applies_the_rest(hanbin):
    rows = (["区税务局", None, None, None], ["区教体局", "消防", None, None])
    assert not plan_registry(book(*rows)).ok
    plan = import_registry(book(*rows), Decisions(frozenset({"skip:3"})))
    assert plan.written and find_unit("区税务局") and find_unit("区教体局") is None


# --- groups ------------------------------------------------------------------------------------------------


def test_blank_group_cell_changes_nothing_without_authoritative(hanbin):
    plan = import_registry(book(["区妇联", "妇联", None, None], ["区工商联", "工商联", None, None]))
    assert [r.action for r in plan.rows] == ["same", "same"] and "仍在“群团”" in plan.rows[0].message
    assert find_unit("区妇联").group_name == "群团" and find_unit("区工商联").group_name == "群团"


def test_authoritative_clears_blank_groups_and_moves_absent_units_out(hanbin):
    rows = (["区妇联", "妇联", None, None], ["老城街道办", "老城", None, "镇办"], ["五里镇", "五里", None, "镇办"])
    plan = import_registry(book(*rows), Decisions(authoritative=True))
    groups = {g.group: g for g in plan.groups}
    assert groups["镇办"].added == ["五里镇"] and groups["镇办"].removed == ["示范镇"]
    assert set(groups["群团"].removed) == {"区妇联", "区工商联"}
    assert find_unit("示范镇").group_name is None and find_unit("区妇联").group_name is None
    assert find_unit("老城街道办").group_name == "镇办"


def test_without_authoritative_absent_group_members_are_shown_as_kept(hanbin):
    plan = plan_registry(book(["老城街道办", "老城", None, "镇办"]))
    assert next(g for g in plan.groups if g.group == "镇办").kept == ["示范镇"]


# --- all or nothing, order, round trip, retired ---------------------------------------------------------


def test_reimporting_the_registry_as_it_is_changes_nothing(hanbin):
    plan = import_registry(read_registry(registry_template(sorted_units())))
    assert plan.counts() == {"new": 0, "update": 0, "same": 7, "conflict": 0}


def test_new_units_come_after_the_existing_ones_in_file_order(hanbin):
    import_registry(book(["区乙局", None, None, None], ["区甲局", None, None, None]))
    assert find_unit("区乙局").display_order == 8 and find_unit("区甲局").display_order == 9


def test_a_retired_unit_named_again_is_restored(hanbin):
    retire_unit(hanbin["wj"])
    plan = import_registry(book(["区卫健局", None, None, None]))
    assert plan.rows[0].action == "update" and not find_unit("区卫健局").retired


def test_combo_sheet_may_name_units_created_by_the_same_file(app):
    plan = import_registry(book(["区委办", None, None, None], ["区政府办", None, None, None],
                                combos=[["两办", "区委办、区政府办"]]))
    assert plan.written and plan.combos[0].action == "new"
    assert db.session.scalar(select(func.count(UnitAlias.id)).where(UnitAlias.alias == "两办")) == 2


def test_units_on_tasks_are_never_deleted_or_emptied(hanbin):
    campaign = make_campaign()
    make_task(campaign, "任务一", [hanbin["fl"]])
    db.session.commit()
    import_registry(book(["区税务局", None, None, None]), Decisions(authoritative=True))
    assert find_unit("区妇联") is not None and count_units() == 8
