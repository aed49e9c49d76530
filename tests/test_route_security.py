"""Every route, walked from app.url_map: login required, role checks (403) and object checks (404).

A new route fails these tests until it is classified below: that is the point.
"""
import io
import re
from datetime import date
from pathlib import Path

import pytest
from flask import url_for

from tests.factories import basic_world, make_indicator, make_user, make_value
from tests.imports.conftest import xlsx
from tracker.assignments.extension import request_extension
from tracker.escalation.models import EscalationRecord
from tracker.escalation.services import walk_ladder
from tracker.evidence.models import EvidenceLink
from tracker.evidence.services import Incoming, upload_evidence
from tracker.exports import jobs
from tracker.extensions import db
from tracker.imports import staging
from tracker.imports.parser import read_list
from tracker.items.services import register_existing_task
from tracker.meetings.meetings import MeetingSpec, attach_minutes, record_meeting, rows_sheet
from tracker.meetings.members import add_member
from tracker.meetings.services import BodySpec, create_body
from tracker.notifications.channel_services import create_channel, send_test
from tracker.notifications.models import Notification
from tracker.notifications.outbox import OutboxMessage
from tracker.notifications.services import notify_users
from tracker.reports.filing import Filing, file_report
from tracker.reports.services import CycleSpec, create_cycle
from tracker.supervision.circulars import issue_circular
from tracker.tasks.models import Task
from tracker.units.registry_io import read_registry
from tracker.units.services import add_alias

PUBLIC = {"auth.login", "static", "web.healthz"}
ROLES = ("unit", "leader", "office", "admin")
ALL, READERS, OFFICE = set(ROLES), {"leader", "office", "admin"}, {"office", "admin"}
# who may use each parameterless GET page (200); anyone else gets 403
PAGES = {
    "web.home": ALL, "auth.password": ALL, "supervision.circulars": ALL, "supervision.instructions": ALL,
    "notifications.index": ALL,
    "assignments.my_list": {"unit"}, "evidence.library": {"unit"}, "exports.my_ledger": {"unit"},
    "dashboard.index": READERS, "tasks.index": READERS, "exports.index": READERS, "exports.ledger": READERS,
    "campaigns.index": OFFICE, "campaigns.new": OFFICE, "campaigns.slug": OFFICE, "imports.index": OFFICE,
    "imports.template": OFFICE, "review.queue": OFFICE, "review.scores": OFFICE, "scheduler.runs": OFFICE,
    "supervision.chase_list": OFFICE, "supervision.extensions": OFFICE, "escalation.index": OFFICE,
    "cadence.index": OFFICE,
    "supervision.circular_new": OFFICE, "supervision.inspections": OFFICE, "units.index": OFFICE,
    "units.template": OFFICE, "registers.index": OFFICE, "registers.letterhead_download": OFFICE,
    "admin.users": {"admin"}, "channels.index": {"admin"},
    "reports.index": ALL,
    "indicators.index": ALL, "indicators.new": OFFICE, "indicators.import_file": OFFICE, "indicators.template": OFFICE,
    "meetings.index": ALL, "meetings.new": OFFICE,
    "items.index": READERS, "items.new": OFFICE, "items.due": OFFICE,
}
# pages a role may use that send it on instead of answering themselves: (role, endpoint) → where to
LANDINGS = {("unit", "web.home"): "/my",  # a liaison lands on 我的任务
            # no red-header template uploaded yet: back to 发文登记 with a message
            ("office", "registers.letterhead_download"): "/registers",
            ("admin", "registers.letterhead_download"): "/registers"}
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _rules(app):
    return [r for r in app.url_map.iter_rules() if r.endpoint not in PUBLIC]


def _methods(rule) -> list[str]:
    return sorted(rule.methods - {"HEAD", "OPTIONS"})


def _dummy_args(rule) -> dict:
    values = {"decision": "approve", "job_id": "0" * 32, "token": "0" * 32, "which": "urge"}
    return {arg: values.get(arg, 1) for arg in rule.arguments}


def test_every_route_but_login_static_healthz_requires_login(app, client, security):
    basic_world()
    for rule in _rules(app):
        with app.test_request_context():
            url = url_for(rule.endpoint, **_dummy_args(rule))
        for method in _methods(rule):
            resp = client.open(url, method=method)
            assert resp.status_code == 302, (method, url, resp.status_code)
            assert resp.headers["Location"].startswith("/login"), (method, url)
            security.route_role()


def _parameterless_gets(app) -> set[str]:
    return {r.endpoint for r in _rules(app) if "GET" in r.methods and not r.arguments}


def test_every_page_is_classified(app):
    assert _parameterless_gets(app) == set(PAGES)


@pytest.mark.parametrize("role", ROLES)
def test_parameterless_pages_answer_by_role(app, client, login, role, security):
    world = basic_world()
    username = {"unit": "wj", "leader": "leader", "office": "office", "admin": "admin"}[role]
    login(username)
    assert world.users[username].role == role
    for endpoint in sorted(_parameterless_gets(app)):
        with app.test_request_context():
            url = url_for(endpoint)
        resp = client.get(url)
        landing = LANDINGS.get((role, endpoint))
        expected = 403 if role not in PAGES[endpoint] else 302 if landing else 200
        assert resp.status_code == expected, (role, url, resp.status_code)
        assert resp.headers.get("Location") == landing, (role, url)
        security.route_role()


# --- objects of another unit -------------------------------------------------------------------------------


@pytest.fixture
def objects(app):
    """Objects belonging to 区卫健局 (wj) and to the office, seen by the liaison of 区财政局 (cz)."""
    world = basic_world()
    users, units, t1, t2 = world.users, world.units, *world.tasks
    wj_a = next(a for a in t1.assignments if a.unit_id == units["wj"].id)
    cz_a = next(a for a in t2.assignments if a.unit_id == units["cz"].id)
    upload_evidence(wj_a, users["wj"], [Incoming("方案.pdf", io.BytesIO(PDF))], today=date(2022, 3, 1))
    note = notify_users([users["wj"]], "returned", "退回", link="/my")[0]
    channel = create_channel(units["wj"].id, "email", "wj@example.cn", None, users["admin"])
    send_test(channel, users["admin"])
    alias = add_alias(units["wj"], "卫健局")
    circular = issue_circular(world.campaign, date(2022, 5, 10), "请加快推进。", users["office"])
    beds = make_indicator(world.campaign, "新增托位", [units["wj"]], [(date(2022, 12, 31), 500)])
    value = make_value(beds, units["wj"], 420, date(2021, 12, 31), approved=False)
    extension = request_extension(wj_a, users["wj"], date(2022, 4, 30), "等待审定", date(2022, 3, 1))
    body = create_body("lxhy", BodySpec("联席会议", units["wj"]))  # cz is no member
    member = add_member(body, units["wj"], "办公室")
    meeting = record_meeting(body, MeetingSpec("plenary", date(2022, 3, 1), "全体会议"),
                             rows_sheet([("建立专家库", "区卫健局", "2022-06-30")])).meeting
    attach_minutes(meeting, Incoming("纪要.pdf", io.BytesIO(PDF)), actor=users["office"])
    walk_ladder(world.campaign, date(2022, 4, 1))  # wj's t1 is a day late: a 催办通知书 and a 督办单
    cycle = create_cycle(world.campaign, CycleSpec("2022年上半年", date(2022, 7, 10), [units["wj"]]))
    report = file_report(cycle, units["wj"], Filing("上半年履职情况"), None, today=date(2022, 7, 1)).report
    matter = db.session.scalar(db.select(Task).where(Task.meeting_id == meeting.id))
    item = register_existing_task(matter, users["office"])  # a 督办事项 of wj (cz holds no part of it)
    db.session.commit()
    ladder_record = db.session.scalar(db.select(EscalationRecord.id).where(EscalationRecord.skipped.is_(False)))
    members_token = staging.stage_table("members", {"sheet": "s", "columns": {}, "rows": []}, users["office"].id,
                                        body.id)
    listing = xlsx([["类别", "创建任务", "责任单位", "完成时限"], ["领导重视", "建立组织体系", "区卫健局", "2022-06-30"]])
    token = staging.stage(read_list(listing), users["office"].id, world.campaign.id)
    registry = staging.stage_registry(read_registry(xlsx([["单位名称", "简称", "别名", "分组"], ["区税务局", None, None, None]],
                                                          title="责任单位")), users["office"].id)
    job_id = "a" * 32
    jobs._write_job(app.config["EXPORT_FOLDER"], job_id, user_id=users["office"].id, state="done", done=1,
                    total=1, filename="材料.zip")
    jobs.package_path(app.config["EXPORT_FOLDER"], job_id).write_bytes(b"PK\x05\x06" + b"\x00" * 18)
    evidence = db.session.scalar(db.select(EvidenceLink).where(EvidenceLink.assignment_id == wj_a.id))
    return {
        "world": world, "wj_a": wj_a, "cz_a": cz_a, "link": evidence, "evidence": evidence.evidence_id,
        "note": note.id, "channel": channel.id, "message": db.session.scalar(db.select(OutboxMessage.id)),
        "alias": alias.id, "circular": circular.id, "token": token, "job": job_id, "registry": registry,
        "indicator": beds.id, "value": value.id, "extension": extension.id, "body": body.id, "member": member.id,
        "meeting": meeting.id, "members_token": members_token,
        "ladder_record": ladder_record,
        "ladder_step": db.session.scalar(db.select(EscalationRecord.step_id).where(EscalationRecord.id == ladder_record)),
        "cycle": cycle.id, "report": report.id, "item": item.id,
    }


def _foreign_ids(o) -> dict[str, dict]:
    """URL arguments naming another unit's (or the office's) object, per endpoint."""
    w = o["world"]
    a, task, campaign = o["wj_a"].id, w.tasks[0].id, w.campaign.id
    return {
        "assignments.detail": {"assignment_id": a}, "assignments.start": {"assignment_id": a},
        "assignments.acknowledge": {"assignment_id": a}, "assignments.extension": {"assignment_id": a},
        "assignments.no_change": {"assignment_id": a},
        "supervision.extension_decide": {"request_id": o["extension"], "decision": "approve"},
        "assignments.progress": {"assignment_id": a}, "assignments.submit": {"assignment_id": a},
        "evidence.upload": {"assignment_id": a}, "evidence.link": {"assignment_id": a},
        "evidence.unlink": {"assignment_id": a, "link_id": o["link"].id},
        "evidence.download": {"evidence_id": o["evidence"]}, "evidence.view": {"evidence_id": o["evidence"]},
        "evidence.details": {"evidence_id": o["evidence"]},
        "notifications.read": {"notification_id": o["note"]},
        "review.detail": {"assignment_id": a}, "review.decide": {"assignment_id": a, "decision": "approve"},
        "review.score": {"task_id": task},
        "tasks.detail": {"task_id": task}, "tasks.edit": {"task_id": task}, "tasks.units": {"task_id": task},
        "campaigns.edit": {"campaign_id": campaign},
        "units.edit": {"unit_id": w.units["wj"].id}, "units.add_alias_view": {"unit_id": w.units["wj"].id},
        "units.delete_alias": {"alias_id": o["alias"]},
        "units.retire": {"unit_id": w.units["wj"].id}, "units.restore": {"unit_id": w.units["wj"].id},
        "registry.preview": {"token": o["registry"]}, "registry.confirm": {"token": o["registry"]},
        "registry.discard": {"token": o["registry"]},
        "admin.edit": {"user_id": w.users["wj"].id}, "admin.reset": {"user_id": w.users["wj"].id},
        "admin.toggle_active": {"user_id": w.users["wj"].id},
        "channels.delete": {"channel_id": o["channel"]}, "channels.test": {"channel_id": o["channel"]},
        "channels.toggle": {"channel_id": o["channel"]},
        "scheduler.retry": {"message_id": o["message"]},
        "imports.preview": {"campaign_id": campaign, "token": o["token"]},
        "imports.confirm": {"campaign_id": campaign, "token": o["token"]},
        "imports.map_units": {"campaign_id": campaign, "token": o["token"]},
        "imports.discard": {"campaign_id": campaign, "token": o["token"]},
        "exports.job_status": {"job_id": o["job"]}, "exports.download_package": {"job_id": o["job"]},
        "supervision.circular": {"circular_id": o["circular"]},
        "supervision.circular_xlsx": {"circular_id": o["circular"]},
        "indicators.detail": {"indicator_id": o["indicator"]}, "indicators.report": {"indicator_id": o["indicator"]},
        "indicators.edit": {"indicator_id": o["indicator"]}, "indicators.resubmit": {"value_id": o["value"]},
        "indicators.decide": {"value_id": o["value"], "decision": "approve"},
        "supervision.circular_docx": {"circular_id": o["circular"]},
        **{f"meetings.{e}": {"campaign_id": o["body"]} for e in ("body", "edit", "add_member_view", "directory",
                                                                  "directory_xlsx")},
        "meetings.duty": {"member_id": o["member"]}, "meetings.liaison": {"member_id": o["member"]},
        "body_members.upload": {"campaign_id": o["body"]},
        **{f"body_members.{e}": {"campaign_id": o["body"], "token": o["members_token"]}
           for e in ("preview", "map_units", "confirm", "discard")},
        "meeting.new": {"campaign_id": o["body"]},
        **{f"meeting.{e}": {"meeting_id": o["meeting"]} for e in ("detail", "decisions", "edit", "minutes_file")},
        "escalation.document": {"record_id": o["ladder_record"], "which": "urge"},
        "escalation.edit_step": {"step_id": o["ladder_step"]}, "escalation.pause": {"assignment_id": a},
        "escalation.resume": {"assignment_id": a},
        "reports.cycle": {"cycle_id": o["cycle"]}, "reports.file": {"cycle_id": o["cycle"]},
        "reports.report": {"report_id": o["report"]}, "reports.package": {"cycle_id": o["cycle"]},
        "reports.decide": {"report_id": o["report"], "decision": "approve"},
        "items.from_task": {"task_id": task}, "items.reply": {"item_id": o["item"]},
    }


UNIT_FUNCTIONS = {"assignments.detail", "assignments.start", "assignments.acknowledge", "assignments.extension",
                  "assignments.no_change", "assignments.progress", "assignments.submit",
                  "evidence.upload", "evidence.link", "evidence.unlink", "evidence.download", "evidence.view",
                  "evidence.details", "notifications.read", "indicators.detail", "indicators.report",
                  "indicators.resubmit", "meetings.body", "meetings.directory", "meetings.directory_xlsx",
                  "meeting.detail", "meeting.minutes_file",
                  "escalation.document", "reports.cycle", "reports.file", "reports.report"}
# published to every unit by design (通报 印发后各单位可见)
SHARED = {"supervision.circular", "supervision.circular_xlsx", "supervision.circular_docx"}


def test_every_id_route_is_classified(app, objects):
    with_args = {r.endpoint for r in _rules(app) if r.arguments}
    assert with_args == set(_foreign_ids(objects))


def test_unit_gets_404_for_other_units_objects_and_403_for_other_roles_functions(app, client, login, objects, security):
    login("cz")
    for rule in _rules(app):
        if not rule.arguments:
            continue
        with app.test_request_context():
            url = url_for(rule.endpoint, **_foreign_ids(objects)[rule.endpoint])
        expected = 200 if rule.endpoint in SHARED else 404 if rule.endpoint in UNIT_FUNCTIONS else 403
        for method in _methods(rule):
            with client.open(url, method=method) as resp:
                status = resp.status_code
            assert status == expected, (method, url, status)
            security.route_role()
    assert db.session.get(Notification, objects["note"]).read_at is None


def test_unit_cannot_reach_other_units_objects_through_its_own_pages(client, login, objects):
    cz_a, link = objects["cz_a"].id, objects["link"].id
    version = {"version": objects["cz_a"].version}
    login("cz")
    linked = client.post(f"/assignments/{cz_a}/evidence/link", data={"evidence_id": objects["evidence"], **version})
    assert linked.status_code == 404
    assert client.post(f"/assignments/{cz_a}/evidence/{link}/remove", data=version).status_code == 404
    assert client.get(f"/evidence?assignment={objects['wj_a'].id}").status_code == 404


def test_another_office_user_gets_404_for_someone_elses_import_and_export(app, client, login, objects):
    db.session.add(make_user("office2", "office"))
    db.session.commit()
    login("office2")
    campaign, token, job = objects["world"].campaign.id, objects["token"], objects["job"]
    assert client.get(f"/imports/{campaign}/{token}").status_code == 404
    for action in ("confirm", "map", "discard"):
        assert client.post(f"/imports/{campaign}/{token}/{action}").status_code == 404, action
    assert client.get(f"/exports/jobs/{job}").status_code == 404
    assert client.get(f"/exports/jobs/{job}/download").status_code == 404
    registry = objects["registry"]
    assert client.get(f"/units/import/{registry}").status_code == 404
    for action in ("confirm", "discard"):
        assert client.post(f"/units/import/{registry}/{action}").status_code == 404, action
    assert "材料.zip" not in client.get(f"/exports/?job={job}").get_data(as_text=True)


# what the office and the admin get on every id page (GET) of the objects above: 200, except these
ID_PAGE_ANSWERS = {
    ("office", "admin.edit"): 403,  # accounts are the admin's
    # the staged list and the evidence package are the office user's own: another user may not know of them
    ("admin", "imports.preview"): 404, ("admin", "registry.preview"): 404, ("admin", "exports.job_status"): 404,
    ("admin", "exports.download_package"): 404, ("admin", "body_members.preview"): 404,
}


@pytest.mark.parametrize("role", ["office", "admin"])
def test_office_and_admin_open_every_id_page(app, client, login, objects, role, security):
    login(role)
    for endpoint, kwargs in _foreign_ids(objects).items():
        rule = next(r for r in app.url_map.iter_rules(endpoint))
        if "GET" not in rule.methods:
            continue
        with app.test_request_context():
            url = url_for(endpoint, **kwargs)
        expected = ID_PAGE_ANSWERS.get((role, endpoint), 200)
        with client.get(url) as resp:
            assert resp.status_code == expected, (role, url, resp.status_code)
            security.route_role()


def test_malformed_import_token_or_job_id_is_404(client, login, objects):
    login("office")
    campaign = objects["world"].campaign.id
    for token in ("..%2F..%2Fsecret", "0" * 31, "g" * 32, "0" * 32 + "%0A"):
        assert client.get(f"/imports/{campaign}/{token}").status_code == 404, token
        assert client.post(f"/imports/{campaign}/{token}/discard").status_code == 404, token
    for job in ("..%2F..%2Fsecret", "0" * 32 + "%0A", "A" * 32):
        assert client.get(f"/exports/jobs/{job}").status_code == 404, job


# --- CSRF --------------------------------------------------------------------------------------------------


def test_every_post_route_refuses_a_request_without_csrf_token(app, client, login, security):
    basic_world()
    login("admin")
    app.config["WTF_CSRF_ENABLED"] = True  # the app fixture turns it off again for the next test
    for rule in _rules(app):
        if "POST" not in rule.methods:
            continue
        with app.test_request_context():
            url = url_for(rule.endpoint, **_dummy_args(rule))
        with client.post(url) as resp:
            assert resp.status_code == 400, (url, resp.status_code)
            security.route_role()


def test_every_post_form_in_the_templates_carries_a_csrf_token():
    root = Path(__file__).resolve().parent.parent / "templates"
    for path in root.rglob("*.html"):
        for form in re.findall(r"<form\b.*?</form>", path.read_text(encoding="utf-8"), flags=re.S | re.I):
            if re.search(r'method="post"', form, flags=re.I):
                assert "csrf_token" in form, f"{path.relative_to(root)}: {form[:120]}"
