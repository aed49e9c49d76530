"""The indicator pages: a unit reports with a file, the office reviews, defines and imports; the dashboard panel."""
import io
from datetime import date

from sqlalchemy import func, select

from tests.factories import make_indicator, make_value
from tests.imports.conftest import xlsx
from tests.indicators.conftest import FIRST
from tracker.evidence.models import Evidence
from tracker.extensions import db
from tracker.indicators.models import Indicator, IndicatorValue
from tracker.indicators.reporting import approve_value

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
TODAY = date(2022, 5, 25)


def _report(client, beds, **data):
    form = {"value": "420", "as_of": "2021-12-31", "note": "统计表见附件。", **data}
    return client.post(f"/indicators/{beds.id}/values", data=form, content_type="multipart/form-data")


def test_a_unit_reports_a_value_with_a_file(client, login, world, beds, clock):
    clock.freeze(TODAY)
    login("wj")
    resp = _report(client, beds, files=[(io.BytesIO(PDF), "托位统计表.pdf")])
    assert resp.status_code == 302
    value = db.session.scalar(select(IndicatorValue))
    assert (value.status, value.value, value.note) == ("submitted", 420, "统计表见附件。")
    assert [f.evidence.original_name for f in value.files] == ["托位统计表.pdf"]
    page = client.get(f"/indicators/{beds.id}").get_data(as_text=True)
    assert "托位统计表.pdf" in page and "待审核" in page


def test_a_value_that_is_no_number_is_refused_with_what_was_typed(client, login, world, beds, clock):
    clock.freeze(TODAY)
    login("wj")
    resp = _report(client, beds, value="约四百")
    assert resp.status_code == 400
    page = resp.get_data(as_text=True)
    assert "应为一个数字" in page and 'value="约四百"' in page
    assert db.session.scalar(select(func.count(IndicatorValue.id))) == 0


def test_a_refused_report_leaves_no_file_behind(client, login, world, beds, clock, app):
    clock.freeze(TODAY)
    login("wj")
    resp = _report(client, beds, as_of="2022-06-01", files=[(io.BytesIO(PDF), "表.pdf")])
    assert resp.status_code == 400 and "不能晚于今天" in resp.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Evidence.id))) == 0


def test_a_unit_not_responsible_cannot_open_or_report(client, login, world, beds):
    login("cz")
    assert client.get(f"/indicators/{beds.id}").status_code == 404
    assert _report(client, beds).status_code == 404
    assert "新增托位" not in client.get("/indicators").get_data(as_text=True)


def test_the_office_approves_from_the_list_and_the_value_counts(client, login, world, beds, clock):
    clock.freeze(TODAY)
    value = make_value(beds, world.units["wj"], 420, FIRST, approved=False)
    db.session.commit()
    login("office")
    listing = client.get("/indicators").get_data(as_text=True)
    assert 'data-testid="pending-values"' in listing
    resp = client.post(f"/indicator-values/{value.id}/approve", data={"version": value.version, "back": "list"})
    assert resp.status_code == 302 and resp.headers["Location"] == "/indicators"
    assert db.session.get(IndicatorValue, value.id).status == "approved"
    assert "正常推进" in client.get("/indicators").get_data(as_text=True)


def test_returning_needs_a_reason(client, login, world, beds):
    value = make_value(beds, world.units["wj"], 420, FIRST, approved=False)
    db.session.commit()
    login("office")
    resp = client.post(f"/indicator-values/{value.id}/return", data={"reason": "", "version": value.version})
    assert resp.status_code == 400 and "退回原因" in resp.get_data(as_text=True)
    client.post(f"/indicator-values/{value.id}/return", data={"reason": "口径不符。", "version": value.version})
    assert db.session.get(IndicatorValue, value.id).status == "returned"


def test_a_stale_review_is_409(client, login, world, beds):
    value = make_value(beds, world.units["wj"], 420, FIRST, approved=False)
    db.session.commit()
    login("office")
    assert client.post(f"/indicator-values/{value.id}/approve", data={"version": value.version + 5}).status_code == 409


def test_the_unit_corrects_a_returned_value(client, login, world, beds, clock):
    clock.freeze(TODAY)
    value = make_value(beds, world.units["wj"], 380, FIRST, approved=False, actor=world.users["wj"])
    db.session.commit()
    login("office")
    client.post(f"/indicator-values/{value.id}/return", data={"reason": "口径不符。", "version": value.version})
    login("wj")
    page = client.get(f"/indicators/{beds.id}").get_data(as_text=True)
    assert "修改后重新报送" in page and "口径不符。" in page
    resp = client.post(f"/indicator-values/{value.id}/resubmit", data={
        "value": "405", "as_of": "2021-12-31", "note": "已按统计口径更正。", "version": value.version})
    assert resp.status_code == 302
    value = db.session.get(IndicatorValue, value.id)
    assert (value.status, value.value) == ("submitted", 405)


def test_the_unit_corrects_its_value_awaiting_review_from_the_page(client, login, world, beds, clock):
    clock.freeze(TODAY)
    value = make_value(beds, world.units["wj"], 4800, FIRST, approved=False, actor=world.users["wj"])
    db.session.commit()
    login("fg")  # responsible too: it sees the value but may not correct 区卫健局's
    assert 'data-testid="correct-value"' not in client.get(f"/indicators/{beds.id}").get_data(as_text=True)
    login("wj")
    page = client.get(f"/indicators/{beds.id}").get_data(as_text=True)
    assert 'data-testid="correct-value"' in page and "更正（审核前可修改）" in page
    resp = client.post(f"/indicator-values/{value.id}/resubmit", data={
        "value": "480", "as_of": "2021-12-31", "note": "多打了一个0", "version": value.version})
    assert resp.status_code == 302
    value = db.session.get(IndicatorValue, value.id)
    assert (value.status, value.value, value.note) == ("submitted", 480, "多打了一个0")


def test_another_unit_cannot_resubmit_a_value(client, login, world, beds):
    value = make_value(beds, world.units["wj"], 380, FIRST, approved=False)
    db.session.commit()
    login("fg")  # responsible too, but the value is 区卫健局's
    assert client.post(f"/indicator-values/{value.id}/resubmit", data={"value": "1", "as_of": "2021-12-31"}
                       ).status_code == 404


def test_the_office_defines_an_indicator_with_milestones_and_units(client, login, world):
    login("office")
    resp = client.post("/indicators/new", data={
        "name": "新增托位", "measure": "个", "direction": "at_least", "baseline": "0",
        "milestones": "2021-12-31 400\n2022年12月31日 500", "units": "卫健、发改"})
    assert resp.status_code == 302
    indicator = db.session.scalar(select(Indicator))
    assert [(m.due_on, m.target) for m in indicator.milestones] == [(date(2021, 12, 31), 400),
                                                                     (date(2022, 12, 31), 500)]
    assert [u.name for u in indicator.responsible_units] == ["区卫健局", "区发改局"]


def test_an_unresolved_unit_in_the_form_is_refused_with_suggestions(client, login, world):
    login("office")
    resp = client.post("/indicators/new", data={"name": "新增托位", "measure": "个", "direction": "at_least",
                                                "milestones": "2021-12-31 400", "units": "区卫健委"})
    assert resp.status_code == 400 and "无法确定责任单位：区卫健委" in resp.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Indicator.id))) == 0


def test_the_edit_form_is_prefilled_and_refuses_a_stale_version(client, login, world, beds):
    login("office")
    page = client.get(f"/indicators/{beds.id}/edit").get_data(as_text=True)
    assert "2021-12-31 400" in page and "区卫健局、区发改局" in page
    resp = client.post(f"/indicators/{beds.id}/edit", data={
        "name": "新增托位", "measure": "个", "direction": "at_least", "milestones": "2021-12-31 450",
        "units": "区卫健局", "version": beds.version + 3})
    assert resp.status_code == 409


def test_the_office_imports_a_workbook_from_the_page(client, login, world):
    login("office")
    book = xlsx([["指标", "计量单位", "方向", "基线", "目标值", "目标日期", "责任单位"],
                 ["新增托位", "个", "不低于", 0, 400, "2021-12-31", "区卫健局"]])
    resp = client.post("/indicators/import", data={"file": (io.BytesIO(book), "指标.xlsx")},
                       content_type="multipart/form-data")
    assert resp.status_code == 200 and "已导入：新增 1 项" in resp.get_data(as_text=True)
    assert db.session.scalar(select(Indicator.name)) == "新增托位"


def test_the_import_template_reimports_clean(client, login, world):
    login("office")
    book = client.get("/indicators/template.xlsx").data
    resp = client.post("/indicators/import", data={"file": (io.BytesIO(book), "t.xlsx"), "dry_run": "1"},
                       content_type="multipart/form-data")
    assert "检查通过" in resp.get_data(as_text=True)


def test_the_dashboard_panel_shows_status_in_words_and_the_progress(client, login, world, beds, clock):
    clock.freeze(TODAY)
    make_value(beds, world.units["wj"], 360, FIRST)
    db.session.commit()
    login("leader")
    page = client.get("/dashboard").get_data(as_text=True)
    assert 'data-testid="indicator-panel"' in page
    assert 'data-standing="behind"' in page and "滞后" in page and "2021-12-31 节点目标 400，截至当日为 360" in page
    assert 'aria-valuenow="72.0"' in page  # 360 of 500 (the next milestone) from a baseline of 0


def test_the_dashboard_panel_costs_the_same_queries_for_more_indicators(client, login, world, beds, clock,
                                                                        count_queries):
    clock.freeze(TODAY)
    make_value(beds, world.units["wj"], 360, FIRST)
    db.session.commit()
    login("office")
    client.get("/dashboard")  # the campaign's figures are cached from here on: count the indicators' share
    with count_queries() as one:
        client.get("/dashboard")
    for n in range(5):
        extra = make_indicator(world.campaign, f"指标{n}", [world.units["fg"]], [(date(2022, 12, 31), 10)])
        make_value(extra, world.units["fg"], n, FIRST)
    db.session.commit()
    client.get("/dashboard")
    with count_queries() as six:
        client.get("/dashboard")
    assert six.count == one.count



def test_the_units_library_shows_the_indicator_a_file_is_attached_to(client, login, world, beds, clock):
    clock.freeze(TODAY)
    login("wj")
    _report(client, beds, files=[(io.BytesIO(PDF), "托位统计表.pdf")])
    page = client.get("/evidence").get_data(as_text=True)
    assert "托位统计表.pdf" in page and "指标：新增托位" in page and "未关联" not in page


def test_the_cached_dashboard_panel_follows_every_indicator_write(client, login, world, beds, clock):
    """The panel is rendered once per figures token: a report, an approval, a new milestone and a new
    indicator each show on the very next request (never the cached panel of before)."""
    clock.freeze(TODAY)
    login("leader")

    def panel() -> str:
        page = client.get("/dashboard").get_data(as_text=True)
        start = page.index('data-testid="indicator-panel"')
        return page[start:page.index("</table>", start)]

    assert "待审" not in panel() and "截至当日为" not in panel()
    value = make_value(beds, world.units["wj"], 360, FIRST, approved=False)
    db.session.commit()
    assert "待审 1" in panel()
    approve_value(value, None)
    db.session.commit()
    assert "待审" not in panel() and "截至当日为 360" in panel()
    beds.name = "新增托育托位"
    db.session.commit()
    assert "新增托育托位" in panel()
    make_indicator(world.campaign, "普惠托位", [world.units["fg"]], [(date(2022, 12, 31), 10)])
    db.session.commit()
    assert "普惠托位" in panel()
