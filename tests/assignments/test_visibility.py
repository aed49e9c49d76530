"""The visibility policy, kind by kind and role by role (tracker/assignments/visibility.py).

The world: campaign hb with t1 (wj lead, fg co), t2 (fg lead, cz co), t3 (cz lead, wj co, fg co); campaign
"other" with one task of wj only. Each kind is checked for every user: the office, a second office user, the
admin, the leader and the three unit liaisons. "S" = may see, "C" = may change.
"""
import io
from dataclasses import dataclass
from datetime import date

import pytest
from flask_login import AnonymousUserMixin
from sqlalchemy import select

from tests.evidence.conftest import PDF
from tests.factories import (
    World,
    basic_world,
    make_campaign,
    make_indicator,
    make_task,
    make_user,
    make_value,
)
from tracker.assignments.extension import request_extension
from tracker.assignments.models import Assignment
from tracker.assignments.visibility import (
    Kind,
    fetch,
    may_change,
    may_see,
    own_assignment_ids,
    peers_visible_to,
    readable_assignment_ids,
    require,
    scope,
)
from tracker.campaigns.models import Campaign
from tracker.errors import NotFound
from tracker.escalation.models import EscalationRecord
from tracker.escalation.services import walk_ladder
from tracker.evidence.models import Evidence, EvidenceLink
from tracker.evidence.services import Incoming, upload_evidence
from tracker.exports import jobs
from tracker.extensions import db
from tracker.imports import staging
from tracker.imports.parser import read_list
from tracker.imports.template import list_template
from tracker.items.services import register_existing_task
from tracker.meetings.members import add_member
from tracker.meetings.models import Meeting
from tracker.meetings.services import BodySpec, body_of, create_body
from tracker.notifications.models import Notification
from tracker.notifications.services import notify_users
from tracker.reports.filing import Filing, file_report
from tracker.reports.services import CycleSpec, create_cycle
from tracker.supervision.circulars import issue_circular
from tracker.supervision.inspections import create_rectification, record_inspection
from tracker.supervision.services import record_instruction

USERS = ("office", "office2", "admin", "leader", "wj", "fg", "cz")


@dataclass
class Scene:
    world: World
    objects: dict


def _upload(world: World, task, unit: str, name: str) -> Evidence:
    a = world.assignment(task, unit)
    upload_evidence(a, world.users[unit], [Incoming(name, io.BytesIO(PDF + name.encode()))], today=date(2022, 3, 1))
    return db.session.scalar(select(Evidence).where(Evidence.original_name == name))


@pytest.fixture
def scene(app) -> Scene:
    w = basic_world()
    w.users["office2"] = make_user("office2", "office")
    wj, fg, cz = w.units["wj"], w.units["fg"], w.units["cz"]
    w.tasks.append(make_task(w.campaign, "完善托育服务网络", [cz, wj, fg], deadline=date(2022, 5, 31)))
    other = make_campaign("other", "另一项创建工作")
    make_task(other, "只有卫健局参与的任务", [wj])
    office, leader = w.users["office"], w.users["leader"]
    co_file = _upload(w, 2, "fg", "配合单位材料.pdf")  # fg, a co-unit of t3 (cz leads, wj is the other co)
    lead_file = _upload(w, 2, "cz", "牵头单位材料.pdf")
    rect = create_rectification(w.campaign, cz, "整改托位不足", date(2022, 7, 1), office)
    beds = make_indicator(w.campaign, "新增托位", [wj, fg], [(date(2022, 12, 31), 500)])
    cycle = create_cycle(w.campaign, CycleSpec("2022年上半年", date(2022, 7, 10), [wj, fg]))
    body = create_body("lxhy", BodySpec("联席会议", wj))  # hosted by wj, of which only fg is a member
    meeting = Meeting(campaign_id=body.id, kind="plenary", title="第一次全体会议", held_on=date(2022, 3, 1))
    db.session.add(meeting)
    o = {
        "campaign hb": w.campaign, "campaign other": other, "task t1": w.tasks[0],
        "co's assignment": w.assignment(0, "fg"), "lead's assignment": w.assignment(0, "wj"),
        "co's file": co_file, "lead's file": lead_file,
        "link of co's file": db.session.scalar(select(EvidenceLink).where(EvidenceLink.evidence_id == co_file.id)),
        "wj's notification": notify_users([w.users["wj"]], "test", "给卫健局的消息")[0],
        "circular hb": issue_circular(w.campaign, date(2022, 5, 10), "请加快推进。", office),
        "circular other": issue_circular(other, date(2022, 5, 10), "请加快推进。", office),
        "instruction on t1": record_instruction(w.campaign, "抓紧出台", leader, task=w.tasks[0]),
        "instruction on cz": record_instruction(w.campaign, "财政保障到位", leader, unit=cz),
        "inspection": record_inspection(w.campaign, date(2022, 5, 20), "区卫健局", "台账不全", office),
        "rectification for cz": rect,
        "督办事项 of cz's rectification": register_existing_task(rect.task, office),
        "indicator of wj and fg": beds,
        "value reported by wj": make_value(beds, wj, 420, date(2021, 12, 31), approved=False),
        "cycle owed by wj and fg": cycle,
        "report filed by wj": file_report(cycle, wj, Filing("上半年履职情况"), None, today=date(2022, 7, 1)).report,
        "extension asked by wj": request_extension(w.assignment(0, "wj"), w.users["wj"], date(2022, 4, 30),
                                                   "等待审定", date(2022, 3, 1)),
        "body lxhy": body, "body's facts": body_of(body), "member fg": add_member(body, fg, "规划"),
        "meeting of lxhy": meeting,
        "office's export job": {"id": "a" * 32, "user_id": office.id, "campaign_id": w.campaign.id},
    }
    walk_ladder(w.campaign, date(2022, 4, 1))  # wj's first task is a day late
    o["ladder step for wj"] = db.session.scalar(select(EscalationRecord).where(
        EscalationRecord.assignment_id == w.assignment(0, "wj").id, EscalationRecord.skipped.is_(False)))
    db.session.commit()
    token = staging.stage(read_list(list_template()), office.id, w.campaign.id)
    o["office's import preview"] = staging.find(w.campaign.id, token)
    return Scene(w, o)


def _row(scene: Scene, key: str) -> dict[str, str]:
    obj = scene.objects[key]
    kind = {"office's export job": Kind.EXPORT_JOB, "office's import preview": Kind.IMPORT_PREVIEW}.get(key)
    row = {}
    for name in USERS:
        user = scene.world.users[name]
        row[name] = ("S" if may_see(user, obj, kind) else "") + ("C" if may_change(user, obj, kind) else "")
    return row


OFFICE_RUNS = {"office": "SC", "office2": "SC", "admin": "SC", "leader": "S"}
READ_ONLY = {"office": "S", "office2": "S", "admin": "S", "leader": "S"}
NOBODY = {"office": "", "office2": "", "admin": "", "leader": ""}
EXPECTED = {
    "campaign hb": {**OFFICE_RUNS, "wj": "S", "fg": "S", "cz": "S"},
    "campaign other": {**OFFICE_RUNS, "wj": "S", "fg": "", "cz": ""},
    "task t1": {**OFFICE_RUNS, "wj": "S", "fg": "S", "cz": ""},
    # the lead reads its co-units' work on its own page, but never opens their assignment page
    "co's assignment": {**OFFICE_RUNS, "wj": "", "fg": "SC", "cz": ""},
    "lead's assignment": {**OFFICE_RUNS, "wj": "SC", "fg": "", "cz": ""},
    # the office corrects a file's details (with a reason); the file's unit while it may
    "co's file": {**OFFICE_RUNS, "wj": "", "fg": "SC", "cz": "S"},
    "lead's file": {**OFFICE_RUNS, "wj": "S", "fg": "S", "cz": "SC"},
    "link of co's file": {**READ_ONLY, "wj": "", "fg": "SC", "cz": "S"},
    "wj's notification": {**NOBODY, "wj": "SC", "fg": "", "cz": ""},
    "circular hb": {**OFFICE_RUNS, "wj": "S", "fg": "S", "cz": "S"},
    "circular other": {**OFFICE_RUNS, "wj": "S", "fg": "", "cz": ""},
    "instruction on t1": {**READ_ONLY, "wj": "S", "fg": "S", "cz": ""},
    "instruction on cz": {**READ_ONLY, "wj": "", "fg": "", "cz": "S"},
    "inspection": {**OFFICE_RUNS, "wj": "", "fg": "", "cz": ""},
    "rectification for cz": {**OFFICE_RUNS, "wj": "", "fg": "", "cz": "S"},
    "督办事项 of cz's rectification": {**OFFICE_RUNS, "wj": "", "fg": "", "cz": "S"},
    "indicator of wj and fg": {**OFFICE_RUNS, "wj": "S", "fg": "S", "cz": ""},
    # the office reviews every value; the responsible units read each other's, each changes its own
    "value reported by wj": {**OFFICE_RUNS, "wj": "SC", "fg": "S", "cz": ""},
    "cycle owed by wj and fg": {**OFFICE_RUNS, "wj": "S", "fg": "S", "cz": ""},
    # a unit sees only its own report; the office returns or accepts it, leaders read
    "report filed by wj": {**OFFICE_RUNS, "wj": "SC", "fg": "", "cz": ""},
    # the office decides; the unit reads its own (it files them on its assignment), not a peer's
    "extension asked by wj": {**OFFICE_RUNS, "wj": "S", "fg": "", "cz": ""},
    # a member unit sees its body, the directory and the minutes before any matter is assigned to it
    "body lxhy": {**OFFICE_RUNS, "wj": "", "fg": "S", "cz": ""},
    "body's facts": {**OFFICE_RUNS, "wj": "", "fg": "S", "cz": ""},
    "member fg": {**OFFICE_RUNS, "wj": "", "fg": "S", "cz": ""},
    "meeting of lxhy": {**OFFICE_RUNS, "wj": "", "fg": "S", "cz": ""},
    "ladder step for wj": {**OFFICE_RUNS, "wj": "S", "fg": "", "cz": ""},
    "office's export job": {**NOBODY, "office": "SC", "wj": "", "fg": "", "cz": ""},
    "office's import preview": {**NOBODY, "office": "SC", "wj": "", "fg": "", "cz": ""},
}


@pytest.mark.parametrize("key", EXPECTED)
def test_who_may_see_and_change_each_kind(scene, key):
    assert _row(scene, key) == EXPECTED[key]


def test_every_kind_is_covered_by_the_table(scene):
    kinds = {Kind(getattr(type(o), "__tablename__", None) or ("export_job" if isinstance(o, dict) else
             "import_preview")) for o in scene.objects.values()}
    assert kinds == set(Kind)


def test_fetch_refuses_an_object_the_user_may_not_see_with_not_found(scene):
    with pytest.raises(NotFound):
        fetch(scene.world.users["wj"], Evidence, scene.objects["co's file"].id)


def test_fetch_loads_an_object_the_user_may_see(scene):
    file = scene.objects["co's file"]
    assert fetch(scene.world.users["cz"], Evidence, file.id) is file


def test_fetch_refuses_a_missing_object_with_not_found(scene):
    with pytest.raises(NotFound):
        fetch(scene.world.users["office"], Evidence, 999_999)


def test_require_refuses_nothing_with_not_found(scene):
    with pytest.raises(NotFound):
        require(scene.world.users["office"], None, Kind.EXPORT_JOB)


def test_anonymous_user_sees_nothing(scene):
    anonymous = AnonymousUserMixin()
    assert not any(may_see(anonymous, o, Kind.EXPORT_JOB if isinstance(o, dict) else None)
                   for o in scene.objects.values())
    assert db.session.scalars(select(Campaign.id).where(scope(anonymous, Campaign))).all() == []


@pytest.mark.parametrize("change", [False, True])
def test_assignment_rule_in_python_agrees_with_its_sql(scene, change):
    assignments = db.session.scalars(select(Assignment)).all()
    for name in USERS:
        user = scene.world.users[name]
        in_sql = set(db.session.scalars(select(Assignment.id).where(scope(user, Assignment, change=change))))
        in_python = {a.id for a in assignments if (may_change if change else may_see)(user, a)}
        assert in_python == in_sql, name


def test_notification_rule_in_python_agrees_with_its_sql(scene):
    notify_users([scene.world.users[n] for n in USERS], "test", "给每个人的消息")
    notes = db.session.scalars(select(Notification)).all()
    for name in USERS:
        user = scene.world.users[name]
        in_sql = set(db.session.scalars(select(Notification.id).where(scope(user, Notification))))
        assert in_sql == {n.id for n in notes if may_see(user, n)}, name


@pytest.mark.parametrize("unit", ["wj", "fg", "cz"])
def test_readable_assignments_are_own_and_peers_by_the_peer_rule(scene, unit):
    user = scene.world.users[unit]
    own = db.session.scalars(select(Assignment).where(Assignment.id.in_(own_assignment_ids(user)))).all()
    expected = {a.id for a in own} | {p.id for a in own for p in peers_visible_to(user, a)}
    assert set(db.session.scalars(readable_assignment_ids(user))) == expected


def test_a_co_unit_sees_the_lead_but_not_the_other_co_units(scene):
    wj_on_t3 = scene.world.assignment(2, "wj")
    peers = peers_visible_to(scene.world.users["wj"], wj_on_t3)
    assert [p.unit_id for p in peers] == [scene.world.units["cz"].id]


def test_a_lead_sees_every_co_unit(scene):
    cz_on_t3 = scene.world.assignment(2, "cz")
    peers = peers_visible_to(scene.world.users["cz"], cz_on_t3)
    assert {p.unit_id for p in peers} == {scene.world.units["wj"].id, scene.world.units["fg"].id}


def test_no_peers_on_another_units_assignment(scene):
    assert peers_visible_to(scene.world.users["cz"], scene.world.assignment(0, "wj")) == []


def test_the_unit_list_of_campaigns_is_those_it_takes_part_in(scene):
    def visible(unit):
        return set(db.session.scalars(select(Campaign.slug).where(scope(scene.world.users[unit], Campaign))))

    assert visible("fg") == {"hb", "lxhy"}  # a member of the body lxhy
    assert visible("cz") == {"hb"}


# --- the same through the routes: a second office user ------------------------------------------------------


def test_second_office_user_cannot_open_another_office_users_import_preview(scene, login):
    preview = scene.objects["office's import preview"]
    client = login("office2")
    assert client.get(f"/imports/{preview.campaign_id}/{preview.token}").status_code == 404


def test_second_office_user_cannot_download_another_office_users_export_job(app, scene, login):
    job_id = "a" * 32
    jobs._write_job(app.config["EXPORT_FOLDER"], job_id, user_id=scene.world.users["office"].id, state="done",
                    done=1, total=1, filename="材料.zip")
    jobs.package_path(app.config["EXPORT_FOLDER"], job_id).write_bytes(b"PK\x05\x06" + b"\x00" * 18)
    client = login("office2")
    assert client.get(f"/exports/jobs/{job_id}/download").status_code == 404


def test_the_uploader_opens_its_own_import_preview(scene, login):
    preview = scene.objects["office's import preview"]
    client = login("office")
    assert client.get(f"/imports/{preview.campaign_id}/{preview.token}").status_code == 200
