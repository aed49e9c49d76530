"""The escalation ladder: steps on working days around the due date (the Spring Festival's make-up days count),
each taken exactly once per assignment across reruns and two schedulers, pauses, the 三色督办单 per step, the
催办通知书 copied to the 分管领导, and the proposal for the next 通报批评."""
import io
from datetime import date, timedelta

import docx
from sqlalchemy import func, select

from tests.factories import basic_world, make_task
from tests.threads import run_at_once
from tracker.audit.models import AuditEvent
from tracker.escalation.documents import record_document
from tracker.escalation.items import pause_ladder, resume_ladder
from tracker.escalation.models import EscalationRecord
from tracker.escalation.services import walk_ladder
from tracker.extensions import db
from tracker.notifications.models import Channel, OutboxMessage
from tracker.supervision.circulars import preview
from tracker.supervision.models import Chase

DUE = date(2023, 1, 20)  # the Friday before the Spring Festival (2023-01-21 … 27 off; 28 and 29 worked)


def _world():
    world = basic_world()
    for t in world.tasks:  # the basic world's own tasks are done: only the new one escalates
        for a in t.assignments:
            a.status = "approved"
    world.units["wj"].leader_in_charge = "副区长 张三"
    task = make_task(world.campaign, "春节前完成的任务", [world.units["wj"], world.units["fg"]], deadline=DUE)
    db.session.add(Channel(unit_id=world.units["wj"].id, kind="wecom", target="key-wj"))
    db.session.commit()
    return world, task


def _walk_days(world, start: date, end: date, times: int = 2) -> None:
    day = start
    while day <= end:
        for _ in range(times):
            walk_ladder(world.campaign, day)
            db.session.commit()
        day += timedelta(days=1)


def _records(assignment) -> list[tuple[str, date, bool]]:
    rows = db.session.scalars(select(EscalationRecord).where(EscalationRecord.assignment_id == assignment.id)
                              .order_by(EscalationRecord.id))
    return [(r.step.label, r.fired_on, r.skipped) for r in rows]


def test_each_step_once_on_its_working_day_across_the_spring_festival_and_reruns(app):
    world, task = _world()
    _walk_days(world, date(2023, 1, 10), date(2023, 2, 10))
    wj, fg = world.assignment(task, "wj"), world.assignment(task, "fg")
    assert _records(wj) == [("完成时限前 3 个工作日", date(2023, 1, 17), False),
                            ("逾期次日", date(2023, 1, 21), False),
                            # 28 and 29 January are make-up working days: the 5th working day overdue is 1 Feb
                            ("逾期 5 个工作日", date(2023, 2, 1), False)]
    assert _records(fg) == []  # a co-unit feeding its lead owes nothing of its own
    assert db.session.scalar(select(func.count(Chase.id))) == 2  # the day-after and overdue steps are 催办
    assert wj.chase_count == 2
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 3  # one channel message per step


def test_a_ladder_reached_late_takes_only_the_furthest_step(app):
    world, task = _world()
    _walk_days(world, date(2023, 2, 6), date(2023, 2, 8))
    # the step before the due date is no longer reached at all; the day-after one is passed over
    assert _records(world.assignment(task, "wj")) == [("逾期次日", date(2023, 2, 6), True),
                                                      ("逾期 5 个工作日", date(2023, 2, 6), False)]


def test_submitted_work_does_not_escalate(app):
    world, task = _world()
    world.assignment(task, "wj").status = "submitted"
    db.session.commit()
    _walk_days(world, date(2023, 1, 16), date(2023, 2, 3), times=1)
    assert db.session.scalar(select(func.count(EscalationRecord.id))) == 0


def test_a_paused_item_waits_and_resumes_at_its_furthest_step_with_the_reasons_audited(app):
    world, task = _world()
    wj = world.assignment(task, "wj")
    office = world.users["office"]
    _walk_days(world, date(2023, 1, 17), date(2023, 1, 17), times=1)
    pause_ladder(wj, "已书面说明原因，经领导同意缓办至春节后", office)
    db.session.commit()
    _walk_days(world, date(2023, 1, 18), date(2023, 2, 2), times=1)
    assert [r[0] for r in _records(wj)] == ["完成时限前 3 个工作日"]
    resume_ladder(wj, office)
    db.session.commit()
    _walk_days(world, date(2023, 2, 3), date(2023, 2, 3), times=1)
    assert _records(wj)[1:] == [("逾期次日", date(2023, 2, 3), True), ("逾期 5 个工作日", date(2023, 2, 3), False)]
    actions = list(db.session.scalars(select(AuditEvent.action).where(AuditEvent.assignment_id == wj.id,
                                                                      AuditEvent.action.like("escalation.%"))))
    assert actions.count("escalation.pause") == 1 and actions.count("escalation.resume") == 1


def _doc_texts(data: bytes) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs if p.text]


def test_each_step_issues_its_colour_of_notice_numbered_from_the_register_and_the_urge_copies_the_leader(app):
    world, task = _world()
    _walk_days(world, date(2023, 1, 10), date(2023, 2, 2), times=1)
    records = list(db.session.scalars(select(EscalationRecord).order_by(EscalationRecord.id)))
    titles = [_doc_texts(record_document(r, "notice"))[1] for r in records]
    assert titles == ["蓝色督办单", "黄色督办单", "红色督办单"]
    assert [r.notice_entry.number_text for r in records] == ["创建办督〔2023〕1号", "创建办督〔2023〕2号",
                                                             "创建办督〔2023〕4号"]  # 3: the day-after 催办通知书
    red = docx.Document(io.BytesIO(record_document(records[2], "notice")))
    assert str(red.paragraphs[1].runs[0].font.color.rgb) == "C00000"
    urge = _doc_texts(record_document(records[1], "urge"))
    assert "催办通知书" in urge and "创建办督〔2023〕3号" in urge and "抄送：副区长 张三。" in urge
    assert records[0].urge_entry_id is None  # the blue step only reminds


def test_the_overdue_step_proposes_the_unit_for_the_next_circular(app):
    world, task = _world()
    _walk_days(world, date(2023, 2, 1), date(2023, 2, 1), times=1)
    suggested = preview(world.campaign, date(2023, 2, 1))["suggestions"]["criticism"]
    wj = next(s for s in suggested if s["unit_id"] == world.units["wj"].id)
    assert "督办升级" in wj["reason"] and "逾期 5 个工作日" in wj["reason"]


def test_two_schedulers_at_once_take_each_step_once(app):
    world, task = _world()
    campaign_id = world.campaign.id

    def work():
        from tracker.campaigns.models import Campaign

        walk_ladder(db.session.get(Campaign, campaign_id), date(2023, 1, 21))

    run_at_once(app, work)
    db.session.expire_all()
    wj = world.assignment(task, "wj")
    assert [(r[0], r[2]) for r in _records(wj)] == [("逾期次日", False)]
    assert db.session.scalar(select(func.count(Chase.id)).where(Chase.assignment_id == wj.id)) == 1


def test_a_ladder_started_after_the_due_date_names_no_step_behind_its_current_one_as_next(app):
    from tracker.escalation.items import ladder_states
    from tracker.escalation.services import ladder

    world, task = _world()
    walk_ladder(world.campaign, date(2023, 2, 10))  # first walk long after the due date: only the last step
    db.session.commit()
    wj = world.assignment(task, "wj")
    assert [(label, skipped) for label, _, skipped in _records(wj)] == [("逾期次日", True), ("逾期 5 个工作日", False)]
    state = ladder_states([wj], ladder(world.campaign))[wj.id]
    assert state.current.step.label == "逾期 5 个工作日"
    assert state.next_step is None  # not "完成时限前 3 个工作日", a step the work has long passed
