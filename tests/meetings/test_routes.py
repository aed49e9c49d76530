"""The body and meeting pages: the office records, a member unit sees its duty and only its own matters."""
import io
from datetime import date

from openpyxl import load_workbook
from sqlalchemy import func, select

from tests.evidence.conftest import PDF
from tests.imports.conftest import xlsx
from tests.meetings.conftest import DIRECTORY_HEADER
from tracker.campaigns.services import get_campaign
from tracker.extensions import db
from tracker.meetings.members import add_member, members_of
from tracker.meetings.models import Meeting
from tracker.tasks.models import Task


def _members(body, world):
    add_member(body, world.units["wj"], "承担联席会议办公室职能")
    add_member(body, world.units["fg"], "将托育服务纳入经济社会发展规划")
    add_member(body, world.units["cz"], "保障工作经费")
    db.session.commit()


def _meeting_form(world, **extra):
    return {"kind": "plenary", "held_on": "2022-03-01", "title": "第一次全体会议", "place": "市政府三楼会议室",
            "chair": "张三", "agenda": "", "minutes": "会议议定如下事项。",
            "present": [str(world.units["wj"].id), str(world.units["fg"].id)],
            f"note_{world.units['cz'].id}": "请假",
            "d_title": ["研究托育用地保障办法", "落实托育工作经费", ""],
            "d_units": ["区发改局、区财政局", "区财政局", ""], "d_deadline": ["2022年6月底前", "长期坚持", ""],
            **extra}


def test_office_creates_a_body_and_it_is_listed_with_its_badge(client, login, world):
    login("office")
    resp = client.post("/bodies/new", data={"name": "托育工作联席会议", "slug": "tyhy",
                                            "office_unit_id": world.units["wj"].id, "convener": "张三 副区长",
                                            "deputies": "李四 区政府办副主任\n王五 区卫健局局长"})
    assert resp.status_code == 302
    campaign = get_campaign("tyhy")
    assert campaign.is_body
    page = client.get(f"/bodies/{campaign.id}").get_data(as_text=True)
    assert "办公室设在区卫健局" in page and "召集人：张三（副区长）" in page and "李四（区政府办副主任）" in page
    assert "联席会议" in client.get("/campaigns").get_data(as_text=True)
    assert "【联席会议】托育工作联席会议" in client.get("/bodies").get_data(as_text=True)


def test_office_records_a_meeting_with_attendance_minutes_file_and_matters(client, login, world, body):
    _members(body, world)
    login("office")
    data = _meeting_form(world, minutes_file=(io.BytesIO(PDF), "纪要.pdf"))
    resp = client.post(f"/bodies/{body.id}/meetings/new", data=data, content_type="multipart/form-data")
    assert resp.status_code == 302, resp.get_data(as_text=True)[:2000]
    meeting = db.session.scalar(select(Meeting))
    assert [(a.unit.name, a.present, a.note) for a in meeting.attendance] == [
        ("区卫健局", True, ""), ("区发改局", True, ""), ("区财政局", False, "请假")]
    tasks = db.session.scalars(select(Task).where(Task.meeting_id == meeting.id).order_by(Task.id)).all()
    assert [(t.title, t.deadline, [a.unit.name for a in t.assignments]) for t in tasks] == [
        ("研究托育用地保障办法", date(2022, 6, 30), ["区发改局", "区财政局"]), ("落实托育工作经费", None, ["区财政局"])]
    page = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "已完成 0 / 2" in page and "未出席：</strong>区财政局（请假）" in page
    with client.get(f"/meetings/{meeting.id}/minutes") as minutes:
        assert minutes.status_code == 200 and minutes.data == PDF
    assert meeting.minutes_file.unit_id == world.units["wj"].id  # the office unit's 材料库


def test_a_bad_deadline_names_its_row(client, login, world, body):
    _members(body, world)
    login("office")
    resp = client.post(f"/bodies/{body.id}/meetings/new", data=_meeting_form(
        world, d_deadline=["2022年6月底前", "2022/6/31", ""]))
    assert resp.status_code == 400
    page = resp.get_data(as_text=True)
    assert "第 2 行（完成时限）：日期无效：2022/6/31" in page
    assert db.session.scalar(select(func.count(Meeting.id))) == 0


def test_a_bad_matter_records_nothing_and_keeps_what_was_typed(client, login, world, body):
    _members(body, world)
    login("office")
    data = _meeting_form(world, d_units=["区发改局", "区教育局", ""])
    resp = client.post(f"/bodies/{body.id}/meetings/new", data=data)
    assert resp.status_code == 400
    page = resp.get_data(as_text=True)
    assert "无法确定责任单位“区教育局”" in page and 'value="研究托育用地保障办法"' in page
    assert 'value="市政府三楼会议室"' in page
    assert db.session.scalar(select(func.count(Meeting.id))) == 0
    assert db.session.scalar(select(func.count(Task.id)).where(Task.campaign_id == body.id)) == 0


def test_a_member_sees_its_duty_and_only_its_own_matters(client, login, world, body):
    _members(body, world)
    login("office")
    client.post(f"/bodies/{body.id}/meetings/new", data=_meeting_form(world))
    meeting = db.session.scalar(select(Meeting))
    login("cz")
    page = client.get(f"/bodies/{body.id}").get_data(as_text=True)
    assert "保障工作经费" in page and "本单位职责" in page
    own = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "落实托育工作经费" in own and "研究托育用地保障办法" in own  # cz is co-unit of the first, lead of the second
    login("wj")  # a member with no matter of this meeting
    theirs = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "落实托育工作经费" not in theirs and "研究托育用地保障办法" not in theirs and "已完成 0 / 0" in theirs
    assert client.post(f"/bodies/{body.id}/meetings/new", data=_meeting_form(world)).status_code == 403


def test_a_unit_that_is_no_member_gets_404(client, login, world, body):
    add_member(body, world.units["wj"], "办公室")
    db.session.commit()
    login("fg")
    assert client.get(f"/bodies/{body.id}").status_code == 404
    assert client.get(f"/bodies/{body.id}/directory").status_code == 404
    assert client.get(f"/bodies/{body.id}/directory.xlsx").status_code == 404


def test_the_directory_exports_as_a_workbook_that_imports_back(client, login, world, body, runner, tmp_path):
    rows = [DIRECTORY_HEADER, ["区卫健局", "办公室职能", "王五", "科长", "0915-1", ""],
            [None, None, "赵六", "副科长", "0915-2", "zl@example.cn"], ["区发改局", "规划", "钱七", "", "", ""]]
    path = tmp_path / "m.xlsx"
    path.write_bytes(xlsx(rows, merges=["A2:A3", "B2:B3"]))
    assert runner.invoke(args=["body", "members", "lxhy", str(path)]).exit_code == 0
    login("office")
    assert "赵六" in client.get(f"/bodies/{body.id}/directory").get_data(as_text=True)
    exported = client.get(f"/bodies/{body.id}/directory.xlsx").data
    ws = load_workbook(io.BytesIO(exported)).active
    assert [c.value for c in ws[2]] == DIRECTORY_HEADER
    assert [c.value for c in ws[4]][2:5] == ["赵六", "副科长", "0915-2"]
    again = tmp_path / "again.xlsx"
    again.write_bytes(exported)
    result = runner.invoke(args=["body", "members", "lxhy", str(again), "--dry-run"])
    assert result.exit_code == 0, result.output


def test_members_upload_preview_then_confirm(client, login, world, body):
    login("office")
    data = xlsx([DIRECTORY_HEADER, ["区卫健局", "办公室职能", "王五", "科长", "", ""], ["卫键局", "x", "某", "", "", ""]])
    resp = client.post(f"/bodies/{body.id}/members/import", data={"file": (io.BytesIO(data), "m.xlsx")},
                       content_type="multipart/form-data")
    assert resp.status_code == 302
    preview = client.get(resp.headers["Location"]).get_data(as_text=True)
    assert "待确定单位 1 处" in preview and "卫键局" in preview
    token_url = resp.headers["Location"]
    assert client.post(f"{token_url}/confirm").status_code == 302
    assert members_of(body) == []  # nothing written while a unit is unresolved
    good = xlsx([DIRECTORY_HEADER, ["区卫健局", "办公室职能", "王五", "科长", "", ""]])
    resp = client.post(f"/bodies/{body.id}/members/import", data={"file": (io.BytesIO(good), "m.xlsx")},
                       content_type="multipart/form-data")
    assert client.post(f"{resp.headers['Location']}/confirm").status_code == 302
    assert [m.unit.name for m in members_of(body)] == ["区卫健局"]


def test_office_replaces_a_liaison_and_edits_a_duty(client, login, world, body, clock):
    _members(body, world)
    clock.freeze(date(2022, 4, 1))
    member = members_of(body)[0]
    login("office")
    assert client.post(f"/bodies/members/{member.id}/liaison", data={"name": "孙八", "post": "科长"}).status_code == 302
    assert client.post(f"/bodies/members/{member.id}/liaison", data={"name": "周九"}).status_code == 302
    assert client.post(f"/bodies/members/{member.id}/duty", data={"duty": "新的职责"}).status_code == 302
    member = members_of(body)[0]
    assert member.duty == "新的职责"
    assert [(li.name, li.until) for li in member.liaisons] == [("孙八", date(2022, 4, 1)), ("周九", None)]


def test_the_bodys_header_names_its_founding_notice_by_number_or_by_date(client, login, world, body):
    from tracker.meetings.models import JointBody

    login("office")
    details = db.session.scalar(select(JointBody).where(JointBody.campaign_id == body.id))
    details.notice_date = date(2021, 3, 1)
    db.session.commit()
    page = client.get(f"/bodies/{body.id}").get_data(as_text=True)
    assert "依据 汉政办函〔2021〕5号（2021-03-01印发）" in page
    details.notice_number = None
    db.session.commit()
    page = client.get(f"/bodies/{body.id}").get_data(as_text=True)
    assert "依据 2021-03-01 印发的通知" in page and "依据 （" not in page
