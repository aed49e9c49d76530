"""`tracker campaign create` and the campaign pages."""
from datetime import date

from tests.factories import make_campaign, make_user
from tracker.campaigns.services import get_campaign
from tracker.extensions import db

PHASES = ["--phase", "mobilization=2021-09-30..2021-10-31", "--phase", "implementation=2021-11-01..2022-05-31",
          "--phase", "self_assessment=2022-06-01..2022-08-20", "--phase", "acceptance=2022-08-21.."]


def test_campaign_create(app, runner):
    result = runner.invoke(args=["campaign", "create", "hanbin", "--name", "汉滨区创建示范城区", *PHASES,
                                 "--lead-days", "10"])
    assert result.exit_code == 0, result.output
    c = get_campaign("hanbin")
    assert c.lead_days == 10 and [p.kind for p in c.phases][-1] == "acceptance"
    assert c.phase("acceptance").ends_on is None and c.phase("self_assessment").starts_on == date(2022, 6, 1)


def test_overlapping_or_unordered_phases_exit_1(app, runner):
    overlap = ["--phase", "mobilization=2021-09-30..2021-11-05", "--phase", "implementation=2021-11-01..2022-05-31"]
    result = runner.invoke(args=["campaign", "create", "x", "--name", "X", *overlap])
    assert result.exit_code == 1 and "重叠" in result.stderr
    order = ["--phase", "implementation=2021-11-01..2022-05-31", "--phase", "mobilization=2021-09-30..2021-10-31"]
    assert runner.invoke(args=["campaign", "create", "x", "--name", "X", *order]).exit_code == 1
    assert runner.invoke(args=["campaign", "create", "x", "--name", "X", "--phase", "later=2021-01-01.."]).exit_code == 1
    assert get_campaign("x") is None


def test_office_creates_and_edits_campaign(app, login):
    make_user("office", "office")
    db.session.commit()
    client = login("office")
    data = {"slug": "hb2", "name": "示范城区", "lead_days": 14,
            "mobilization-starts_on": "2021-09-30", "mobilization-ends_on": "2021-10-31",
            "implementation-starts_on": "2021-11-01", "implementation-ends_on": "2022-05-31",
            "self_assessment-starts_on": "2022-06-01", "self_assessment-ends_on": "2022-08-20",
            "acceptance-starts_on": "2022-08-21", "acceptance-ends_on": ""}
    assert client.post("/campaigns/new", data=data).status_code == 302
    c = get_campaign("hb2")
    assert len(c.phases) == 4
    data.update(name="示范城区（修订）", **{"acceptance-starts_on": "2022-08-10"})
    resp = client.post(f"/campaigns/{c.id}/edit", data=data)
    assert resp.status_code == 200 and "重叠" in resp.get_data(as_text=True)
    data.update(**{"acceptance-starts_on": "2022-08-25"})
    assert client.post(f"/campaigns/{c.id}/edit", data=data).status_code == 302
    db.session.expire_all()
    assert get_campaign("hb2").name == "示范城区（修订）"
    assert "示范城区（修订）" in client.get("/campaigns").get_data(as_text=True)


def test_campaign_pages_are_office_only(app, login):
    make_campaign()
    make_user("leader", "leader")
    db.session.commit()
    client = login("leader")
    assert client.get("/campaigns").status_code == 403
    assert client.get("/campaigns/new").status_code == 403
