"""`tracker tasks import|list`: exit status 0/1/2 and the --json shapes of issue 4."""
import json

from sqlalchemy import func, select

from tests.imports.conftest import xlsx
from tracker.extensions import db
from tracker.tasks.models import Task

HEADER = ["类别", "创建任务", "责任单位", "完成时限"]


def _file(tmp_path, rows, name="list.xlsx", **kw):
    path = tmp_path / name
    path.write_bytes(xlsx(rows, **kw))
    return str(path)


def _count():
    return db.session.scalar(select(func.count(Task.id)))


def test_clean_import_exit_0_and_json_shape(hanbin_campaign, runner, tmp_path):
    path = _file(tmp_path, [["附件"], HEADER, ["领导重视", "建立组织体系", "区政府办、区卫健局", "2022年6月30日"],
                            [None, "常态化监管", "区卫健局", "长期坚持"]], merges=["A3:A4"])
    result = runner.invoke(args=["tasks", "import", "hb", path, "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["tasks"][0] == {"row": 3, "category": "领导重视", "title": "建立组织体系",
                               "units": ["区政府办", "区卫健局"], "lead": "区政府办", "deadline": "2022-06-30"}
    assert out["tasks"][1]["deadline"] is None and out["tasks"][1]["category"] == "领导重视"
    assert out["unresolved"] == [] and out["errors"] == [] and out["written"] is True
    assert _count() == 2


def test_unresolved_exit_1_nothing_written(hanbin_campaign, runner, tmp_path):
    path = _file(tmp_path, [HEADER, ["甲", "任务一", "区卫健局", None], ["甲", "任务二", "区文旅局", "尽快"]])
    result = runner.invoke(args=["tasks", "import", "hb", path, "--json"])
    assert result.exit_code == 1
    out = json.loads(result.stdout)
    assert out["unresolved"] == [{"row": 3, "text": "区文旅局", "suggestions": out["unresolved"][0]["suggestions"]}]
    assert out["errors"][0]["row"] == 3 and out["errors"][0]["column"] == "完成时限"
    assert isinstance(out["errors"][0]["message"], str) and out["written"] is False
    assert _count() == 0


def test_human_output_names_the_row_and_text(hanbin_campaign, runner, tmp_path):
    path = _file(tmp_path, [HEADER, ["甲", "任务一", "区文旅局", None]])
    result = runner.invoke(args=["tasks", "import", "hb", path])
    assert result.exit_code == 1 and "第 2 行" in result.stderr and "区文旅局" in result.stderr


def test_dry_run_exit_0_writes_nothing(hanbin_campaign, runner, tmp_path):
    path = _file(tmp_path, [HEADER, ["甲", "任务一", "区卫健局", None]])
    result = runner.invoke(args=["tasks", "import", "hb", path, "--dry-run", "--json"])
    assert result.exit_code == 0 and json.loads(result.stdout)["written"] is False
    assert _count() == 0


def test_unreadable_exit_2_with_one_chinese_line(hanbin_campaign, runner, tmp_path):
    bad = tmp_path / "list.xlsx"
    bad.write_bytes(b"this is not a workbook")
    result = runner.invoke(args=["tasks", "import", "hb", str(bad)])
    assert result.exit_code == 2 and "不是 .xlsx" in result.stderr and result.stderr.count("\n") == 1
    noheader = _file(tmp_path, [["随便写点"]], name="x.xlsx")
    assert runner.invoke(args=["tasks", "import", "hb", noheader]).exit_code == 2


def test_too_large_exit_2(hanbin_campaign, runner, tmp_path, app):
    app.config["IMPORT_MAX_MB"] = 0
    try:
        path = _file(tmp_path, [HEADER, ["甲", "任务一", "区卫健局", None]])
        result = runner.invoke(args=["tasks", "import", "hb", path])
    finally:
        app.config["IMPORT_MAX_MB"] = 10
    assert result.exit_code == 2 and "MB" in result.stderr


def test_tasks_list_json_shape(hanbin_campaign, runner, tmp_path):
    runner.invoke(args=["tasks", "import", "hb", _file(tmp_path, [HEADER, ["甲", "任务一", "区卫健局、区财政局", "2022-06-30"]])])
    result = runner.invoke(args=["tasks", "list", "hb", "--json"])
    assert result.exit_code == 0
    (task,) = json.loads(result.output)
    assert set(task) == {"id", "category", "title", "deadline", "meeting", "assignments"}
    assert task["deadline"] == "2022-06-30"
    assert [{k: a[k] for k in ("unit", "role", "status")} for a in task["assignments"]] == [
        {"unit": "区卫健局", "role": "lead", "status": "not_started"},
        {"unit": "区财政局", "role": "co", "status": "not_started"}]
    assert all(isinstance(a["id"], int) for a in task["assignments"])


def test_alias_then_reimport_resolves(hanbin_campaign, runner, tmp_path):
    path = _file(tmp_path, [HEADER, ["甲", "任务一", "区文旅局", None]])
    assert runner.invoke(args=["tasks", "import", "hb", path]).exit_code == 1
    assert runner.invoke(args=["units", "alias", "区卫健局", "区文旅局"]).exit_code == 0
    assert runner.invoke(args=["tasks", "import", "hb", path]).exit_code == 0
    assert _count() == 1
