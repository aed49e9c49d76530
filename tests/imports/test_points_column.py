"""The list's 分值 column sets many tasks' points at once: checked like every cell, a blank cell keeps them."""
from decimal import Decimal

import pytest
from sqlalchemy import select

from tests.imports.conftest import xlsx
from tracker.extensions import db
from tracker.imports.services import import_list, plan_import
from tracker.tasks.models import Task

HEADER = ["类别", "创建任务", "责任单位", "分值"]


def _points() -> dict[str, Decimal | None]:
    db.session.expire_all()
    return {t.title: t.points for t in db.session.scalars(select(Task))}


def test_the_column_sets_the_points_of_every_row(hanbin_campaign):
    import_list(hanbin_campaign, xlsx([HEADER, ["甲", "任务一", "区卫健局", "10"], ["甲", "任务二", "区财政局", 2.5]]))
    assert _points() == {"任务一": 10, "任务二": Decimal("2.5")}


@pytest.mark.parametrize("cell", ["-3", "1.234", "100000", "十分"])
def test_a_bad_points_cell_names_its_cell_and_writes_nothing(hanbin_campaign, cell):
    plan = import_list(hanbin_campaign, xlsx([HEADER, ["甲", "任务一", "区卫健局", "5"], ["甲", "任务二", "区财政局", cell]]))
    assert [(e.row, e.column) for e in plan.errors] == [(3, "分值")] and "D3" in plan.errors[0].message
    assert _points() == {}


def test_a_blank_cell_on_reimport_keeps_the_points_and_the_task_is_unchanged(hanbin_campaign):
    import_list(hanbin_campaign, xlsx([HEADER, ["甲", "任务一", "区卫健局", "10"]]))
    again = xlsx([HEADER, ["甲", "任务一", "区卫健局", None]])
    assert plan_import(hanbin_campaign, again).effect_counts()["same"] == 1
    import_list(hanbin_campaign, again)
    assert _points() == {"任务一": 10}


def test_a_new_value_on_reimport_updates_the_points(hanbin_campaign):
    import_list(hanbin_campaign, xlsx([HEADER, ["甲", "任务一", "区卫健局", "10"]]))
    again = xlsx([HEADER, ["甲", "任务一", "区卫健局", "8"]])
    assert plan_import(hanbin_campaign, again).effect_counts()["update"] == 1
    import_list(hanbin_campaign, again)
    assert _points() == {"任务一": 8}
