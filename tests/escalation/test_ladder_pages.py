"""The office's 督办升级 page: steps, each item's step, pause with a reason; the unit downloads its documents."""
import io
import json
from datetime import date

import docx
from sqlalchemy import select

from tests.factories import basic_world
from tracker.escalation.models import EscalationPause, EscalationRecord, EscalationStep
from tracker.escalation.services import walk_ladder
from tracker.extensions import db
from tracker.notifications.models import Notification


def test_office_sees_steps_and_items_pauses_one_and_edits_a_step(client, login, clock):
    clock.freeze(date(2022, 4, 6))
    world = basic_world()
    walk_ladder(world.campaign, date(2022, 4, 6))
    db.session.commit()
    login("office")
    page = client.get("/escalation").get_data(as_text=True)
    assert "逾期 5 个工作日" in page and "红色督办单" in page and "制定出台推进婴幼儿照护服务实施意见" in page
    a = world.assignment(0, "wj")
    resp = client.post(f"/escalation/assignments/{a.id}/pause", data={"reason": ""}, follow_redirects=True)
    assert "请填写暂停督办升级的理由" in resp.get_data(as_text=True)
    client.post(f"/escalation/assignments/{a.id}/pause", data={"reason": "经领导同意缓办"})
    assert db.session.scalar(select(EscalationPause.reason)) == "经领导同意缓办"
    assert "已暂停" in client.get("/escalation?paused=1").get_data(as_text=True)
    step = db.session.scalar(select(EscalationStep).where(EscalationStep.trigger == "before_due"))
    client.post(f"/escalation/steps/{step.id}", data={"remind": "y", "active": ""})
    db.session.expire_all()
    assert step.active is False and step.issue_notice is False


def test_unit_downloads_its_own_step_documents_and_not_another_units(client, login):
    world = basic_world()
    walk_ladder(world.campaign, date(2022, 4, 1))  # t1 due 2022-03-31: the day after
    db.session.commit()
    record = db.session.scalar(select(EscalationRecord).where(EscalationRecord.skipped.is_(False)))
    login("wj")
    note = db.session.scalar(select(Notification).where(Notification.kind == "chase"))
    assert note.link == f"/escalation/records/{record.id}/urge.docx" and "创建办督〔2022〕2号" in note.text
    resp = client.get(f"/escalation/records/{record.id}/urge.docx")
    assert resp.status_code == 200
    assert "催办通知书" in [p.text for p in docx.Document(io.BytesIO(resp.data)).paragraphs]
    login("cz")
    assert client.get(f"/escalation/records/{record.id}/urge.docx").status_code == 404
    login("office")
    assert client.get(f"/escalation/records/{record.id}/other.docx").status_code == 404


def test_cli_walks_the_ladder_once_and_says_what_it_did(runner):
    basic_world()
    first = runner.invoke(args=["escalate", "--today", "2022-04-01", "--json"])
    assert first.exit_code == 0, first.output
    data = json.loads(first.output)
    assert data["taken"] == 1 and data["steps"][0]["urge"] == "创建办督〔2022〕2号"
    again = json.loads(runner.invoke(args=["escalate", "--today", "2022-04-01", "--json"]).output)
    assert again["taken"] == 0 and again["steps"] == []
    assert runner.invoke(args=["escalate", "--today", "2022-13-01"]).exit_code == 2
