"""The 通报 may carry the indicator table: a snapshot of each indicator's standing on the circular's date."""
import io
from datetime import date

from docx import Document
from openpyxl import load_workbook

from tests.factories import make_value
from tests.indicators.conftest import FIRST
from tracker.extensions import db
from tracker.supervision.circulars import issue_circular, preview

AS_OF = date(2022, 5, 10)


def test_the_preview_offers_the_table_only_when_asked(world, beds):
    make_value(beds, world.units["wj"], 360, FIRST)
    assert "indicators" not in preview(world.campaign, AS_OF)
    assert preview(world.campaign, AS_OF, with_indicators=True)["indicators"] == [{
        "name": "新增托位", "measure": "个", "latest": "360", "latest_on": "2021-12-31", "target": "不低于500",
        "target_on": "2022-12-31", "progress": 72.0, "status": "behind", "status_label": "滞后",
        "reason": "2021-12-31 节点目标 400，截至当日为 360"}]


def test_an_issued_circular_keeps_the_table_as_of_its_date(world, beds):
    make_value(beds, world.units["wj"], 360, FIRST)
    circular = issue_circular(world.campaign, AS_OF, "请加快推进。", world.users["office"], with_indicators=True)
    make_value(beds, world.units["wj"], 420, FIRST)  # a later correction does not rewrite the issued circular
    db.session.commit()
    assert circular.data["indicators"][0]["latest"] == "360"


def test_the_office_ticks_the_table_in_and_it_is_printed_and_in_the_workbook(client, login, world, beds):
    make_value(beds, world.units["wj"], 360, FIRST)
    db.session.commit()
    login("office")
    form = client.get(f"/circulars/new?as_of={AS_OF.isoformat()}").get_data(as_text=True)
    assert 'name="with_indicators"' in form and "附表：目标指标完成情况" in form
    resp = client.post("/circulars/new", data={"as_of": AS_OF.isoformat(), "body": "请加快推进。",
                                               "with_indicators": "1"})
    page = client.get(resp.headers["Location"]).get_data(as_text=True)
    assert 'data-testid="indicator-table"' in page and 'data-standing="behind"' in page
    book = load_workbook(io.BytesIO(client.get(resp.headers["Location"] + ".xlsx").data))
    assert book["指标完成情况"]["A2"].value == "新增托位" and book["指标完成情况"]["G2"].value == "滞后"
    document = Document(io.BytesIO(client.get(resp.headers["Location"] + ".docx").data))
    assert "附表：目标指标完成情况" in [p.text for p in document.paragraphs]
    assert document.tables[-1].rows[1].cells[-1].text == "滞后"


def test_a_circular_without_the_table_prints_none(client, login, world, beds):
    login("office")
    resp = client.post("/circulars/new", data={"as_of": AS_OF.isoformat(), "body": "请加快推进。"})
    assert 'data-testid="indicator-table"' not in client.get(resp.headers["Location"]).get_data(as_text=True)
