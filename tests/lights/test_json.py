import json


def _lights(runner, today):
    result = runner.invoke(args=["tasks", "list", "hb", "--json", "--today", today])
    assert result.exit_code == 0, result.output
    return {(t["title"][:4], a["unit"]): a["light"] for t in json.loads(result.output) for a in t["assignments"]}


def test_tasks_list_json_gives_each_assignment_its_light(world, runner):
    assert _lights(runner, "2022-04-01") == {
        ("制定出台", "区卫健局"): "red", ("制定出台", "区发改局"): "green",
        ("出台综合", "区发改局"): "green", ("出台综合", "区财政局"): "green"}


def test_tasks_list_json_turns_yellow_within_five_working_days(world, runner):
    assert _lights(runner, "2022-03-24")[("制定出台", "区卫健局")] == "yellow"


def test_tasks_list_json_keeps_due_and_overdue(world, runner):
    result = runner.invoke(args=["tasks", "list", "hb", "--json", "--today", "2022-04-01"])
    a = json.loads(result.output)[0]["assignments"][0]
    assert (a["due"], a["overdue"], a["light"]) == ("2022-03-31", True, "red")
