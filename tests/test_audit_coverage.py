"""Every state-changing endpoint of the URL map writes an audit event naming its actor — checked route by route.

tests/audit_watch.py watches the requests the suite happens to make; this walks `app.url_map`. Every endpoint that
accepts POST (PUT, PATCH, DELETE) is either in `CASES` — a valid request, built on the basic world with
tests/factories.py and sent as a role allowed to use it, which must succeed (2xx/3xx, no error flash), change the
records and write at least one audit event whose actor is that user — or in `EXEMPT` with the reason it changes
no records of its own. A new POST route with neither fails `test_every_state_changing_endpoint[<endpoint>]`.
"""
import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import docx
import pytest
from flask import message_flashed
from sqlalchemy import func, select

from tests.evidence.conftest import PDF
from tests.factories import World, basic_world, make_indicator, make_task, make_unit, make_value
from tests.imports.conftest import xlsx
from tests.xlsx.hostile import indicators_workbook
from tracker import create_app
from tracker.assignments.extension import request_extension
from tracker.assignments.services import add_progress_update, start_assignment, submit_assignment
from tracker.audit.models import AuditEvent
from tracker.escalation.items import pause_ladder
from tracker.escalation.services import ladder
from tracker.evidence.models import EvidenceLink
from tracker.evidence.services import Incoming, upload_evidence
from tracker.extensions import db
from tracker.imports import staging
from tracker.imports.parser import read_list
from tracker.indicators.reporting import return_value
from tracker.items.services import register_existing_task
from tracker.meetings.meetings import MeetingSpec, record_meeting, rows_sheet
from tracker.meetings.member_import import read_members, sheet_to_json
from tracker.meetings.members import add_member
from tracker.meetings.services import BodySpec, create_body
from tracker.notifications.channel_services import create_channel, send_test
from tracker.notifications.outbox import OutboxMessage
from tracker.registers.services import save_letterhead
from tracker.reports.filing import Filing, file_report
from tracker.reports.services import CycleSpec, create_cycle
from tracker.tasks.models import Task
from tracker.timeutil import utcnow
from tracker.units.registry_io import read_registry
from tracker.units.services import add_alias

WRITES = {"POST", "PUT", "PATCH", "DELETE"}
TODAY = date(2022, 5, 10)  # 组织实施: 区卫健局's first task is overdue, its second open
ERROR_FLASHES = {"danger", "error", "warning"}
# endpoints that change no records of their own, each with why it needs no audit event
EXEMPT = {
    # the user's own session state, as tests/audit_watch.py's SESSION_STATE
    "auth.login": "signing in: the user's own last login, failed-login count and session token",
    "auth.logout": "signing out: the user's own session token",
    "notifications.read": "marking one of the user's own messages read",
    "notifications.read_all": "marking the user's own messages read",
    "web.switch_campaign": "the campaign the user's top bar remembers",
    "imports.index": "stages an uploaded list for its preview, a file of the user's own; the confirm is audited",
    "imports.discard": "drops the user's own staged list; nothing was written",
    "registry.upload": "stages an uploaded registry for its preview; the confirm is audited",
    "registry.discard": "drops the user's own staged registry; nothing was written",
    "body_members.upload": "stages an uploaded member list for its preview; the confirm is audited",
    "body_members.discard": "drops the user's own staged member list; nothing was written",
    "exports.start_package": "queues a package job, a file the scheduler builds; it writes no records",
}


@dataclass(frozen=True)
class Call:
    """One request: as `user` (a username of the world), to `url`, with a form."""

    user: str
    url: str
    data: dict = field(default_factory=dict)
    multipart: bool = False
    headers: dict = field(default_factory=dict)


CASES: dict[str, Callable[[World], Call]] = {}


def case(endpoint: str):
    def register(build: Callable[[World], Call]) -> Callable[[World], Call]:
        CASES[endpoint] = build
        return build
    return register


# --- builders of what a request needs -------------------------------------------------------------------------


def _open(w: World):
    """区卫健局's assignment of the first task (lead, not started, overdue on TODAY)."""
    return w.assignment(0, "wj")


def _not_due(w: World):
    """区发改局's assignment of the second task (lead, due 2022-06-30)."""
    return w.assignment(1, "fg")


def _started(w: World):
    a = _open(w)
    start_assignment(a, w.users["wj"], a.version)
    db.session.flush()
    return a


def _submitted(w: World):
    a = _started(w)
    add_progress_update(a, w.users["wj"], a.version, "已印发实施意见", "", "")
    submit_assignment(a, w.users["wj"], a.version, "已完成", carried=[], files=0)
    db.session.flush()
    return a


def _evidence(w: World):
    a = _open(w)
    upload_evidence(a, w.users["wj"], [Incoming("方案.pdf", io.BytesIO(PDF))], today=TODAY)
    db.session.flush()
    return a, db.session.scalar(select(EvidenceLink).where(EvidenceLink.assignment_id == a.id))


def _body(w: World):
    body = create_body("lxhy", BodySpec("联席会议", w.units["wj"]))
    add_member(body, w.units["wj"], "办公室")
    return body


def _meeting(w: World):
    body = _body(w)
    return record_meeting(body, MeetingSpec("plenary", date(2022, 3, 1), "全体会议"),
                          rows_sheet([("建立专家库", "区卫健局", "2022-06-30")])).meeting


def _cycle(w: World):
    return create_cycle(w.campaign, CycleSpec("2022年上半年", date(2022, 7, 10), [w.units["wj"]]))


def _phases() -> dict:
    return {"mobilization-starts_on": "2021-09-30", "mobilization-ends_on": "2021-10-31",
            "implementation-starts_on": "2021-11-01", "implementation-ends_on": "2022-05-31",
            "self_assessment-starts_on": "2022-06-01", "self_assessment-ends_on": "2022-08-20",
            "acceptance-starts_on": "2022-08-21", "acceptance-ends_on": ""}


def _letterhead() -> bytes:
    d = docx.Document()
    for text in ("{{发文机关}}文件", "{{文号}}", "{{标题}}", "主送：{{主送}}", "{{正文}}", "成文日期：{{日期}}"):
        d.add_paragraph(text)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


# --- accounts, campaigns, units -------------------------------------------------------------------------------

case("auth.password")(lambda w: Call("office", "/account/password", {
    "current": "ledger-pass-2022", "new": "brand-new-pass-9", "confirm": "brand-new-pass-9"}))
case("admin.create")(lambda w: Call("admin", "/admin/users", {
    "username": "newbie", "display_name": "新人", "role": "unit", "unit_id": w.units["wj"].id,
    "password": "initial-pass-7"}))
case("admin.edit")(lambda w: Call("admin", f"/admin/users/{w.users['fg'].id}", {
    "username": "fg", "display_name": "发改联络员", "role": "unit", "unit_id": w.units["fg"].id}))
case("admin.reset")(lambda w: Call("admin", f"/admin/users/{w.users['fg'].id}/reset", {"password": "reset-pass-17"}))
case("admin.toggle_active")(lambda w: Call("admin", f"/admin/users/{w.users['fg'].id}/active", {"active": "0"}))
case("campaigns.new")(lambda w: Call("office", "/campaigns/new", {
    "slug": "hb2", "name": "第二个创建活动", "lead_days": 14, "light_yellow_workdays": 5, **_phases()}))
case("campaigns.edit")(lambda w: Call("office", f"/campaigns/{w.campaign.id}/edit", {
    "name": "汉滨区创建示范城区（修订）", "lead_days": 10, "light_yellow_workdays": 5, **_phases()}))
case("cadence.settings")(lambda w: Call("office", "/cadence/settings", {
    "enabled": "y", "kind": "monthly", "month_day": "25", "weekday": "4", "min_interval_days": "7",
    "remind_days": "3"}))
case("units.create")(lambda w: Call("office", "/units", {"name": "区教体局", "short_name": "教体", "aliases": "教体局"}))
case("units.edit")(lambda w: Call("office", f"/units/{w.units['wj'].id}/edit", {
    "name": "区卫生健康局", "short_name": "卫健", "group_name": "", "display_order": 3}))
case("units.add_alias_view")(lambda w: Call("office", f"/units/{w.units['wj'].id}/aliases", {"alias": "卫健委"}))
case("units.retire")(lambda w: Call("office", f"/units/{make_unit('区档案馆').id}/retire"))


@case("units.delete_alias")
def _delete_alias(w: World) -> Call:
    alias = add_alias(w.units["wj"], "卫健委")
    db.session.flush()
    return Call("office", f"/units/aliases/{alias.id}/delete")


@case("units.restore")
def _restore(w: World) -> Call:
    unit = make_unit("区档案馆")
    unit.retired_at = utcnow()
    return Call("office", f"/units/{unit.id}/restore")




@case("registry.confirm")
def _registry_confirm(w: World) -> Call:
    book = read_registry(xlsx([["单位名称", "简称", "别名", "分组"], ["区税务局", None, None, None]], title="责任单位"))
    return Call("office", f"/units/import/{staging.stage_registry(book, w.users['office'].id)}/confirm")


case("channels.create")(lambda w: Call("admin", "/admin/channels", {
    "owner": w.units["wj"].id, "kind": "email", "target": "wj@example.cn"}))
case("channels.delete")(lambda w: Call("admin", f"/admin/channels/{_channel(w).id}/delete"))
case("channels.test")(lambda w: Call("admin", f"/admin/channels/{_channel(w).id}/test"))
case("channels.toggle")(lambda w: Call("admin", f"/admin/channels/{_channel(w).id}/toggle"))


def _channel(w: World):
    return create_channel(w.units["wj"].id, "email", "wj@example.cn", None, w.users["admin"])


@case("scheduler.retry")
def _retry(w: World) -> Call:
    send_test(_channel(w), w.users["admin"])
    message = db.session.scalar(select(OutboxMessage))
    message.status = "failed"
    return Call("office", f"/scheduler/outbox/{message.id}/retry")


# --- tasks, imports -----------------------------------------------------------------------------------------

case("tasks.edit")(lambda w: Call("office", f"/tasks/{w.tasks[0].id}/edit", {
    "title": w.tasks[0].title, "category": "领导重视", "deadline": "2022-05-31", "deadline_reason": "延后",
    "points": "10"}))
case("tasks.units")(lambda w: Call("office", f"/tasks/{w.tasks[0].id}/units", {
    "lead": w.units["cz"].id, "co": [w.units["wj"].id]}))


def _staged_list(w: World, unit: str = "区卫健局") -> str:
    sheet = read_list(xlsx([["类别", "创建任务", "责任单位", "完成时限"], ["领导重视", "建立组织体系", unit, "2022-06-30"]]))
    return f"/imports/{w.campaign.id}/{staging.stage(sheet, w.users['office'].id, w.campaign.id)}"


case("imports.confirm")(lambda w: Call("office", _staged_list(w) + "/confirm"))
case("imports.map_units")(lambda w: Call("office", _staged_list(w, "区卫健委") + "/map", {
    "text": "区卫健委", "unit_id_0": str(w.units["wj"].id)}))


def _staged_members(w: World, unit: str = "区发改局") -> str:
    body = _body(w)
    sheet = read_members(xlsx([["成员单位", "职责", "联络员", "职务", "电话", "邮箱"], [unit, "规划", "王五", "科长", "", ""]]),
                         max_rows=100)
    token = staging.stage_table("members", sheet_to_json(sheet), w.users["office"].id, body.id)
    return f"/bodies/{body.id}/members/import/{token}"


case("body_members.confirm")(lambda w: Call("office", _staged_members(w) + "/confirm"))
case("body_members.map_units")(lambda w: Call("office", _staged_members(w, "发改委") + "/map", {
    "text": "发改委", "unit_id_0": str(w.units["fg"].id)}))


# --- the unit's work -----------------------------------------------------------------------------------------

case("assignments.acknowledge")(lambda w: Call("wj", f"/assignments/{_open(w).id}/acknowledge",
                                               {"version": _open(w).version}))
case("assignments.start")(lambda w: Call("wj", f"/assignments/{_open(w).id}/start", {"version": _open(w).version}))
case("assignments.progress")(lambda w: Call("wj", f"/assignments/{_open(w).id}/progress", {
    "version": _open(w).version, "progress": "已起草实施意见", "problems": "", "next_steps": "报区政府审定"}))


@case("assignments.submit")
def _submit(w: World) -> Call:
    a = _started(w)
    add_progress_update(a, w.users["wj"], a.version, "已印发实施意见", "", "")
    return Call("wj", f"/assignments/{a.id}/submit", {"version": a.version, "summary": "已完成"})


@case("assignments.no_change")
def _no_change(w: World) -> Call:
    a = _started(w)
    add_progress_update(a, w.users["wj"], a.version, "已印发实施意见", "", "")
    return Call("wj", f"/assignments/{a.id}/no-change", {"version": a.version})


case("assignments.extension")(lambda w: Call("fg", f"/assignments/{_not_due(w).id}/extension", {
    "new_due": "2022-07-31", "reason": "等待区政府常务会审定"}))
case("evidence.upload")(lambda w: Call("wj", f"/assignments/{_open(w).id}/evidence", {
    "files": [(io.BytesIO(PDF), "方案.pdf")], "document_date": "2022-05-01"}, multipart=True,
    headers={"X-Requested-With": "XMLHttpRequest"}))


@case("evidence.link")
def _link(w: World) -> Call:
    _, link = _evidence(w)
    target = _own_second(w)
    return Call("wj", f"/assignments/{target.id}/evidence/link", {"evidence_id": link.evidence_id,
                                                                  "version": target.version})


def _own_second(w: World):
    """A second assignment of 区卫健局: a task of its own."""
    task = make_task(w.campaign, "建设社区托育点", [w.units["wj"]], deadline=date(2022, 6, 30))
    db.session.flush()
    return task.assignments[0]


@case("evidence.unlink")
def _unlink(w: World) -> Call:
    a, link = _evidence(w)
    return Call("wj", f"/assignments/{a.id}/evidence/{link.id}/remove", {"version": a.version})


@case("evidence.details")
def _details(w: World) -> Call:
    a, link = _evidence(w)
    return Call("wj", f"/evidence/{link.evidence_id}/details", {"title": "新标题", "document_date": "2022-04-01",
                                                                "next": f"/assignments/{a.id}"})


def _beds(w: World):
    return make_indicator(w.campaign, "新增托位", [w.units["wj"]], [(date(2022, 12, 31), 500)])


case("indicators.report")(lambda w: Call("wj", f"/indicators/{_beds(w).id}/values", {
    "value": "420", "as_of": "2022-04-30", "note": "统计口径"}, multipart=True))


@case("indicators.resubmit")
def _resubmit(w: World) -> Call:
    value = make_value(_beds(w), w.units["wj"], 420, date(2022, 4, 30), approved=False, actor=w.users["wj"])
    return_value(value, "口径不符。", w.users["office"])
    return Call("wj", f"/indicator-values/{value.id}/resubmit", {"value": "405", "as_of": "2022-04-30",
                                                                 "note": "已更正。", "version": value.version},
                multipart=True)


case("reports.file")(lambda w: Call("wj", f"/reports/cycles/{_cycle(w).id}/report", {"text": "上半年履职情况"}))


# --- the office's review and supervision ---------------------------------------------------------------------

case("review.decide")(lambda w: Call("office", f"/review/{_submitted(w).id}/approve", {"version": _open(w).version}))
case("review.bulk")(lambda w: Call("office", "/review/bulk-approve", {"ids": [str(_submitted(w).id)]}))
case("review.score")(lambda w: Call("office", f"/review/scores/{w.tasks[0].id}", {"score": "4", "comment": "缺少记录"}))
case("review.set_points")(lambda w: Call("office", "/review/scores/points", {f"points-{w.tasks[0].id}": "8"}))
case("supervision.chase")(lambda w: Call("office", "/supervision/chase", {"ids": [str(_open(w).id)],
                                                                          "message": "请加快", "next": "/review"}))
case("supervision.circular_new")(lambda w: Call("office", "/circulars/new", {
    "as_of": TODAY.isoformat(), "title": "", "body": "请各单位加快推进。", "praise": [str(w.units["fg"].id)],
    "criticism": [str(w.units["wj"].id)], f"reason_{w.units['wj'].id}": "任务逾期"}))
case("supervision.instruct")(lambda w: Call("leader", "/instructions", {"text": "务必按期完成",
                                                                         "task_id": w.tasks[0].id, "unit_id": 0}))
case("supervision.inspection_create")(lambda w: Call("office", "/inspections", {
    "held_on": "2022-05-09", "units_visited": "区卫健局", "team": "第一督查组", "findings": "台账不规范"}))
case("supervision.rectify")(lambda w: Call("office", "/rectifications", {
    "unit_id": w.units["wj"].id, "title": "规范台账", "deadline": "2022-07-15", "inspection_id": "",
    "source_task_id": str(w.tasks[0].id)}))
case("supervision.notices_docx")(lambda w: Call("office", "/supervision/notices.docx"))


@case("supervision.extension_decide")
def _extension_decide(w: World) -> Call:
    req = request_extension(_not_due(w), w.users["fg"], date(2022, 7, 31), "等待审定", TODAY)
    return Call("office", f"/supervision/extensions/{req.id}/approve", {"reason": ""})


case("escalation.add_step")(lambda w: Call("office", "/escalation/steps", {
    "trigger": "overdue", "days": "9", "remind": "y", "urge_notice": "y", "active": "y"}))


@case("escalation.edit_step")
def _edit_step(w: World) -> Call:
    step = next(s for s in ladder(w.campaign) if s.trigger == "before_due")
    return Call("office", f"/escalation/steps/{step.id}", {"remind": "y", "active": ""})


case("escalation.pause")(lambda w: Call("office", f"/escalation/assignments/{_open(w).id}/pause",
                                        {"reason": "经领导同意缓办"}))


@case("escalation.resume")
def _resume(w: World) -> Call:
    a = _open(w)
    pause_ladder(a, "经领导同意缓办", w.users["office"])
    return Call("office", f"/escalation/assignments/{a.id}/resume")


case("indicators.new")(lambda w: Call("office", "/indicators/new", {
    "name": "新增托位", "measure": "个", "direction": "at_least", "baseline": "0",
    "milestones": "2021-12-31 400\n2022年12月31日 500", "units": "卫健、发改"}))
case("indicators.edit")(lambda w: Call("office", f"/indicators/{_beds(w).id}/edit", {
    "name": "新增托位", "measure": "个", "direction": "at_least", "milestones": "2022-12-31 450",
    "units": "区卫健局"}))
case("indicators.import_file")(lambda w: Call("office", "/indicators/import", {
    "file": (io.BytesIO(indicators_workbook()), "指标.xlsx")}, multipart=True))


@case("indicators.decide")
def _indicator_decide(w: World) -> Call:
    value = make_value(_beds(w), w.units["wj"], 420, date(2022, 4, 30), approved=False, actor=w.users["wj"])
    return Call("office", f"/indicator-values/{value.id}/approve", {"version": value.version})


case("reports.create")(lambda w: Call("office", "/reports/cycles", {
    "name": "2022年上半年", "due_on": "2022-07-10", "recurrence": "half_year", "remind_days": "5", "who": "chosen",
    "units": [str(w.units["cz"].id)]}))
case("reports.create_self_assessment")(lambda w: Call("office", "/reports/cycles/self-assessment"))


@case("reports.decide")
def _report_decide(w: World) -> Call:
    report = file_report(_cycle(w), w.units["wj"], Filing("上半年履职情况"), w.users["wj"], today=TODAY).report
    return Call("office", f"/reports/{report.id}/approve", {"version": report.version})


# --- joint meetings, registers -----------------------------------------------------------------------------

case("meetings.new")(lambda w: Call("office", "/bodies/new", {
    "name": "托育工作联席会议", "slug": "tyhy", "office_unit_id": w.units["wj"].id, "convener": "张三 副区长"}))
case("meetings.edit")(lambda w: Call("office", f"/bodies/{_body(w).id}/edit", {
    "name": "联席会议（调整）", "office_unit_id": w.units["wj"].id, "convener": "张三 副区长"}))
case("meetings.add_member_view")(lambda w: Call("office", f"/bodies/{_body(w).id}/members", {
    "unit_id": w.units["fg"].id, "duty": "规划"}))
case("meetings.duty")(lambda w: Call("office", f"/bodies/members/{_body(w).members[0].id}/duty", {"duty": "新的职责"}))
case("meetings.liaison")(lambda w: Call("office", f"/bodies/members/{_member(w).id}/liaison", {"name": "孙八", "post": "科长"}))


def _member(w: World):
    body = create_body("lxhy", BodySpec("联席会议", w.units["wj"]))
    return add_member(body, w.units["wj"], "办公室")


case("meeting.new")(lambda w: Call("office", f"/bodies/{_body(w).id}/meetings/new", {
    "kind": "plenary", "held_on": "2022-03-01", "title": "第一次全体会议", "place": "", "chair": "", "agenda": "",
    "minutes": "", "present": [str(w.units["wj"].id)], "d_title": ["研究托育用地保障办法"], "d_units": ["区卫健局"],
    "d_deadline": ["2022年6月底前"]}))
case("meeting.edit")(lambda w: Call("office", f"/meetings/{_meeting(w).id}/edit", {
    "kind": "plenary", "held_on": "2022-03-02", "title": "全体会议（改期）", "present": [str(w.units["wj"].id)]}))
case("meeting.decisions")(lambda w: Call("office", f"/meetings/{_meeting(w).id}/decisions", {
    "d_title": ["落实托育工作经费"], "d_units": ["区卫健局"], "d_deadline": ["2022-09-30"]}))
case("registers.prefix")(lambda w: Call("office", "/registers/prefix", {"kind": "circular", "prefix": "汉创办发"}))
case("registers.upload_letterhead")(lambda w: Call("office", "/registers/letterhead", {
    "file": (io.BytesIO(_letterhead()), "红头.docx")}, multipart=True))


@case("registers.drop_letterhead")
def _drop_letterhead(w: World) -> Call:
    save_letterhead("红头.docx", _letterhead(), w.users["office"])
    return Call("office", "/registers/letterhead/remove")


def _meeting_matter(w: World):
    meeting = _meeting(w)
    db.session.flush()
    return db.session.scalar(select(Task).where(Task.meeting_id == meeting.id))


case("items.new")(lambda w: Call("office", "/items/new", {
    "leader_name": "张区长", "instruction_text": "加快建设指导中心", "instructed_on": "2022-05-10",
    "urgency": "extra_urgent", "lead": str(w.units["wj"].id), "co": [str(w.units["fg"].id)], "due": "",
    "content": "", "reply_requirement": "书面报告"}))
case("items.from_task")(lambda w: Call("office", f"/items/from-task/{_meeting_matter(w).id}",
                                       {"reply_requirement": "一月内办复"}))
@case("items.reply")
def _item_reply(w: World) -> Call:
    item = register_existing_task(_meeting_matter(w), w.users["office"], "一月内办复")
    return Call("office", f"/items/{item.id}/reply", {"reply_requirement": "每月底报送进展，办结后书面报告"})


case("items.limits")(lambda w: Call("office", "/items/limits", {"extra_urgent": "5", "urgent": "10", "normal": "20"}))


# --- the checks ---------------------------------------------------------------------------------------------


def _write_endpoints() -> list[str]:
    """The endpoints of the URL map that accept a state-changing method (an app built only to read its map)."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "map-only"})
    return sorted({r.endpoint for r in app.url_map.iter_rules() if r.methods & WRITES})


def _records() -> str:
    """A digest of every table but the audit history: equal before and after means nothing changed."""
    digest = hashlib.sha256()
    for table in db.metadata.sorted_tables:
        if table.name == "audit_events":
            continue
        rows = db.session.execute(select(table).order_by(*table.primary_key.columns)).all()
        digest.update(f"{table.name}:{sorted(map(repr, rows))}".encode())
    return digest.hexdigest()


def _send(client, call: Call):
    flashes: list[tuple[str, str]] = []

    def record(sender, message, category, **extra):
        flashes.append((category, message))

    message_flashed.connect(record, client.application)
    try:
        kwargs = {"content_type": "multipart/form-data"} if call.multipart else {}
        resp = client.post(call.url, data=call.data, headers=call.headers, **kwargs)
    finally:
        message_flashed.disconnect(record, client.application)
    return resp, flashes


@pytest.mark.parametrize("endpoint", _write_endpoints())
def test_every_state_changing_endpoint_writes_an_audit_event_naming_its_actor(endpoint, app, client, login, clock,
                                                                            security):
    if endpoint in EXEMPT:
        assert EXEMPT[endpoint].strip(), f"{endpoint}: an exemption needs its reason"
        return
    if endpoint not in CASES:
        pytest.fail(f"{endpoint} accepts POST but has no audit case: add a valid request to CASES in "
                    f"tests/test_audit_coverage.py, or an entry with its reason to EXEMPT", pytrace=False)
    clock.freeze(TODAY)
    world = basic_world()
    call = CASES[endpoint](world)
    db.session.commit()
    actor = world.users[call.user].id
    login(call.user)  # signing in changes the user's own row: before the records are read
    before, last_event = _records(), db.session.scalar(select(func.max(AuditEvent.id))) or 0
    resp, flashes = _send(client, call)
    assert resp.status_code < 400, f"{endpoint}: {resp.status_code} {flashes or resp.get_data(as_text=True)[:800]}"
    assert not [m for c, m in flashes if c in ERROR_FLASHES], f"{endpoint}: {flashes}"
    if resp.is_json:
        assert resp.json.get("ok", True) is not False, f"{endpoint}: {resp.json}"
    assert _records() != before, f"{endpoint}: the request changed no records (exempt it, with its reason?)"
    actors = db.session.scalars(select(AuditEvent.actor_id).where(AuditEvent.id > last_event)).all()
    assert actor in actors, f"{endpoint}: no audit event names {call.user} (events by {actors})"
    security.route_role()


def test_the_registry_names_only_endpoints_of_the_url_map():
    endpoints = set(_write_endpoints())
    assert set(CASES) - endpoints == set(), "cases for endpoints that are gone"
    assert set(EXEMPT) - endpoints == set(), "exemptions for endpoints that are gone"
    assert set(CASES) & set(EXEMPT) == set()
