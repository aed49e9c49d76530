"""`tracker body create|members`: the exact contract — JSON shape, all or nothing, exit codes 0 / 1 / 2."""
import json
from datetime import date

from docx import Document
from sqlalchemy import func, select

from tests.imports.conftest import xlsx
from tests.meetings.conftest import DIRECTORY_HEADER
from tracker.campaigns.services import get_campaign
from tracker.extensions import db
from tracker.meetings.members import member_units, members_of
from tracker.meetings.models import Liaison, Member
from tracker.meetings.services import body_of


def _file(tmp_path, data: bytes, name="members.xlsx"):
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def _members(runner, tmp_path, data, *extra, name="members.xlsx"):
    return runner.invoke(args=["body", "members", "lxhy", _file(tmp_path, data, name), *extra])


DIRECTORY = [
    DIRECTORY_HEADER,
    ["区卫健局", "承担联席会议办公室职能", "王五", "科长", "0915-3210001", "ww@example.cn"],
    [None, None, "赵六", "副科长", 13800000000, ""],
    ["区发改局", "将托育服务纳入规划", "钱七", "科员", "0915-3210002", ""],
]


def _directory() -> bytes:
    return xlsx(DIRECTORY, merges=["A2:A3", "B2:B3"])


def test_body_create_makes_a_joint_meeting_campaign_without_phases(runner, world):
    result = runner.invoke(args=["body", "create", "jz", "--name", "荆州市托育工作联席会议",
                                 "--office-unit", "卫健", "--convener", "某某,副市长",
                                 "--notice-number", "荆政办函〔2020〕38号", "--notice-date", "2020-12-15"])
    assert result.exit_code == 0, result.output
    campaign = get_campaign("jz")
    assert (campaign.kind, campaign.is_body, campaign.phases) == ("joint_meeting", True, [])
    body = body_of(campaign)
    assert body.office_unit.name == "区卫健局"
    assert (body.convener.name, body.convener.post) == ("某某", "副市长")
    assert (body.notice_number, body.notice_date) == ("荆政办函〔2020〕38号", date(2020, 12, 15))


def test_body_create_refuses_a_taken_slug_with_1_and_an_unknown_unit_with_2(runner, world, body):
    taken = runner.invoke(args=["body", "create", "lxhy", "--name", "另一个", "--office-unit", "区卫健局"])
    assert taken.exit_code == 1 and "标识已存在" in taken.stderr
    unknown = runner.invoke(args=["body", "create", "x2", "--name", "另一个", "--office-unit", "市教育局"])
    assert unknown.exit_code == 2 and "找不到责任单位" in unknown.stderr
    assert get_campaign("x2") is None


def test_members_import_reads_merged_cells_and_prints_the_contracts_json(runner, tmp_path, body, world):
    result = _members(runner, tmp_path, xlsx(DIRECTORY, merges=["A2:A3", "B2:B3"]), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "members": [
            {"row": 2, "unit": "区卫健局", "duty": "承担联席会议办公室职能",
             "liaisons": [{"name": "王五", "post": "科长", "phone": "0915-3210001"},
                          {"name": "赵六", "post": "副科长", "phone": "13800000000"}]},
            {"row": 4, "unit": "区发改局", "duty": "将托育服务纳入规划",
             "liaisons": [{"name": "钱七", "post": "科员", "phone": "0915-3210002"}]}],
        "unresolved": [], "errors": []}
    assert [u.name for u in member_units(body)] == ["区卫健局", "区发改局"]
    assert [li.name for li in members_of(body)[0].current_liaisons] == ["王五", "赵六"]


def test_repeated_unit_cells_read_like_merged_ones(runner, tmp_path, body):
    rows = [DIRECTORY_HEADER, ["区卫健局", "办公室职能", "王五", "", "", ""],
            ["区卫健局", "办公室职能", "赵六", "", "", ""]]
    assert _members(runner, tmp_path, xlsx(rows)).exit_code == 0
    assert len(members_of(body)) == 1 and len(members_of(body)[0].liaisons) == 2


def test_an_unknown_unit_exits_1_and_writes_nothing(runner, tmp_path, body):
    rows = DIRECTORY + [["区教育局", "人才培养", "孙八", "", "", ""]]
    result = _members(runner, tmp_path, xlsx(rows, merges=["A2:A3", "B2:B3"]), "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert [(u["row"], u["text"]) for u in data["unresolved"]] == [(5, "区教育局")]
    assert db.session.scalar(select(func.count(Member.id))) == 0


def test_without_json_each_unresolved_member_unit_and_row_error_is_said_on_stderr(runner, tmp_path, body):
    rows = [DIRECTORY_HEADER, ["区教育局", "人才培养", "孙八", "", "", ""], ["区卫健局", "", "王五", "", "", "bad"]]
    result = _members(runner, tmp_path, xlsx(rows))
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.splitlines() == [
        "第 2 行：无法确定成员单位“区教育局”",
        "第 3 行 邮箱：责任清单!F3 “bad”不是有效的邮箱地址。",
        "未导入：请先处理以上问题（可用 tracker units alias 添加别名）。",
    ]


def test_row_errors_exit_1_each_with_its_cell(runner, tmp_path, body):
    rows = [DIRECTORY_HEADER,
            ["区卫健局", "办公室职能", "王五", "", "", "not-an-email"],
            [None, None, "赵六", "", "", ""],  # a blank unit cell that is not merged
            ["区发改局", "规划", "", "科员", "123", ""],  # post and phone without a name
            ["区发改局", "另一种职责", "钱七", "", "", ""]]
    result = _members(runner, tmp_path, xlsx(rows), "--json")
    assert result.exit_code == 1
    errors = {(e["row"], e["column"]) for e in json.loads(result.stdout)["errors"]}
    assert errors == {(2, "邮箱"), (3, "成员单位"), (4, "联络员"), (5, "职责")}
    assert db.session.scalar(select(func.count(Member.id))) == 0


def test_an_unreadable_file_exits_2(runner, tmp_path, body):
    result = _members(runner, tmp_path, b"%PDF-1.4 not a table", name="x.pdf")
    assert result.exit_code == 2 and result.stderr.strip()
    missing = runner.invoke(args=["body", "members", "lxhy", str(tmp_path / "none.xlsx")])
    assert missing.exit_code == 2
    no_header = _members(runner, tmp_path, xlsx([["甲", "乙"], ["1", "2"]]))
    assert no_header.exit_code == 2 and "未找到表头" in no_header.stderr


def test_an_unknown_body_or_a_creation_campaign_slug_exits_2(runner, tmp_path, world):
    for slug in ("nope", "hb"):  # hb is the world's creation campaign
        result = runner.invoke(args=["body", "members", slug, _file(tmp_path, xlsx(DIRECTORY))])
        assert result.exit_code == 2 and "找不到联席会议" in result.stderr


def test_dry_run_writes_nothing(runner, tmp_path, body):
    assert _members(runner, tmp_path, _directory(), "--dry-run").exit_code == 0
    assert db.session.scalar(select(func.count(Member.id))) == 0


def test_a_replaced_liaison_stays_in_the_history(runner, tmp_path, body, clock):
    clock.freeze(date(2022, 1, 10))
    assert _members(runner, tmp_path, _directory()).exit_code == 0
    clock.freeze(date(2022, 7, 1))
    rows = [DIRECTORY_HEADER, ["区卫健局", "", "周九", "科长", "", ""]]  # a blank duty keeps the one on record
    result = _members(runner, tmp_path, xlsx(rows))
    assert result.exit_code == 0 and "表中已无（保留未删）：区发改局" in result.stdout
    wj = members_of(body)[0]
    assert wj.duty == "承担联席会议办公室职能"
    history = {(li.name, li.since, li.until) for li in db.session.scalars(
        select(Liaison).where(Liaison.member_id == wj.id))}
    assert history == {("王五", date(2022, 1, 10), date(2022, 7, 1)), ("赵六", date(2022, 1, 10), date(2022, 7, 1)),
                       ("周九", date(2022, 7, 1), None)}
    assert [u.name for u in member_units(body)] == ["区卫健局", "区发改局"]  # never removed


def test_members_import_reads_a_word_table(runner, tmp_path, body):
    doc = Document()
    doc.add_paragraph("联席会议成员单位及联络员名单")
    table = doc.add_table(rows=3, cols=6)
    for r, values in enumerate([DIRECTORY_HEADER, DIRECTORY[1], DIRECTORY[3]]):
        for c, v in enumerate(values):
            table.cell(r, c).text = str(v)
    path = tmp_path / "notice.docx"
    doc.save(path)
    result = runner.invoke(args=["body", "members", "lxhy", str(path), "--json"])
    assert result.exit_code == 0, result.output
    assert [m["unit"] for m in json.loads(result.stdout)["members"]] == ["区卫健局", "区发改局"]
