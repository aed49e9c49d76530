"""Meetings and their 议定事项: `tracker meeting add` (exit codes, all or nothing) and the services behind it."""
import json
from datetime import date

import pytest
from sqlalchemy import func, select

from tests.imports.conftest import xlsx
from tracker.assignments.due import due_date, is_overdue
from tracker.extensions import db
from tracker.meetings.meetings import MeetingSpec, matters, record_meeting, rows_sheet
from tracker.meetings.models import Meeting
from tracker.tasks.models import Task

DECISIONS = [["事项", "责任单位", "完成时限"],
             ["研究制定托育机构用地保障办法", "区发改局、区财政局", "2022年6月底前"],
             ["建立托育服务专家库", "区卫健局", "长期坚持"]]


def _add(runner, tmp_path, *extra, rows=None, name="decisions.xlsx", data=None):
    args = ["meeting", "add", "lxhy", "--kind", "plenary", "--date", "2022-03-01", "--title", "第一次全体会议"]
    if rows is not None or data is not None:
        path = tmp_path / name
        path.write_bytes(data if data is not None else xlsx(rows, title="议定事项"))
        args += ["--decisions", str(path)]
    return runner.invoke(args=args + list(extra))


def test_meeting_add_prints_the_id_and_makes_each_matter_a_task(runner, tmp_path, body):
    result = _add(runner, tmp_path, rows=DECISIONS)
    assert result.exit_code == 0, result.output
    meeting = db.session.get(Meeting, int(result.stdout.strip()))
    assert (meeting.kind_label, meeting.held_on, meeting.title) == ("全体会议", date(2022, 3, 1), "第一次全体会议")
    listed = json.loads(runner.invoke(args=["tasks", "list", "lxhy", "--json"]).stdout)
    assert [(t["title"], t["meeting"], t["deadline"]) for t in listed] == [
        ("研究制定托育机构用地保障办法", meeting.id, "2022-06-30"), ("建立托育服务专家库", meeting.id, None)]
    assert [(a["unit"], a["role"]) for a in listed[0]["assignments"]] == [("区发改局", "lead"), ("区财政局", "co")]
    assert listed[0]["category"] == "2022-03-01 全体会议：第一次全体会议"


def test_a_standing_matter_of_a_body_has_no_due_date_and_is_never_overdue(runner, tmp_path, body, clock):
    assert _add(runner, tmp_path, rows=DECISIONS).exit_code == 0
    standing = db.session.scalar(select(Task).where(Task.title == "建立托育服务专家库"))
    assert due_date(standing.lead) is None and not is_overdue(standing.lead, date(2030, 1, 1))
    listed = json.loads(runner.invoke(args=["tasks", "list", "lxhy", "--json", "--today", "2030-01-01"]).stdout)
    assert [(a["due"], a["overdue"]) for a in listed[1]["assignments"]] == [(None, False)]
    assert [(a["due"], a["overdue"]) for a in listed[0]["assignments"]][0] == ("2022-06-30", True)


def test_meeting_add_without_decisions_records_the_meeting_alone(runner, tmp_path, body):
    result = _add(runner, tmp_path)
    assert result.exit_code == 0 and result.stdout.strip().isdigit()
    assert db.session.scalar(select(func.count(Task.id)).where(Task.campaign_id == body.id)) == 0


@pytest.mark.parametrize("bad_row", [
    ["建立专家库", "区教育局", "2022-06-30"],  # a unit the registry does not know
    ["建立专家库", "区卫健局", "明年再说"],  # a deadline the rules do not read
    ["研究制定托育机构用地保障办法", "区卫健局", ""],  # the same matter twice in one meeting
])
def test_an_unresolved_unit_or_a_bad_row_exits_1_and_records_nothing(runner, tmp_path, body, bad_row):
    result = _add(runner, tmp_path, rows=DECISIONS + [bad_row])
    assert result.exit_code == 1, result.output
    assert "未记录" in result.stderr and result.stdout == ""
    assert db.session.scalar(select(func.count(Meeting.id))) == 0
    assert db.session.scalar(select(func.count(Task.id)).where(Task.campaign_id == body.id)) == 0


def test_an_unreadable_decisions_file_or_unknown_body_exits_2(runner, tmp_path, body, world):
    assert _add(runner, tmp_path, data=b"\x00\x01 not a table", name="x.bin").exit_code == 2
    wrong = runner.invoke(args=["meeting", "add", "hb", "--kind", "plenary", "--date", "2022-03-01",
                                "--title", "x"])
    assert wrong.exit_code == 2 and "找不到联席会议" in wrong.stderr
    assert db.session.scalar(select(func.count(Meeting.id))) == 0


def test_an_unknown_kind_is_a_usage_error(runner, tmp_path, body):
    result = runner.invoke(args=["meeting", "add", "lxhy", "--kind", "annual", "--date", "2022-03-01",
                                 "--title", "x"])
    assert result.exit_code == 2


def test_matters_typed_on_the_page_follow_the_same_rules(body, world):
    spec = MeetingSpec("liaison", date(2022, 2, 20), "联络员会议", present=[world.units["wj"].id],
                       absent={world.units["fg"].id: "请假"})
    done = record_meeting(body, spec, rows_sheet([("拟定联席会议工作规则", "卫健、发改", "2022-04-30"),
                                                  ("", "", "")]))
    assert done.ok and done.meeting is not None
    [task] = done.tasks
    assert [(a.unit.name, a.role) for a in task.assignments] == [("区卫健局", "lead"), ("区发改局", "co")]
    assert [(a.unit_id, a.present, a.note) for a in done.meeting.attendance] == [
        (world.units["wj"].id, True, ""), (world.units["fg"].id, False, "请假")]
    assert [t.id for t in matters(body, meeting_id=done.meeting.id, open_only=True)] == [task.id]


def test_a_row_without_a_unit_is_an_error_named_by_its_line(body):
    done = record_meeting(body, MeetingSpec("topic", date(2022, 2, 20), "专题会议"),
                          rows_sheet([("拟定工作规则", "", "")]))
    assert done.meeting is None and [(e.row, e.column) for e in done.plan.errors] == [(1, "责任单位")]
