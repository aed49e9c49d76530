"""分值 and 完成时限 are checked in the parser (a row error in the dry run and the preview, exit 1, nothing
written), with CHECKs in the database behind them; a second 责任单位 column is refused, not silently dropped."""
import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError

from tests.factories import make_task, make_user
from tests.imports.conftest import xlsx
from tracker.extensions import db
from tracker.tasks.models import Task

HEADER = ["类别", "创建任务", "责任单位", "完成时限", "分值"]


def _run(runner, tmp_path, rows, *extra):
    path = tmp_path / "list.xlsx"
    path.write_bytes(xlsx(rows))
    return runner.invoke(args=["tasks", "import", "hb", str(path), "--json", *extra])


@pytest.mark.parametrize("points", [-5, "-5", "Infinity", "NaN", "inf", 1e30, "1e30", "100000", "1.005"])
def test_points_out_of_range_are_row_errors_in_the_dry_run(hanbin_campaign, runner, tmp_path, points):
    result = _run(runner, tmp_path, [HEADER, ["甲", "任务一", "区卫健局", "2022年6月30日", points]], "--dry-run")
    assert result.exit_code == 1, result.output
    errors = json.loads(result.stdout)["errors"]
    assert [e["column"] for e in errors] == ["分值"] and "分值" in errors[0]["message"]
    assert db.session.scalar(select(func.count(Task.id))) == 0


@pytest.mark.parametrize("deadline", [dt.datetime(1, 1, 1), dt.datetime(1899, 12, 25), "0001-01-01",
                                      "1899年12月25日", 5, dt.datetime(2101, 1, 1)])
def test_deadlines_outside_1990_to_2100_are_row_errors(hanbin_campaign, runner, tmp_path, deadline):
    result = _run(runner, tmp_path, [HEADER, ["甲", "任务一", "区卫健局", deadline, 2]])
    assert result.exit_code == 1, result.output
    errors = json.loads(result.stdout)["errors"]
    assert [e["column"] for e in errors] == ["完成时限"] and "1990" in errors[0]["message"]
    assert db.session.scalar(select(func.count(Task.id))) == 0


def test_sane_points_and_deadlines_import(hanbin_campaign, runner, tmp_path):
    result = _run(runner, tmp_path, [HEADER, ["甲", "任务一", "区卫健局", "2022年6月30日", 99999.99],
                                     ["甲", "任务二", "区卫健局", dt.datetime(1990, 1, 1), "0.5"]])
    assert result.exit_code == 0, result.output
    assert sorted(db.session.scalars(select(Task.points))) == [Decimal("0.50"), Decimal("99999.99")]


def test_a_second_unit_column_is_refused_exit_2(hanbin_campaign, runner, tmp_path):
    rows = [["类别", "创建任务", "责任单位", "完成时限", "责任单位"], ["甲", "任务一", "区卫健局", None, "区财政局"]]
    result = _run(runner, tmp_path, rows)
    assert result.exit_code == 2
    assert "“责任单位”出现了 2 次（C1、E1）" in result.stderr
    assert db.session.scalar(select(func.count(Task.id))) == 0


def test_preview_shows_the_row_error(hanbin_campaign, login, app):
    make_user("office", "office")
    db.session.commit()
    client = login("office")
    data = xlsx([HEADER, ["甲", "任务一", "区卫健局", "2022年6月30日", "Infinity"]])
    resp = client.post("/imports", data={"campaign_id": hanbin_campaign.id, "file": (io.BytesIO(data), "list.xlsx")},
                       content_type="multipart/form-data", follow_redirects=True)
    assert resp.status_code == 200 and "分值应为 0 到 99999.99 的数字" in resp.get_data(as_text=True)


@pytest.mark.parametrize("field,value", [("points", Decimal("-1")), ("points", Decimal("100000")),
                                         ("deadline", dt.date(1, 1, 1)), ("deadline", dt.date(1899, 12, 25))])
def test_the_database_refuses_what_the_parser_refuses(hanbin_campaign, field, value):
    task = make_task(hanbin_campaign, "任务", [])
    db.session.flush()
    setattr(task, field, value)
    with pytest.raises(DBAPIError):  # a CHECK (MariaDB reports it as error 4025), or numeric(7, 2) overflow
        db.session.flush()
    db.session.rollback()
