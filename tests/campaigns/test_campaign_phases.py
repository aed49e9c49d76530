"""A creation campaign always keeps its four phases: the edit is validated whole and applied whole."""
from sqlalchemy import func, select

from tests.factories import make_campaign, make_user
from tracker.audit.models import AuditEvent
from tracker.campaigns.models import Phase
from tracker.campaigns.services import get_campaign
from tracker.extensions import db

FULL = {"name": "示范城区", "lead_days": 14, "light_yellow_workdays": 5,
        "mobilization-starts_on": "2021-09-30", "mobilization-ends_on": "2021-10-31",
        "implementation-starts_on": "2021-11-01", "implementation-ends_on": "2022-05-31",
        "self_assessment-starts_on": "2022-06-01", "self_assessment-ends_on": "2022-08-20",
        "acceptance-starts_on": "2022-08-21", "acceptance-ends_on": ""}


def _audits(action: str) -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == action))


def test_edit_without_phase_fields_is_refused_and_keeps_all_four(app, login):
    campaign = make_campaign()
    make_user("office", "office")
    db.session.commit()
    client = login("office")
    resp = client.post(f"/campaigns/{campaign.id}/edit", data={"name": "改名", "lead_days": 14,
                                                              "light_yellow_workdays": 5})
    text = resp.get_data(as_text=True)
    assert resp.status_code == 200 and "缺少：动员部署、组织实施、自查评估、申报验收" in text
    assert 'value="改名"' in text  # what was typed is shown again
    db.session.expire_all()
    c = get_campaign("hb")
    assert len(c.phases) == 4 and c.name != "改名" and _audits("campaign.update") == 0


def test_edit_missing_one_phase_names_it_and_changes_nothing(app, login):
    campaign = make_campaign()
    make_user("office", "office")
    db.session.commit()
    data = dict(FULL, **{"implementation-starts_on": "", "implementation-ends_on": ""})
    resp = login("office").post(f"/campaigns/{campaign.id}/edit", data=data)
    assert resp.status_code == 200 and "缺少：组织实施" in resp.get_data(as_text=True)
    db.session.expire_all()
    assert [p.kind for p in get_campaign("hb").phases] == ["mobilization", "implementation", "self_assessment",
                                                          "acceptance"]


def test_a_campaign_stored_with_a_lost_phase_gets_it_back_on_save(app, login):
    campaign = make_campaign()
    make_user("office", "office")
    db.session.execute(db.delete(Phase).where(Phase.kind == "implementation"))
    db.session.commit()
    resp = login("office").post(f"/campaigns/{campaign.id}/edit", data=FULL)
    assert resp.status_code == 302
    db.session.expire_all()
    c = get_campaign("hb")
    assert c.phase("implementation") is not None and len(c.phases) == 4
    assert _audits("campaign.update") == 1


def test_create_with_three_phases_exits_1_and_names_the_missing_one(app, runner):
    args = ["campaign", "create", "x", "--name", "X", "--phase", "mobilization=2021-09-30..2021-10-31",
            "--phase", "implementation=2021-11-01..2022-05-31", "--phase", "self_assessment=2022-06-01..2022-08-20"]
    result = runner.invoke(args=args)
    assert result.exit_code == 1 and "缺少：申报验收" in result.stderr
    assert get_campaign("x") is None
