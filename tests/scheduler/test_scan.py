"""`tracker scan` and the digests: one per unit per day, one office summary, through the outbox."""
import json
from datetime import date

from sqlalchemy import func, select

from tracker.extensions import db
from tracker.notifications.models import Channel, Notification, OutboxMessage
from tracker.scheduler.services import run_daily_sweep, scan


def _count(model, *where):
    return db.session.scalar(select(func.count(model.id)).where(*where))


def test_scan_json_shape(sched, runner):
    sched.task("制定实施意见", deadline=date(2022, 3, 31), units=[sched.wj, sched.fg])
    sched.task("出台支持政策", deadline=None)
    db.session.commit()
    result = runner.invoke(args=["scan", "--campaign", "hb", "--today", "2022-05-20", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["today"] == "2022-05-20" and data["created"] == 3
    assert data["flags"][0] == {"campaign": "hb", "task_id": data["flags"][0]["task_id"], "title": "制定实施意见",
                                "unit": "区卫健局", "kind": "overdue", "gate": None, "due": "2022-03-31"}
    assert {(f["kind"], f["gate"], f["due"]) for f in data["flags"]} == {
        ("overdue", None, "2022-03-31"), ("due_soon", "self_assessment", "2022-05-31")}
    again = json.loads(runner.invoke(args=["scan", "--today", "2022-05-20", "--json"]).output)
    assert again["created"] == 0 and len(again["flags"]) == 3


def test_scan_refuses_a_bad_date(sched, runner):
    assert runner.invoke(args=["scan", "--today", "2022-13-01"]).exit_code == 2


def test_scan_human_output(sched, runner):
    sched.task("制定实施意见", deadline=date(2022, 3, 31))
    db.session.commit()
    out = runner.invoke(args=["scan", "--today", "2022-05-20"]).output
    assert "新增 1 项" in out and "区卫健局" in out


def test_one_digest_per_unit_per_day_and_one_office_summary(sched):
    sched.task("任务一", deadline=date(2022, 3, 31), units=[sched.wj, sched.fg])
    sched.task("任务二", deadline=date(2022, 4, 30))
    db.session.add(Channel(unit_id=sched.wj.id, kind="wecom", target="key-wj"))
    db.session.add(Channel(unit_id=None, kind="dingtalk", target="http://127.0.0.1:1/robot"))
    db.session.flush()
    today = date(2022, 5, 20)
    report = scan([sched.campaign], today)
    assert (report.created, report.digests, report.summaries) == (3, 2, 1)
    digest = db.session.scalar(select(Notification).where(Notification.user_id == sched.wj_user.id))
    assert "任务一" in digest.text and "任务二" in digest.text and "已逾期" in digest.text
    assert _count(Notification, Notification.user_id == sched.fg_user.id) == 1
    assert _count(Notification, Notification.user_id == sched.office.id, Notification.kind == "deadline_summary") == 1
    assert _count(OutboxMessage) == 2  # the unit's robot and the office's robot
    scan([sched.campaign], today)
    assert _count(Notification) == 3 and _count(OutboxMessage) == 2


def test_next_day_new_flags_get_a_new_digest(sched):
    sched.task("任务一", deadline=date(2022, 3, 31))
    sched.task("任务二", deadline=date(2022, 5, 20))
    scan([sched.campaign], date(2022, 5, 20))
    scan([sched.campaign], date(2022, 5, 21))  # 任务二 turns overdue
    texts = list(db.session.scalars(select(Notification.text).where(Notification.user_id == sched.wj_user.id)
                                    .order_by(Notification.id)))
    assert len(texts) == 2 and "任务二" in texts[1] and "任务一" not in texts[1]


def test_daily_job_runs_once_a_day(sched):
    sched.task("任务一", deadline=date(2022, 3, 31))
    first = run_daily_sweep(date(2022, 5, 20))
    assert first.created == 1
    assert run_daily_sweep(date(2022, 5, 20)) is None
    assert run_daily_sweep(date(2022, 5, 21)).created == 0


def test_failed_or_abandoned_run_is_taken_over(sched):
    from datetime import timedelta

    from tracker.scheduler.models import JobRun
    from tracker.scheduler.services import SWEEP_JOB, has_run, record_failed_run
    from tracker.timeutil import utcnow

    record_failed_run(SWEEP_JOB, date(2022, 5, 20), "boom")
    assert not has_run(SWEEP_JOB, date(2022, 5, 20))
    assert run_daily_sweep(date(2022, 5, 20)) is not None
    db.session.add(JobRun(job=SWEEP_JOB, run_on=date(2022, 5, 21), status="running",
                          started_at=utcnow() - timedelta(hours=3)))
    db.session.flush()
    assert not has_run(SWEEP_JOB, date(2022, 5, 21))
    assert run_daily_sweep(date(2022, 5, 21)) is not None
    assert db.session.scalar(select(JobRun.status).where(JobRun.run_on == date(2022, 5, 21))) == "ok"
