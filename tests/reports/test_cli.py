"""`tracker cycle create|board`: the exact contract — output, JSON shape, exit codes, nothing written on refusal."""
import json

from sqlalchemy import func, select

from tracker.extensions import db
from tracker.reports.filing import Filing, file_report
from tracker.reports.models import CycleUnit, ReportCycle


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_create_prints_the_cycle_id_and_owes_every_responsible_unit(runner, world):
    result = runner.invoke(args=["cycle", "create", "hb", "--name", "2022年上半年", "--due", "2022-07-10"])
    assert result.exit_code == 0, result.output
    cycle = db.session.scalar(select(ReportCycle))
    assert result.stdout.strip() == str(cycle.id)
    assert [o.unit.name for o in cycle.owed] == ["区卫健局", "区发改局", "区财政局"]


def test_create_with_units_resolves_them_like_a_list(runner, world):
    result = runner.invoke(args=["cycle", "create", "hb", "--name", "专项报告", "--due", "2022-07-10",
                                 "--units", "财政,区卫健局"])
    assert result.exit_code == 0, result.output
    assert [o.unit.name for o in db.session.scalar(select(ReportCycle)).owed] == ["区财政局", "区卫健局"]


def test_an_unknown_unit_exits_2_with_a_chinese_message_and_writes_nothing(runner, world):
    result = runner.invoke(args=["cycle", "create", "hb", "--name", "专项报告", "--due", "2022-07-10",
                                 "--units", "区卫健局,区不存在局"])
    assert result.exit_code == 2
    assert "找不到责任单位" in result.stderr and "区不存在局" in result.stderr
    assert _count(ReportCycle) == 0 and _count(CycleUnit) == 0


def test_an_unknown_slug_exits_2(runner, world):
    result = runner.invoke(args=["cycle", "create", "nope", "--name", "x", "--due", "2022-07-10"])
    assert result.exit_code == 2 and "找不到" in result.stderr
    assert runner.invoke(args=["cycle", "board", "nope", "--json"]).exit_code == 2


def test_a_duplicate_name_exits_1(runner, world):
    args = ["cycle", "create", "hb", "--name", "2022年上半年", "--due", "2022-07-10"]
    assert runner.invoke(args=args).exit_code == 0
    result = runner.invoke(args=args)
    assert result.exit_code == 1 and "已有名为" in result.stderr
    assert _count(ReportCycle) == 1


def test_board_json_has_exactly_the_contracts_shape(runner, world):
    runner.invoke(args=["cycle", "create", "hb", "--name", "2022年上半年", "--due", "2022-07-10"])
    cycle = db.session.scalar(select(ReportCycle))
    file_report(cycle, world.units["fg"], Filing("总结"), None, today=cycle.due_on)
    db.session.commit()
    result = runner.invoke(args=["cycle", "board", "hb", "--json", "--today", "2022-07-11"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [{"cycle": "2022年上半年", "due": "2022-07-10", "reported": ["区发改局"],
                                          "missing": [], "overdue": ["区卫健局", "区财政局"]}]


def test_board_without_cycles_is_an_empty_list(runner, world):
    result = runner.invoke(args=["cycle", "board", "hb", "--json"])
    assert result.exit_code == 0 and json.loads(result.stdout) == []
