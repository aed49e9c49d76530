"""The report pages: a unit files with a pre-filled draft and a file, the office's board, return, package."""
import io
import zipfile
from datetime import date, datetime
from urllib.parse import unquote

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from tracker.assignments.services import add_progress_update
from tracker.extensions import db
from tracker.reports.filing import Filing, file_report
from tracker.reports.models import Report, ReportCycle
from tracker.reports.services import CycleSpec, create_cycle

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
DUE = date(2022, 7, 10)


@pytest.fixture
def cycle(world):
    made = create_cycle(world.campaign, CycleSpec("2022年上半年", DUE, [world.units["wj"], world.units["fg"]]))
    db.session.commit()
    return made


def test_the_unit_sees_the_cycles_it_owes_and_the_draft_is_prefilled(client, login, world, cycle, clock):
    clock.freeze(date(2022, 7, 1))
    a = world.assignment(0, "wj")
    update = add_progress_update(a, world.users["wj"], a.version, "已起草实施意见（送审稿）")
    db.session.flush()
    update.created_at = datetime(2022, 5, 1, 3)
    db.session.commit()
    login("wj")
    assert "2022年上半年" in client.get("/reports/").get_data(as_text=True)
    page = client.get(f"/reports/cycles/{cycle.id}").get_data(as_text=True)
    assert "已起草实施意见（送审稿）" in page and "已根据本单位" in page
    login("cz")
    assert "2022年上半年" not in client.get("/reports/").get_data(as_text=True)
    assert client.get(f"/reports/cycles/{cycle.id}").status_code == 404


def test_a_unit_files_with_a_file_and_the_board_shows_it_reported(client, login, world, cycle, clock):
    clock.freeze(DUE)
    login("wj")
    resp = client.post(f"/reports/cycles/{cycle.id}/report", data={
        "text": "上半年履职情况：……", "files": [(io.BytesIO(PDF), "履职情况附件.pdf")]},
        content_type="multipart/form-data")
    assert resp.status_code == 302
    report = db.session.scalar(select(Report))
    assert [f.evidence.original_name for f in report.files] == ["履职情况附件.pdf"]
    login("office")
    page = client.get(f"/reports/cycles/{cycle.id}").get_data(as_text=True)
    assert 'data-unit="区卫健局" data-state="reported"' in page
    assert 'data-unit="区发改局" data-state="missing"' in page
    assert "履职情况附件.pdf" in page


def test_an_empty_report_is_refused_and_nothing_is_written(client, login, world, cycle, clock):
    clock.freeze(DUE)
    login("wj")
    resp = client.post(f"/reports/cycles/{cycle.id}/report", data={"text": "  "})
    assert resp.status_code == 400 and "请填写报告正文" in resp.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Report.id))) == 0


def test_the_office_returns_with_a_reason_and_the_unit_sees_it(client, login, world, cycle, clock):
    clock.freeze(date(2022, 7, 11))
    report = file_report(cycle, world.units["wj"], Filing("初稿"), None, today=DUE).report
    db.session.commit()
    login("office")
    resp = client.post(f"/reports/{report.id}/return", data={"reason": "请补充数据。", "version": report.version})
    assert resp.status_code == 302
    page = client.get(f"/reports/cycles/{cycle.id}").get_data(as_text=True)
    assert 'data-unit="区卫健局" data-state="overdue"' in page and "请补充数据" in page
    login("wj")
    page = client.get(f"/reports/cycles/{cycle.id}").get_data(as_text=True)
    assert "办公室退回了本报告" in page and "请补充数据" in page and "初稿" in page
    assert "<strong>请补充数据</strong>。请修改后重新报送" in page  # one full stop, not 。。


def test_a_leader_reads_the_board_but_cannot_decide(client, login, world, cycle):
    report = file_report(cycle, world.units["wj"], Filing("初稿"), None, today=DUE).report
    db.session.commit()
    login("leader")
    assert client.get(f"/reports/cycles/{cycle.id}").status_code == 200
    assert client.get(f"/reports/{report.id}").status_code == 200
    assert client.post(f"/reports/{report.id}/approve").status_code == 403
    login("fg")
    assert client.get(f"/reports/{report.id}").status_code == 404


def test_the_office_creates_a_cycle_in_the_page(client, login, world):
    login("office")
    resp = client.post("/reports/cycles", data={"name": "2022年上半年", "due_on": "2022-07-10", "recurrence": "half_year",
                                               "remind_days": "5", "who": "chosen",
                                               "units": [str(world.units["cz"].id)]})
    assert resp.status_code == 302
    cycle = db.session.scalar(select(ReportCycle))
    assert (cycle.recurrence, cycle.remind_days, [o.unit.name for o in cycle.owed]) == ("half_year", 5, ["区财政局"])
    again = client.post("/reports/cycles", data={"name": "2022年上半年", "due_on": "2022-07-10", "who": "all"})
    assert again.status_code == 400 and "已有名为" in again.get_data(as_text=True)


def test_one_click_self_assessment_cycle_for_every_responsible_unit(client, login, world):
    login("office")
    assert client.post("/reports/cycles/self-assessment").status_code == 302
    cycle = db.session.scalar(select(ReportCycle))
    assert (cycle.kind, cycle.due_on) == ("self_assessment", date(2022, 8, 20))
    assert [o.unit.name for o in cycle.owed] == ["区卫健局", "区发改局", "区财政局"]


def test_the_package_holds_the_summary_a_document_per_report_and_its_files(client, login, world, cycle, clock):
    clock.freeze(date(2022, 7, 11))
    login("wj")
    client.post(f"/reports/cycles/{cycle.id}/report", data={
        "text": "一、工作进展\n=1+1 不是公式", "files": [(io.BytesIO(PDF), "附件.pdf")]},
        content_type="multipart/form-data")
    login("office")
    with client.get(f"/reports/cycles/{cycle.id}/package.zip") as resp:
        assert resp.status_code == 200 and resp.mimetype == "application/zip"
        zf = zipfile.ZipFile(io.BytesIO(resp.data))
        named = unquote(resp.headers["Content-Disposition"])
    assert f"{cycle.campaign.name}-{cycle.name}报告-2022-07-11.zip" in named  # whose package, not only when
    names = zf.namelist()
    assert "报告汇总.xlsx" in names
    assert "01_区卫健局/区卫健局2022年上半年报告.docx" in names
    assert "01_区卫健局/附件/01_附件.pdf" in names and zf.read("01_区卫健局/附件/01_附件.pdf") == PDF
    assert not any(n.startswith("02_") for n in names)  # 区发改局 has not reported
    ws = load_workbook(io.BytesIO(zf.read("报告汇总.xlsx"))).active
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=3)]
    assert [r[1:4] for r in rows] == [["区卫健局", "已报", "已报送"], ["区发改局", "逾期未报", "未报送"]]


def test_a_package_over_the_cap_is_refused_on_the_web_and_built_on_the_command_line(app, client, login, world, cycle,
                                                                                     runner, tmp_path):
    login("wj")
    client.post(f"/reports/cycles/{cycle.id}/report", data={
        "text": "总结", "files": [(io.BytesIO(PDF), "附件.pdf")]}, content_type="multipart/form-data")
    app.config["REPORT_PACKAGE_MAX_MB"] = 0
    try:
        login("office")
        resp = client.get(f"/reports/cycles/{cycle.id}/package.zip")
        assert resp.status_code == 413 and "系统管理员" in resp.get_data(as_text=True)
    finally:
        app.config["REPORT_PACKAGE_MAX_MB"] = 200
    out = tmp_path / "reports.zip"
    result = runner.invoke(args=["cycle", "package", "hb", "2022年上半年", str(out)])
    assert result.exit_code == 0, result.output
    assert "01_区卫健局/附件/01_附件.pdf" in zipfile.ZipFile(out).namelist()


def test_a_returned_report_reads_as_returned_not_also_as_not_reported(client, login, world, cycle, clock):
    clock.freeze(date(2022, 7, 1))  # before the due date: 未报 would be the board's word for it
    report = file_report(cycle, world.units["wj"], Filing("初稿"), None, today=date(2022, 7, 1)).report
    db.session.commit()
    login("office")
    client.post(f"/reports/{report.id}/return", data={"reason": "请补充数据", "version": report.version})
    login("wj")
    for path in (f"/reports/cycles/{cycle.id}", "/reports/"):
        page = client.get(path).get_data(as_text=True)
        assert "已退回" in page and 'data-state="missing"' not in page, path
    clock.freeze(date(2022, 7, 11))  # past it, the unit is still told it is late
    assert 'data-state="overdue"' in client.get(f"/reports/cycles/{cycle.id}").get_data(as_text=True)


def test_a_stale_decision_returns_to_the_report_as_it_now_stands(client, login, world, cycle, clock):
    clock.freeze(date(2022, 7, 1))
    report = file_report(cycle, world.units["wj"], Filing("初稿"), None, today=DUE).report
    db.session.commit()
    stale = report.version
    file_report(cycle, world.units["wj"], Filing("修改稿"), None, today=DUE)  # the unit refiles meanwhile
    db.session.commit()
    login("office")
    resp = client.post(f"/reports/{report.id}/return", data={"reason": "请补充数据", "version": stale})
    assert resp.status_code == 302 and resp.headers["Location"].endswith(f"/reports/{report.id}")
    page = client.get(resp.headers["Location"]).get_data(as_text=True)
    assert "本次未审核" in page and "您填写的退回原因：请补充数据" in page and "修改稿" in page
    assert db.session.get(Report, report.id).status == "submitted"
